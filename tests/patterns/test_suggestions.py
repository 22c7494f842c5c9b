"""Suggestions: "this case may belong to pattern X" and candidate new patterns, from the
incremental TF-IDF index — positive and negative."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from leernetwerk.casework import services as case_services
from leernetwerk.casework.models import CasePage, KnelpuntType, Law, LifeDomain
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.constants import SuggestionStatus
from leernetwerk.patterns.models import (
    CasePatternSuggestion,
    PatternCandidate,
    SignalDoc,
    SignalIndexStats,
    SignalTerm,
)
from leernetwerk.patterns.suggestions import (
    POSTINGS_PER_TERM,
    QUERY_TERMS,
    case_signal_received,
    rebuild_index,
    similar_cases,
)
from tests.toets import REQUEST_TOETS

pytestmark = pytest.mark.django_db

SCHULDHULP = (
    "De wachttijd voor een eerste gesprek bij de schuldhulp is zes weken, terwijl de wet bij "
    "dreigende ontruiming of afsluiting van energie een gesprek binnen drie werkdagen vraagt."
)
SCHULDHULP_2 = (
    "Bij een dreigende ontruiming duurt het acht weken voor de schuldhulp een eerste gesprek "
    "heeft; de wet vraagt binnen drie werkdagen actie bij afsluiting of ontruiming."
)
SCHULDHULP_3 = (
    "Afsluiting van energie dreigt en de schuldhulp heeft een wachttijd van zeven weken voor "
    "het eerste gesprek, terwijl de wet drie werkdagen noemt bij ontruiming."
)
JEUGD = (
    "Op de achttiende verjaardag stopt de jeugdhulp en moet de jongere opnieuw een Wmo-melding "
    "doen; een warme overdracht tussen jeugdwet en Wmo ontbreekt."
)


@pytest.fixture
def vocab():
    return {
        "capaciteit": KnelpuntType.objects.get(name="Organisatie / capaciteit"),
        "regels": KnelpuntType.objects.get(name="Wet- en regelgeving"),
        "wgs": Law.objects.get(name="Wet gemeentelijke schuldhulpverlening"),
        "jeugdwet": Law.objects.get(name="Jeugdwet"),
        "financien": LifeDomain.objects.get(name="Financiën"),
        "wonen": LifeDomain.objects.get(name="Wonen"),
    }


@pytest.fixture
def publish(make_case, django_capture_on_commit_callbacks):
    """Publish a case the way the network does: the suggestion engine runs after commit."""

    def go(owner, knelpunt, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_case(owner=owner, knelpunt=knelpunt, **fields)

    return go


def test_publishing_indexes_the_knelpunt_and_unpublishing_removes_it(
    publish, professional, vocab, django_capture_on_commit_callbacks
):
    case = publish(professional, SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    doc = SignalDoc.objects.get(case=case)
    assert {"schuldhulp", "ontruim", "wachttijd"} <= set(doc.vector)
    assert SignalIndexStats.objects.get().documents == 1
    assert SignalTerm.objects.get(term="schuldhulp").documents == 1
    with django_capture_on_commit_callbacks(execute=True):
        CasePage.objects.get(pk=case.pk).unpublish()
    assert not SignalDoc.objects.filter(case=case).exists()
    assert SignalIndexStats.objects.get().documents == 0
    assert SignalTerm.objects.get(term="schuldhulp").documents == 0


def test_similar_cases_are_found_whatever_their_type_unrelated_ones_are_not(
    publish, make_user, vocab
):
    """Professionals classify one failure differently: the type is no filter (issue #17)."""
    first = publish(make_user(), SCHULDHULP, knelpunt_type=vocab["capaciteit"], laws=[vocab["wgs"]])
    unrelated = publish(make_user(), JEUGD, knelpunt_type=vocab["capaciteit"], laws=[vocab["wgs"]])
    other_type = publish(
        make_user(), SCHULDHULP_3, knelpunt_type=vocab["regels"], laws=[vocab["wgs"]]
    )
    second = publish(
        make_user(), SCHULDHULP_2, knelpunt_type=vocab["capaciteit"], laws=[vocab["wgs"]]
    )
    matches = similar_cases(SignalDoc.objects.get(case=second))
    assert {m.doc.case_id for m in matches} == {first.pk, other_type.pk}
    assert unrelated.pk not in {m.doc.case_id for m in matches}
    assert all(m.similarity > 0.3 for m in matches)
    # Shown as words people wrote, matched as stems ("ontruiming" ~ "ontruim").
    assert "ontruiming" in matches[0].shared_terms


def test_shared_laws_and_leefgebieden_raise_the_score_but_are_no_filter(publish, make_user, vocab):
    sharing = publish(
        make_user(), SCHULDHULP, laws=[vocab["wgs"]], life_domains=[vocab["financien"]]
    )
    not_sharing = publish(
        make_user(), SCHULDHULP_3, laws=[vocab["jeugdwet"]], life_domains=[vocab["wonen"]]
    )
    second = publish(
        make_user(), SCHULDHULP_2, laws=[vocab["wgs"]], life_domains=[vocab["financien"]]
    )
    matches = {m.doc.case_id: m for m in similar_cases(SignalDoc.objects.get(case=second))}
    assert set(matches) == {sharing.pk, not_sharing.pk}
    assert matches[sharing.pk].facet_overlap == 1.0
    assert matches[not_sharing.pk].facet_overlap == 0.0
    assert matches[not_sharing.pk].score < 0.75 * matches[not_sharing.pk].similarity + 0.01


def test_cases_outside_the_window_do_not_count(publish, make_user, vocab, settings):
    settings.LEERNETWERK_PATTERN_WINDOW_MONTHS = 12
    old = publish(make_user(), SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    CasePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=400)
    )
    rebuild_index()
    new = publish(make_user(), SCHULDHULP_2, knelpunt_type=vocab["capaciteit"])
    assert similar_cases(SignalDoc.objects.get(case=new)) == []


def test_a_new_case_is_told_it_may_belong_to_an_open_pattern(publish, make_user, manager, vocab):
    author = make_user(first_name="Noor", last_name="Dalen")
    linked = publish(make_user(), SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    pattern = services.pattern_create(
        user=manager,
        title="Wachttijd schuldhulp langer dan de wet toestaat",
        description="Bij dreigende ontruiming of afsluiting is de intake te laat.",
        cases=[linked],
        owner=manager,
    )
    case = publish(author, SCHULDHULP_2, knelpunt_type=vocab["capaciteit"])
    suggestion = CasePatternSuggestion.objects.get(case=case)
    assert suggestion.pattern == pattern and suggestion.status == SuggestionStatus.OPEN
    assert {"ontruiming", "schuldhulp", "gesprek"} & set(suggestion.shared_terms)
    # The author and the pattern's owner hear about it; nobody else.
    assert author.notifications.filter(kind="pattern.suggestion").exists()
    assert manager.notifications.filter(kind="pattern.suggestion").exists()
    # Republishing does not repeat it; dismissing stops it for good.
    services.suggestion_dismiss(suggestion=suggestion, user=author)
    with_edit = CasePage.objects.get(pk=case.pk)
    case_services.case_save(
        user=author,
        case=with_edit,
        data={"knelpunt": SCHULDHULP_2 + " Ook de corporatie wacht niet."},
        publish_now=True,
    )
    case_signal_received(case_id=case.pk, kind="published")
    assert CasePatternSuggestion.objects.get(case=case).status == SuggestionStatus.DISMISSED
    assert author.notifications.filter(kind="pattern.suggestion").count() == 1


def test_accepting_a_suggestion_links_the_case_with_the_reason(publish, make_user, manager, vocab):
    author = make_user()
    linked = publish(make_user(), SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    pattern = services.pattern_create(
        user=manager, title="Wachttijd schuldhulp", description="Te lang", cases=[linked]
    )
    case = publish(author, SCHULDHULP_2, knelpunt_type=vocab["capaciteit"])
    suggestion = CasePatternSuggestion.objects.get(case=case)
    link = services.suggestion_accept(suggestion=suggestion, user=author)
    assert link.pattern == pattern and link.linked_by == author
    assert "ontruiming" in link.reason
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED


def test_an_unrelated_case_gets_no_pattern_suggestion(publish, make_user, manager, vocab):
    linked = publish(make_user(), SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    services.pattern_create(
        user=manager, title="Wachttijd schuldhulp", description="Te lang", cases=[linked]
    )
    case = publish(make_user(), JEUGD, knelpunt_type=vocab["capaciteit"])
    assert not CasePatternSuggestion.objects.filter(case=case).exists()


def test_three_similar_cases_from_two_professionals_propose_a_candidate(publish, make_user, vocab):
    anna, bram = make_user(), make_user()
    managers = [make_user(Role.MANAGER), make_user(Role.MANAGER)]
    publish(anna, SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    publish(anna, SCHULDHULP_2, knelpunt_type=vocab["capaciteit"])
    assert not PatternCandidate.objects.exists()  # two signals, one professional
    third = publish(bram, SCHULDHULP_3, knelpunt_type=vocab["capaciteit"])
    candidate = PatternCandidate.objects.get()
    assert (candidate.signal_count, candidate.people_count) == (3, 2)
    assert set(candidate.cases.values_list("pk", flat=True)) == {
        c.pk for c in CasePage.objects.all()
    }
    assert candidate.knelpunt_type == vocab["capaciteit"]
    # A working title a manager can read: the clause of the knelpunt texts that holds most of
    # what they share (issue #17), never a copy of a case's title or a list of stems.
    assert candidate.title == (
        "De wet vraagt binnen drie werkdagen actie bij afsluiting of ontruiming"
    )
    assert third.title not in candidate.title
    for manager in managers:
        assert manager.notifications.filter(kind="pattern.candidate").count() == 1
    # A fourth similar case joins the same candidate: no second one, no second notification.
    publish(make_user(), SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    candidate.refresh_from_db()
    assert PatternCandidate.objects.count() == 1 and candidate.signal_count == 4
    assert managers[0].notifications.filter(kind="pattern.candidate").count() == 1


def test_one_professional_alone_never_makes_a_candidate(publish, make_user, vocab):
    anna = make_user()
    for text in (SCHULDHULP, SCHULDHULP_2, SCHULDHULP_3):
        publish(anna, text, knelpunt_type=vocab["capaciteit"])
    assert not PatternCandidate.objects.exists()


def test_recognitions_and_doorbraken_count_as_signals(
    publish, make_user, vocab, django_capture_on_commit_callbacks
):
    anna, bram, holder = make_user(), make_user(), make_user(Role.MANDATE_HOLDER)
    case = publish(anna, SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    with django_capture_on_commit_callbacks(execute=True):
        case_services.recognition_add(case=case, user=bram, note="Ook in Zuid")
    assert not PatternCandidate.objects.exists()  # two signals so far
    with django_capture_on_commit_callbacks(execute=True):
        case_services.doorbraak_request(
            **REQUEST_TOETS,
            case=case,
            user=anna,
            kind="deviation",
            rule="Wachtlijst schuldhulp",
            proposal="Crisisintake deze week",
            reasons="Ontruiming dreigt",
            mandate_holder=holder,
        )
    candidate = PatternCandidate.objects.get()
    assert (candidate.signal_count, candidate.people_count) == (3, 2)


def test_a_dismissed_candidate_is_not_proposed_again_for_the_same_cases(
    publish, make_user, manager, vocab
):
    anna, bram = make_user(), make_user()
    publish(anna, SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    publish(anna, SCHULDHULP_2, knelpunt_type=vocab["capaciteit"])
    third = publish(bram, SCHULDHULP_3, knelpunt_type=vocab["capaciteit"])
    candidate = PatternCandidate.objects.get()
    services.candidate_dismiss(candidate=candidate, user=manager, reason="Al opgelost")
    case_signal_received(case_id=third.pk, kind="recognised")
    assert PatternCandidate.objects.count() == 1
    assert PatternCandidate.objects.get().status == SuggestionStatus.DISMISSED


def test_accepting_a_candidate_signals_the_pattern_with_its_cases(
    publish, make_user, manager, vocab
):
    anna, bram = make_user(), make_user()
    cases = [
        publish(anna, SCHULDHULP, knelpunt_type=vocab["capaciteit"]),
        publish(anna, SCHULDHULP_2, knelpunt_type=vocab["capaciteit"]),
        publish(bram, SCHULDHULP_3, knelpunt_type=vocab["capaciteit"]),
    ]
    candidate = PatternCandidate.objects.get()
    pattern = services.candidate_accept(
        candidate=candidate, user=manager, title="Wachttijd schuldhulp", description="Te lang"
    )
    assert set(pattern.cases.values_list("pk", flat=True)) == {c.pk for c in cases}
    candidate.refresh_from_db()
    assert candidate.status == SuggestionStatus.ACCEPTED and candidate.pattern == pattern
    # Cases in an open pattern are not proposed again.
    publish(bram, SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    assert PatternCandidate.objects.filter(status=SuggestionStatus.OPEN).count() == 0


def test_only_managers_decide_about_candidates(publish, make_user, vocab):
    from django.core.exceptions import PermissionDenied

    anna, bram = make_user(), make_user()
    publish(anna, SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    publish(anna, SCHULDHULP_2, knelpunt_type=vocab["capaciteit"])
    publish(bram, SCHULDHULP_3, knelpunt_type=vocab["capaciteit"])
    candidate = PatternCandidate.objects.get()
    with pytest.raises(PermissionDenied):
        services.candidate_dismiss(candidate=candidate, user=anna, reason="Nee")
    with pytest.raises(PermissionDenied):
        services.candidate_accept(candidate=candidate, user=bram, title="T", description="D")


def test_retrieval_reads_a_bounded_number_of_rows_whatever_the_corpus(
    publish, make_user, vocab, settings
):
    """The work per suggestion does not grow with the number of cases: a fixed number of
    queries, each reading at most POSTINGS_PER_TERM rows per term."""
    owners = [make_user() for _ in range(3)]
    for n in range(8):
        publish(owners[n % 3], SCHULDHULP, knelpunt_type=vocab["capaciteit"])
    new = publish(owners[0], SCHULDHULP_2, knelpunt_type=vocab["capaciteit"])
    doc = SignalDoc.objects.get(case=new)
    with CaptureQueriesContext(connection) as small:
        similar_cases(doc)
    for n in range(12):
        publish(owners[n % 3], SCHULDHULP_3, knelpunt_type=vocab["capaciteit"])
    with CaptureQueriesContext(connection) as large:
        similar_cases(doc)
    assert len(large) == len(small)
    postings = [q["sql"] for q in large.captured_queries if "patterns_signalposting" in q["sql"]]
    assert len(postings) == 1  # one UNION ALL of bounded index ranges
    assert postings[0].count(f"LIMIT {POSTINGS_PER_TERM}") == min(len(doc.vector), QUERY_TERMS)


def test_the_rebuilt_index_matches_the_incremental_one(publish, make_user, vocab):
    for text in (SCHULDHULP, SCHULDHULP_2, JEUGD):
        publish(make_user(), text, knelpunt_type=vocab["capaciteit"])
    incremental = {d.case_id: d.vector for d in SignalDoc.objects.all()}
    frequencies = dict(SignalTerm.objects.values_list("term", "documents"))
    assert rebuild_index() == 3
    assert dict(SignalTerm.objects.values_list("term", "documents")) == frequencies
    rebuilt = {d.case_id: d.vector for d in SignalDoc.objects.all()}
    assert set(rebuilt) == set(incremental)
    for case_id, vector in rebuilt.items():
        assert set(vector) == set(incremental[case_id])
