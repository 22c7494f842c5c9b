"""Proeftuinen (issue #22): a table's solution tried for a limited time, with its cases, measures
and log, reminders before its end, and each of the four decisions that end a term. Every
scenario is literal: dates are counted from today in the test, texts are written out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from leernetwerk.casework.services import score_record
from leernetwerk.kernel.models import Notification, Organisation, OrganisationKind
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import proeftuin as service
from leernetwerk.patterns import services as pattern_services
from leernetwerk.patterns.models import (
    LearningTable,
    Pattern,
    PatternCase,
    PolicyDocument,
    PolicyVersion,
    Proeftuin,
)

pytestmark = pytest.mark.django_db

HYPOTHESIS = (
    "Als de klantmanager direct een voorschot geeft, ontstaat er in de wachttijd geen "
    "huurachterstand."
)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def werktafel():
    return LearningTable.objects.get(name="Werktafel")


@pytest.fixture
def organisations():
    kind = OrganisationKind.objects.get_or_create(name="Gemeente")[0]
    return {
        name: Organisation.objects.create(name=name, kind=kind)
        for name in ("Sociale Dienst Oosterhout", "Woonstichting Het Anker", "Wijkteam Zuid")
    }


@pytest.fixture
def chair(make_user, werktafel):
    user = make_user(Role.PROFESSIONAL, first_name="Carla", last_name="Voorzitter")
    werktafel.chair = user
    werktafel.save()
    return user


@pytest.fixture
def solved(werktafel, manager, make_case):
    """A pattern the werktafel solved in its way of working, with two linked cases."""
    pattern = Pattern.objects.create(
        title="Voorschot bij wachttijd WW",
        description="Inwoners bouwen schulden op tot de eerste WW-betaling.",
        table=werktafel,
        status="in_progress",
    )
    for title in ("Huurachterstand na verlies van werk", "Geen inkomen in de wachttijd"):
        PatternCase.objects.create(pattern=pattern, case=make_case(title=title))
    pattern_services.pattern_transition(
        pattern=pattern,
        user=manager,
        action="solve",
        text="De klantmanager mag direct een voorschot verstrekken.",
    )
    return Pattern.objects.get(pk=pattern.pk)


def _start(pattern, user, owner, *, start=-10, end=170, organisations=(), **fields):
    today = timezone.localdate()
    return service.proeftuin_start(
        pattern=pattern,
        user=user,
        decision=service.starting_decisions(pattern).first(),
        title=fields.pop("title", "Voorschot bij wachttijd"),
        hypothesis=fields.pop("hypothesis", HYPOTHESIS),
        owner=owner,
        starts_on=today + timedelta(days=start),
        ends_on=today + timedelta(days=end),
        organisations=list(organisations),
    )


# --- starting ----------------------------------------------------------------------------------


def test_a_manager_starts_a_proeftuin_from_the_werktafels_solution(
    client, solved, manager, make_user, organisations
):
    owner = make_user(Role.PROFESSIONAL, first_name="Joost", last_name="Verhoeven")
    today = timezone.localdate()
    client.force_login(manager)
    response = client.post(
        f"/netwerk/patronen/{solved.pk}/proeftuin/nieuw/",
        {
            "decision": service.starting_decisions(solved).get().pk,
            "title": "Voorschot bij wachttijd",
            "hypothesis": HYPOTHESIS,
            "owner": owner.pk,
            "organisations": [organisations["Sociale Dienst Oosterhout"].pk],
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=180)).isoformat(),
        },
    )
    proeftuin = Proeftuin.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/netwerk/patronen/proeftuinen/{proeftuin.pk}/"
    assert (proeftuin.owner, proeftuin.state, proeftuin.get_state_display()) == (
        owner,
        "running",
        "Loopt",
    )
    assert [o.name for o in proeftuin.organisations.all()] == ["Sociale Dienst Oosterhout"]
    # The owner hears of it; the log starts with the hypothesis.
    told = Notification.objects.get(user=owner, kind="pattern.proeftuin")
    assert told.url == f"/netwerk/patronen/proeftuinen/{proeftuin.pk}/"
    assert [(e.kind, e.text) for e in proeftuin.entries.all()] == [("start", HYPOTHESIS)]
    # The pattern's page shows it under "Proeftuinen".
    page = client.get(f"/netwerk/patronen/{solved.pk}/").content.decode()
    assert (
        "Voorschot bij wachttijd" in page
        and f"/netwerk/patronen/proeftuinen/{proeftuin.pk}/" in page
    )


def test_a_pattern_without_a_solution_or_decision_has_nothing_to_try(client, werktafel, manager):
    pattern = Pattern.objects.create(
        title="Jongeren vallen tussen Jeugdwet en Wmo",
        description="Bij de achttiende verjaardag stopt de hulp.",
        table=werktafel,
        status="in_progress",
    )
    assert service.may_start(manager, pattern) is False
    client.force_login(manager)
    assert client.get(f"/netwerk/patronen/{pattern.pk}/proeftuin/nieuw/").status_code == 403
    assert (
        "Start een proeftuin" not in client.get(f"/netwerk/patronen/{pattern.pk}/").content.decode()
    )


def test_only_who_may_move_the_pattern_starts_one(solved, professional, manager):
    """A professional who does not sit at the werktafel may not; a manager may."""
    assert service.may_start(professional, solved) is False
    with pytest.raises(PermissionDenied):
        _start(solved, professional, professional)
    assert service.may_start(manager, solved) is True


def test_a_proeftuin_is_time_boxed(solved, manager):
    with pytest.raises(ValidationError) as error:
        _start(solved, manager, manager, start=0, end=0)
    assert error.value.message_dict["ends_on"] == ["De einddatum moet na de begindatum liggen."]
    with pytest.raises(ValidationError) as error:
        _start(solved, manager, manager, start=0, end=731)
    assert "hooguit 730 dagen" in error.value.message_dict["ends_on"][0]
    assert Proeftuin.objects.count() == 0
    assert _start(solved, manager, manager, start=0, end=730).ends_on == (
        timezone.localdate() + timedelta(days=730)
    )


def test_the_hypothesis_passes_the_privacy_guard_and_nothing_is_stored(solved, manager):
    with pytest.raises(ValidationError) as error:
        _start(
            solved,
            manager,
            manager,
            hypothesis="Mevrouw met BSN 111222333 krijgt als eerste een voorschot.",
        )
    assert "BSN" in " ".join(error.value.messages)
    assert Proeftuin.objects.count() == 0


def test_the_start_form_keeps_what_was_typed_and_says_what_is_wrong(client, solved, manager):
    client.force_login(manager)
    today = timezone.localdate()
    response = client.post(
        f"/netwerk/patronen/{solved.pk}/proeftuin/nieuw/",
        {
            "decision": service.starting_decisions(solved).get().pk,
            "title": "Voorschot bij wachttijd",
            "hypothesis": "Mail jan.jansen@example.nl als het voorschot niet komt.",
            "owner": manager.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "De einddatum moet na de begindatum liggen." in page
    assert "Voorschot bij wachttijd" in page  # the typed name is still there
    assert Proeftuin.objects.count() == 0


# --- keeping it: cases, measures, notes -----------------------------------------------------------


def test_the_owner_adds_the_patterns_cases_measures_and_notes(client, solved, manager, make_user):
    owner = make_user(Role.PROFESSIONAL)  # not at the werktafel: keeps it, does not decide it
    proeftuin = _start(solved, manager, owner)
    client.force_login(owner)
    url = f"/netwerk/patronen/proeftuinen/{proeftuin.pk}/"
    cases = list(service.addable_cases(proeftuin))
    assert sorted(c.title for c in cases) == [
        "Geen inkomen in de wachttijd",
        "Huurachterstand na verlies van werk",
    ]
    response = client.post(url, {"step": "cases", "cases-cases": [c.pk for c in cases]})
    assert response.status_code == 302
    assert (
        client.post(
            url,
            {
                "step": "measure",
                "measure-label": "Huishoudens met een voorschot",
                "measure-value": "31",
                "measure-measured_on": timezone.localdate().isoformat(),
            },
        ).status_code
        == 302
    )
    client.post(url, {"step": "note", "note-text": "De corporatie stelt incasso uit."})
    page = client.get(url).content.decode()
    assert "Casussen in de proeftuin (2)" in page
    assert "Huishoudens met een voorschot" in page and "31" in page
    assert "De corporatie stelt incasso uit." in page
    assert [e.kind for e in proeftuin.entries.all()] == ["start", "case", "measure", "note"]
    # The log counts cases and names none of them (every member reads it).
    assert proeftuin.entries.get(kind="case").text == "2"
    assert service.addable_cases(proeftuin).count() == 0
    # The owner does not take the table's decision.
    assert service.may_decide(owner, proeftuin) is False
    assert (
        client.post(
            url, {"step": "decide", "decide-decision": "stop", "decide-reasons": "Werkt niet."}
        ).status_code
        == 403
    )


def test_a_measure_in_the_future_or_with_personal_data_is_refused(client, solved, manager):
    proeftuin = _start(solved, manager, manager)
    client.force_login(manager)
    url = f"/netwerk/patronen/proeftuinen/{proeftuin.pk}/"
    response = client.post(
        url,
        {
            "step": "measure",
            "measure-label": "Huishoudens met een voorschot",
            "measure-value": "3",
            "measure-measured_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Een meting kan niet in de toekomst liggen." in response.content.decode()
    response = client.post(
        url, {"step": "note", "note-text": "Bel 06-12345678 voor de stand van zaken."}
    )
    assert response.status_code == 200
    assert "06-12345678" in response.content.decode()  # kept in the form to be corrected
    assert proeftuin.measures.count() == 0 and proeftuin.entries.count() == 1


def test_an_unknown_step_or_nonsense_is_a_message_not_an_error(client, solved, manager):
    proeftuin = _start(solved, manager, manager)
    client.force_login(manager)
    url = f"/netwerk/patronen/proeftuinen/{proeftuin.pk}/"
    response = client.post(url, {"step": "opblazen"}, follow=True)
    assert response.status_code == 200
    assert "Onbekende stap." in response.content.decode()
    response = client.post(url, {"step": "measure", "measure-value": "veel"})
    assert response.status_code == 200
    assert client.get("/netwerk/patronen/proeftuinen/999999/").status_code == 404


def test_residents_marks_show_only_from_the_minimum_of_residents(solved, manager, settings):
    settings.LEERNETWERK_SCORE_MIN_RESIDENTS = 2
    proeftuin = _start(solved, manager, manager)
    cases = list(service.addable_cases(proeftuin))
    service.proeftuin_add_cases(proeftuin=proeftuin, user=manager, cases=cases[:1])
    for case, (before, after) in zip(cases, [(4, 7), (5, 8)], strict=True):
        score_record(case=case, user=case.owner, moment="intake", score=before)
        score_record(case=case, user=case.owner, moment="solution", score=after)
    scores = service.proeftuin_scores(proeftuin)
    assert (scores.n, scores.shown, scores.median_after) == (1, False, None)
    service.proeftuin_add_cases(proeftuin=proeftuin, user=manager, cases=cases[1:])
    scores = service.proeftuin_scores(proeftuin)
    assert (scores.n, scores.shown, scores.median_before, scores.median_after) == (
        2,
        True,
        4.5,
        7.5,
    )


# --- the decisions that end a term ---------------------------------------------------------------


def test_extend_gives_a_new_end_date_and_it_runs_on(solved, manager):
    proeftuin = _start(solved, manager, manager, start=-180, end=-1)
    assert proeftuin.state == "to_decide"
    new_end = timezone.localdate() + timedelta(days=90)
    proeftuin = service.proeftuin_decide(
        proeftuin=proeftuin,
        user=manager,
        decision="extend",
        reasons="Te weinig huishoudens om al te beslissen.",
        ends_on=new_end,
    )
    assert (proeftuin.state, proeftuin.ends_on, proeftuin.outcome) == ("running", new_end, "extend")
    entry = proeftuin.entries.latest("pk")
    assert (entry.kind, entry.text, entry.ends_on) == (
        "extend",
        "Te weinig huishoudens om al te beslissen.",
        new_end,
    )


def test_extend_needs_a_new_end_date_after_today_and_the_current_one(solved, manager):
    proeftuin = _start(solved, manager, manager, start=-10, end=30)
    with pytest.raises(ValidationError) as error:
        service.proeftuin_decide(
            proeftuin=proeftuin, user=manager, decision="extend", reasons="Nog even door."
        )
    assert error.value.message_dict["ends_on"] == ["Geef de nieuwe einddatum."]
    with pytest.raises(ValidationError):
        service.proeftuin_decide(
            proeftuin=proeftuin,
            user=manager,
            decision="extend",
            reasons="Nog even door.",
            ends_on=timezone.localdate() + timedelta(days=20),
        )
    proeftuin.refresh_from_db()
    assert proeftuin.ends_on == timezone.localdate() + timedelta(days=30)


def test_scale_up_takes_in_more_organisations(solved, manager, organisations):
    first = organisations["Sociale Dienst Oosterhout"]
    proeftuin = _start(solved, manager, manager, organisations=[first])
    with pytest.raises(ValidationError) as error:  # no organisation joins: no scaling up
        service.proeftuin_decide(
            proeftuin=proeftuin,
            user=manager,
            decision="scale_up",
            reasons="Het werkt; meer partners doen mee.",
            ends_on=timezone.localdate() + timedelta(days=365),
            organisations=[first],
        )
    assert "organisaties" in error.value.message_dict["organisations"][0]
    service.proeftuin_decide(
        proeftuin=proeftuin,
        user=manager,
        decision="scale_up",
        reasons="Het werkt; meer partners doen mee.",
        ends_on=timezone.localdate() + timedelta(days=365),
        organisations=[organisations["Woonstichting Het Anker"]],
    )
    proeftuin.refresh_from_db()
    assert sorted(o.name for o in proeftuin.organisations.all()) == [
        "Sociale Dienst Oosterhout",
        "Woonstichting Het Anker",
    ]
    assert (proeftuin.state, proeftuin.outcome) == ("running", "scale_up")


def test_make_structural_points_at_the_agreement_version_and_ends_it(client, solved, manager):
    document = PolicyDocument.objects.create(
        title="Werkafspraken voorschot bij wachttijd WW", kind="werkafspraken"
    )
    version = PolicyVersion.objects.create(
        document=document, number=1, text="<p>Voorschot.</p>", status="concept"
    )
    proeftuin = _start(solved, manager, manager, start=-180, end=-3)
    client.force_login(manager)
    url = f"/netwerk/patronen/proeftuinen/{proeftuin.pk}/"
    response = client.post(
        url,
        {
            "step": "decide",
            "decide-decision": "structural",
            "decide-reasons": "Op één na geen nieuwe huurachterstand: dit wordt de afspraak.",
            "decide-policy_version": version.pk,
        },
    )
    assert response.status_code == 302
    proeftuin.refresh_from_db()
    assert (proeftuin.state, proeftuin.policy_version, proeftuin.is_ended) == (
        "structural",
        version,
        True,
    )
    page = client.get(url).content.decode()
    assert "Werkafspraken voorschot bij wachttijd WW" in page
    assert "Structureel maken" in page
    # Ended: nobody keeps or decides it any more.
    assert service.may_keep(manager, proeftuin) is False
    assert service.may_decide(manager, proeftuin) is False
    assert client.post(url, {"step": "note", "note-text": "Nog iets."}).status_code == 403


def test_structural_before_the_version_exists_links_it_later(solved, manager):
    proeftuin = _start(solved, manager, manager)
    service.proeftuin_decide(
        proeftuin=proeftuin,
        user=manager,
        decision="structural",
        reasons="Het werkt; beleid schrijft de werkafspraak.",
    )
    proeftuin.refresh_from_db()
    assert service.may_link_version(manager, proeftuin) is True
    document = PolicyDocument.objects.create(title="Werkafspraken voorschot", kind="werkafspraken")
    version = PolicyVersion.objects.create(document=document, number=1, status="concept")
    service.proeftuin_link_version(proeftuin=proeftuin, user=manager, policy_version=version)
    proeftuin.refresh_from_db()
    assert proeftuin.policy_version == version
    assert service.may_link_version(manager, proeftuin) is False
    assert proeftuin.entries.latest("pk").kind == "version"


def test_stop_ends_it_with_its_reasons(solved, manager, make_user):
    owner = make_user(Role.PROFESSIONAL, first_name="Noor", last_name="van Dalen")
    proeftuin = _start(solved, manager, owner)
    service.proeftuin_decide(
        proeftuin=proeftuin,
        user=manager,
        decision="stop",
        reasons="De corporatie kon de incasso niet uitstellen.",
    )
    proeftuin.refresh_from_db()
    assert (proeftuin.state, proeftuin.get_state_display()) == ("stopped", "Gestopt")
    told = Notification.objects.filter(user=owner, kind="pattern.proeftuin").latest("pk")
    assert told.title == "Proeftuin “Voorschot bij wachttijd”: Stoppen"
    assert told.body == "De corporatie kon de incasso niet uitstellen."
    with pytest.raises(ValidationError) as error:
        service.proeftuin_decide(
            proeftuin=_start(solved, manager, owner, title="Tweede poging"),
            user=manager,
            decision="stop",
            reasons="  ",
        )
    assert error.value.message_dict["reasons"] == ["Geef de redenen voor dit besluit."]


# --- reminders ---------------------------------------------------------------------------------


def _reminders(user):
    return list(
        Notification.objects.filter(user=user, kind="proeftuin.reminder")
        .order_by("pk")
        .values_list("key", flat=True)
    )


def test_the_owner_is_reminded_14_and_3_days_before_the_end_once_each(solved, manager, make_user):
    owner = make_user(Role.PROFESSIONAL)
    proeftuin = _start(solved, manager, owner, start=-100, end=20)
    today = timezone.localdate()
    end = proeftuin.ends_on.isoformat()
    assert service.remind_proeftuinen(today=today) == 0  # 20 days left: not yet
    assert service.remind_proeftuinen(today=today + timedelta(days=6)) == 1  # 14 days left
    assert service.remind_proeftuinen(today=today + timedelta(days=7)) == 0  # told already
    assert service.remind_proeftuinen(today=today + timedelta(days=17)) == 1  # 3 days left
    assert service.remind_proeftuinen(today=today + timedelta(days=18)) == 0
    assert _reminders(owner) == [
        f"proeftuin.ending.{proeftuin.pk}.{end}.14",
        f"proeftuin.ending.{proeftuin.pk}.{end}.3",
    ]


def test_past_its_end_without_a_decision_the_owner_and_the_chair_are_told_once(
    solved, manager, make_user, chair
):
    owner = make_user(Role.PROFESSIONAL)
    proeftuin = _start(solved, manager, owner, start=-100, end=-1)
    assert service.remind_proeftuinen() == 2
    assert service.remind_proeftuinen() == 0
    assert _reminders(chair) == [f"proeftuin.due.{proeftuin.pk}.{proeftuin.ends_on.isoformat()}"]
    # Extended: the new end date brings its own reminders; decided: no more.
    service.proeftuin_decide(
        proeftuin=proeftuin,
        user=manager,
        decision="extend",
        reasons="Nog drie maanden.",
        ends_on=timezone.localdate() + timedelta(days=3),
    )
    assert service.remind_proeftuinen() == 1
    service.proeftuin_decide(proeftuin=proeftuin, user=manager, decision="stop", reasons="Klaar.")
    assert service.remind_proeftuinen(today=timezone.localdate() + timedelta(days=10)) == 0


def test_the_daily_command_sends_the_reminders(solved, manager, make_user):
    owner = make_user(Role.PROFESSIONAL)
    _start(solved, manager, owner, start=-100, end=2)
    call_command("notify_overdue_patterns", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(_reminders(owner)) == 1


# --- where it shows: the board, the overview, the dashboard ------------------------------------


def test_the_board_card_carries_the_proeftuin_badge(client, solved, manager, network):
    client.force_login(manager)
    board = network["board"].url
    assert "Proeftuin tot" not in client.get(board).content.decode()
    proeftuin = _start(solved, manager, manager, start=-10, end=40)
    end = proeftuin.ends_on.strftime("%d-%m-%Y")
    assert f"Proeftuin tot {end}" in client.get(board).content.decode()
    service.proeftuin_decide(
        proeftuin=proeftuin, user=manager, decision="structural", reasons="Het werkt."
    )
    page = client.get(board).content.decode()
    assert "Proeftuin: structureel gemaakt" in page and f"Proeftuin tot {end}" not in page


def test_the_overview_and_the_dashboard_count_them_by_where_they_stand(
    client, solved, manager, werktafel
):
    _start(solved, manager, manager, title="Loopt nog", start=-10, end=40)
    _start(solved, manager, manager, title="Nog niet begonnen", start=5, end=90)
    _start(solved, manager, manager, title="Besluit nodig", start=-90, end=-2)
    stopped = _start(solved, manager, manager, title="Gestopte proef", start=-90, end=10)
    service.proeftuin_decide(proeftuin=stopped, user=manager, decision="stop", reasons="Mislukt.")
    figures = service.proeftuin_figures()
    assert (
        figures.planned,
        figures.running,
        figures.to_decide,
        figures.structural,
        figures.stopped,
    ) == (1, 1, 1, 0, 1)
    client.force_login(manager)
    overview = client.get("/netwerk/patronen/proeftuinen/").content.decode()
    assert (
        overview.index("Besluit nodig")
        < overview.index("Loopt nog")
        < overview.index("Nog niet begonnen")
        < overview.index("Gestopte proef")
    )
    dashboard = client.get("/netwerk/leren/dashboard/").content.decode()
    assert "Proeftuinen naar waar ze staan" in dashboard
    assert "Proeftuinen die lopen" in dashboard


def test_a_member_export_and_erasure_cover_proeftuinen(solved, manager, make_user):
    from django.contrib.auth import get_user_model

    from leernetwerk.kernel.members.privacy import (
        erasure_confirm,
        erasure_request_create,
        member_export,
    )

    owner = make_user(Role.PROFESSIONAL)
    proeftuin = _start(solved, manager, owner)
    service.proeftuin_note(proeftuin=proeftuin, user=owner, text="Eerste week loopt goed.")
    exported = member_export(user=owner)["proeftuinen"]
    assert [t["title"] for t in exported["mine"]] == ["Voorschot bij wachttijd"]
    assert [e["text"] for e in exported["log"]] == ["Eerste week loopt goed."]
    admin = get_user_model().objects.create_superuser("beheer-test", "b@example.test", "x")
    erasure_confirm(request=erasure_request_create(user=owner), by=admin)
    proeftuin.refresh_from_db()
    assert proeftuin.owner is None  # still running: a colleague takes it over


def test_a_decision_moves_the_card_live_on_every_board(
    solved, manager, django_capture_on_commit_callbacks
):
    from leernetwerk.kernel.live.models import LiveEvent

    proeftuin = _start(solved, manager, manager)
    with django_capture_on_commit_callbacks(execute=True):
        service.proeftuin_decide(
            proeftuin=proeftuin, user=manager, decision="stop", reasons="Mislukt."
        )
    event = LiveEvent.objects.filter(stream__key="patterns.board").latest("seq")
    assert (event.payload["pattern"], event.payload["action"]) == (solved.pk, "proeftuin")
    assert {"op": "remove", "target": f"#pattern-card-{solved.pk}"} in event.payload["ops"]
