"""Removed, hidden, edited and corrected text is gone from everything a member can replay or
was stored for them (issue 16, finding 1): the live log replayed from id 0 — as another member,
with ``?since=0`` and with ``{"type": "resume", "since": 0}`` — on every stream that showed it,
the stored notifications, the digest mailed later and the e-mails sent.

Each text is a literal canary; the tests look for it in what a member actually receives."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async
from django.core import mail

from leernetwerk.casework import services as casework
from leernetwerk.kernel.constants import NotificationDelivery
from leernetwerk.kernel.members.services import profile_for
from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.notifications import notifications_send_digests
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.models import LearningSessionPage
from leernetwerk.learning.sessions import services as sessions
from leernetwerk.learning.sessions.selectors import agenda
from tests.websocket import connect

COMMENT_REMOVED = "Kanarie-comment-verwijderd-1101"
COMMENT_HIDDEN = "Kanarie-comment-verborgen-1102"
COMMENT_OLD = "Kanarie-comment-oud-1103"
REPLY_REMOVED = "Kanarie-reactie-verwijderd-1104"
REPLY_HIDDEN = "Kanarie-reactie-verborgen-1105"
REPLY_OLD = "Kanarie-reactie-oud-1106"
NOTE = "Kanarie-herkenning-notitie-1107"
MINUTES_OLD = "Kanarie-notulen-oud-1108"
CASE_TITLE_OLD = "Kanarie casustitel oud 1109"
KNELPUNT_OLD = "Kanarie-knelpunt-oud-1110"
GONE_FROM_DISCUSSION = (
    COMMENT_REMOVED,
    COMMENT_HIDDEN,
    COMMENT_OLD,
    REPLY_REMOVED,
    REPLY_HIDDEN,
    REPLY_OLD,
)


async def _replay(path: str, user) -> str:
    """Everything ``user`` receives replaying ``path`` from id 0, both ways a client can ask."""
    communicator = await connect(f"{path}?since=0", user)
    frames = []
    while (frame := await communicator.receive_json_from(timeout=5))["type"] != "ready":
        frames.append(frame)
    await communicator.send_json_to({"type": "resume", "since": 0})
    while (frame := await communicator.receive_json_from(timeout=5))["type"] != "ready":
        frames.append(frame)
    await communicator.disconnect()
    assert frames, f"{path} replayed nothing"
    return json.dumps(frames, ensure_ascii=False)


def _stored_notifications() -> str:
    return json.dumps(list(Notification.objects.values("title", "body", "url")), ensure_ascii=False)


def _mails() -> str:
    return "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)


@pytest.mark.django_db(transaction=True)
async def test_removed_hidden_and_edited_comments_and_replies_are_in_no_replay_or_notification(
    make_case, make_user
):
    @database_sync_to_async
    def world():
        owner = make_user(email="eigenaar@example.org")
        digest = profile_for(owner)
        digest.notification_delivery = NotificationDelivery.DIGEST
        digest.save()
        author, replier, manager = make_user(), make_user(), make_user(Role.MANAGER)
        case = make_case(owner)
        removed = casework.comment_create(case=case, author=author, body=COMMENT_REMOVED)
        hidden = casework.comment_create(case=case, author=author, body=COMMENT_HIDDEN)
        edited = casework.comment_create(case=case, author=author, body=COMMENT_OLD)
        thread = casework.comment_create(case=case, author=author, body="Een draad die blijft")
        reply_removed = casework.comment_create(
            case=case, author=replier, body=REPLY_REMOVED, parent=thread
        )
        reply_hidden = casework.comment_create(
            case=case, author=replier, body=REPLY_HIDDEN, parent=thread
        )
        reply_edited = casework.comment_create(
            case=case, author=replier, body=REPLY_OLD, parent=thread
        )
        casework.comment_remove(comment=removed, user=author)
        casework.comment_hide(comment=hidden, manager=manager, reason="Dubbel geplaatst")
        casework.comment_edit(comment=edited, user=author, body="Nieuwe versie van de reactie")
        casework.comment_remove(comment=reply_removed, user=replier)
        casework.comment_hide(comment=reply_hidden, manager=manager, reason="Niet ter zake")
        casework.comment_edit(
            comment=reply_edited, user=replier, body="Nieuwe versie van het antwoord"
        )
        notifications_send_digests()
        return case, owner, author, make_user()

    case, owner, author, reader = await world()

    seen = {
        "case replay": await _replay(f"/ws/live/case/{case.pk}/", reader),
        "owner's notifications": await _replay("/ws/live/notifications/", owner),
        "author's notifications": await _replay("/ws/live/notifications/", author),
        "stored notifications": await database_sync_to_async(_stored_notifications)(),
        "e-mails and digests": _mails(),
    }
    assert "Nieuwe versie van de reactie" in seen["case replay"]
    assert "Nieuwe versie van het antwoord" in seen["case replay"]
    for surface, text in seen.items():
        for canary in GONE_FROM_DISCUSSION:
            assert canary not in text, f"{canary} still in {surface}"


@pytest.mark.django_db(transaction=True)
async def test_a_removed_recognition_note_is_in_no_replay_or_notification(make_case, make_user):
    @database_sync_to_async
    def world():
        owner = make_user(email="eigenaar@example.org")
        case = make_case(owner)
        colleague = make_user()
        casework.recognition_add(case=case, user=colleague, note=NOTE)
        casework.recognition_remove(case=case, user=colleague)
        return case, owner

    case, owner = await world()
    for surface, text in {
        "case replay": await _replay(f"/ws/live/case/{case.pk}/", owner),
        "owner's notifications": await _replay("/ws/live/notifications/", owner),
        "stored notifications": await database_sync_to_async(_stored_notifications)(),
        "e-mails": _mails(),
    }.items():
        assert NOTE not in text, f"the note is still in {surface}"


@pytest.mark.django_db(transaction=True)
async def test_corrected_minutes_are_in_no_replay_of_the_session(make_user, network):
    from datetime import timedelta

    from django.utils import timezone

    @database_sync_to_async
    def world():
        admin = make_user(Role.SESSION_ADMIN)
        starts_at = timezone.now() + timedelta(days=1)
        page = LearningSessionPage(
            title="Leersessie notulen",
            slug="leersessie-notulen",
            level="uitvoering",
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
        )
        network["sessions"].add_child(instance=page)
        page.save_revision().publish(skip_permission_checks=True)
        session = LearningSessionPage.objects.get(pk=page.pk)
        sessions.session_open(session=session, user=admin)
        items = agenda(session)
        item = items[0].id if items else ""
        sessions.minute_save(session=session, user=admin, item_id=item, text=MINUTES_OLD)
        sessions.minute_save(session=session, user=admin, item_id=item, text="Gecorrigeerd")
        sessions.minute_save(session=session, user=admin, item_id=item, text="")
        return session, make_user()

    session, reader = await world()
    replay = await _replay(f"/ws/live/session/{session.pk}/", reader)
    assert MINUTES_OLD not in replay
    assert "minutes.changed" in replay


@pytest.mark.django_db(transaction=True)
async def test_an_edited_case_title_and_knelpunt_are_in_no_replay_or_stored_notification(
    make_case, make_user
):
    @database_sync_to_async
    def world():
        owner = make_user(email="eigenaar@example.org")
        digest = profile_for(owner)
        digest.notification_delivery = NotificationDelivery.DIGEST
        digest.save()
        case = make_case(owner, title=CASE_TITLE_OLD, knelpunt=KNELPUNT_OLD)
        colleague = make_user()
        casework.comment_create(case=case, author=colleague, body="Herkenbaar verhaal")
        casework.recognition_add(case=case, user=colleague)
        assert Notification.objects.filter(title__contains=CASE_TITLE_OLD).exists()
        casework.case_save(
            user=owner,
            case=case,
            data={"title": "Een nieuwe titel", "knelpunt": "Een nieuw knelpunt"},
            publish_now=True,
        )
        notifications_send_digests()
        return case, owner, make_user()

    case, owner, reader = await world()
    for surface, text in {
        "case replay": await _replay(f"/ws/live/case/{case.pk}/", reader),
        "owner's notifications": await _replay("/ws/live/notifications/", owner),
        "stored notifications": await database_sync_to_async(_stored_notifications)(),
        "digest": _mails(),
    }.items():
        for canary in (CASE_TITLE_OLD, KNELPUNT_OLD):
            assert canary not in text, f"{canary} still in {surface}"
