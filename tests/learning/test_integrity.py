"""The edges of leersessies: what the public never sees, what cannot change once a session
started, who decides what, and follow-up that survives deleted, moved or cancelled sessions."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.members.privacy import erasure_confirm
from leernetwerk.kernel.models import ErasureRequest, MemberProfile
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.constants import DilemmaStatus, RegistrationStatus
from leernetwerk.learning.models import LearningSessionPage, SessionSeries
from leernetwerk.learning.sessions import services
from leernetwerk.learning.sessions.selectors import agenda

pytestmark = pytest.mark.django_db


def test_the_online_link_is_only_for_members(client, make_session, make_user):
    session = make_session(online_link="https://meet.example.test/GEHEIM")
    assert "GEHEIM" not in client.get(session.url).content.decode()
    client.force_login(make_user())
    assert "GEHEIM" in client.get(session.url).content.decode()


def test_after_the_start_nobody_leaves_the_attendance_record(client, make_session, make_user):
    session = make_session(starts_at=timezone.now() - timedelta(minutes=30))
    member = make_user()
    from leernetwerk.learning.models import Registration

    Registration.objects.create(session=session, user=member, status="registered", attended=True)
    with pytest.raises(ValidationError):
        services.registration_cancel(session=session, user=member)
    client.force_login(member)
    response = client.post(f"/netwerk/leren/sessies/{session.pk}/afmelden/", follow=True)
    assert response.status_code == 200
    assert session.registrations.get(user=member).status == RegistrationStatus.REGISTERED


def test_a_raised_capacity_goes_to_the_waiting_list_first(make_session, make_user):
    session = make_session(capacity=1)
    first, waiting, newcomer = make_user(), make_user(), make_user()
    services.registration_create(session=session, user=first)
    services.registration_create(session=session, user=waiting)
    page = session.get_latest_revision_as_object()
    page.capacity = 3
    page.save_revision().publish(skip_permission_checks=True)
    session = LearningSessionPage.objects.get(pk=session.pk)
    services.registration_create(session=session, user=newcomer)
    statuses = dict(session.registrations.values_list("user", "status"))
    assert statuses[waiting.pk] == RegistrationStatus.REGISTERED
    assert statuses[newcomer.pk] == RegistrationStatus.REGISTERED


def test_nobody_gets_a_place_at_a_cancelled_session(make_session, make_user, admin):
    session = make_session(capacity=1)
    first, second = make_user(), make_user()
    services.registration_create(session=session, user=first)
    services.registration_create(session=session, user=second)
    services.session_cancel(session=session, user=admin, reason="Ziek")
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, user=admin, reason="Nog eens")
    services.registration_cancel(session=LearningSessionPage.objects.get(pk=session.pk), user=first)
    assert not second.notifications.filter(kind="session.place").exists()


def test_the_facilitator_runs_the_session_but_administrators_cancel_and_publish(
    make_session, make_user, admin
):
    facilitator = make_user()
    session = make_session(facilitator=facilitator)
    services.session_open(session=session, user=facilitator)
    with pytest.raises(PermissionDenied):
        services.summary_publish(session=session, user=facilitator, text="Samenvatting")
    with pytest.raises(PermissionDenied):
        services.session_cancel(session=session, user=facilitator, reason="Geen zin")
    assert services.summary_publish(session=session, user=admin, text="Samenvatting")


def test_an_unsaved_session_can_be_previewed(network, admin):
    page = LearningSessionPage(
        title="Nieuw",
        level="uitvoering",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
        agenda=[{"type": "theme", "value": {"title": "Thema", "time_box": 20}}],
    )
    request = RequestFactory().get("/")
    request.user = admin
    context = page.get_context(request)
    assert [item.title for item in context["agenda"]] == ["Thema"]


def test_personal_data_is_kept_out_of_the_public_calendar(make_session, network):
    page = LearningSessionPage(
        title="Sessie",
        level="uitvoering",
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
        description="Met mevrouw, BSN 111222333",
        agenda=[{"type": "theme", "value": {"title": "Bel 0612345678", "time_box": 20}}],
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert {"description", "agenda"} <= set(error.value.message_dict)


def test_a_draft_case_is_not_named_on_the_agenda(make_session, make_case, make_user):
    draft = make_case(title="Concept over een gezin", live=False)
    session = make_session()
    page = session.get_latest_revision_as_object()
    page.agenda = [{"type": "case", "value": {"case": draft.pk, "time_box": 20}}]
    page.save_revision().publish(skip_permission_checks=True)
    items = agenda(LearningSessionPage.objects.get(pk=session.pk))
    assert items[0].title == "Een casus van het netwerk" and items[0].case is None


def test_a_dilemma_finds_a_new_place_when_its_session_is_deleted_or_moved(make_session, admin):
    front = make_session(starts_at=timezone.now() - timedelta(hours=1))
    first = make_session("management", starts_at=timezone.now() + timedelta(days=3))
    second = make_session("management", starts_at=timezone.now() + timedelta(days=30))
    dilemma = services.dilemma_record(session=front, user=admin, text="Wie betaalt?")
    assert dilemma.target == first
    first.delete()
    services.dilemmas_place_waiting()
    dilemma.refresh_from_db()
    assert dilemma.target == second and dilemma.status == DilemmaStatus.ON_AGENDA
    # Moved into the past without being held: it moves on too.
    third = make_session("management", starts_at=timezone.now() + timedelta(days=60))
    LearningSessionPage.objects.filter(pk=second.pk).update(
        starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now() - timedelta(hours=20)
    )
    services.dilemmas_place_waiting()
    dilemma.refresh_from_db()
    assert dilemma.target == third


def test_erasure_also_replaces_escaped_names_and_usernames_in_session_events(
    make_session, make_user, admin
):
    quoted = make_user(first_name="Anne", last_name="d'Ancona")
    MemberProfile.objects.create(user=quoted, display_name="Anne d'Ancona")
    nameless = make_user(username="jan.jansen", first_name="", last_name="")
    session = make_session()
    for member in (quoted, nameless):
        services.registration_create(session=session, user=member)
    for member in (quoted, nameless):
        erasure_confirm(
            request=ErasureRequest.objects.create(user=member), by=make_user(Role.MANAGER)
        )
    for event in LiveEvent.objects.filter(stream__key__startswith="learning.session."):
        text = str(event.payload)
        assert "Ancona" not in text and "jan.jansen" not in text
    replay = str([frame.data for frame in events_after(f"learning.session.{session.pk}", 0)])
    assert "Ancona" not in replay and "jan.jansen" not in replay
    assert MemberProfile.objects.get(user=quoted).pseudonym in replay


def test_changing_the_rule_replaces_untouched_drafts(admin, network):
    from leernetwerk.learning.sessions.services import series_prune_drafts

    series = SessionSeries.objects.create(
        title="Reeks",
        level="uitvoering",
        weekday=1,
        start_time=time(14),
        end_time=time(16),
        starts_on=timezone.localdate(),
        horizon_months=3,
    )
    made = services.series_generate(series=series, user=admin)
    kept = made[-1]
    kept.save_revision().publish(skip_permission_checks=True)  # published: never removed
    series.weekday = 3  # Tuesday -> Thursday
    series.save()
    removed = series_prune_drafts(series=series)
    assert removed == len(made) - 1
    again = services.series_generate(series=series, user=admin)
    assert all(
        p.starts_at.astimezone(timezone.get_default_timezone()).weekday() == 3 for p in again
    )
    assert LearningSessionPage.objects.filter(pk=kept.pk).exists()


def test_sessions_whose_time_passed_today_are_not_made(admin, network):
    now = timezone.localtime()
    series = SessionSeries.objects.create(
        title="Vandaag",
        level="uitvoering",
        frequency="weeks",
        interval_weeks=1,
        weekday=now.weekday() if now.weekday() < 5 else 0,
        start_time=time(0, 0),
        end_time=time(0, 30),
        starts_on=now.date(),
        horizon_months=1,
    )
    made = services.series_generate(series=series, user=admin)
    assert made and all(page.starts_at > timezone.now() for page in made)
    assert now.date() not in {page.occurrence for page in made}
