"""Websocket consumers of the casework app: a case's discussion."""

from __future__ import annotations

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.access import is_network_member
from leernetwerk.kernel.live.consumers import LiveStreamConsumer
from leernetwerk.kernel.live.streams import case_stream


class CaseStreamConsumer(LiveStreamConsumer):
    """Follows one case's discussion; the same rule as the case page: members only."""

    def get_stream_key(self) -> str:
        return case_stream(self.route_id("case_id"))

    def has_permission(self, user) -> bool:
        case_id = self.route_id("case_id")
        return is_network_member(user) and CasePage.objects.live().filter(pk=case_id).exists()
