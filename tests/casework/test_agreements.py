"""Agreements at the MDO (issue #20): recorded on the case, checked after six weeks, and a
missed agreement becomes a case signal — once — that counts toward candidate patterns."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.casework import services
from leernetwerk.casework.constants import AgreementStatus
from leernetwerk.casework.models import Agreement, AgreementCheck
from leernetwerk.casework.selectors import case_signal_facts
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.models import Organisation, OrganisationKind
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns.models import PatternCandidate

pytestmark = pytest.mark.django_db

WHAT = "Het wijkteam regelt binnen een week een briefadres"


@pytest.fixture
def wijkteam(network):
    return Organisation.objects.create(
        name="Wijkteam Noord", kind=OrganisationKind.objects.get(name="Wijkteam")
    )


@pytest.fixture
def author(make_user):
    return make_user(Role.PROFESSIONAL, first_name="Fatima", last_name="El Amrani")


@pytest.fixture
def owner(make_user):
    return make_user(Role.PROFESSIONAL, first_name="Joost", last_name="de Vries")


@pytest.fixture
def case(make_case, author):
    return make_case(owner=author)


@pytest.fixture
def agreement(case, author, owner, wijkteam):
    return services.agreement_add(
        case=case, user=author, what=WHAT, organisation=wijkteam, owner=owner
    )


@pytest.fixture(autouse=True)
def _dutch():
    """The messages are the Dutch interface's (the default language)."""
    with translation.override("nl"):
        yield


def _today():
    return timezone.localdate()


# --- recording ---------------------------------------------------------------------------------


def test_an_agreement_is_checked_six_weeks_later_and_its_owner_is_told(agreement, owner, case):
    assert agreement.check_due - agreement.agreed_on == timedelta(days=42)
    assert agreement.status == AgreementStatus.OPEN
    notification = owner.notifications.get()
    assert notification.kind == "agreement.owned"
    assert case.title in notification.title and WHAT in notification.body
    assert notification.url.endswith(f"#agreement-{agreement.pk}")
    (frame,) = events_after(f"casework.case.{case.pk}", 0)
    assert frame.event == "agreement.added"
    assert WHAT in frame.data["ops"][0]["html"]


def test_an_mdo_recorded_late_is_checked_today_at_the_earliest(case, author):
    agreed = _today() - timedelta(days=60)
    agreement = services.agreement_add(
        case=case, user=author, what=WHAT, party="resident", agreed_on=agreed
    )
    assert agreement.check_due == _today()


def test_the_check_period_is_a_setting(case, author, settings):
    settings.LEERNETWERK_AGREEMENT_CHECK_WEEKS = 4
    agreement = services.agreement_add(case=case, user=author, what=WHAT, party="network")
    assert agreement.check_due == _today() + timedelta(days=28)


def test_only_the_author_or_a_manager_records_agreements(case, make_user, owner):
    with pytest.raises(PermissionDenied):
        services.agreement_add(case=case, user=owner, what=WHAT, party="resident")
    assert services.agreement_add(
        case=case, user=make_user(Role.MANAGER), what=WHAT, party="resident"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"party": "organisation"}, "organisation", "Zeg welke organisatie de afspraak uitvoert."),
        (
            {"party": "resident", "agreed_on": "tomorrow"},
            "agreed_on",
            "Een afspraak leg je vast nadat ze gemaakt is: kies vandaag of eerder.",
        ),
        (
            {"party": "resident", "check_due": "yesterday"},
            "check_due",
            "De check komt na de afspraak: kies een latere datum.",
        ),
    ],
)
def test_what_is_wrong_is_said_per_field(case, author, fields, field, message):
    dates = {"tomorrow": _today() + timedelta(days=1), "yesterday": _today() - timedelta(days=1)}
    fields = {k: dates.get(v, v) for k, v in fields.items()}
    with pytest.raises(ValidationError) as error:
        services.agreement_add(case=case, user=author, what=WHAT, **fields)
    assert error.value.message_dict[field] == [message]
    assert not Agreement.objects.exists()


def test_personal_data_in_an_agreement_is_blocked(case, author):
    with pytest.raises(ValidationError) as error:
        services.agreement_add(
            case=case,
            user=author,
            what="Mail de stukken naar j.jansen@example.nl voor vrijdag",
            party="resident",
        )
    assert "e-mail" in error.value.message_dict["what"][0].lower()
    assert not Agreement.objects.exists()


# --- the six-week check ------------------------------------------------------------------------


def test_done_closes_the_agreement_without_a_signal(agreement, owner, author):
    services.agreement_check(agreement=agreement, user=owner, outcome="done")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE
    assert agreement.signalled_at is None
    told = author.notifications.get(kind="agreement.checked")
    assert told.title.endswith("is gecheckt: gedaan")
    # Shown in the reader's language, whatever was active when it was sent.
    from django.utils import translation

    with translation.override("en"):
        assert told.shown_title.endswith("was checked: done")


def test_not_done_needs_a_reason_and_becomes_a_signal_once(
    agreement, owner, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        services.agreement_check(agreement=agreement, user=owner, outcome="not_done")
    assert "note" in error.value.message_dict
    assert not AgreementCheck.objects.exists()
    with django_capture_on_commit_callbacks() as callbacks:
        services.agreement_check(
            agreement=agreement,
            user=owner,
            outcome="not_done",
            note="De wachtlijst voor een briefadres is drie maanden",
        )
    assert len(callbacks) >= 1
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NOT_DONE
    first_signal = agreement.signalled_at
    assert first_signal is not None
    facts = case_signal_facts([agreement.case_id])
    assert facts.missed_agreements == [(agreement.case_id, agreement.created_by_id, first_signal)]
    # Checked once: a second check is refused, and the daily run adds no second signal.
    with pytest.raises(ValidationError):
        services.agreement_check(agreement=agreement, user=owner, outcome="done")
    services.agreements_remind(today=_today() + timedelta(days=100))
    agreement.refresh_from_db()
    assert agreement.signalled_at == first_signal


def test_changed_reschedules_the_check_and_keeps_the_trail(agreement, author):
    with pytest.raises(ValidationError) as error:
        services.agreement_check(agreement=agreement, user=author, outcome="changed")
    assert "note" in error.value.message_dict
    services.agreement_check(
        agreement=agreement,
        user=author,
        outcome="changed",
        note="Nu via de kerk als postadres",
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.OPEN
    assert agreement.check_due == _today() + timedelta(days=42)
    services.agreement_check(agreement=agreement, user=author, outcome="done")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.DONE
    assert list(agreement.checks.values_list("outcome", "note")) == [
        ("changed", "Nu via de kerk als postadres"),
        ("done", ""),
    ]


def test_changed_cannot_be_checked_again_in_the_past(agreement, author):
    with pytest.raises(ValidationError) as error:
        services.agreement_check(
            agreement=agreement,
            user=author,
            outcome="changed",
            note="Andere aanpak",
            next_check=_today(),
        )
    assert "next_check" in error.value.message_dict


def test_the_owner_the_author_and_managers_check_nobody_else(agreement, make_user):
    with pytest.raises(PermissionDenied):
        services.agreement_check(agreement=agreement, user=make_user(), outcome="done")
    services.agreement_check(agreement=agreement, user=make_user(Role.MANAGER), outcome="done")


def test_a_check_explanation_with_a_bsn_is_blocked(agreement, owner):
    with pytest.raises(ValidationError) as error:
        services.agreement_check(
            agreement=agreement, user=owner, outcome="not_done", note="BSN 111222333 klopt niet"
        )
    assert "BSN" in error.value.message_dict["note"][0]
    assert not AgreementCheck.objects.exists()


# --- reminders and the missed check ------------------------------------------------------------


def test_the_reminder_goes_once_three_days_before_the_check(agreement, owner, author):
    due = agreement.check_due
    assert services.agreements_remind(today=due - timedelta(days=4)) == (0, 0)
    assert services.agreements_remind(today=due - timedelta(days=3)) == (1, 0)
    assert services.agreements_remind(today=due - timedelta(days=2)) == (0, 0)
    assert owner.notifications.filter(kind="agreement.check_due").count() == 1
    assert author.notifications.filter(kind="agreement.check_due").count() == 1


def test_an_unchecked_agreement_past_its_date_becomes_a_signal_once(
    agreement, owner, author, django_capture_on_commit_callbacks
):
    due = agreement.check_due
    assert services.agreements_remind(today=due) == (1, 0)  # due today: not missed yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.agreements_remind(today=due + timedelta(days=1)) == (0, 1)
    assert services.agreements_remind(today=due + timedelta(days=2)) == (0, 0)
    agreement.refresh_from_db()
    assert agreement.is_signal and agreement.status == AgreementStatus.OPEN
    assert author.notifications.filter(kind="agreement.missed").count() == 1
    assert owner.notifications.filter(kind="agreement.missed").count() == 1
    # Checked late as done: the missed check stays a signal.
    services.agreement_check(agreement=agreement, user=owner, outcome="done")
    agreement.refresh_from_db()
    assert agreement.signalled_at is not None


def test_a_date_passed_unreminded_gets_the_missed_notice_only(agreement, owner):
    assert services.agreements_remind(today=agreement.check_due + timedelta(days=5)) == (0, 1)
    assert not owner.notifications.filter(kind="agreement.check_due").exists()
    assert owner.notifications.filter(kind="agreement.missed").count() == 1


def test_a_changed_agreement_is_reminded_again_for_its_new_date(agreement, author):
    due = agreement.check_due
    services.agreements_remind(today=due - timedelta(days=3))
    services.agreement_check(
        agreement=agreement, user=author, outcome="changed", note="Andere organisatie"
    )
    agreement.refresh_from_db()
    assert agreement.reminded_at is None
    assert services.agreements_remind(today=agreement.check_due) == (1, 0)


def test_the_daily_command_reports_what_it_did(agreement, capsys):
    from django.core.management import call_command

    call_command("check_agreements")
    assert "0 agreement check(s) reminded; 0 missed agreement(s) signalled." in (
        capsys.readouterr().out
    )


# --- a missed agreement counts toward a candidate pattern ---------------------------------------


SCHULDHULP = (
    "De wachttijd voor een eerste gesprek bij de schuldhulp is zes weken, terwijl de wet bij "
    "dreigende ontruiming of afsluiting van energie een gesprek binnen drie werkdagen vraagt."
)


def test_a_missed_agreement_is_the_third_signal_of_a_candidate(
    make_case, make_user, django_capture_on_commit_callbacks
):
    from leernetwerk.casework.models import KnelpuntType

    anna, bram = make_user(), make_user()
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(
            owner=anna,
            knelpunt=SCHULDHULP,
            knelpunt_type=KnelpuntType.objects.get(name="Organisatie / capaciteit"),
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.recognition_add(case=case, user=bram, note="Ook in Zuid")
    assert not PatternCandidate.objects.exists()  # two signals so far
    agreement = services.agreement_add(
        case=case, user=anna, what="Schuldhulp plant een crisisintake", party="resident"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_check(
            agreement=agreement,
            user=anna,
            outcome="not_done",
            note="De wachtlijst liet geen crisisintake toe",
        )
    candidate = PatternCandidate.objects.get()
    assert (candidate.signal_count, candidate.people_count, candidate.missed_agreements) == (
        3,
        2,
        1,
    )


# --- the pages ---------------------------------------------------------------------------------


def test_the_case_page_shows_agreements_and_the_check_form_to_those_who_check(
    client, case, agreement, make_user, owner
):
    other = make_user()
    client.force_login(other)
    html = client.get(case.url).content.decode()
    assert WHAT in html and "Wijkteam Noord" in html
    assert reverse("leernetwerk_casework:agreement_check", args=[agreement.pk]) not in html
    client.force_login(owner)
    html = client.get(case.url).content.decode()
    assert reverse("leernetwerk_casework:agreement_check", args=[agreement.pk]) in html


def test_recording_through_the_page_and_a_bad_date_loses_nothing(client, case, author, wijkteam):
    client.force_login(author)
    url = reverse("leernetwerk_casework:agreement_add", args=[case.pk])
    bad = client.post(
        url,
        {"what": WHAT, "party": "organisation", "organisation": wijkteam.pk, "agreed_on": "31-02"},
        HTTP_ACCEPT="application/json",
    )
    assert bad.status_code == 400
    assert "agreed_on" in json.loads(bad.content)["errors"]
    assert not Agreement.objects.exists()
    good = client.post(
        url,
        {
            "what": WHAT,
            "party": "organisation",
            "organisation": wijkteam.pk,
            "agreed_on": _today().isoformat(),
        },
    )
    assert good.status_code == 302
    assert Agreement.objects.get().what == WHAT


def test_checking_through_the_page(client, agreement, owner):
    client.force_login(owner)
    url = reverse("leernetwerk_casework:agreement_check", args=[agreement.pk])
    missing = client.post(url, {"outcome": "not_done"}, HTTP_ACCEPT="application/json")
    assert missing.status_code == 400
    response = client.post(url, {"outcome": "not_done", "note": "Geen plek bij de opvang"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NOT_DONE and agreement.is_signal


def test_my_actions_lists_the_agreements_to_check(client, agreement, owner, make_user):
    client.force_login(owner)
    html = client.get(reverse("leernetwerk_learning:my_actions")).content.decode()
    assert WHAT in html and agreement.case.title in html
    client.force_login(make_user())
    html = client.get(reverse("leernetwerk_learning:my_actions")).content.decode()
    assert WHAT not in html


def test_case_page_queries_do_not_grow_with_agreements(client, case, author, owner, wijkteam):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(case.url).status_code == 200
        return len(captured)

    client.force_login(owner)
    services.agreement_add(case=case, user=author, what=WHAT, organisation=wijkteam, owner=owner)
    client.get(case.url)
    one = queries()
    for n in range(8):
        agreement = services.agreement_add(
            case=case, user=author, what=f"Afspraak {n}", party="resident", owner=owner
        )
        services.agreement_check(agreement=agreement, user=author, outcome="changed", note="Anders")
    assert queries() == one


# --- privacy -----------------------------------------------------------------------------------


def test_the_export_holds_agreements_and_checks(agreement, owner, author):
    from leernetwerk.casework.privacy import member_export_part

    services.agreement_check(agreement=agreement, user=owner, outcome="not_done", note="Te laat")
    part = member_export_part(owner)["agreements"]
    assert [(a["what"], a["you_own_it"], a["you_recorded_it"]) for a in part["agreements"]] == [
        (WHAT, True, False)
    ]
    assert [(c["outcome"], c["note"]) for c in part["checks"]] == [("not_done", "Te laat")]
    mine = member_export_part(author)["agreements"]
    assert [a["you_recorded_it"] for a in mine["agreements"]] == [True]


def test_anonymising_the_case_removes_agreement_texts(agreement, owner, case):
    services.agreement_check(
        agreement=agreement, user=owner, outcome="not_done", note="Geen plek bij de opvang"
    )
    services.case_anonymise(case=case)
    agreement.refresh_from_db()
    assert agreement.what == services.ANONYMISED
    assert agreement.checks.get().note == services.ANONYMISED
    assert not events_after(f"casework.case.{case.pk}", 0)


def test_my_actions_queries_do_not_grow_with_agreements(client, case, author, owner, wijkteam):
    client.force_login(owner)
    url = reverse("leernetwerk_learning:my_actions")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.agreement_add(case=case, user=author, what=WHAT, organisation=wijkteam, owner=owner)
    client.get(url)
    one = queries()
    for n in range(8):
        services.agreement_add(
            case=case, user=author, what=f"Afspraak {n}", party="resident", owner=owner
        )
    assert queries() == one
