from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The host site's home page and the page-tree skeleton of the network."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Home")

    def ready(self) -> None:
        # The menu's page URLs are cached (context_processors.navigation): these events drop them.
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from home.context_processors import forget_page_urls
        from leernetwerk.kernel.fragments import on_page_change

        on_page_change(forget_page_urls, uid="home_nav")
        post_save.connect(forget_page_urls, sender=Site, weak=False, dispatch_uid="home_nav_site")
        post_delete.connect(
            forget_page_urls, sender=Site, weak=False, dispatch_uid="home_nav_site_deleted"
        )
