"""What tells whom: a comment or a reply on my case, a "herken ik" of my case — never the actor,
never an inactive member, not a member who muted the discussion of their cases — and the
notification appears live on the member's own stream."""

from __future__ import annotations

from datetime import date

import pytest
from channels.db import database_sync_to_async
from django.db import transaction
from django.utils import timezone

from leernetwerk.casework import services
from leernetwerk.kernel.live.streams import user_stream
from leernetwerk.kernel.models import MemberProfile, Notification
from leernetwerk.kernel.notifications import notification_send
from tests.websocket import connect

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("kind", flat=True))


def test_a_comment_tells_the_cases_author_and_not_the_commenter(make_user, make_case):
    author, commenter = make_user(), make_user(first_name="Joost", last_name="Jansen")
    case = make_case(owner=author, title="Wachttijd schuldhulp")
    comment = services.comment_create(case=case, author=commenter, body="Herkenbaar")
    told = author.notifications.get()
    assert told.kind == "case.comment"
    assert "Wachttijd schuldhulp" in told.title
    assert "Joost" not in told.title + told.body  # no other person's name in the text
    assert told.url == f"{case.url}#{comment.dom_id}"
    assert kinds(commenter) == []


def test_the_author_commenting_on_their_own_case_tells_nobody(make_user, make_case):
    author = make_user()
    case = make_case(owner=author)
    services.comment_create(case=case, author=author, body="Aanvulling")
    assert not Notification.objects.exists()


def test_a_reply_tells_the_author_of_the_comment_and_the_case_but_no_earlier_commenters(
    make_user, make_case
):
    author, first, bystander, replier = make_user(), make_user(), make_user(), make_user()
    case = make_case(owner=author)
    parent = services.comment_create(case=case, author=first, body="Eerste")
    services.comment_create(case=case, author=bystander, body="Tweede")
    Notification.objects.all().delete()
    services.comment_create(case=case, author=replier, body="Antwoord", parent=parent)
    assert kinds(author) == ["case.comment"]
    assert kinds(first) == ["case.reply"]
    assert kinds(bystander) == [] and kinds(replier) == []


def test_the_author_replying_in_their_own_case_tells_the_commenter_once(make_user, make_case):
    author, first = make_user(), make_user()
    case = make_case(owner=author)
    parent = services.comment_create(case=case, author=first, body="Vraag")
    services.comment_create(case=case, author=author, body="Antwoord", parent=parent)
    assert kinds(first) == ["case.reply"]
    assert kinds(author) == ["case.comment"]  # only the first comment


def test_an_inactive_author_is_not_told(make_user, make_case):
    author = make_user()
    case = make_case(owner=author)
    author.is_active = False
    author.save()
    services.comment_create(case=case, author=make_user(), body="Reactie")
    assert not Notification.objects.exists()


def test_colleagues_recognising_a_case_on_one_day_make_one_message(
    make_user, make_case, monkeypatch
):
    author, colleague = make_user(), make_user()
    case = make_case(owner=author, title="Ontruiming dreigt")
    services.recognition_add(case=case, user=colleague)
    services.recognition_remove(case=case, user=colleague)
    services.recognition_add(case=case, user=colleague)
    services.recognition_add(case=case, user=make_user())
    told = author.notifications.get()
    assert told.kind == "case.recognised" and "Ontruiming dreigt" in told.title
    assert told.url == f"{case.url}#recognitions"
    assert kinds(colleague) == []
    # The next day a new colleague's recognition is news again.
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2031, 3, 4))
    services.recognition_add(case=case, user=make_user())
    assert author.notifications.count() == 2


def test_muting_the_discussion_of_my_cases(make_user, make_case):
    author = make_user()
    MemberProfile.objects.create(user=author, muted_categories=["discussion"])
    case = make_case(owner=author)
    services.comment_create(case=case, author=make_user(), body="Reactie")
    services.recognition_add(case=case, user=make_user())
    assert not author.notifications.exists()
    # Other categories still arrive.
    notification_send(users=[author], kind="pattern.decide", title="Besluit")
    assert kinds(author) == ["pattern.decide"]


def test_what_asks_the_member_to_act_arrives_even_in_a_muted_category(make_user):
    member = make_user()
    MemberProfile.objects.create(user=member, muted_categories=["patterns", "sessions"])
    for kind in ("pattern.decide", "session.changed", "pattern.request_info", "session.action"):
        notification_send(users=[member], kind=kind, title=kind)
    notification_send(users=[member], kind="doorbraak.requested", title="Doorbraak")
    assert sorted(kinds(member)) == [
        "doorbraak.requested",
        "pattern.request_info",
        "session.action",
    ]


@pytest.mark.django_db(transaction=True)
async def test_a_comment_on_my_case_appears_live_on_my_stream(make_user, make_case, network):
    @database_sync_to_async
    def setup():
        author = make_user()
        return author, make_case(owner=author), make_user()

    author, case, commenter = await setup()
    communicator = await connect("/ws/live/notifications/", author)
    ready = await communicator.receive_json_from(timeout=5)
    assert ready["type"] == "ready" and ready["stream"] == user_stream(author.pk)

    @database_sync_to_async
    def comment():
        with transaction.atomic():
            services.comment_create(case=case, author=commenter, body="Dit zie ik ook")

    await comment()
    frame = await communicator.receive_json_from(timeout=5)
    assert frame["event"] == "notification.created"
    assert frame["data"]["kind"] == "case.comment"
    ops = {op["target"]: op for op in frame["data"]["ops"]}
    assert ops["#notification-count"]["text"] == "1"
    assert "#notification-flash" in ops
    await communicator.disconnect()
