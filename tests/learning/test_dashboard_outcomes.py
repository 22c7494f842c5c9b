"""Dashboard figures of issue #20 on constructed data: cases per overgangsmoment, the share of
each kind of solution, and the residents' marks — shown only as medians of at least ten."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.casework import services
from leernetwerk.casework.models import Transition
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.dashboard.figures import network_figure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    """The messages and labels are the Dutch interface's (the default language)."""
    with translation.override("nl"):
        yield


def _scored(make_case, author, before: int, after: int):
    case = make_case(owner=author)
    start = timezone.localdate() - timedelta(days=120)
    services.score_record(case=case, user=author, moment="intake", score=before, scored_on=start)
    services.score_record(case=case, user=author, moment="solution", score=after)
    return case


def test_cases_per_overgangsmoment(make_case):
    detentie = Transition.objects.get(name="Uit detentie")
    achttien = Transition.objects.get(name="18-/18+")
    make_case(transition=detentie)
    make_case(transition=detentie)
    make_case(transition=achttien)
    make_case()  # no transition
    make_case(transition=achttien, live=False)  # a draft is not shared
    figure = network_figure("overgangsmomenten")
    # In the vocabulary's order: 18-/18+ comes first.
    assert figure.rows == [["18-/18+", 1], ["Uit detentie", 2]]


def test_the_share_of_each_kind_of_solution(make_case, make_user):
    for kind in ("existing_offer", "existing_offer", "existing_offer", "budget"):
        make_case(solution_type=kind)
    make_case()  # no kind yet: not counted
    author = make_user()
    services.case_close(case=make_case(owner=author), user=author, worked="Samen")
    figure = network_figure("oplossingen")
    assert [row[:2] for row in figure.rows] == [
        ["Bestaand aanbod anders ingezet", 3],
        ["Maatwerkbudget of ontschot budget", 1],
    ]
    assert [row[2] for row in figure.rows] == ["75 %", "25 %"]
    assert figure.extra["closed"] == 1


def test_nine_residents_give_no_figure_ten_give_medians(make_case, make_user):
    author = make_user()
    pairs = [(3, 7), (4, 8), (2, 6), (5, 7), (4, 9), (3, 8), (4, 7), (5, 8), (3, 6)]
    for before, after in pairs:
        _scored(make_case, author, before, after)
    nine = network_figure("rapportcijfer")
    assert nine.empty and nine.rows == [] and nine.extra["n"] is None
    assert nine.chart.desc.startswith("Minder dan 10 inwoners gaven een cijfer")
    _scored(make_case, author, 4, 8)
    ten = network_figure("rapportcijfer")
    assert not ten.empty
    assert (ten.extra["n"], ten.extra["median_before"], ten.extra["median_after"]) == (10, 4, 7.5)
    rows = {row[0]: row[1:] for row in ten.rows}
    assert rows["3"] == [3, 0] and rows["4"] == [4, 0] and rows["8"] == [0, 4]


def test_the_minimum_is_a_setting(make_case, make_user, settings):
    settings.LEERNETWERK_SCORE_MIN_RESIDENTS = 2
    author = make_user()
    _scored(make_case, author, 2, 6)
    assert network_figure("rapportcijfer").empty
    _scored(make_case, author, 4, 8)
    figure = network_figure("rapportcijfer")
    assert (figure.extra["n"], figure.extra["median_before"], figure.extra["median_after"]) == (
        2,
        3,
        7,
    )


def test_marks_per_leefgebied_only_where_enough_residents_gave_one(make_case, make_user, settings):
    """Finances: three residents (shown with a minimum of three); housing: two (hidden, only
    counted); a mark for life as a whole does not count for a leefgebied."""
    settings.LEERNETWERK_SCORE_MIN_RESIDENTS = 3
    from leernetwerk.casework.models import LifeDomain

    finances, housing = (
        LifeDomain.objects.get(name="Financiën"),
        LifeDomain.objects.get(name="Wonen"),
    )
    author = make_user()
    start = timezone.localdate() - timedelta(days=120)
    for domain, pairs in ((finances, [(2, 6), (3, 8), (5, 7)]), (housing, [(4, 6), (6, 9)])):
        for before, after in pairs:
            case = make_case(owner=author)
            for moment, score, day in (("intake", before, start), ("solution", after, None)):
                services.score_record(
                    case=case,
                    user=author,
                    moment=moment,
                    score=score,
                    life_domain=domain,
                    scored_on=day,
                )
    _scored(make_case, author, 1, 10)  # life as a whole
    figure = network_figure("rapportcijfer-leefgebied")
    assert figure.rows == [["Financiën", 3, "3", "7"]]
    assert figure.extra == {"shown": 1, "hidden": 1}
    assert figure.note == (
        "1 leefgebied(en) met cijfers van minder dan 3 inwoners worden niet getoond, zodat "
        "geen inwoner herkenbaar is."
    )
    # One more resident for housing: now both, in the vocabulary's order (Wonen before
    # Financiën), with medians of an even count.
    case = make_case(owner=author)
    services.score_record(
        case=case, user=author, moment="intake", score=3, life_domain=housing, scored_on=start
    )
    services.score_record(case=case, user=author, moment="solution", score=8, life_domain=housing)
    figure = network_figure("rapportcijfer-leefgebied")
    assert figure.rows == [["Wonen", 3, "4", "8"], ["Financiën", 3, "3", "7"]]
    assert figure.note == "" and not figure.empty
    with translation.override("en"):
        assert network_figure("rapportcijfer-leefgebied").rows[0][0] == "Housing"


def test_the_dashboard_page_and_csv_show_the_new_figures(client, make_user, make_case):
    make_case(transition=Transition.objects.get(name="Scheiding"), solution_type="new_offer")
    client.force_login(make_user(Role.MANAGER))
    html = client.get(reverse("leernetwerk_learning:dashboard")).content.decode()
    assert 'id="chart-transitions-title"' in html and 'id="chart-solutions-title"' in html
    # The marks' figure is there, without a chart: no resident's mark is shown.
    assert 'id="figuur-rapportcijfer"' in html and 'id="chart-scores-title"' not in html
    for key in ("overgangsmomenten", "oplossingen", "rapportcijfer", "rapportcijfer-leefgebied"):
        response = client.get(reverse("leernetwerk_learning:dashboard_csv", args=[key]))
        assert response.status_code == 200, key
