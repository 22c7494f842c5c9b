"""Template context of the plugin: the host's base template for the plugin's pages, and the
member's unread notifications (for the member bar)."""

from __future__ import annotations

from leernetwerk.kernel import conf
from leernetwerk.kernel.member_cache import bell, facts


def notifications(request) -> dict:
    """``leernetwerk_base_template`` (``LEERNETWERK_BASE_TEMPLATE``, which
    ``leernetwerk_kernel/base.html`` extends) for everyone; for logged-in users
    ``notification_unread``, ``notification_live_since`` and ``leernetwerk_member_name`` (the
    header's name), all from the member cache (``kernel.member_cache``: no query in the steady
    state)."""
    context = {"leernetwerk_base_template": conf.get("LEERNETWERK_BASE_TEMPLATE")}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    unread, live_since = bell(user)
    return {
        **context,
        "notification_unread": unread,
        "notification_live_since": live_since,
        "leernetwerk_member_name": facts(user)["name"] if user.is_active else "",
    }
