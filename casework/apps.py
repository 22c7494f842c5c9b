from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    """Cases (casussen), their discussion and the privacy guard: the bottom of the import flow."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "casework"
    verbose_name = _("Casework")
