"""Template context of the plugin: the host's base template for the plugin's pages, and the
member's unread notifications (for the member bar)."""

from __future__ import annotations

from leernetwerk.kernel import conf
from leernetwerk.kernel.live.selectors import last_event_id
from leernetwerk.kernel.live.streams import user_stream
from leernetwerk.kernel.notifications import unread_count


def notifications(request) -> dict:
    """``leernetwerk_base_template`` (``LEERNETWERK_BASE_TEMPLATE``, which
    ``leernetwerk_kernel/base.html`` extends) for everyone; ``notification_unread`` and
    ``notification_live_since`` for logged-in users (two indexed queries per page)."""
    context = {"leernetwerk_base_template": conf.get("LEERNETWERK_BASE_TEMPLATE")}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    return {
        **context,
        "notification_unread": unread_count(user),
        "notification_live_since": last_event_id(user_stream(user.pk)),
    }
