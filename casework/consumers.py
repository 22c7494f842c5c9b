"""Websocket consumers of the casework app: a case's discussion and a user's notifications."""

from __future__ import annotations

from .access import is_network_member
from .live.consumers import LiveStreamConsumer
from .live.streams import case_stream, user_stream
from .models import CasePage


class CaseStreamConsumer(LiveStreamConsumer):
    """Follows one case's discussion; the same rule as the case page: members only."""

    def get_stream_key(self) -> str:
        return case_stream(self.route_id("case_id"))

    def has_permission(self, user) -> bool:
        case_id = self.route_id("case_id")
        return is_network_member(user) and CasePage.objects.live().filter(pk=case_id).exists()


class NotificationStreamConsumer(LiveStreamConsumer):
    """Follows the connected user's own notifications."""

    def get_stream_key(self) -> str:
        user = self.scope["user"]
        if not user.is_authenticated:
            raise LookupError("anonymous users have no notification stream")
        return user_stream(user.pk)

    def has_permission(self, user) -> bool:
        return user.is_authenticated and user.is_active
