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

        from leernetwerk.kernel.live.publisher import disconnect_member

        def close_sockets(sender, request, user, **kwargs):
            # Logging out ends the session everywhere it is used, websockets included.
            if user is not None:
                disconnect_member(user.pk)

        user_logged_out.connect(
            close_sockets, weak=False, dispatch_uid="leernetwerk_close_sockets_on_logout"
        )
