"""How notifications reach a member by e-mail, as they chose: not at all, straight away, or in a
daily digest that mails each notification at most once, in the member's own language."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy, ngettext

from leernetwerk.kernel.members.privacy import member_export
from leernetwerk.kernel.models import MemberProfile, Notification
from leernetwerk.kernel.notifications import notification_send, notifications_send_digests

pytestmark = pytest.mark.django_db

TITLE = gettext_lazy("Notifications")


def member(make_user, delivery: str, **profile):
    user = make_user()
    MemberProfile.objects.create(user=user, notification_delivery=delivery, **profile)
    return user


def send(users, *, url="/netwerk/x/", email=True, capture=None):
    with capture(execute=True):
        return notification_send(users=users, kind="t", title=TITLE, url=url, email=email)


def test_in_app_only_sends_no_mail(make_user, mailoutbox, django_capture_on_commit_callbacks):
    quiet = member(make_user, "in_app")
    send([quiet], capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert quiet.notifications.get().email_state == ""
    assert notifications_send_digests() == (0, 0)


def test_immediate_sends_one_mail_and_marks_it_mailed(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    keen = member(make_user, "immediate")
    send([keen], capture=django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[keen.email]]
    notification = keen.notifications.get()
    assert notification.email_state == "sent" and notification.emailed_at is not None
    assert notifications_send_digests() == (0, 0)
    assert len(mailoutbox) == 1


def test_no_mail_before_the_transaction_commits(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    keen = member(make_user, "immediate")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_send(users=[keen], kind="t", title=TITLE)
    assert mailoutbox == [] and callbacks


def test_digest_members_get_no_immediate_mail_then_one_digest_once(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    daily = member(make_user, "digest")
    send([daily], url="/netwerk/patronen/1/", capture=django_capture_on_commit_callbacks)
    send([daily], url="/netwerk/casussen/2/", capture=django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert set(daily.notifications.values_list("email_state", flat=True)) == {"digest"}

    call_command("send_notification_digest", stdout=StringIO())
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [daily.email]
    with translation.override("nl"):
        assert mail.subject == ngettext(
            "[Leernetwerk] %(count)d new notification",
            "[Leernetwerk] %(count)d new notifications",
            2,
        ) % {"count": 2}
    assert "http://127.0.0.1:8000/netwerk/patronen/1/" in mail.body
    assert "http://127.0.0.1:8000/netwerk/casussen/2/" in mail.body
    assert "http://127.0.0.1:8000" + reverse("leernetwerk_members:notifications") in mail.body
    assert mail.body.count("Meldingen") == 2  # the titles, in Dutch
    assert set(daily.notifications.values_list("email_state", flat=True)) == {"sent"}
    assert not daily.notifications.filter(emailed_at=None).exists()

    assert notifications_send_digests() == (0, 0)  # a second run sends nothing
    assert len(mailoutbox) == 1
    send([daily], capture=django_capture_on_commit_callbacks)
    assert notifications_send_digests() == (1, 1)  # only what is new


def test_the_digest_is_in_each_members_own_language(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    english = member(make_user, "digest", preferred_language="en")
    dutch = member(make_user, "digest", preferred_language="nl")
    send([english, dutch], capture=django_capture_on_commit_callbacks)
    assert notifications_send_digests() == (2, 2)
    mails = {m.to[0]: m for m in mailoutbox}
    assert mails[english.email].subject == "[Leernetwerk] 1 new notification"
    assert "What changed for you in the Leernetwerk:" in mails[english.email].body
    assert "* Notifications (" in mails[english.email].body
    with translation.override("nl"):
        intro = gettext("What changed for you in the Leernetwerk:")
    assert intro in mails[dutch.email].body
    assert "* Meldingen (" in mails[dutch.email].body


def test_the_digest_lists_at_most_the_cap_and_says_how_many_more(
    make_user, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.LEERNETWERK_DIGEST_MAX_ITEMS = 2
    english = member(make_user, "digest", preferred_language="en")
    for _ in range(3):
        send([english], capture=django_capture_on_commit_callbacks)
    assert notifications_send_digests() == (1, 3)
    assert mailoutbox[0].body.count("* Notifications (") == 2
    assert "And 1 more." in mailoutbox[0].body


def test_the_digest_skips_inactive_members_and_what_was_not_meant_for_mail(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    left = member(make_user, "digest")
    daily = member(make_user, "digest")
    send([left, daily], capture=django_capture_on_commit_callbacks)
    send([daily], email=False, capture=django_capture_on_commit_callbacks)
    left.is_active = False
    left.save()
    assert notifications_send_digests() == (1, 1)
    assert [m.to for m in mailoutbox] == [[daily.email]]
    assert left.notifications.get().email_state == ""  # out of the queue, never sent
    assert notifications_send_digests() == (0, 0)


def test_members_without_an_address_get_nothing_by_mail(
    make_user, mailoutbox, django_capture_on_commit_callbacks
):
    no_address = make_user(email="")
    MemberProfile.objects.create(user=no_address, notification_delivery="digest")
    send([no_address], capture=django_capture_on_commit_callbacks)
    assert no_address.notifications.get().email_state == ""
    assert notifications_send_digests() == (0, 0) and mailoutbox == []


def test_leaving_the_digest_empties_its_queue(
    client, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    daily = member(make_user, "digest", display_name="Lid")
    send([daily], capture=django_capture_on_commit_callbacks)
    client.force_login(daily)
    client.post(
        reverse("leernetwerk_members:profile"),
        {"display_name": "Lid", "preferred_language": "nl", "notification_delivery": "in_app"},
    )
    assert notifications_send_digests() == (0, 0) and mailoutbox == []


def test_the_profile_sets_the_delivery_and_the_muted_categories(client, make_user):
    user = make_user()
    client.force_login(user)
    page = client.get(reverse("leernetwerk_members:profile")).content.decode()
    assert 'id="notification-settings"' in page
    assert 'name="notification_delivery" value="immediate"' in page
    response = client.post(
        reverse("leernetwerk_members:profile"),
        {
            "display_name": "Lid",
            "preferred_language": "nl",
            "notification_delivery": "digest",
            "muted_categories": ["sessions", "discussion"],
        },
    )
    assert response.status_code == 302
    profile = MemberProfile.objects.get(user=user)
    assert profile.notification_delivery == "digest"
    assert profile.muted_categories == ["discussion", "sessions"]
    page = client.get(reverse("leernetwerk_members:profile")).content.decode()
    assert re.search(
        r'<input type="radio" name="notification_delivery" value="digest"[^>]* checked', page
    )
    response = client.post(
        reverse("leernetwerk_members:profile"),
        {
            "display_name": "Lid",
            "preferred_language": "nl",
            "notification_delivery": "digest",
            "muted_categories": ["everything"],
        },
    )
    assert response.status_code == 200  # an unknown category is refused
    assert MemberProfile.objects.get(user=user).muted_categories == ["discussion", "sessions"]


def test_the_export_holds_the_preferences_and_when_each_was_mailed(
    make_user, django_capture_on_commit_callbacks
):
    keen = member(make_user, "immediate", muted_categories=["patterns"])
    send([keen], capture=django_capture_on_commit_callbacks)
    data = member_export(user=keen)
    assert data["profile"]["notification_delivery"] == "immediate"
    assert data["profile"]["muted_notifications"] == ["patterns"]
    assert data["notifications"][0]["emailed_at"] is not None
    assert Notification.objects.filter(user=keen).count() == 1
