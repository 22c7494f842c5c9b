"""Notifications: stored per member, in their language, shown in the header and on their page,
e-mailed unless they switched that off, and marked read when opened."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.models import MemberProfile, Notification
from leernetwerk.kernel.notifications import notification_send

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
    (frame,) = events_after(f"casework.user.{member.pk}", 0)
    ops = {op["target"]: op for op in frame.data["ops"]}
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
    MemberProfile.objects.create(user=quiet, notification_delivery="in_app")
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(users=[wants, quiet], kind="t", title=TITLE, url="/netwerk/x/")
    assert [m.to for m in mailoutbox] == [["wil@example.test"]]
    assert "http://127.0.0.1:8000/netwerk/x/" in mailoutbox[0].body
    assert quiet.notifications.exists()


def test_the_member_bar_shows_the_unread_count(client, make_user, network):
    member = make_user()
    notification_send(users=[member], kind="t", title=TITLE)
    client.force_login(member)
    page = client.get(network["cases"].url).content.decode()
    assert 'id="notification-count"' in page
    # The bell's accessible name reads "Meldingen, 1 ongelezen".
    assert (
        '<span class="ln-visually-hidden">Meldingen, </span>'
        '<span class="ln-badge ln-badge--count" id="notification-count">1</span>'
        '<span class="ln-visually-hidden"> ongelezen</span>'
    ) in page
    assert 'data-live-url="/ws/live/notifications/"' in page


def test_opening_one_marks_it_read_and_follows_only_internal_links(client, make_user):
    member = make_user()
    inside = notification_send(users=[member], kind="t", title=TITLE, url="/netwerk/patronen/")[0]
    outside = notification_send(users=[member], kind="t", title=TITLE, url="https://evil.test/")[0]
    client.force_login(member)
    response = client.get(reverse("leernetwerk_members:notification_open", args=[inside.pk]))
    assert response["Location"] == "/netwerk/patronen/"
    inside.refresh_from_db()
    assert inside.read_at is not None
    response = client.get(reverse("leernetwerk_members:notification_open", args=[outside.pk]))
    assert response["Location"] == reverse("leernetwerk_members:notifications")


def test_nobody_opens_someone_elses_notification(client, make_user):
    notification = notification_send(users=[make_user()], kind="t", title=TITLE)[0]
    client.force_login(make_user())
    assert (
        client.get(
            reverse("leernetwerk_members:notification_open", args=[notification.pk])
        ).status_code
        == 403
    )
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read(client, make_user):
    member = make_user()
    notification_send(users=[member], kind="t", title=TITLE)
    notification_send(users=[member], kind="t", title=TITLE)
    client.force_login(member)
    page = client.get(reverse("leernetwerk_members:notifications")).content.decode()
    assert page.count('class="ln-notification ln-notification--unread"') == 2
    client.post(reverse("leernetwerk_members:notifications_read_all"))
    assert not Notification.objects.filter(user=member, read_at=None).exists()
    page = client.get(reverse("leernetwerk_members:notifications")).content.decode()
    assert "ln-notification--unread" not in page


def test_members_switch_the_emails_off_in_their_profile(client, make_user):
    member = make_user()
    client.force_login(member)
    client.post(
        reverse("leernetwerk_members:profile"),
        {"display_name": "Lid", "preferred_language": "nl", "notification_delivery": "in_app"},
    )
    assert MemberProfile.objects.get(user=member).notification_delivery == "in_app"


def test_one_is_marked_read_with_a_plain_form_and_the_count_goes_live(client, make_user):
    member = make_user()
    first = notification_send(users=[member], kind="t", title=TITLE)[0]
    notification_send(users=[member], kind="t", title=TITLE)
    client.force_login(member)
    page = client.get(reverse("leernetwerk_members:notifications")).content.decode()
    assert reverse("leernetwerk_members:notification_read", args=[first.pk]) in page
    response = client.post(reverse("leernetwerk_members:notification_read", args=[first.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "leernetwerk_members:notifications"
    )
    first.refresh_from_db()
    assert first.read_at is not None
    frame = events_after(f"casework.user.{member.pk}", 0)[-1]
    assert frame.event == "notification.read"
    ops = {op["target"]: op for op in frame.data["ops"]}
    assert ops["#notification-count"]["text"] == "1"
    assert "ln-notification--unread" not in ops[f"#{first.dom_id}"]["html"]


def test_marking_read_answers_json_to_the_script(client, make_user):
    member = make_user()
    notification = notification_send(users=[member], kind="t", title=TITLE)[0]
    client.force_login(member)
    url = reverse("leernetwerk_members:notification_read", args=[notification.pk])
    response = client.post(url, headers={"accept": "application/json"})
    assert response.json() == {"ok": True, "notification": notification.pk, "unread": 0}
    again = client.post(url, headers={"accept": "application/json"})  # idempotent
    assert again.json()["unread"] == 0
    assert client.get(url).status_code == 405
    response = client.post(
        reverse("leernetwerk_members:notifications_read_all"),
        headers={"accept": "application/json"},
    )
    assert response.json() == {"ok": True, "marked": 0, "unread": 0}


def test_nobody_marks_someone_elses_notification_read(client, make_user):
    notification = notification_send(users=[make_user()], kind="t", title=TITLE)[0]
    client.force_login(make_user())
    response = client.post(reverse("leernetwerk_members:notification_read", args=[notification.pk]))
    assert response.status_code == 403
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_list_is_paginated_and_can_show_only_the_unread(client, make_user, settings):
    settings.LEERNETWERK_NOTIFICATIONS_PER_PAGE = 2
    member = make_user()
    made = [notification_send(users=[member], kind="t", title=TITLE)[0] for _ in range(3)]
    Notification.objects.filter(pk=made[0].pk).update(read_at=made[0].created_at)
    client.force_login(member)
    url = reverse("leernetwerk_members:notifications")
    first = client.get(url).content.decode()
    assert first.count('<li class="ln-notification') == 2 and "page=2" in first
    assert client.get(url, {"page": 2}).content.decode().count('<li class="ln-notification') == 1
    unread = client.get(url, {"ongelezen": "1"}).content.decode()
    assert (
        made[0].dom_id not in unread
        and unread.count('<li class="ln-notification ln-notification--unread') == 2
    )
    client.post(reverse("leernetwerk_members:notifications_read_all"))
    assert "Alles als gelezen markeren" not in client.get(url).content.decode()


def test_a_key_makes_a_reminder_reach_each_member_once(make_user):
    member, other = make_user(), make_user()
    notification_send(users=[member], kind="t", title=TITLE, key="reminder:1")
    notification_send(users=[member, other], kind="t", title=TITLE, key="reminder:1")
    assert member.notifications.count() == 1
    assert other.notifications.count() == 1
