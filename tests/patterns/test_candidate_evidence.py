"""Candidate patterns named in words a manager understands, with their evidence; the link
screen shows how alike a case is (issue #17)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from leernetwerk.casework import services as case_services
from leernetwerk.casework.models import KnelpuntType, Law
from leernetwerk.patterns import services
from leernetwerk.patterns.models import PatternCandidate
from leernetwerk.patterns.text import knelpunt_phrase

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


# --- the phrase ---------------------------------------------------------------------------------


def test_the_clause_with_the_shared_words_names_the_candidate():
    centre = {"briefadres": 1.0, "inschrijv": 0.8, "brp": 0.6}
    texts = [
        "Het is een lastige situatie voor iedereen. Zonder briefadres geen inschrijving in de "
        "BRP, dus ook geen uitkering.",
        "De klant belt vaak en is boos.",
    ]
    assert knelpunt_phrase(texts, centre) == "Zonder briefadres geen inschrijving in de BRP"


def test_a_leading_conjunction_goes_and_a_long_clause_is_cut():
    centre = {"wachtlijst": 1.0, "ggz": 1.0}
    long_clause = (
        "terwijl de wachtlijst voor de ggz in deze regio voor volwassenen met schulden en "
        "zonder vast adres inmiddels langer dan een half jaar is geworden"
    )
    assert knelpunt_phrase([long_clause], centre) == (
        "De wachtlijst voor de ggz in deze regio voor volwassenen met schulden en zonder…"
    )
    assert knelpunt_phrase(["Maar de wachtlijst voor de ggz loopt op."], centre) == (
        "De wachtlijst voor de ggz loopt op"
    )


def test_no_shared_words_give_no_phrase():
    assert knelpunt_phrase(["Een heel andere zin over iets anders."], {"ggz": 1.0}) == ""
    assert knelpunt_phrase([], {"ggz": 1.0}) == ""
    assert knelpunt_phrase(["Te kort."], {"kort": 1.0}) == ""  # fewer than three words


# --- through the product ------------------------------------------------------------------------


@pytest.fixture
def publish(make_case, django_capture_on_commit_callbacks):
    def go(owner, knelpunt, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_case(owner=owner, knelpunt=knelpunt, **fields)

    return go


@pytest.fixture
def candidate_cases(publish, make_user):
    capaciteit = KnelpuntType.objects.get(name="Organisatie / capaciteit")
    wgs = Law.objects.get(name="Wet gemeentelijke schuldhulpverlening")
    anna, bram = make_user(), make_user()
    cases = [
        publish(anna, SCHULDHULP, knelpunt_type=capaciteit, laws=[wgs]),
        publish(anna, SCHULDHULP_2, knelpunt_type=capaciteit, laws=[wgs]),
        publish(bram, SCHULDHULP_3, knelpunt_type=capaciteit, laws=[wgs]),
    ]
    return cases


@pytest.mark.django_db
def test_the_candidate_page_shows_why_the_cases_belong_together(client, candidate_cases, manager):
    candidate = PatternCandidate.objects.get()
    client.force_login(manager)
    page = client.get(reverse("leernetwerk_patterns:candidate", args=[candidate.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "De wet vraagt binnen drie werkdagen actie bij afsluiting of ontruiming" in text
    assert "Waarom het netwerk dit voorstelt" in text
    evidence = text.split("Woorden die de casussen delen")[1].split("</dd>")[0]
    for word in ("schuldhulp", "werkdagen", "ontruiming"):
        assert word in evidence
    facets = text.split("Wetten, leefgebieden en tags die de casussen delen")[1]
    assert "Wet gemeentelijke schuldhulpverlening" in facets.split("</dd>")[0]
    # Every case says how alike it is to the others.
    assert text.count("% overeenkomst met de andere casussen") == 3


@pytest.mark.django_db
def test_a_candidate_of_one_recognised_case_does_not_claim_a_similarity(
    client, publish, make_user, manager, django_capture_on_commit_callbacks
):
    """One case that two colleagues recognise is a candidate (three signals, three people),
    named by the case's title; its page says where the signals come from, not "0% alike"."""
    case = publish(make_user(), JEUGD)
    for colleague in (make_user(), make_user()):
        with django_capture_on_commit_callbacks(execute=True):
            case_services.recognition_add(case=case, user=colleague)
    candidate = PatternCandidate.objects.get()
    assert list(candidate.cases.all()) == [case]
    assert candidate.title == case.title  # its author named the knelpunt
    client.force_login(manager)
    text = client.get(reverse("leernetwerk_patterns:candidate", args=[candidate.pk])).content
    text = text.decode()
    assert (
        "3 signalen (casussen, herkenningen, doorbraken, gemiste afspraken) van 3 professionals"
        in text
    )
    assert "Waar de signalen vandaan komen" in text
    assert "geen andere casus lijkt er nog genoeg op" in text
    assert "overeenkomst" not in text


@pytest.mark.django_db
def test_a_candidate_named_after_an_anonymised_case_is_renamed(
    candidate_cases, django_capture_on_commit_callbacks
):
    candidate = PatternCandidate.objects.get()
    source = candidate_cases[1]  # SCHULDHULP_2 holds the clause
    assert candidate.title.lower() in source.knelpunt.lower()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_anonymise(case=source)
    candidate.refresh_from_db()
    assert candidate.title
    assert candidate.title.lower() not in SCHULDHULP_2.lower()
    assert (
        candidate.title != "De wet vraagt binnen drie werkdagen actie bij afsluiting of ontruiming"
    )


@pytest.mark.django_db
def test_the_link_screen_shows_how_alike_each_case_is_most_alike_first(
    client, publish, make_user, manager
):
    linked = publish(make_user(), SCHULDHULP)
    pattern = services.pattern_create(
        user=manager, title="Wachttijd schuldhulp", description="Te lang", cases=[linked]
    )
    unrelated = publish(make_user(), JEUGD)
    alike = publish(make_user(), SCHULDHULP_3)
    client.force_login(manager)
    text = client.get(pattern.get_absolute_url()).content.decode()
    screen = text.split('id="link"')[1]
    assert screen.index(alike.title) < screen.index(unrelated.title)
    alike_row = screen.split(alike.title)[1].split("</label>")[0]
    unrelated_row = screen.split(unrelated.title)[1].split("</label>")[0]
    assert "% overeenkomst" in alike_row and "% overeenkomst" in unrelated_row
    alike_percent = int(alike_row.split("% overeenkomst")[0].split(">")[-1])
    unrelated_percent = int(unrelated_row.split("% overeenkomst")[0].split(">")[-1])
    assert alike_percent >= 50
    assert unrelated_percent < 20


@pytest.mark.django_db
def test_two_pattern_suggestions_for_one_owner_are_one_notification(publish, make_user, manager):
    first = services.pattern_create(
        user=manager,
        title="Wachttijd schuldhulp",
        description="Te lang wachten",
        cases=[publish(make_user(), SCHULDHULP)],
        owner=manager,
    )
    second = services.pattern_create(
        user=manager,
        title="Crisisintake bij ontruiming",
        description="Geen spoed",
        cases=[publish(make_user(), SCHULDHULP_2)],
        owner=manager,
    )
    author = make_user()
    earlier = set(manager.notifications.values_list("pk", flat=True))
    case = publish(author, SCHULDHULP_3)
    assert set(case.pattern_suggestions.values_list("pattern_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    told = manager.notifications.filter(kind="pattern.suggestion").exclude(pk__in=earlier)
    assert told.count() == 1
    assert f"“{case.title}”" in told.get().title
    assert "“Wachttijd schuldhulp”" in told.get().title
    assert "“Crisisintake bij ontruiming”" in told.get().title
    assert author.notifications.filter(kind="pattern.suggestion").count() == 1
