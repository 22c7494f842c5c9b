from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Leersessies (monthly learning sessions) and the lessons the network publishes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
