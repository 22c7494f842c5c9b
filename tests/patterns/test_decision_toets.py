"""A table's decision and the omgekeerde toets (issue #21): required for a third-order
decision, optional but then complete for a second-order solution; shown on the pattern, in the
dossier and in the CSV export; guarded by the privacy guard."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from leernetwerk.patterns import services
from leernetwerk.patterns.models import Decision, LearningTable, Pattern, PatternCase
from tests.toets import TABLE_TOETS

pytestmark = pytest.mark.django_db

DECISION = "Schuldhulp en wijkteam delen vroegsignalen met toestemming van de inwoner."


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _pattern(table: str, make_case) -> Pattern:
    pattern = Pattern.objects.create(
        title="Schuldhulp en wijkteam delen geen signalen",
        description="Het wijkteam hoort te laat van achterstanden.",
        table=LearningTable.objects.get(name=table),
        status="in_progress",
    )
    PatternCase.objects.create(pattern=pattern, case=make_case())
    return pattern


def test_a_stuurgroep_decision_needs_all_five_steps_and_an_outcome(manager, make_case):
    pattern = _pattern("Ambtelijke stuurgroep", make_case)
    with pytest.raises(ValidationError) as error:
        services.pattern_transition(pattern=pattern, user=manager, action="decide", text=DECISION)
    assert error.value.message_dict == {
        "toets_effect": ["Vul stap 1 van de omgekeerde toets in."],
        "toets_person": ["Vul stap 2 van de omgekeerde toets in."],
        "toets_intent": ["Vul stap 3 van de omgekeerde toets in."],
        "toets_ethics": ["Vul stap 4 van de omgekeerde toets in."],
        "toets_legal": ["Vul stap 5 van de omgekeerde toets in."],
        "toets_outcome": [
            "Kies de uitkomst van de omgekeerde toets: go, go onder voorwaarden, of nee."
        ],
    }
    assert not Decision.objects.exists()
    pattern.refresh_from_db()
    assert pattern.status == "in_progress"
    services.pattern_transition(
        pattern=pattern, user=manager, action="decide", text=DECISION, toets=TABLE_TOETS
    )
    decision = Decision.objects.get()
    assert decision.toets_intent == TABLE_TOETS["toets_intent"]
    assert decision.toets_legal == TABLE_TOETS["toets_legal"]
    assert decision.toets_outcome == "go"


def test_a_werktafel_solution_may_skip_the_toets_but_not_half_of_it(manager, make_case):
    pattern = _pattern("Werktafel", make_case)
    with pytest.raises(ValidationError) as error:
        services.pattern_transition(
            pattern=pattern,
            user=manager,
            action="solve",
            text=DECISION,
            toets={"toets_effect": "Eerder hulp"},
        )
    assert "toets_person" in error.value.message_dict
    assert "toets_effect" not in error.value.message_dict
    services.pattern_transition(pattern=pattern, user=manager, action="solve", text=DECISION)
    assert not Decision.objects.get().has_toets


def test_the_toets_is_privacy_guarded(manager, make_case):
    pattern = _pattern("Ambtelijke stuurgroep", make_case)
    with pytest.raises(ValidationError) as error:
        services.pattern_transition(
            pattern=pattern,
            user=manager,
            action="decide",
            text=DECISION,
            toets={**TABLE_TOETS, "toets_person": "Gezin De Vries, BSN 111222333"},
        )
    assert "toets_person" in error.value.message_dict
    assert not Decision.objects.exists()


def test_the_pattern_the_dossier_and_the_export_show_the_toets(client, manager, make_case):
    pattern = _pattern("Ambtelijke stuurgroep", make_case)
    services.pattern_transition(
        pattern=pattern,
        user=manager,
        action="decide",
        text=DECISION,
        toets={
            **TABLE_TOETS,
            "toets_outcome": "conditions",
            "toets_conditions": "Alleen met vastgelegde toestemming",
        },
    )
    client.force_login(manager)
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert "Omgekeerde toets: Go, onder voorwaarden" in page
    assert TABLE_TOETS["toets_intent"] in page
    dossier = client.get(reverse("leernetwerk_patterns:dossier", args=[pattern.pk]))
    text = dossier.content.decode()
    assert "3. Wat is de bedoeling van de wet of regel?" in text
    assert "Alleen met vastgelegde toestemming" in text
    export = client.get(reverse("leernetwerk_patterns:export")).content.decode("utf-8-sig")
    header, row = export.splitlines()[:2]
    assert "Omgekeerde toets" in header.split(";")
    assert TABLE_TOETS["toets_legal"] in row
    assert "Uitkomst: Go, onder voorwaarden: Alleen met vastgelegde toestemming" in row


def test_the_decide_form_asks_for_the_toets(client, manager, make_case):
    pattern = _pattern("Ambtelijke stuurgroep", make_case)
    client.force_login(manager)
    url = reverse("leernetwerk_patterns:transition", args=[pattern.pk, "decide"])
    form = client.get(url).content.decode()
    assert 'name="decide-toets_ethics"' in form and 'name="decide-toets_outcome"' in form
    response = client.post(url, {"decide-text": DECISION})
    assert response.status_code == 200
    assert "Vul stap 1 van de omgekeerde toets in." in response.content.decode()
    posted = {f"decide-{name}": value for name, value in TABLE_TOETS.items()}
    response = client.post(url, {"decide-text": DECISION, **posted})
    assert response.status_code == 302
    assert Decision.objects.get().toets_ethics == TABLE_TOETS["toets_ethics"]
