"""Websocket consumers of the kernel: a member's own notifications."""

from __future__ import annotations

from leernetwerk.kernel.live.consumers import LiveStreamConsumer
from leernetwerk.kernel.live.streams import user_stream


class NotificationStreamConsumer(LiveStreamConsumer):
    """Follows the connected user's own notifications."""

    def get_stream_key(self) -> str:
        user = self.scope["user"]
        if not user.is_authenticated:
            raise LookupError("anonymous users have no notification stream")
        return user_stream(user.pk)

    def has_permission(self, user) -> bool:
        return user.is_authenticated and user.is_active
