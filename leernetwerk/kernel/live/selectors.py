"""Reads of the event log."""

from __future__ import annotations

from leernetwerk.kernel.live.models import LiveEvent, LiveStream
from leernetwerk.kernel.live.publisher import Frame


def stream_position(key: str) -> tuple[int, int]:
    """``(last_id, pruned_through)`` of a stream; ``(0, 0)`` for a stream without events."""
    row = LiveStream.objects.filter(key=key).values_list("last_id", "pruned_through").first()
    return row if row is not None else (0, 0)


def last_event_id(key: str) -> int:
    """The id a page renders into ``data-live-since``: the client resumes from there."""
    return stream_position(key)[0]


def events_after(
    key: str, since: int, *, until: int | None = None, limit: int = 500
) -> list[Frame]:
    """Persisted events of ``key`` with ``since < id (<= until)``, in order."""
    qs = LiveEvent.objects.filter(stream__key=key, seq__gt=since)
    if until is not None:
        qs = qs.filter(seq__lte=until)
    return [Frame.from_event(event, key) for event in qs.order_by("seq")[:limit]]
