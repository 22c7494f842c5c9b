"""Reads of the event log."""

from __future__ import annotations

import contextlib

from django.utils import translation

from leernetwerk.kernel.live import renderers
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
    key: str,
    since: int,
    *,
    until: int | None = None,
    limit: int = 500,
    language: str | None = None,
) -> list[Frame]:
    """Persisted events of ``key`` with ``since < id (<= until)``, in order, as clients receive
    them: every object they refer to rendered as it is now (in ``language``), one renderer call
    per kind for the whole batch."""
    qs = LiveEvent.objects.filter(stream__key=key, seq__gt=since)
    if until is not None:
        qs = qs.filter(seq__lte=until)
    events = list(qs.order_by("seq").values_list("seq", "type", "payload")[:limit])
    stored = [payload if isinstance(payload, dict) else {} for _seq, _type, payload in events]
    with translation.override(language) if language else contextlib.nullcontext():
        payloads = renderers.resolve(stored)
    return [
        Frame(stream=key, id=seq, event=event_type, data=data)
        for (seq, event_type, _payload), data in zip(events, payloads, strict=True)
    ]
