"""Websocket consumers of the patterns app."""

from __future__ import annotations

from leernetwerk.kernel.access import is_network_member
from leernetwerk.kernel.live.consumers import LiveStreamConsumer
from leernetwerk.patterns.streams import board_stream


class BoardStreamConsumer(LiveStreamConsumer):
    """Follows the pattern board; the same rule as the board page: members only."""

    def get_stream_key(self) -> str:
        return board_stream()

    def has_permission(self, user) -> bool:
        return is_network_member(user)


class PolicyStreamConsumer(LiveStreamConsumer):
    """Follows the policy inbox; the same rule as the inbox page."""

    def get_stream_key(self) -> str:
        from leernetwerk.patterns.policy import policy_stream

        return policy_stream()

    def has_permission(self, user) -> bool:
        from leernetwerk.patterns.policy import may_see_inbox

        return may_see_inbox(user)
