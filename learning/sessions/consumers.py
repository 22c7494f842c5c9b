"""Websocket consumers of the learning app."""

from __future__ import annotations

from leernetwerk.kernel.access import is_network_member
from leernetwerk.kernel.live.consumers import LiveStreamConsumer
from leernetwerk.learning.models import LearningSessionPage
from leernetwerk.learning.sessions.streams import session_stream


class SessionStreamConsumer(LiveStreamConsumer):
    """Follows a leersessie in progress. The calendar is public, but minutes in the making are
    for network members only."""

    def get_stream_key(self) -> str:
        return session_stream(self.route_id("session_id"))

    def has_permission(self, user) -> bool:
        session_id = self.route_id("session_id")
        return (
            is_network_member(user)
            and LearningSessionPage.objects.live().filter(pk=session_id).exists()
        )
