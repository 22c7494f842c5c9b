from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PatternsConfig(AppConfig):
    """Patterns (patronen), the learning tables they climb, and their decisions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leernetwerk.patterns"
    label = "leernetwerk_patterns"
    verbose_name = _("Patterns")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from leernetwerk.patterns import (
            notifications,  # noqa: F401 (registers which notifications are still current)
            publishers,  # noqa: F401 (registers its live renderers)
            receivers,
        )

        receivers.connect()

        from leernetwerk.patterns.cards import pattern_changed
        from leernetwerk.patterns.models import Pattern

        # A changed pattern takes the board's cached cards with it (patterns/cards.py).
        for signal in (post_save, post_delete):
            signal.connect(
                pattern_changed, sender=Pattern, weak=False, dispatch_uid=f"ln_cards_{signal}"
            )
