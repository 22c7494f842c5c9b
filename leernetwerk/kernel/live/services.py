"""Writes to the event log other than publishing."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max

from leernetwerk.kernel.live.models import LiveEvent, LiveStream


@transaction.atomic
def live_events_prune(*, before: datetime) -> int:
    """Delete events created before ``before``; remember per stream how far the log was pruned,
    so a client resuming from an id that is gone is told to reload instead of missing events."""
    old = LiveEvent.objects.filter(created_at__lt=before)
    highest = old.values("stream_id").annotate(highest=Max("seq"))
    for row in highest:
        LiveStream.objects.filter(pk=row["stream_id"], pruned_through__lt=row["highest"]).update(
            pruned_through=row["highest"]
        )
    deleted, _by_model = old.delete()
    return deleted


@transaction.atomic
def live_streams_delete(*, keys: list[str]) -> int:
    """Forget streams nobody may follow any more (an anonymised or deleted case), events and
    all; returns how many events went."""
    deleted, by_model = LiveStream.objects.filter(key__in=keys).delete()
    return by_model.get(LiveEvent._meta.label, 0)
