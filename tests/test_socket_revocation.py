"""An open websocket lives no longer than the session it was opened with (issue 16, finding 7):
a password change, a password reset, losing one's role or being deactivated closes it with
4403 — as logging out does — and a socket whose session is no longer valid replays nothing.

And a hostile frame does not crash a consumer (finding 15's websocket half): an oversized frame
is answered and closed with 1008 (Autobahn refuses 1009 from a server), deeply nested JSON gets
an error frame and the connection keeps working."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from leernetwerk.kernel.models import RoleGroup
from leernetwerk.kernel.roles import Role, role_group
from tests.conftest import PASSWORD
from tests.websocket import connect

pytestmark = [pytest.mark.django_db(transaction=True)]

CLOSED = {"type": "websocket.close", "code": 4403}
NEW_PASSWORD = "een-heel-ander-wachtwoord-2026"


async def _open(user, path: str = "/ws/live/board/"):
    communicator = await connect(path, user)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"
    return communicator


async def _still_open(communicator) -> None:
    await communicator.send_json_to({"type": "ping"})
    assert await communicator.receive_json_from(timeout=5) == {"type": "pong"}


async def test_changing_ones_password_closes_the_open_websockets(make_user, network):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)

    def change_password():
        client = Client()
        client.force_login(member)
        response = client.post(
            "/accounts/password/change/",
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    await database_sync_to_async(change_password)()
    assert await communicator.receive_output(timeout=5) == CLOSED


async def test_a_password_set_by_an_administrator_closes_the_open_websockets(make_user, network):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)

    def set_password():
        member.set_password(NEW_PASSWORD)
        member.save()

    await database_sync_to_async(set_password)()
    assert await communicator.receive_output(timeout=5) == CLOSED
    # The old session is no good for a new socket either.
    assert await communicator.receive_nothing(timeout=0.1)


async def test_a_password_reset_closes_the_open_websockets(make_user, network):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)

    def reset_password():
        client = Client()
        uid = urlsafe_base64_encode(force_bytes(member.pk))
        token = default_token_generator.make_token(member)
        response = client.get(f"/accounts/reset/{uid}/{token}/")
        assert response.status_code == 302
        response = client.post(
            response["Location"],
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )
        assert response.status_code == 302, response.content.decode()[:2000]

    await database_sync_to_async(reset_password)()
    assert await communicator.receive_output(timeout=5) == CLOSED


async def test_losing_ones_role_closes_the_open_websockets(make_user, network):
    member, other = await database_sync_to_async(
        lambda: (make_user(Role.PROFESSIONAL), make_user(Role.PROFESSIONAL))
    )()
    communicator = await _open(member)
    bystander = await _open(other)

    await database_sync_to_async(lambda: member.groups.remove(role_group(Role.PROFESSIONAL)))()

    assert await communicator.receive_output(timeout=5) == CLOSED
    await _still_open(bystander)
    await bystander.disconnect()


async def test_being_taken_out_of_the_group_from_the_groups_side_closes_the_websockets(
    make_user, network
):
    removed, cleared = await database_sync_to_async(
        lambda: (make_user(Role.SESSION_ADMIN), make_user(Role.MANAGER))
    )()
    first = await _open(removed)
    second = await _open(cleared)

    await database_sync_to_async(lambda: role_group(Role.SESSION_ADMIN).user_set.remove(removed))()
    assert await first.receive_output(timeout=5) == CLOSED
    await database_sync_to_async(lambda: role_group(Role.MANAGER).user_set.clear())()
    assert await second.receive_output(timeout=5) == CLOSED


async def test_a_role_unlinked_from_its_group_closes_the_websockets_of_its_members(
    make_user, network
):
    member, kept = await database_sync_to_async(
        lambda: (make_user(Role.PROFESSIONAL), make_user(Role.MANAGER))
    )()
    communicator = await _open(member)
    other = await _open(kept)

    def unlink():
        link = RoleGroup.objects.get(role=Role.PROFESSIONAL)
        link.group = Group.objects.create(name="Nieuwe professionals")
        link.save()

    await database_sync_to_async(unlink)()
    assert await communicator.receive_output(timeout=5) == CLOSED
    await _still_open(other)
    await other.disconnect()


async def test_deleting_a_role_group_closes_the_websockets_of_its_members(make_user, network):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)

    await database_sync_to_async(lambda: role_group(Role.PROFESSIONAL).delete())()
    assert await communicator.receive_output(timeout=5) == CLOSED


async def test_deactivating_a_user_in_the_admin_closes_the_websockets(make_user, network):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)

    def deactivate():
        member.is_active = False
        member.save()

    await database_sync_to_async(deactivate)()
    assert await communicator.receive_output(timeout=5) == CLOSED


async def test_a_socket_whose_session_ended_replays_nothing_on_resume(make_user, make_case):
    member, case = await database_sync_to_async(lambda: (make_user(), make_case()))()
    communicator = await _open(member, f"/ws/live/case/{case.pk}/")
    # The session ends without any signal reaching the socket (e.g. the session table was
    # cleared, or the password changed with a queryset update).
    await database_sync_to_async(lambda: Session.objects.all().delete())()

    await communicator.send_json_to({"type": "resume", "since": 0})
    assert await communicator.receive_output(timeout=5) == CLOSED


async def test_a_changed_password_stops_a_resume_even_without_a_signal(make_user, make_case):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    member, case = await database_sync_to_async(lambda: (make_user(), make_case()))()
    communicator = await _open(member, f"/ws/live/case/{case.pk}/")
    await database_sync_to_async(
        lambda: (
            get_user_model()
            .objects.filter(pk=member.pk)
            .update(password=make_password(NEW_PASSWORD))
        )
    )()

    await communicator.send_json_to({"type": "resume", "since": 0})
    assert await communicator.receive_output(timeout=5) == CLOSED


async def test_a_valid_session_keeps_its_socket_through_a_recheck(make_user, network):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)
    # A change that leaves the member a member (another role added) rechecks, and keeps it.
    await database_sync_to_async(lambda: member.groups.add(role_group(Role.SESSION_ADMIN)))()
    await database_sync_to_async(lambda: member.groups.remove(role_group(Role.SESSION_ADMIN)))()
    await _still_open(communicator)
    await communicator.send_json_to({"type": "resume", "since": 0})
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"
    await communicator.disconnect()


@database_sync_to_async
def _events_whose_broadcasts_were_lost_then_one_that_arrives(case_id: int) -> None:
    from django.db import transaction

    from leernetwerk.kernel.live.models import LiveEvent, LiveStream
    from leernetwerk.kernel.live.publisher import publish
    from leernetwerk.kernel.live.streams import case_stream

    stream = LiveStream.objects.create(key=case_stream(case_id), last_id=2)
    LiveEvent.objects.create(stream=stream, seq=1, type="lost", payload={})
    LiveEvent.objects.create(stream=stream, seq=2, type="lost", payload={})
    with transaction.atomic():
        publish(case_stream(case_id), "comment.created", {"n": 3})


async def test_a_gap_is_filled_from_the_log_only_for_a_valid_session(make_user, make_case):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    member, revoked, case = await database_sync_to_async(
        lambda: (make_user(), make_user(), make_case())
    )()
    valid = await _open(member, f"/ws/live/case/{case.pk}/")
    stale = await _open(revoked, f"/ws/live/case/{case.pk}/")
    await database_sync_to_async(
        lambda: (
            get_user_model()
            .objects.filter(pk=revoked.pk)
            .update(password=make_password(NEW_PASSWORD))
        )
    )()

    await _events_whose_broadcasts_were_lost_then_one_that_arrives(case.pk)

    received = [await valid.receive_json_from(timeout=5) for _ in range(3)]
    assert [(e["id"], e["event"]) for e in received] == [
        (1, "lost"),
        (2, "lost"),
        (3, "comment.created"),
    ]
    assert await stale.receive_output(timeout=5) == CLOSED
    await valid.disconnect()


# --- hostile frames (finding 15) -------------------------------------------------------------


async def test_an_oversized_frame_is_answered_and_closed_with_1008_not_1009(make_user, network):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)
    await communicator.send_to(text_data='{"type": "ping", "pad": "' + "x" * 5000 + '"}')
    answer = await communicator.receive_json_from(timeout=5)
    assert answer["type"] == "error" and answer["code"] == "too_big"
    assert await communicator.receive_output(timeout=5) == {
        "type": "websocket.close",
        "code": 1008,
    }


@pytest.mark.parametrize(
    "frame",
    [
        "[" * 2000 + "]" * 2000,
        '{"":[' * 580 + "1" + "]}" * 580,
        '{"type": "resume", "since": ' + "[" * 2000 + "]" * 2000 + "}",
    ],
    ids=["arrays", "objects", "inside-a-resume"],
)
async def test_deeply_nested_json_gets_an_error_frame_and_the_socket_keeps_working(
    make_user, network, frame
):
    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await _open(member)
    assert len(frame.encode()) <= 4096
    await communicator.send_to(text_data=frame)
    answer = await communicator.receive_json_from(timeout=5)
    assert answer["type"] == "error" and answer["code"] == "invalid_json", answer
    assert answer["message"]
    await _still_open(communicator)
    await communicator.disconnect()
