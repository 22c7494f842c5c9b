"""From case to outcome (issue #20): the resident's mark, the overgangsmoment and kind of
solution, closing a case, and the precedent library with similar precedents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.casework import services
from leernetwerk.casework.constants import CaseStatus
from leernetwerk.casework.models import (
    CasePage,
    Doorbraak,
    Law,
    Precedent,
    ResidentScore,
    Transition,
)
from leernetwerk.kernel.roles import Role
from tests.toets import GO, REQUEST_TOETS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    """The messages and labels are the Dutch interface's (the default language)."""
    with translation.override("nl"):
        yield


def _today():
    return timezone.localdate()


@pytest.fixture
def author(make_user):
    return make_user(Role.PROFESSIONAL)


@pytest.fixture
def case(make_case, author):
    return make_case(owner=author, maatwerk="Een voorschot uit het maatwerkbudget")


# --- the resident's mark -----------------------------------------------------------------------


def test_marks_are_recorded_per_moment_and_corrected_by_recording_again(case, author):
    start = _today() - timedelta(days=90)
    services.score_record(case=case, user=author, moment="intake", score=4, scored_on=start)
    services.score_record(case=case, user=author, moment="solution", score=6)
    services.score_record(case=case, user=author, moment="solution", score=7)
    assert sorted(ResidentScore.objects.values_list("moment", "score")) == [
        ("intake", 4),
        ("solution", 7),
    ]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"moment": "intake", "score": 0}, "score"),
        ({"moment": "intake", "score": 11}, "score"),
        ({"moment": "intake", "score": 5, "scored_on": "tomorrow"}, "scored_on"),
        ({"moment": "one_year", "score": 8}, "moment"),
        ({"moment": "later", "score": 8}, "moment"),
    ],
)
def test_a_mark_out_of_bounds_is_refused(case, author, fields, field):
    if fields.get("scored_on") == "tomorrow":
        fields["scored_on"] = _today() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.score_record(case=case, user=author, **fields)
    assert field in error.value.message_dict
    assert not ResidentScore.objects.exists()


def test_the_one_year_mark_comes_a_year_after_the_solution(case, author):
    services.score_record(
        case=case,
        user=author,
        moment="solution",
        score=7,
        scored_on=_today() - timedelta(days=100),
    )
    with pytest.raises(ValidationError) as error:
        services.score_record(case=case, user=author, moment="one_year", score=8)
    assert "scored_on" in error.value.message_dict


def test_only_the_author_or_a_manager_records_a_mark(case, make_user):
    with pytest.raises(PermissionDenied):
        services.score_record(case=case, user=make_user(), moment="intake", score=5)
    services.score_record(case=case, user=make_user(Role.MANAGER), moment="intake", score=5)


def test_the_one_year_mark_is_reminded_once(case, author):
    services.score_record(
        case=case,
        user=author,
        moment="solution",
        score=7,
        scored_on=_today() - timedelta(days=364),
    )
    assert services.scores_remind() == 0
    assert services.scores_remind(today=_today() + timedelta(days=1)) == 1
    assert services.scores_remind(today=_today() + timedelta(days=2)) == 0
    note = author.notifications.get(kind="score.one_year_due")
    assert note.url.endswith("#scores")


def test_the_mark_shows_on_the_case_and_nowhere_else(client, case, author, make_user, network):
    services.score_record(
        case=case,
        user=author,
        moment="intake",
        score=3,
        scored_on=_today() - timedelta(days=30),
    )
    services.score_record(case=case, user=author, moment="solution", score=9)
    client.force_login(make_user())
    page = client.get(case.url).content.decode()
    assert "<strong>3</strong>" in page and "<strong>9</strong>" in page
    # The cases index and "my cases" list the case without its marks; the dashboard shows no
    # figure for one resident.
    index = client.get(network["cases"].url).content.decode()
    assert case.title in index and "<strong>3</strong>" not in index
    client.force_login(make_user(Role.MANAGER))
    dashboard = client.get(reverse("leernetwerk_learning:dashboard")).content.decode()
    assert "Minder dan 10 inwoners gaven een cijfer" in dashboard
    csv = client.get(reverse("leernetwerk_learning:dashboard_csv", args=["rapportcijfer"]))
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1  # the header only


# --- facets ------------------------------------------------------------------------------------


def test_the_overgangsmomenten_are_seeded_as_data(network):
    assert list(Transition.objects.values_list("name", flat=True)) == [
        "18-/18+",
        "Uit detentie",
        "School → werk",
        "Ziekenhuis/instelling → thuis",
        "Statushouder → gemeente",
        "Scheiding",
        "Geen",
    ]


def test_the_cases_index_filters_on_overgangsmoment_and_kind_of_solution(
    client, make_case, author, network
):
    detentie = Transition.objects.get(name="Uit detentie")
    achttien = Transition.objects.get(name="18-/18+")
    out = make_case(owner=author, title="Na detentie geen ID", transition=detentie)
    young = make_case(
        owner=author,
        title="Jeugdhulp stopt op 18",
        transition=achttien,
        solution_type="existing_offer",
    )
    client.force_login(author)
    url = network["cases"].url
    page = client.get(url, {"overgang": detentie.pk}).content.decode()
    assert out.title in page and young.title not in page
    page = client.get(url, {"oplossing": "existing_offer"}).content.decode()
    assert young.title in page and out.title not in page
    # An unknown value is ignored, never an error page.
    assert client.get(url, {"overgang": "999999", "oplossing": "x"}).status_code == 200


# --- closing -----------------------------------------------------------------------------------


def test_closing_sets_the_status_in_the_page_and_its_revision(case, author):
    # A draft edit waits on top of the published case: publishing it later must not reopen it.
    services.case_save(user=author, case=case, data={"ik_wil": "Een eigen kamer"})
    services.case_close(case=case, user=author, worked="Korte lijnen tussen wijkteam en UWV")
    case = CasePage.objects.get(pk=case.pk)
    assert case.status == CaseStatus.CLOSED
    draft = case.get_latest_revision_as_object()
    assert (draft.status, draft.ik_wil) == (CaseStatus.CLOSED, "Een eigen kamer")
    assert case.closing.worked == "Korte lijnen tussen wijkteam en UWV"


def test_closing_needs_what_worked_and_guards_personal_data(case, author):
    with pytest.raises(ValidationError) as error:
        services.case_close(case=case, user=author, worked="")
    assert "worked" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.case_close(
            case=case, user=author, worked="Bel mevrouw op 06-12345678 voor de afspraak"
        )
    assert "worked" in error.value.message_dict
    assert CasePage.objects.get(pk=case.pk).status != CaseStatus.CLOSED


def test_only_the_author_or_a_manager_closes(case, make_user):
    with pytest.raises(PermissionDenied):
        services.case_close(case=case, user=make_user(), worked="Samen opgelost")


# --- precedents --------------------------------------------------------------------------------

BRIEFADRES = {
    "title": "Briefadres toegekend zonder vaste woonplek",
    "weighed": "Zonder briefadres geen uitkering, zonder uitkering geen woning.",
    "rule": "Inschrijving BRP alleen op een woonadres",
    "why": "De bedoeling van de wet is bestaanszekerheid; de regel blokkeerde die.",
    "mandate": "Doorzettingsmacht van de teamleider",
}


def test_a_maatwerk_choice_becomes_a_precedent_and_the_author_is_told(case, make_user, author):
    colleague = make_user()
    precedent = services.precedent_create(
        case=case, user=colleague, source="maatwerk", **BRIEFADRES
    )
    assert precedent.case == case and precedent.created_by == colleague
    told = author.notifications.get(kind="precedent.created")
    assert told.url == f"/netwerk/casussen/precedenten/{precedent.pk}/"


def test_a_precedent_from_a_doorbraak_needs_a_decided_one_of_this_case(
    case, author, make_user, make_case
):
    holder = make_user(Role.MANDATE_HOLDER)
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS,
        case=case,
        user=author,
        kind="deviation",
        rule="BRP",
        proposal="Briefadres",
        reasons="Bestaanszekerheid",
        mandate_holder=holder,
    )
    with pytest.raises(ValidationError) as error:
        services.precedent_create(
            case=case, user=author, source="doorbraak", doorbraak=doorbraak, **BRIEFADRES
        )
    assert error.value.message_dict["doorbraak"] == [
        "Alleen een doorbraak waarover besloten is, kan een precedent zijn."
    ]
    services.doorbraak_decide(**GO, doorbraak=doorbraak, user=holder, reason="Past")
    other = make_case(owner=author)
    with pytest.raises(ValidationError):
        services.precedent_create(
            case=other,
            user=author,
            source="doorbraak",
            doorbraak=Doorbraak.objects.get(),
            **BRIEFADRES,
        )
    precedent = services.precedent_create(
        case=case, user=author, source="doorbraak", doorbraak=doorbraak, **BRIEFADRES
    )
    assert precedent.doorbraak == doorbraak


def test_a_precedent_with_personal_data_is_blocked(case, author):
    with pytest.raises(ValidationError) as error:
        services.precedent_create(
            case=case,
            user=author,
            source="maatwerk",
            **{**BRIEFADRES, "why": "Gesproken met jan@example.nl over de regel"},
        )
    assert "why" in error.value.message_dict
    assert not Precedent.objects.exists()


def test_a_case_without_maatwerk_has_no_maatwerk_precedent(make_case, author):
    bare = make_case(owner=author, maatwerk="")
    with pytest.raises(ValidationError) as error:
        services.precedent_create(case=bare, user=author, source="maatwerk", **BRIEFADRES)
    assert "source" in error.value.message_dict


def test_the_library_searches_and_filters(client, case, author, network):
    wmo = Law.objects.get(name="Wmo 2015")
    pw = Law.objects.get(name="Participatiewet")
    detentie = Transition.objects.get(name="Uit detentie")
    first = services.precedent_create(
        case=case, user=author, source="maatwerk", laws=[pw], transition=detentie, **BRIEFADRES
    )
    second = services.precedent_create(
        case=case,
        user=author,
        source="maatwerk",
        laws=[wmo],
        title="Huishoudelijke hulp voor de mantelzorger",
        weighed="Overbelasting van de mantelzorger tegen de eigen bijdrage.",
        why="Voorkomt uitval van de mantelzorg.",
    )
    client.force_login(author)
    url = reverse("leernetwerk_casework:precedent_index")

    def shown(**params):
        html = client.get(url, params).content.decode()
        return [p.pk for p in (first, second) if f"P{p.pk}</span>" in html]

    assert shown() == [first.pk, second.pk]
    assert shown(q="mantelzorger") == [second.pk]
    assert shown(q="uitkering woning") == [first.pk]
    assert shown(wet=wmo.pk) == [second.pk]
    assert shown(overgang=detentie.pk) == [first.pk]
    assert shown(wet="nonsense") == [first.pk, second.pk]


def test_library_queries_do_not_grow_with_precedents(client, case, author):
    wmo = Law.objects.get(name="Wmo 2015")
    client.force_login(author)
    url = reverse("leernetwerk_casework:precedent_index")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    services.precedent_create(case=case, user=author, source="maatwerk", laws=[wmo], **BRIEFADRES)
    client.get(url)
    one = queries()
    for n in range(6):
        services.precedent_create(
            case=case,
            user=author,
            source="maatwerk",
            laws=[wmo],
            **{**BRIEFADRES, "title": f"Afweging {n}"},
        )
    assert queries() == one


SIMILAR_CASE = (
    "Na ontslag uit detentie heeft hij geen woonadres en daardoor geen inschrijving; zonder "
    "inschrijving krijgt hij geen uitkering en zonder uitkering geen kamer."
)


def test_a_new_similar_case_shows_the_precedent_and_can_cite_it(
    client, make_case, author, make_user, django_capture_on_commit_callbacks
):
    # The precedent's own case is as alike as can be: it still does not list it as "similar".
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(owner=author, knelpunt=SIMILAR_CASE, maatwerk="Een briefadres")
    precedent = services.precedent_create(
        case=case,
        user=author,
        source="maatwerk",
        **{
            **BRIEFADRES,
            "weighed": "Zonder woonadres geen inschrijving, zonder inschrijving geen uitkering.",
        },
    )
    unrelated = services.precedent_create(
        case=case,
        user=author,
        source="maatwerk",
        title="Leerlingenvervoer voor een kind met een beperking",
        weighed="De afstand tot school tegen de regels van het vervoer.",
        why="Het kind kon anders niet naar school.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        newer = make_case(owner=make_user(), knelpunt=SIMILAR_CASE)
    client.force_login(author)
    page = client.get(newer.url).content.decode()
    assert f"similar-precedent-{precedent.pk}" in page
    assert f"similar-precedent-{unrelated.pk}" not in page
    cited = client.get(newer.url, {"cite": precedent.pk}).content.decode()
    assert f"/netwerk/casussen/precedenten/{precedent.pk}/" in cited.split('data-draft="new"')[1]
    # The precedent's own case does not list it as "similar".
    own = client.get(case.url).content.decode()
    assert f"similar-precedent-{precedent.pk}" not in own


def test_a_doorbraak_request_cites_a_precedent_by_number(client, case, author, make_user):
    precedent = services.precedent_create(case=case, user=author, source="maatwerk", **BRIEFADRES)
    holder = make_user(Role.MANDATE_HOLDER)
    client.force_login(author)
    url = reverse("leernetwerk_casework:doorbraak_request", args=[case.pk])
    form = {
        "kind": "deviation",
        "rule": "BRP",
        "proposal": "Briefadres",
        "mandate_holder": holder.pk,
        "law": Law.objects.get_or_create(name="Participatiewet")[0].pk,
        **REQUEST_TOETS,
    }
    bad = client.post(url, {**form, "precedent": 999999}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert bad.json()["errors"]["precedent"]
    assert client.post(url, {**form, "precedent": precedent.pk}).status_code == 302
    assert Doorbraak.objects.get().precedent == precedent
    page = client.get(case.url).content.decode()
    assert (
        f'Bouwt voort op</dt><dd><a href="{precedent.get_absolute_url()}">P{precedent.pk}:' in page
    )


def test_the_export_holds_precedents_closings_and_which_marks_were_recorded(case, author):
    from leernetwerk.casework.privacy import member_export_part

    services.precedent_create(case=case, user=author, source="maatwerk", **BRIEFADRES)
    services.case_close(case=case, user=author, worked="Samen aan tafel")
    services.score_record(case=case, user=author, moment="intake", score=4)
    part = member_export_part(author)
    assert [p["title"] for p in part["precedents"]] == [BRIEFADRES["title"]]
    assert [c["worked"] for c in part["case_closings"]] == ["Samen aan tafel"]
    assert part["resident_marks_recorded"] == [
        {"case": case.pk, "moment": "intake", "given_on": _today().isoformat()}
    ]
    assert "score" not in str(part["resident_marks_recorded"])


def test_anonymising_a_case_removes_its_closing_texts_and_keeps_the_marks(case, author):
    services.case_close(case=case, user=author, worked="Samen aan tafel", did_not_work="Traag")
    services.score_record(case=case, user=author, moment="intake", score=4)
    services.case_anonymise(case=case)
    closing = CasePage.objects.get(pk=case.pk).closing
    assert (closing.worked, closing.did_not_work) == (services.ANONYMISED, services.ANONYMISED)
    assert ResidentScore.objects.get().score == 4


def test_the_precedent_page_starts_from_the_case_facets_and_keeps_what_was_typed(
    client, make_case, author
):
    wmo = Law.objects.get(name="Wmo 2015")
    case = make_case(owner=author, maatwerk="Huishoudelijke hulp", laws=[wmo])
    client.force_login(author)
    url = reverse("leernetwerk_casework:precedent_create", args=[case.pk])
    form = client.get(url).content.decode()
    assert f'value="{wmo.pk}" checked' in form or f'value="{wmo.pk}" id' in form
    typed = {"source": "maatwerk", "title": "Hulp voor de mantelzorger", "weighed": "", "why": "x"}
    refused = client.post(url, typed).content.decode()
    assert 'class="ln-errorlist" id="id_weighed_error"' in refused
    assert "Hulp voor de mantelzorger" in refused
    assert not Precedent.objects.exists()
