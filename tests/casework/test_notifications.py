"""Notifications: stored per member, in their language, shown in the header and on their page,
e-mailed unless they switched that off, and marked read when opened."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from casework.live.models import LiveEvent
from casework.models import MemberProfile, Notification
from casework.notifications import notification_send

pytestmark = pytest.mark.django_db

TITLE = gettext_lazy("Notifications")


def test_each_recipient_reads_it_in_their_own_language(make_user):
    dutch, english = make_user(), make_user()
    MemberProfile.objects.create(user=english, preferred_language="en")
    notification_send(users=[dutch, english, dutch], kind="test", title=TITLE, url="/x/")
    assert Notification.objects.count() == 2  # each member once
    assert dutch.notifications.get().title == "Meldingen"
    assert english.notifications.get().title == "Notifications"


def test_it_is_persisted_and_published_on_the_members_own_stream(make_user):
    member = make_user()
    notification = notification_send(users=[member], kind="test", title=TITLE, url="/x/")[0]
    event = LiveEvent.objects.get(stream__key=f"casework.user.{member.pk}")
    ops = {op["target"]: op for op in event.payload["ops"]}
    assert notification.dom_id in ops["#notification-list"]["html"]
    assert ops["#notification-count"]["text"] == "1"


def test_inactive_members_and_the_actor_are_not_notified(make_user):
    left, actor, other = make_user(is_active=False), make_user(), make_user()
    notification_send(users=[left, actor, other], exclude=[actor], kind="t", title=TITLE)
    assert list(Notification.objects.values_list("user", flat=True)) == [other.pk]


def test_mail_goes_after_commit_and_only_to_those_who_want_it(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    wants, quiet = make_user(email="wil@example.test"), make_user(email="stil@example.test")
    MemberProfile.objects.create(user=quiet, email_notifications=False)
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(users=[wants, quiet], kind="t", title=TITLE, url="/netwerk/x/")
    assert [m.to for m in mailoutbox] == [["wil@example.test"]]
    assert "http://127.0.0.1:8000/netwerk/x/" in mailoutbox[0].body
    assert quiet.notifications.exists()


def test_the_header_shows_the_unread_count(client, make_user, network):
    member = make_user()
    notification_send(users=[member], kind="t", title=TITLE)
    client.force_login(member)
    page = client.get("/").content.decode()
    assert 'id="notification-count"' in page
    assert (
        '<span class="badge badge-count" id="notification-count" aria-label="ongelezen">1</span>'
        in page
    )
    assert 'data-live-url="/ws/live/notifications/"' in page


def test_opening_one_marks_it_read_and_follows_only_internal_links(client, make_user):
    member = make_user()
    inside = notification_send(users=[member], kind="t", title=TITLE, url="/netwerk/patronen/")[0]
    outside = notification_send(users=[member], kind="t", title=TITLE, url="https://evil.test/")[0]
    client.force_login(member)
    response = client.get(reverse("members:notification_open", args=[inside.pk]))
    assert response["Location"] == "/netwerk/patronen/"
    inside.refresh_from_db()
    assert inside.read_at is not None
    response = client.get(reverse("members:notification_open", args=[outside.pk]))
    assert response["Location"] == reverse("members:notifications")


def test_nobody_opens_someone_elses_notification(client, make_user):
    notification = notification_send(users=[make_user()], kind="t", title=TITLE)[0]
    client.force_login(make_user())
    assert (
        client.get(reverse("members:notification_open", args=[notification.pk])).status_code == 403
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, make_user):
    member = make_user()
    notification_send(users=[member], kind="t", title=TITLE)
    notification_send(users=[member], kind="t", title=TITLE)
    client.force_login(member)
    page = client.get(reverse("members:notifications")).content.decode()
    assert page.count('class="notification notification-unread"') == 2
    client.post(reverse("members:notifications_read_all"))
    assert not Notification.objects.filter(user=member, read_at=None).exists()
    page = client.get(reverse("members:notifications")).content.decode()
    assert "notification-unread" not in page


def test_members_switch_the_emails_off_in_their_profile(client, make_user):
    member = make_user()
    client.force_login(member)
    client.post(
        reverse("members:profile"),
        {"display_name": "Lid", "preferred_language": "nl", "email_notifications": ""},
    )
    assert MemberProfile.objects.get(user=member).email_notifications is False
