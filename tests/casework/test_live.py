"""The live-updates mechanism: persisted first, broadcast after commit, never lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.live.models import LiveEvent, LiveStream
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.kernel.roles import Role
from tests.websocket import connect

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(network, make_user):
    return network["cases"].add_child(
        instance=CasePage(
            title="Casus",
            slug="casus",
            situation="s",
            knelpunt="k",
            owner=make_user(),
            consent_given=True,
        )
    )


@database_sync_to_async
def publish_many(stream: str, count: int, *, start: int = 0) -> list[int]:
    ids = []
    for n in range(start, start + count):
        with transaction.atomic():
            ids.append(publish(stream, "comment.created", {"n": n}).seq)
    return ids


async def receive_events(communicator, count: int) -> list[dict]:
    return [await communicator.receive_json_from(timeout=5) for _ in range(count)]


async def test_anonymous_user_is_refused_with_4403_and_no_data(case):
    communicator = await connect(f"/ws/live/case/{case.pk}/")
    output = await communicator.receive_output(timeout=5)
    assert output == {"type": "websocket.close", "code": 4403}
    await publish_many(case_stream(case.pk), 1)
    assert await communicator.receive_nothing(timeout=0.3)


@pytest.mark.parametrize("who", ["no role", "deactivated"])
async def test_users_outside_the_network_are_refused(case, make_user, who):
    if who == "no role":
        user = await database_sync_to_async(make_user)(None)
    else:
        user = await database_sync_to_async(make_user)(Role.PROFESSIONAL, is_active=False)
    communicator = await connect(f"/ws/live/case/{case.pk}/", user)
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_unknown_case_is_refused(make_user, network):
    member = await database_sync_to_async(make_user)()
    communicator = await connect("/ws/live/case/999999/", member)
    assert (await communicator.receive_output(timeout=5))["code"] == 4403


async def test_member_gets_events_in_order(case, make_user):
    member = await database_sync_to_async(make_user)()
    communicator = await connect(f"/ws/live/case/{case.pk}/", member)
    assert await communicator.receive_json_from(timeout=5) == {
        "type": "ready",
        "stream": case_stream(case.pk),
        "id": 0,
    }
    await publish_many(case_stream(case.pk), 5)
    events = await receive_events(communicator, 5)
    assert [e["id"] for e in events] == [1, 2, 3, 4, 5]
    assert [e["data"]["n"] for e in events] == [0, 1, 2, 3, 4]
    assert {e["event"] for e in events} == {"comment.created"}
    await communicator.disconnect()


async def test_reconnecting_client_gets_exactly_what_it_missed(case, make_user):
    member = await database_sync_to_async(make_user)()
    stream = case_stream(case.pk)
    first = await connect(f"/ws/live/case/{case.pk}/", member)
    await first.receive_json_from(timeout=5)  # ready
    await publish_many(stream, 3)
    seen = await receive_events(first, 3)
    await first.disconnect()

    missed = await publish_many(stream, 7, start=3)
    second = await connect(f"/ws/live/case/{case.pk}/?since={seen[-1]['id']}", member)
    replayed = await receive_events(second, 7)
    assert [e["id"] for e in replayed] == missed == [4, 5, 6, 7, 8, 9, 10]
    assert await second.receive_json_from(timeout=5) == {
        "type": "ready",
        "stream": stream,
        "id": 10,
    }
    assert await second.receive_nothing(timeout=0.3)

    # Live again after the catch-up, without duplicates.
    await publish_many(stream, 1, start=10)
    assert (await second.receive_json_from(timeout=5))["id"] == 11
    assert await second.receive_nothing(timeout=0.3)
    await second.disconnect()


async def test_resume_message_replays_from_the_log(case, make_user):
    member = await database_sync_to_async(make_user)()
    stream = case_stream(case.pk)
    await publish_many(stream, 4)
    communicator = await connect(f"/ws/live/case/{case.pk}/", member)
    assert (await communicator.receive_json_from(timeout=5))["id"] == 4
    await communicator.send_json_to({"type": "resume", "since": 2})
    replayed = await receive_events(communicator, 2)
    assert [e["id"] for e in replayed] == [3, 4]
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"
    await communicator.disconnect()


async def test_rolled_back_transaction_broadcasts_nothing(case, make_user):
    member = await database_sync_to_async(make_user)()
    communicator = await connect(f"/ws/live/case/{case.pk}/", member)
    await communicator.receive_json_from(timeout=5)

    @database_sync_to_async
    def publish_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            publish(case_stream(case.pk), "comment.created", {"n": 1})
            raise RuntimeError("the service failed after publishing")

    await publish_then_fail()
    assert await communicator.receive_nothing(timeout=0.5)
    assert await database_sync_to_async(LiveEvent.objects.count)() == 0
    # The next real event gets the next id and arrives.
    await publish_many(case_stream(case.pk), 1)
    assert (await communicator.receive_json_from(timeout=5))["id"] == 1
    await communicator.disconnect()


async def test_a_lost_broadcast_is_filled_in_from_the_log(case, make_user):
    member = await database_sync_to_async(make_user)()
    stream = case_stream(case.pk)
    communicator = await connect(f"/ws/live/case/{case.pk}/", member)
    await communicator.receive_json_from(timeout=5)

    @database_sync_to_async
    def persist_without_broadcast():
        # Events 1 and 2 are committed but their broadcasts never arrive (e.g. a layer hiccup).
        live_stream = LiveStream.objects.create(key=stream, last_id=2)
        LiveEvent.objects.create(stream=live_stream, seq=1, type="lost", payload={})
        LiveEvent.objects.create(stream=live_stream, seq=2, type="lost", payload={})

    await persist_without_broadcast()
    await publish_many(stream, 1)
    events = await receive_events(communicator, 3)
    assert [(e["id"], e["event"]) for e in events] == [
        (1, "lost"),
        (2, "lost"),
        (3, "comment.created"),
    ]
    await communicator.disconnect()


async def test_heartbeat_and_bad_messages_get_clear_answers(case, make_user):
    member = await database_sync_to_async(make_user)()
    communicator = await connect(f"/ws/live/case/{case.pk}/", member)
    await communicator.receive_json_from(timeout=5)

    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=5) == {"type": "pong"}

    await communicator.send_json_to({"type": "dance"})
    error = await communicator.receive_json_from(timeout=5)
    assert error["type"] == "error" and error["code"] == "unknown_type"
    assert error["message"] == "Onbekend berichttype."

    await communicator.send_to(text_data="{not json")
    assert (await communicator.receive_json_from(timeout=5))["code"] == "invalid_json"

    await communicator.send_to(text_data="[1, 2]")
    assert (await communicator.receive_json_from(timeout=5))["code"] == "invalid_json"

    await communicator.send_json_to({"type": "resume", "since": "yesterday"})
    assert (await communicator.receive_json_from(timeout=5))["code"] == "invalid_since"

    # Still connected and working after all that.
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=5) == {"type": "pong"}

    await communicator.send_to(text_data='{"type": "ping", "pad": "' + "x" * 5000 + '"}')
    assert (await communicator.receive_json_from(timeout=5))["code"] == "too_big"
    assert (await communicator.receive_output(timeout=5)) == {
        "type": "websocket.close",
        "code": 1008,
    }


async def test_error_messages_follow_the_chosen_language(case, make_user):
    member = await database_sync_to_async(make_user)()
    communicator = await connect(f"/ws/live/case/{case.pk}/", member, language="en")
    await communicator.receive_json_from(timeout=5)
    await communicator.send_json_to({"type": "dance"})
    assert (await communicator.receive_json_from(timeout=5))["message"] == "Unknown message type."
    await communicator.disconnect()


async def test_client_older_than_the_retention_is_told_to_reload(case, make_user):
    member = await database_sync_to_async(make_user)()
    stream = case_stream(case.pk)
    await publish_many(stream, 5)

    @database_sync_to_async
    def age_and_prune():
        LiveEvent.objects.filter(seq__lte=3).update(created_at=timezone.now() - timedelta(days=40))
        call_command("prune_live_events", days=30, verbosity=0)

    await age_and_prune()
    stale = await connect(f"/ws/live/case/{case.pk}/?since=1", member)
    assert await stale.receive_json_from(timeout=5) == {"type": "reload", "reason": "expired"}
    await stale.disconnect()

    # A client that saw event 3 misses nothing that was pruned: it gets 4 and 5.
    fresh = await connect(f"/ws/live/case/{case.pk}/?since=3", member)
    assert [e["id"] for e in await receive_events(fresh, 2)] == [4, 5]
    await fresh.disconnect()


@pytest.mark.parametrize(
    ("path", "role", "allowed"),
    [
        ("/ws/live/board/", None, False),
        ("/ws/live/board/", "no role", False),
        ("/ws/live/board/", Role.PROFESSIONAL, True),
        ("/ws/live/notifications/", None, False),
        ("/ws/live/notifications/", "no role", True),
        ("/ws/live/notifications/", Role.MANAGER, True),
    ],
)
async def test_other_streams_check_their_page_rules(network, make_user, path, role, allowed):
    user = None
    if role == "no role":
        user = await database_sync_to_async(make_user)(None)
    elif role is not None:
        user = await database_sync_to_async(make_user)(role)
    communicator = await connect(path, user)
    first = await communicator.receive_output(timeout=5)
    if allowed:
        assert first["type"] == "websocket.send"
        await communicator.disconnect()
    else:
        assert first == {"type": "websocket.close", "code": 4403}
