from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    """Members, roles, notifications, live updates and the privacy guard: the bottom layer."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "leernetwerk.kernel"
    label = "leernetwerk_kernel"
    verbose_name = _("Leernetwerk")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out
        from django.core import checks as django_checks

        from leernetwerk.kernel import notifications  # noqa: F401 (registers its live renderers)
        from leernetwerk.kernel.checks import check_host_settings, check_production_settings
        from leernetwerk.kernel.checks_templates import check_base_template
        from leernetwerk.kernel.live.publisher import disconnect_member
        from leernetwerk.kernel.reports import protect_page_types_usage_report
        from leernetwerk.kernel.spreadsheets import protect_wagtail_exports

        # The host's settings: what the plugin needs, and (--deploy) what production should set.
        django_checks.register(check_host_settings)
        django_checks.register(check_production_settings, django_checks.Tags.security, deploy=True)
        # The host's base template: the blocks the plugin's pages fill.
        django_checks.register(check_base_template, django_checks.Tags.templates)

        # Every spreadsheet export (Wagtail's reports too) writes formulas as text.
        protect_wagtail_exports()
        # Wagtail's page types usage report names only pages the reader may see.
        protect_page_types_usage_report()

        def close_sockets(sender, request, user, **kwargs):
            # Logging out ends the session everywhere it is used, websockets included.
            if user is not None:
                disconnect_member(user.pk)

        user_logged_out.connect(
            close_sockets, weak=False, dispatch_uid="leernetwerk_close_sockets_on_logout"
        )
        # A new password, a lost role, deactivation: open sockets check their session again.
        from leernetwerk.kernel.live.revocation import connect_receivers

        connect_receivers()
        # What every page shows about the member is cached; these events drop it.
        from leernetwerk.kernel import member_cache

        member_cache.connect_receivers()
