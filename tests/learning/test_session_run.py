"""Running a session live: the current item, minutes, actions (six weeks), dilemmas for the level
above, attendance, the six-week check at the next session, overdue actions, the summary."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from leernetwerk.learning.constants import ActionStatus, CheckOutcome, DilemmaStatus, RunState
from leernetwerk.learning.models import LearningSessionPage, SessionAction
from leernetwerk.learning.sessions import services
from leernetwerk.learning.sessions.selectors import CHECK_ITEM, agenda, open_actions_before
from tests.websocket import connect


def with_agenda(session: LearningSessionPage) -> LearningSessionPage:
    page = session.get_latest_revision_as_object()
    page.agenda = [
        {"type": "theme", "value": {"title": "Wachttijd schuldhulp", "time_box": 30}},
        {"type": "round", "value": {"title": "Wat ging goed, wat kan beter?", "time_box": 15}},
    ]
    page.save_revision().publish(skip_permission_checks=True)
    return LearningSessionPage.objects.get(pk=session.pk)


def item_ids(session) -> list[str]:
    return [item.id for item in agenda(session)]


@pytest.mark.django_db
def test_only_administrators_and_the_facilitator_run_a_session(make_session, make_user, admin):
    facilitator = make_user(Role.PROFESSIONAL)
    session = make_session(facilitator=facilitator)
    assert services.session_open(session=session, user=facilitator).state == RunState.RUNNING
    assert services.session_close(session=session, user=admin).state == RunState.ENDED
    for role in (Role.PROFESSIONAL, Role.MANAGER, Role.EDITOR):
        with pytest.raises(PermissionDenied):
            services.session_open(session=session, user=make_user(role))


@pytest.mark.django_db
def test_the_current_item_minutes_and_actions(make_session, make_user, admin):
    session = with_agenda(make_session())
    theme, round_ = item_ids(session)
    run = services.session_open(session=session, user=admin)
    assert run.current_item == theme  # the first item
    with pytest.raises(ValidationError):
        services.session_set_current(session=session, user=admin, item_id="not-an-item")
    services.session_set_current(session=session, user=admin, item_id=round_)
    services.minute_save(session=session, user=admin, item_id=round_, text="Goed: iedereen was er.")
    owner = make_user()
    action = services.action_record(
        session=session, user=admin, text="Crisisroute in de sociale kaart", owner=owner
    )
    session_date = timezone.localtime(session.starts_at).date()
    assert action.due_date == session_date + timedelta(weeks=6)
    assert owner.notifications.get().kind == "session.action"
    items = {item.id: item for item in agenda(session)}
    assert items[round_].minutes == "Goed: iedereen was er."


@pytest.mark.django_db
def test_texts_pass_the_privacy_guard(make_session, make_user, admin):
    session = with_agenda(make_session())
    theme, _round = item_ids(session)
    with pytest.raises(ValidationError) as error:
        services.minute_save(
            session=session, user=admin, item_id=theme, text="Mevrouw, BSN 111222333, wacht."
        )
    assert "111222333" in str(error.value)
    with pytest.raises(ValidationError):
        services.action_record(
            session=session, user=admin, text="Bel 0612345678", owner=make_user()
        )
    with pytest.raises(ValidationError):
        services.summary_publish(session=session, user=admin, text="Zie jan@example.test")
    assert not SessionAction.objects.exists()


@pytest.mark.django_db
def test_an_action_needs_an_owner_and_a_sensible_date(make_session, make_user, admin):
    session = make_session()
    with pytest.raises(ValidationError) as error:
        services.action_record(session=session, user=admin, text="Iets", owner=None)
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.action_record(
            session=session,
            user=admin,
            text="Iets",
            owner=make_user(),
            due_date=timezone.localdate() - timedelta(days=30),
        )
    assert "due_date" in error.value.message_dict


@pytest.mark.django_db
def test_the_six_week_check_at_the_next_session_of_the_same_level(make_session, make_user, admin):
    earlier = make_session(starts_at=timezone.now() - timedelta(weeks=6))
    later = make_session(starts_at=timezone.now() + timedelta(days=1))
    other_level = make_session("management", starts_at=timezone.now() + timedelta(days=2))
    owner = make_user()
    done, missed, carried = (
        services.action_record(session=earlier, user=admin, text=text, owner=owner)
        for text in ("Kaart bijwerken", "Corporatie bellen", "Cijfers opvragen")
    )
    # The next session of the front line starts with the check; the management's does not.
    first_item = agenda(later)[0]
    assert first_item.id == CHECK_ITEM
    assert {a.pk for a in first_item.actions} == {done.pk, missed.pk, carried.pk}
    assert CHECK_ITEM not in item_ids(other_level)
    services.action_check(action=done, session=later, user=admin, outcome=CheckOutcome.DONE)
    with pytest.raises(ValidationError) as error:  # a missed agreement needs its reason
        services.action_check(action=missed, session=later, user=admin, outcome="not_done")
    assert "note" in error.value.message_dict
    services.action_check(
        action=missed, session=later, user=admin, outcome="not_done", note="Geen tijd gehad"
    )
    old_due = carried.due_date
    check = services.action_check(
        action=carried, session=later, user=admin, outcome=CheckOutcome.CARRIED_OVER
    )
    carried.refresh_from_db()
    assert carried.status == ActionStatus.OPEN and carried.due_date > old_due
    assert check.new_due_date == carried.due_date
    assert SessionAction.objects.get(pk=done.pk).status == ActionStatus.DONE
    assert SessionAction.objects.get(pk=missed.pk).status == ActionStatus.NOT_DONE
    assert list(open_actions_before(later)) == [carried]
    with pytest.raises(ValidationError):  # not twice in the same session
        services.action_check(
            action=carried, session=later, user=admin, outcome=CheckOutcome.CARRIED_OVER
        )
    with pytest.raises(ValidationError):  # not at another level
        services.action_check(
            action=carried, session=other_level, user=admin, outcome=CheckOutcome.DONE
        )
    # The checks stay on the later session's agenda as its record.
    assert {a.pk for a in agenda(later)[0].actions} == {done.pk, missed.pk, carried.pk}


@pytest.mark.django_db
def test_a_dilemma_goes_to_the_next_session_of_the_level_above(make_session, make_user, admin):
    front = with_agenda(make_session(starts_at=timezone.now() - timedelta(hours=1)))
    management_later = make_session("management", starts_at=timezone.now() + timedelta(days=30))
    management_next = make_session("management", starts_at=timezone.now() + timedelta(days=3))
    make_session("uitvoering", starts_at=timezone.now() + timedelta(days=2))
    dilemma = services.dilemma_record(
        session=front, user=admin, text="Wie betaalt het voorschot als de WW wordt afgewezen?"
    )
    assert dilemma.target == management_next and dilemma.status == DilemmaStatus.ON_AGENDA
    items = agenda(management_next)
    assert items[0].kind == "dilemma" and items[0].dilemma == dilemma
    assert items[0].description == dilemma.text
    assert all(item.kind != "dilemma" for item in agenda(management_later))
    # The management's dilemmas go to the bestuur; the bestuur is the top.
    up = services.dilemma_record(session=management_next, user=admin, text="Budget nodig")
    assert up.status == DilemmaStatus.WAITING and up.target is None


@pytest.mark.django_db
def test_a_waiting_dilemma_is_placed_when_the_level_above_plans_a_session(make_session, admin):
    from datetime import time

    from leernetwerk.learning.models import SessionSeries

    front = make_session(starts_at=timezone.now() - timedelta(hours=1))
    dilemma = services.dilemma_record(session=front, user=admin, text="Geen mandaat voor maatwerk")
    assert dilemma.status == DilemmaStatus.WAITING
    series = SessionSeries.objects.create(
        title="Leersessie management",
        level="management",
        start_time=time(10, 0),
        end_time=time(12, 0),
        horizon_months=3,
    )
    made = services.series_generate(series=series, user=admin)
    to_come = [page for page in made if page.starts_at > timezone.now()]
    dilemma.refresh_from_db()
    assert dilemma.status == DilemmaStatus.ON_AGENDA and dilemma.target == to_come[0]
    # Cancelling that session sends the dilemma on to the next one.
    to_come[0].save_revision().publish(skip_permission_checks=True)
    services.session_cancel(session=to_come[0], user=admin, reason="Zomerstop")
    dilemma.refresh_from_db()
    assert dilemma.target == to_come[1]


@pytest.mark.django_db
def test_attendance_is_taken_and_walk_ins_are_added(make_session, make_user, admin):
    session = make_session()
    registered, walk_in = make_user(), make_user()
    services.registration_create(session=session, user=registered)
    services.attendance_mark(session=session, user=admin, member=registered, attended=True)
    services.attendance_mark(session=session, user=admin, member=walk_in, attended=True)
    attended = set(session.registrations.filter(attended=True).values_list("user", flat=True))
    assert attended == {registered.pk, walk_in.pk}
    with pytest.raises(ValidationError):
        services.attendance_mark(session=session, user=admin, member=make_user(None), attended=True)


@pytest.mark.django_db
def test_overdue_actions_are_listed_for_owners_and_administrators(
    client, make_session, make_user, admin, django_capture_on_commit_callbacks
):
    session = make_session(starts_at=timezone.now() - timedelta(weeks=8))
    owner = make_user()
    late = services.action_record(
        session=session,
        user=admin,
        text="Werkafspraak opschrijven",
        owner=owner,
        due_date=timezone.localdate() - timedelta(days=3),
    )
    services.action_record(
        session=session,
        user=admin,
        text="Later",
        owner=owner,
        due_date=timezone.localdate() + timedelta(days=3),
    )
    client.force_login(owner)
    page = client.get(reverse("leernetwerk_learning:my_actions")).content.decode()
    assert "Werkafspraak opschrijven" in page and "Te laat" in page
    client.force_login(admin)
    assert (
        "Werkafspraak opschrijven"
        in client.get(reverse("leernetwerk_learning:overview")).content.decode()
    )
    call_command("notify_overdue_actions", verbosity=0)
    told = owner.notifications.get(kind="session.action_overdue")
    assert late.text in told.body
    assert admin.notifications.filter(kind="session.actions_overdue_all").exists()


@pytest.mark.django_db
def test_the_public_summary_and_what_the_public_sees(client, make_session, make_case, admin):
    session = make_session()
    case = make_case(title="Geheime casus over een gezin")
    page = session.get_latest_revision_as_object()
    page.agenda = [
        {"type": "case", "value": {"case": case.pk, "time_box": 20, "presenter": "Noor Dalen"}}
    ]
    page.facilitator = admin
    page.save_revision().publish(skip_permission_checks=True)
    services.session_open(session=session, user=admin)
    item = item_ids(session)[0]
    services.minute_save(session=session, user=admin, item_id=item, text="Interne notulen")
    services.session_close(session=session, user=admin)
    services.summary_publish(session=session, user=admin, text="De sessie leerde veel.")
    public = client.get(session.url).content.decode()
    assert "De sessie leerde veel." in public
    assert "Geheime casus" not in public and "Interne notulen" not in public
    # Nobody is named on the public calendar: not the presenter, not the facilitator.
    assert "Noor Dalen" not in public and "Sander Beheer" not in public
    assert "Een casus van het netwerk" in public


@pytest.mark.django_db
def test_bad_input_in_session_mode_gives_errors_not_500(client, make_session, admin):
    session = with_agenda(make_session())
    client.force_login(admin)
    assert (
        client.get(reverse("leernetwerk_learning:session_mode", args=[session.pk])).status_code
        == 200
    )
    cases = [
        ("leernetwerk_learning:session_current", {"item": "nope"}),
        ("leernetwerk_learning:session_minutes", {"item": "nope", "text": "x"}),
        ("leernetwerk_learning:session_action", {"text": "", "owner": "abc", "due_date": "morgen"}),
        ("leernetwerk_learning:session_dilemma", {"text": ""}),
        ("leernetwerk_learning:session_attendance", {"member": "999999"}),
        ("leernetwerk_learning:session_summary", {"text": ""}),
        ("leernetwerk_learning:session_cancel", {"reason": ""}),
    ]
    for name, data in cases:
        response = client.post(
            reverse(name, args=[session.pk]), data, HTTP_ACCEPT="application/json"
        )
        assert response.status_code == 400, (name, response.status_code)
        assert response.json()["errors"], name
    response = client.post(
        reverse("leernetwerk_learning:session_check", args=[session.pk, 999999]),
        {"outcome": "done"},
    )
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
async def test_participants_see_the_current_item_minutes_and_actions_live(
    make_session, make_user, network
):
    @database_sync_to_async
    def setup():
        session = with_agenda(make_session())
        return session, make_user(Role.SESSION_ADMIN), make_user()

    session, admin, follower = await setup()
    communicator = await connect(f"/ws/live/session/{session.pk}/", follower)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"

    @database_sync_to_async
    def run():
        theme, round_ = item_ids(session)
        with transaction.atomic():
            services.session_open(session=session, user=admin)
        with transaction.atomic():
            services.session_set_current(session=session, user=admin, item_id=round_)
        with transaction.atomic():
            services.minute_save(
                session=session, user=admin, item_id=round_, text="Iedereen was er"
            )
        with transaction.atomic():
            services.action_record(
                session=session, user=admin, text="Kaart bijwerken", owner=follower
            )
        return round_

    round_ = await run()
    frames = [await communicator.receive_json_from(timeout=5) for _ in range(4)]
    assert [f["event"] for f in frames] == [
        "session.opened",
        "session.item",
        "minutes.changed",
        "action.created",
    ]
    current = frames[1]["data"]
    assert current["current"] == round_
    agenda_html = current["ops"][0]["html"]
    assert f'id="agenda-{round_}"' in agenda_html and "ln-agenda-item--current" in agenda_html
    assert frames[2]["data"]["ops"][0]["target"] == f"#minutes-{round_}"
    assert "Iedereen was er" in frames[2]["data"]["ops"][0]["html"]
    assert "Kaart bijwerken" in frames[3]["data"]["ops"][0]["html"]
    await communicator.disconnect()


@pytest.mark.django_db
def test_checks_summaries_and_cancellations_reach_the_pages_live(make_session, make_user, admin):
    from leernetwerk.kernel.live.selectors import events_after

    def events(session):
        return events_after(f"learning.session.{session.pk}", 0)

    earlier = make_session(starts_at=timezone.now() - timedelta(weeks=6))
    later = make_session(starts_at=timezone.now() + timedelta(days=1))
    action = services.action_record(
        session=earlier, user=admin, text="Kaart bijwerken", owner=admin
    )
    services.action_check(action=action, session=later, user=admin, outcome=CheckOutcome.DONE)
    changed = events(earlier)[-1]
    assert changed.event == "action.changed"
    assert changed.data["ops"][0]["target"] == f"#action-{action.pk}"
    assert "Gedaan" in changed.data["ops"][0]["html"]
    services.summary_publish(session=earlier, user=admin, text="We leerden veel.")
    summary = events(earlier)[-1]
    assert summary.event == "summary.published" and "We leerden veel." in str(summary.data)
    services.session_cancel(session=later, user=admin, reason="Zaal bezet")
    assert events(later)[-1].event == "session.cancelled"
