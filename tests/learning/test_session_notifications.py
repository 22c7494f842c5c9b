"""Leersessies tell the people they concern: a published session whose time, place or online
link changed tells everyone registered or waiting (not who published it; other edits tell
nobody), and an action's owner is reminded once, a few days before it is due."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from leernetwerk.kernel.models import MemberProfile, Notification
from leernetwerk.learning.constants import ActionStatus, RegistrationStatus
from leernetwerk.learning.models import Registration, SessionAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(make_session, make_user, admin):
    session = make_session(capacity=2, location="Stadhuis, zaal 2")
    registered = make_user()
    MemberProfile.objects.create(user=registered, preferred_language="en")
    waiting, gone = make_user(), make_user()
    for user, status in (
        (registered, RegistrationStatus.REGISTERED),
        (admin, RegistrationStatus.REGISTERED),
        (waiting, RegistrationStatus.WAITING),
        (gone, RegistrationStatus.CANCELLED),
    ):
        Registration.objects.create(session=session, user=user, status=status)
    return {
        "session": session,
        "registered": registered,
        "waiting": waiting,
        "gone": gone,
        "admin": admin,
    }


def republish(session, user, capture, **changes):
    page = session.get_latest_revision_as_object()
    for field, value in changes.items():
        setattr(page, field, value)
    revision = page.save_revision(user=user)
    with capture(execute=True):
        revision.publish(user=user, skip_permission_checks=True)


def told(kind="session.changed") -> set:
    return set(Notification.objects.filter(kind=kind).values_list("user_id", flat=True))


def test_a_new_time_tells_the_registered_and_the_waiting(
    people, django_capture_on_commit_callbacks
):
    session = people["session"]
    later = session.starts_at + timedelta(days=1)
    republish(
        session,
        people["admin"],
        django_capture_on_commit_callbacks,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
    )
    assert told() == {people["registered"].pk, people["waiting"].pk}  # not the publisher
    notification = people["registered"].notifications.get(kind="session.changed")
    assert notification.title == f"Changed: {session.title}"
    assert notification.body.startswith("New time: ")
    assert f"{timezone.localtime(later):%H:%M}" in notification.body
    assert notification.url == session.url


def test_a_new_place_or_online_link_tells_them_too(people, django_capture_on_commit_callbacks):
    session = people["session"]
    republish(
        session,
        people["admin"],
        django_capture_on_commit_callbacks,
        location="Wijkcentrum De Brug",
        online_link="https://meet.example.test/nieuw",
    )
    body = people["registered"].notifications.get(kind="session.changed").body
    assert "New location: Wijkcentrum De Brug" in body
    assert "The online meeting link changed" in body
    assert "meet.example.test" not in body  # the link itself stays on the session's page


def test_an_unrelated_edit_tells_nobody(people, django_capture_on_commit_callbacks):
    republish(
        people["session"],
        people["admin"],
        django_capture_on_commit_callbacks,
        title="Leersessie met een betere titel",
    )
    assert told() == set()


def test_the_first_publication_and_a_cancelled_session_tell_nobody(
    make_session, make_user, admin, django_capture_on_commit_callbacks
):
    draft = make_session(live=False)
    Registration.objects.create(
        session=draft, user=make_user(), status=RegistrationStatus.REGISTERED
    )
    republish(draft, admin, django_capture_on_commit_callbacks, location="Elders")
    assert told() == set()
    cancelled = make_session(cancelled_at=timezone.now(), cancel_reason="Ziek")
    Registration.objects.create(
        session=cancelled, user=make_user(), status=RegistrationStatus.REGISTERED
    )
    republish(cancelled, admin, django_capture_on_commit_callbacks, location="Elders")
    assert told() == set()


def test_a_registrant_who_muted_leersessies_is_not_told(people, django_capture_on_commit_callbacks):
    MemberProfile.objects.filter(user=people["registered"]).update(muted_categories=["sessions"])
    republish(
        people["session"], people["admin"], django_capture_on_commit_callbacks, location="Elders"
    )
    assert told() == {people["waiting"].pk}


# --- actions due soon --------------------------------------------------------------------------


def action(session, owner, *, days: int, **fields):
    return SessionAction.objects.create(
        session=session,
        text=f"Actie over {days} dagen",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=days),
        **fields,
    )


def remind(*args):
    out = StringIO()
    call_command("notify_due_actions", *args, stdout=out)
    return out.getvalue()


def test_the_owner_is_reminded_once_before_the_due_date(
    make_session, make_user, django_capture_on_commit_callbacks
):
    session, owner = make_session(), make_user()
    soon = action(session, owner, days=2)
    action(session, owner, days=10)
    action(session, owner, days=1, status=ActionStatus.DONE)
    action(session, owner, days=-1)  # overdue: notify_overdue_actions tells about that
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 reminder(s) sent." in remind()
        assert "0 reminder(s) sent." in remind()  # idempotent
    reminder = owner.notifications.get(kind="session.action_due")
    assert soon.text in reminder.body
    assert reminder.key == f"session.action_due:{soon.pk}:{soon.due_date:%Y-%m-%d}"
    # A new due date (the six-week check moved it) gets a reminder of its own.
    SessionAction.objects.filter(pk=soon.pk).update(due_date=soon.due_date + timedelta(days=1))
    remind()
    assert owner.notifications.filter(kind="session.action_due").count() == 2


def test_the_reminder_window_and_dry_run(make_session, make_user, settings):
    session, owner = make_session(), make_user()
    action(session, owner, days=5)
    assert "0 reminder(s) sent." in remind()
    settings.LEERNETWERK_ACTION_REMINDER_DAYS = 5
    assert "Actie over 5 dagen" in remind("--dry-run")
    assert not owner.notifications.exists()
    assert "1 reminder(s) sent." in remind()
    assert "0 reminder(s) sent." in remind("--days", "7")


def test_an_inactive_owner_gets_no_reminder(make_session, make_user):
    owner = make_user(is_active=False)
    action(make_session(), owner, days=1)
    remind()
    assert not Notification.objects.exists()
