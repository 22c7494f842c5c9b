"""The board filters on what the patterns' cases say (issue #20): the overgangsmoment of a case
and its kind of solution; an unknown value is ignored, never an error page."""

from __future__ import annotations

import pytest

from leernetwerk.casework.models import Transition
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns.models import LearningTable, Pattern, PatternCase

pytestmark = pytest.mark.django_db


def _pattern(title, case):
    pattern = Pattern.objects.create(
        title=title, description="d", table=LearningTable.objects.get(position=20)
    )
    PatternCase.objects.create(pattern=pattern, case=case)
    return pattern


def test_the_board_filters_on_the_cases_overgangsmoment_and_kind_of_solution(
    client, network, make_case, make_user
):
    detentie = Transition.objects.get(name="Uit detentie")
    out = _pattern(
        "Geen ID bij ontslag", make_case(transition=detentie, solution_type="existing_offer")
    )
    young = _pattern("Jeugdhulp stopt op 18", make_case(solution_type="budget"))
    client.force_login(make_user(Role.MANAGER))
    url = network["board"].url

    def shown(**params) -> list[str]:
        html = client.get(url, params).content.decode()
        return [p.title for p in (out, young) if p.title in html]

    assert shown() == ["Geen ID bij ontslag", "Jeugdhulp stopt op 18"]
    assert shown(overgang=detentie.pk) == ["Geen ID bij ontslag"]
    assert shown(oplossing="budget") == ["Jeugdhulp stopt op 18"]
    assert shown(oplossing="existing_offer", overgang=detentie.pk) == ["Geen ID bij ontslag"]
    assert shown(overgang="niets", oplossing="x") == [
        "Geen ID bij ontslag",
        "Jeugdhulp stopt op 18",
    ]
