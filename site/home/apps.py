from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The host site's home page and the page-tree skeleton of the network."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")
