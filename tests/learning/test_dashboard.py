"""The network dashboard: figures computed right on small constructed data, their charts
accessible, their CSV downloads, who may see them (front end and admin home) and query counts
that do not grow with the data."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape

from leernetwerk.casework.models import KnelpuntType, Law
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.dashboard.figures import (
    PERIOD_ALL,
    bar_chart,
    network_figure,
    network_figures,
    period_start,
)
from leernetwerk.learning.models import Registration, SessionAction
from leernetwerk.patterns.constants import LearningOrder, PatternStatus
from leernetwerk.patterns.figures import lead_times, open_pattern_counts, overdue_decisions
from leernetwerk.patterns.models import Decision, LearningTable, Pattern, PatternCase

pytestmark = pytest.mark.django_db


def table(position: int) -> LearningTable:
    return LearningTable.objects.get(position=position)


def make_pattern(table_, *, status=PatternStatus.SIGNALLED, created=None, title="Patroon"):
    pattern = Pattern.objects.create(title=title, description="d", table=table_, status=status)
    if created is not None:
        Pattern.objects.filter(pk=pattern.pk).update(created_at=created)
        pattern.refresh_from_db()
    return pattern


def decide(pattern, table_, action, at, *, follow_up=None, text="Besluit"):
    decision = Decision.objects.create(
        pattern=pattern, table=table_, action=action, text=text, follow_up_date=follow_up
    )
    Decision.objects.filter(pk=decision.pk).update(decided_at=at)
    return decision


def local_month(months_ago: int, day: int = 15, hour: int = 10) -> datetime:
    """A moment in the middle of the month ``months_ago`` calendar months ago (local time)."""
    now = timezone.localtime()
    year, month = now.year, now.month - months_ago
    while month < 1:
        year, month = year - 1, month + 12
    return now.replace(year=year, month=month, day=day, hour=hour, minute=0, second=0)


def rows_of(figure) -> dict[str, list]:
    return {str(row[0]): row[1:] for row in figure.rows}


# --- the figures ---------------------------------------------------------------------------------


def test_open_patterns_are_counted_per_order_of_learning_and_status():
    werktafel, stuurgroep = table(20), table(30)
    make_pattern(werktafel)
    make_pattern(werktafel)
    make_pattern(werktafel, status=PatternStatus.IN_PROGRESS)
    make_pattern(stuurgroep, status=PatternStatus.ESCALATED)
    make_pattern(table(40), status=PatternStatus.IN_PROGRESS)
    make_pattern(werktafel, status=PatternStatus.CLOSED)
    make_pattern(werktafel, status=PatternStatus.SOLVED)
    assert open_pattern_counts() == {
        (2, "signalled"): 2,
        (2, "in_progress"): 1,
        (3, "escalated"): 1,
        (3, "in_progress"): 1,
    }
    figure = network_figure("open-patronen")
    rows = rows_of(figure)
    assert rows[str(LearningOrder.SECOND.label)] == [2, 1, 0, 3]
    assert rows[str(LearningOrder.THIRD.label)] == [0, 1, 1, 2]
    assert rows[str(LearningOrder.FIRST.label)] == [0, 0, 0, 0]
    assert str(LearningOrder.NATIONAL.label) not in rows  # no active table, no patterns
    assert figure.extra["total"] == 5


def test_median_lead_times_start_at_the_first_signal_and_count_first_decisions(make_case):
    werktafel, ambtelijk, bestuurlijk, casustafel = table(20), table(30), table(40), table(10)
    t0 = timezone.now() - timedelta(days=100)
    # Signalled at t0, but its case was published ten days earlier: 20 days.
    early = make_pattern(werktafel, created=t0)
    case = make_case()
    PatternCase.objects.create(pattern=early, case=case)
    type(case).objects.filter(pk=case.pk).update(first_published_at=t0 - timedelta(days=10))
    decide(early, werktafel, "solve", t0 + timedelta(days=10))
    # 4 days; and 30 days, of which only the first solution counts (reopened, solved again).
    decide(make_pattern(werktafel, created=t0), werktafel, "solve", t0 + timedelta(days=4))
    again = make_pattern(werktafel, created=t0)
    decide(again, werktafel, "solve", t0 + timedelta(days=30))
    decide(again, werktafel, "solve", t0 + timedelta(days=60))
    # Not second order, or not a solution: not counted.
    decide(make_pattern(casustafel, created=t0), casustafel, "solve", t0 + timedelta(days=1))
    decide(make_pattern(werktafel, created=t0), werktafel, "reject", t0 + timedelta(days=2))
    # Third order: 50 and 70 days (both stuurgroepen are order 3).
    decide(make_pattern(ambtelijk, created=t0), ambtelijk, "decide", t0 + timedelta(days=50))
    decide(make_pattern(bestuurlijk, created=t0), bestuurlijk, "decide", t0 + timedelta(days=70))
    # Solved two years ago: only in "all time".
    old = t0 - timedelta(days=730)
    decide(make_pattern(werktafel, created=old), werktafel, "solve", old + timedelta(days=100))

    assert len(lead_times(action="solve", order=2, since=period_start("12m"))) == 3
    figure = network_figure("doorlooptijd")
    medians = [(count, median) for _label, count, median in figure.extra["medians"]]
    assert medians == [(3, 20.0), (2, 60.0)]  # second order first, then third
    assert [row[1:] for row in figure.rows] == [[3, "20"], [2, "60"]]
    everything = network_figure("doorlooptijd", period=PERIOD_ALL)
    # 4, 20, 30, 100 days: the median is the mean of the middle two.
    assert everything.extra["medians"][0][1:] == (4, 25.0)


def test_lead_time_medians_say_so_when_there_is_nothing_yet():
    figure = network_figure("doorlooptijd")
    assert [median for _label, _count, median in figure.extra["medians"]] == [None, None]
    assert figure.empty
    assert [row[1:] for row in figure.rows] == [[0, ""], [0, ""]]
    assert all(bar.width == 0 for row in figure.chart.rows for bar in row.bars)


def test_overdue_decisions_and_actions(make_session, make_user):
    werktafel = table(20)
    today = timezone.localdate()
    now = timezone.now()
    late = make_pattern(werktafel, status=PatternStatus.SOLVED, title="Te laat")
    overdue = decide(late, werktafel, "solve", now, follow_up=today - timedelta(days=5))
    closed = make_pattern(werktafel, status=PatternStatus.CLOSED)
    decide(closed, werktafel, "solve", now, follow_up=today - timedelta(days=5))
    reopened = make_pattern(werktafel, status=PatternStatus.SIGNALLED)
    decide(reopened, werktafel, "solve", now, follow_up=today - timedelta(days=5))
    superseded = make_pattern(table(30), status=PatternStatus.DECIDED)
    decide(superseded, werktafel, "solve", now, follow_up=today - timedelta(days=50))
    decide(superseded, table(30), "decide", now, follow_up=today + timedelta(days=10))
    on_time = make_pattern(werktafel, status=PatternStatus.SOLVED)
    decide(on_time, werktafel, "solve", now, follow_up=today + timedelta(days=1))
    assert list(overdue_decisions()) == [overdue]

    session = make_session(starts_at=now - timedelta(days=60))
    owner = make_user(Role.PROFESSIONAL)
    SessionAction.objects.create(
        session=session, text="Bellen met UWV", owner=owner, due_date=today - timedelta(days=3)
    )
    SessionAction.objects.create(
        session=session,
        text="Klaar",
        owner=owner,
        due_date=today - timedelta(days=3),
        status="done",
    )
    SessionAction.objects.create(
        session=session, text="Later", owner=owner, due_date=today + timedelta(days=3)
    )
    figure = network_figure("te-laat")
    assert figure.extra["overdue_decisions"] == 1 and figure.extra["overdue_actions"] == 1
    # Decisions first, then actions: what, where, due, how many days late.
    assert [(row[1], row[2], row[3], row[5]) for row in figure.rows] == [
        ("Te laat", werktafel.name, (today - timedelta(days=5)).isoformat(), 5),
        ("Bellen met UWV", session.title, (today - timedelta(days=3)).isoformat(), 3),
    ]


def test_sessions_held_and_attendance_per_month(make_session, make_user):
    people = [make_user(Role.PROFESSIONAL) for _ in range(3)]

    def held(months_ago, present=0, absent=0, **fields):
        session = make_session(starts_at=local_month(months_ago), **fields)
        for index in range(present + absent):
            Registration.objects.create(
                session=session, user=people[index], status="registered", attended=index < present
            )
        return session

    held(2, present=2, absent=1)
    held(2, present=1)
    held(3)
    held(3, present=3, cancelled_at=timezone.now())  # cancelled: not held
    held(4, present=2, live=False)  # a draft: not held
    held(30, present=1)  # two and a half years ago: only in "all time"
    make_session(starts_at=timezone.now() + timedelta(days=3))  # still to come

    figure = network_figure("sessies")
    assert len(figure.rows) == 12
    months = {row[0]: row[1:] for row in figure.rows}
    one_and_a_half = formats.number_format(1.5, decimal_pos=1, use_l10n=True)
    assert months[local_month(2).strftime("%Y-%m")] == [2, 3, one_and_a_half]
    assert months[local_month(3).strftime("%Y-%m")] == [1, 0, "0"]
    assert months[local_month(4).strftime("%Y-%m")] == [0, 0, ""]
    assert figure.extra == {"sessions": 3, "attended": 3}
    # Months in order, the current one last.
    assert figure.rows[-1][0] == timezone.localdate().strftime("%Y-%m")

    everything = network_figure("sessies", period=PERIOD_ALL)
    assert everything.rows[0][0] == local_month(30).strftime("%Y-%m")
    assert everything.extra == {"sessions": 4, "attended": 4}


def test_top_knelpunt_types_and_laws_of_shared_cases(make_case):
    from leernetwerk.casework.services import case_anonymise

    wait, fit = KnelpuntType.objects.order_by("pk")[:2]
    wmo, pw, jw = Law.objects.order_by("pk")[:3]
    make_case(knelpunt_type=wait, laws=[wmo, pw])
    make_case(knelpunt_type=wait, laws=[wmo])
    make_case(knelpunt_type=fit, laws=[wmo])
    make_case(knelpunt_type=fit, laws=[jw], live=False)  # a draft
    withdrawn = make_case(knelpunt_type=fit, laws=[jw])
    withdrawn.unpublish()
    case_anonymise(case=make_case(knelpunt_type=fit, laws=[jw]))
    old = make_case(knelpunt_type=fit, laws=[pw])
    type(old).objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=800)
    )

    types = network_figure("knelpunten")
    assert types.rows == [[wait.name, 2], [fit.name, 1]]
    laws = network_figure("wetten")
    assert laws.rows == sorted([[wmo.name, 3], [pw.name, 1]], key=lambda r: (-r[1], r[0]))
    everything = network_figure("knelpunten", period=PERIOD_ALL)
    assert sorted(everything.rows) == sorted([[wait.name, 2], [fit.name, 2]])
    assert types.description != everything.description  # the label says which cases


# --- charts --------------------------------------------------------------------------------------


def test_bar_chart_scales_bars_to_the_largest_value_and_labels_every_bar_it_draws():
    chart = bar_chart(
        id="c",
        title="T",
        desc="D",
        labels=["Een", "Twee", "Drie"],
        series=["A", "B"],
        values=[[10, 5], [0, None], [0, 3]],
    )
    first, second, third = chart.rows
    assert first.bars[0].width > first.bars[1].width > 0
    assert first.bars[0].width == 2 * first.bars[1].width
    assert first.bars[0].text == "A: 10"
    # Zeros of several series draw and say nothing (issue #18: "…: 0" crowded the charts);
    # a row with nothing says 0.
    assert [bar.text for bar in second.bars] == ["0"] and second.bars[0].width == 0
    assert [bar.text for bar in third.bars] == ["B: 3"]
    assert [item.label for item in chart.legend] == ["A", "B"]


# --- the page, the CSV, access -------------------------------------------------------------------


@pytest.fixture
def data(make_case, make_session, make_user):
    """A little of everything, so every figure has a chart."""
    kind = KnelpuntType.objects.first()
    law = Law.objects.first()
    case = make_case(knelpunt_type=kind, laws=[law])
    pattern = make_pattern(table(20))
    PatternCase.objects.create(pattern=pattern, case=case)
    make_session(starts_at=local_month(1))
    return {"case": case, "pattern": pattern}


def test_the_dashboard_shows_accessible_charts_with_data_tables(client, make_user, data):
    client.force_login(make_user(Role.MANAGER))
    response = client.get(reverse("leernetwerk_learning:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    svgs = re.findall(r"<svg class=\"ln-bar-chart\"[^>]*>", html)
    assert len(svgs) == 6
    for svg in svgs:
        assert 'role="img"' in svg
        chart_id = re.search(r'aria-labelledby="([\w-]+)-title \1-desc"', svg).group(1)
        assert f'<title id="{chart_id}-title">' in html
        assert f'<desc id="{chart_id}-desc">' in html
    # One data table per figure: thirteen figures (seven of them without data here: no chart).
    assert html.count("<details") == 13 and html.count("<table") >= 5
    assert escape(network_figure("open-patronen").title) in html
    assert (
        reverse("leernetwerk_learning:dashboard_csv", args=["knelpunten"]) + "?periode=12m" in html
    )


def test_the_period_filter_is_passed_on_and_unknown_values_fall_back(client, make_user, data):
    client.force_login(make_user(Role.STUURGROEP))
    html = client.get(
        reverse("leernetwerk_learning:dashboard"), {"periode": "alles"}
    ).content.decode()
    assert '<option value="alles" selected>' in html
    assert "?periode=alles" in html
    html = client.get(
        reverse("leernetwerk_learning:dashboard"), {"periode": "ooit"}
    ).content.decode()
    assert '<option value="12m" selected>' in html


def test_each_figure_downloads_as_csv_with_formulas_neutralised(client, make_user, make_case):
    kind = KnelpuntType.objects.create(name='=HYPERLINK("x")')
    make_case(knelpunt_type=kind)
    make_case(knelpunt_type=kind)
    client.force_login(make_user(Role.MANAGER))
    response = client.get(reverse("leernetwerk_learning:dashboard_csv", args=["knelpunten"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="dashboard-knelpunten-12m-' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0] == [str(c) for c in network_figure("knelpunten").columns]
    assert rows[1:] == [['\'=HYPERLINK("x")', "2"]]
    for key in ("open-patronen", "doorlooptijd", "te-laat", "sessies", "wetten"):
        response = client.get(
            reverse("leernetwerk_learning:dashboard_csv", args=[key]), {"periode": "alles"}
        )
        assert response.status_code == 200, key
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")[1:]), delimiter=";"))
        assert rows[0] == [str(c) for c in network_figure(key, period=PERIOD_ALL).columns]
    assert (
        client.get(reverse("leernetwerk_learning:dashboard_csv", args=["geheim"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "role, status",
    [
        (None, 302),
        (Role.PROFESSIONAL, 403),
        (Role.SESSION_ADMIN, 403),
        (Role.EDITOR, 403),
        (Role.MANAGER, 200),
        (Role.STUURGROEP, 200),
        ("superuser", 200),
    ],
)
def test_who_may_see_the_dashboard(client, make_user, role, status):
    if role == "superuser":
        client.force_login(make_user(None, is_superuser=True, is_staff=True))
    elif role is not None:
        client.force_login(make_user(role))
    for url in (
        reverse("leernetwerk_learning:dashboard"),
        reverse("leernetwerk_learning:dashboard_csv", args=["sessies"]),
    ):
        response = client.get(url)
        assert response.status_code == status, (url, role)
        if status == 302:
            assert "/accounts/login/" in response["Location"]


def test_the_navigation_links_the_dashboard_for_managers_only(client, make_user):
    client.force_login(make_user(Role.PROFESSIONAL))
    html = client.get(reverse("leernetwerk_learning:my_signals")).content.decode()
    assert f'href="{reverse("leernetwerk_learning:my_signals")}"' in html
    assert f'href="{reverse("leernetwerk_learning:dashboard")}"' not in html
    client.force_login(make_user(Role.MANAGER))
    html = client.get(reverse("leernetwerk_learning:my_signals")).content.decode()
    assert f'href="{reverse("leernetwerk_learning:dashboard")}"' in html


@pytest.mark.parametrize(
    "role, shown",
    [
        (Role.MANAGER, True),
        (Role.STUURGROEP, True),
        ("superuser", True),
        (Role.EDITOR, False),
        (Role.SESSION_ADMIN, False),
    ],
)
def test_the_admin_home_shows_the_dashboard_panels_to_managers(
    client, make_user, data, role, shown
):
    if role == "superuser":
        user = make_user(None, is_superuser=True, is_staff=True)
    else:
        user = make_user(role)
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert ("leernetwerk-dashboard-summary" in html) is shown
    assert ('role="img"' in html) is shown
    if shown:
        assert escape(network_figure("open-patronen").title) in html
        assert reverse("leernetwerk_learning:dashboard") in html


# --- query counts --------------------------------------------------------------------------------


def _grow(n, *, make_case, make_session, make_user):
    """``n`` of each: patterns (open, solved, decided, overdue), cases, sessions, actions."""
    kinds = list(KnelpuntType.objects.all()[:3])
    laws = list(Law.objects.all()[:3])
    now = timezone.now()
    today = timezone.localdate()
    person = make_user(Role.PROFESSIONAL)
    for i in range(n):
        case = make_case(knelpunt_type=kinds[i % 3], laws=laws[: i % 3 + 1])
        pattern = make_pattern(table(20), created=now - timedelta(days=40))
        PatternCase.objects.create(pattern=pattern, case=case)
        solved = make_pattern(
            table(20), status=PatternStatus.SOLVED, created=now - timedelta(days=40)
        )
        decide(
            solved, table(20), "solve", now - timedelta(days=i), follow_up=today - timedelta(days=1)
        )
        decided = make_pattern(
            table(30), status=PatternStatus.DECIDED, created=now - timedelta(days=90)
        )
        decide(decided, table(30), "decide", now - timedelta(days=i))
        session = make_session(starts_at=local_month(i % 11 + 1))
        Registration.objects.create(
            session=session, user=person, status="registered", attended=True
        )
        SessionAction.objects.create(
            session=session, text=f"Actie {i}", owner=person, due_date=today - timedelta(days=2)
        )


def test_the_dashboard_query_count_does_not_grow_with_the_data(
    client, make_user, make_case, make_session, django_assert_max_num_queries
):
    client.force_login(make_user(Role.MANAGER))
    url = reverse("leernetwerk_learning:dashboard")
    _grow(2, make_case=make_case, make_session=make_session, make_user=make_user)
    client.get(url)  # warm up (content types, site root paths)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(15, make_case=make_case, make_session=make_session, make_user=make_user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert len(small.captured_queries) <= 40
    figures = {f.key: f for f in network_figures()}
    assert figures["te-laat"].extra["overdue_decisions"] == 17
    assert figures["sessies"].extra["sessions"] == 17


def test_the_csv_and_admin_panels_query_counts_do_not_grow(
    client, make_user, make_case, make_session, django_assert_max_num_queries
):
    client.force_login(make_user(Role.MANAGER))
    urls = [
        reverse("leernetwerk_learning:dashboard_csv", args=[key]) for key in ("te-laat", "wetten")
    ]
    urls.append(reverse("wagtailadmin_home"))
    _grow(2, make_case=make_case, make_session=make_session, make_user=make_user)
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as small:
            client.get(url)
        counts[url] = len(small.captured_queries)
    _grow(12, make_case=make_case, make_session=make_session, make_user=make_user)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_member_only_figures_are_never_kept_by_a_cache(client, make_user, data):
    """The dashboard, its CSV and "my signals" name people and cases: no cache may keep them."""
    client.force_login(make_user(Role.MANAGER))
    for url in (
        reverse("leernetwerk_learning:dashboard"),
        reverse("leernetwerk_learning:dashboard_csv", args=["knelpunten"]),
        reverse("leernetwerk_learning:my_signals"),
    ):
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control
