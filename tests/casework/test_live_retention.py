"""Pruning the event log."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from leernetwerk.kernel.live.models import LiveEvent, LiveStream
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.selectors import events_after, stream_position

pytestmark = pytest.mark.django_db


def test_prune_removes_only_old_events_and_remembers_how_far():
    for n in range(6):
        publish("casework.case.1", "x", {"n": n})
    publish("patterns.board", "x", {})
    LiveEvent.objects.filter(stream__key="casework.case.1", seq__lte=4).update(
        created_at=timezone.now() - timedelta(days=31)
    )
    call_command("prune_live_events", verbosity=0)  # default: 30 days
    assert [frame.id for frame in events_after("casework.case.1", 0)] == [5, 6]
    assert stream_position("casework.case.1") == (6, 4)
    assert stream_position("patterns.board") == (1, 0)
    # Ids keep counting after a prune.
    assert publish("casework.case.1", "x", {}).seq == 7


def test_prune_rejects_a_negative_age():
    with pytest.raises(CommandError):
        call_command("prune_live_events", days=-1)


def test_publish_rejects_a_bad_stream_key():
    with pytest.raises(ValueError, match="Invalid stream key"):
        publish("casework case 1", "x", {})
    assert not LiveStream.objects.exists()
