"""Template context of the plugin: the member's unread notifications (for the header)."""

from __future__ import annotations

from leernetwerk.kernel.live.selectors import last_event_id
from leernetwerk.kernel.live.streams import user_stream
from leernetwerk.kernel.notifications import unread_count


def notifications(request) -> dict:
    """``notification_unread`` and ``notification_live_since`` for logged-in users (two indexed
    queries per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "notification_unread": unread_count(user),
        "notification_live_since": last_event_id(user_stream(user.pk)),
    }
