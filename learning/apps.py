from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    """Leersessies (monthly learning sessions) and the lessons the network publishes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leernetwerk.learning"
    label = "leernetwerk_learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from leernetwerk.learning import receivers
        from leernetwerk.learning.sessions import publishers  # noqa: F401 (live renderers)

        receivers.connect()

        from django.core import checks

        from leernetwerk.learning.constants import check_session_levels

        checks.register(check_session_levels)

        from leernetwerk.kernel.fragments import on_page_change
        from leernetwerk.learning.lessons.views import forget_public_pages

        # The public lessons are cached for anonymous readers: any page change empties it.
        on_page_change(forget_public_pages, uid="ln_public_lessons")
