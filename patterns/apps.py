from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatternsConfig(AppConfig):
    """Patterns (patronen), the learning tables they climb, and their decisions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leernetwerk.patterns"
    label = "leernetwerk_patterns"
    verbose_name = _("Patterns")

    def ready(self) -> None:
        from leernetwerk.patterns import (
            notifications,  # noqa: F401 (registers which notifications are still current)
            publishers,  # noqa: F401 (registers its live renderers)
            receivers,
        )

        receivers.connect()
