"""What pattern suggestions should find (issue #17): one failure written up by different
professionals in different words and classified differently, and a look-alike with another
cause. Fixed Dutch texts; the expectations are written out, not computed."""

from __future__ import annotations

import pytest

from leernetwerk.casework.models import KnelpuntType, Law, LifeDomain
from leernetwerk.patterns.models import SignalDoc
from leernetwerk.patterns.suggestions import similar_cases
from leernetwerk.patterns.text import terms_and_words

pytestmark = pytest.mark.django_db

# One failure: without a briefadres no bijstand, seen by a schuldhulpverlener and a consulent.
BRIEFADRES_SCHULDHULP = {
    "title": "Geen briefadres, dus geen bijstand en de schulden groeien",
    "situation": (
        "Een man van 52 slaapt na zijn scheiding bij vrienden. De gemeente geeft pas een "
        "briefadres als hij aantoont waar hij verblijft. Zonder inschrijving geen bijstand, en "
        "zijn zorgpremie en huurachterstand lopen op."
    ),
    "ik_wil": "Ik wil een adres zodat ik bijstand kan aanvragen.",
    "ik_kan": "Ik kan elke week langskomen op het spreekuur.",
    "ik_heb_nodig": "Ik heb een briefadres nodig, ook zonder vaste verblijfplaats.",
    "knelpunt": (
        "Het briefadresbeleid vraagt bewijs van verblijf dat dak- en thuislozen niet hebben; "
        "zonder inschrijving blokkeert de bijstandsaanvraag en lopen de schulden op."
    ),
}
BRIEFADRES_CONSULENT = {
    "title": "Bijstandsaanvraag loopt vast op ontbrekende inschrijving",
    "situation": (
        "Een vrouw van 34 is uitgeschreven naar onbekende bestemming. Ons systeem neemt geen "
        "aanvraag voor bijstand aan zonder inschrijving. Burgerzaken stuurt haar naar de opvang "
        "voor een briefadres, maar de opvang is vol."
    ),
    "ik_wil": "Ik wil weer ingeschreven staan en een uitkering.",
    "ik_kan": "Ik kan post ophalen bij een vriendin.",
    "ik_heb_nodig": "Ik heb een briefadres nodig om bijstand te krijgen.",
    "knelpunt": (
        "Zonder briefadres geen inschrijving en zonder inschrijving geen bijstand: de regels "
        "voor het briefadres sluiten niet aan bij mensen zonder vaste verblijfplaats."
    ),
}
# A look-alike: also about a briefadres, but the cause is the rule on long stays abroad.
BRIEFADRES_BUITENLAND = {
    "title": "Lang verblijf bij familie in het buitenland stopt de AOW-aanvulling",
    "situation": (
        "Een vrouw van 70 verbleef vier maanden bij haar dochter in Marokko. Bij terugkomst is "
        "haar aanvullende uitkering stopgezet omdat zij langer dan dertien weken weg was."
    ),
    "ik_wil": "Ik wil mijn dochter kunnen bezoeken zonder mijn inkomen te verliezen.",
    "ik_kan": "Ik kan mijn reis van tevoren melden.",
    "ik_heb_nodig": "Ik heb uitleg nodig over hoe lang ik weg mag.",
    "knelpunt": (
        "De verblijfsduur in het buitenland is hard begrensd; niemand vertelde haar dat "
        "vooraf, en de terugvordering volgt automatisch."
    ),
}


@pytest.fixture
def publish(make_case, make_user, django_capture_on_commit_callbacks):
    def go(texts, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_case(owner=make_user(), **texts, **fields)

    return go


def _suggested(case) -> list[int]:
    return [m.doc.case_id for m in similar_cases(SignalDoc.objects.get(case=case))]


def test_one_failure_in_different_words_and_types_is_suggested_both_ways(publish):
    schuldhulp = publish(
        BRIEFADRES_SCHULDHULP,
        knelpunt_type=KnelpuntType.objects.get(name="Organisatie / capaciteit"),
        laws=[Law.objects.get(name="Participatiewet")],
        life_domains=[LifeDomain.objects.get(name="Financiën")],
    )
    consulent = publish(
        BRIEFADRES_CONSULENT,
        knelpunt_type=KnelpuntType.objects.get(name="Wet- en regelgeving"),
        laws=[Law.objects.get(name="Participatiewet")],
        life_domains=[LifeDomain.objects.get(name="Wonen")],
    )
    assert _suggested(consulent) == [schuldhulp.pk]
    assert _suggested(schuldhulp) == [consulent.pk]


def test_a_look_alike_with_another_cause_is_not_suggested(publish):
    schuldhulp = publish(BRIEFADRES_SCHULDHULP, laws=[Law.objects.get(name="Participatiewet")])
    consulent = publish(BRIEFADRES_CONSULENT, laws=[Law.objects.get(name="Participatiewet")])
    buitenland = publish(BRIEFADRES_BUITENLAND, laws=[Law.objects.get(name="Participatiewet")])
    assert _suggested(buitenland) == []
    assert buitenland.pk not in _suggested(schuldhulp)
    assert buitenland.pk not in _suggested(consulent)


def test_every_text_of_a_case_is_read_not_only_title_and_knelpunt(publish):
    """The two cases share their failure only in the situation and the ik-wil/kan/heb-nodig."""
    first = publish(
        {
            "title": "Vastgelopen aanvraag",
            "situation": (
                "De energieleverancier sluit de energie af terwijl de schuldhulpintake nog "
                "loopt; de afsluiting komt voor het eerste gesprek."
            ),
            "ik_wil": "Ik wil dat de energieleverancier met afsluiten wacht op de schuldhulp.",
            "ik_kan": "Ik kan een kleine betalingsregeling voor de energie betalen.",
            "ik_heb_nodig": "Ik heb een afsluitstop nodig tijdens de schuldhulpintake.",
            "knelpunt": "Twee organisaties wachten op elkaar.",
        }
    )
    second = publish(
        {
            "title": "Koud huis in de winter",
            "situation": (
                "Tijdens de schuldhulpintake sluit de energieleverancier de energie af; het "
                "eerste gesprek bij de schuldhulp is pas over zes weken."
            ),
            "ik_wil": "Ik wil energie houden terwijl de schuldhulp start.",
            "ik_kan": "Ik kan elke maand iets aflossen aan de energieleverancier.",
            "ik_heb_nodig": "Ik heb een afsluitstop nodig zolang de schuldhulpintake loopt.",
            "knelpunt": "Niemand voelt zich verantwoordelijk.",
        }
    )
    assert _suggested(second) == [first.pk]


def test_a_compound_meets_its_parts():
    # Snowball stems "briefadres" to "briefadr".
    counts, words = terms_and_words("briefadresbeleid", known={"briefadr", "beleid"})
    assert counts == {"briefadresbeleid": 1, "briefadr": 0.5, "beleid": 0.5}
    assert words["briefadr"] == "briefadres"
    # Parts the index does not know are no evidence: an unknown word stays whole.
    assert terms_and_words("briefadresbeleid")[0] == {"briefadresbeleid": 1}
    # A linking -s- is dropped: "betalingsregeling" meets "betaling" and "regeling".
    assert terms_and_words("betalingsregeling", known={"betaal", "regeel"})[0] == {
        "betalingsregeel": 1,
        "betaal": 0.5,
        "regeel": 0.5,
    }
