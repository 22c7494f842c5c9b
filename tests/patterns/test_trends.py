"""Trend signals (issue #22): what the cases' "ik heb nodig" texts ask for, per period and group,
which needs rise or fall, the privacy thresholds, the suggested categories, a trend turned into a
pattern, and the weekly digest. Every expectation is a literal scenario: the counts, shares and
labels are written out, never computed with the code under test."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.kernel.models import Notification, Organisation, OrganisationKind
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import trends
from leernetwerk.patterns.constants import TrendDirection
from leernetwerk.patterns.models import (
    LearningTable,
    NeedCategory,
    NeedSignal,
    Pattern,
    TrendSubscription,
)
from leernetwerk.patterns.text import terms

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)  # in 2026 Q2: the last four quarters are 2025 Q3 … 2026 Q2


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def housing(db):
    """Only our own categories count (the network's default ones are removed)."""
    NeedCategory.objects.all().delete()
    return NeedCategory.objects.create(name="Huisvesting test", keywords="woning, kamer")


@pytest.fixture
def work(housing):
    return NeedCategory.objects.create(name="Werk test", keywords="baan, stageplek")


@pytest.fixture
def add_signals(make_case):
    """``add_signals(day, n, words)``: ``n`` snapshots of cases first shared on ``day`` whose
    "ik heb nodig" texts use ``words``; categories are matched later by ``classify()``, the
    way a changed category matches every case."""
    numbers = iter(range(1, 100_000))

    def add(day: date, n: int, words: str, *, author_id=1, **facets) -> list[NeedSignal]:
        stems = sorted(terms(words))  # the text analysis's stems ("woning" is "woon")
        return [
            NeedSignal.objects.create(
                case=make_case(title=f"Signaal {next(numbers)}"),
                signalled_on=day,
                terms=stems,
                words=dict.fromkeys(stems, words),
                author_id=author_id,
                **facets,
            )
            for _index in range(n)
        ]

    return add


def classify():
    for category in NeedCategory.objects.all():
        trends.classify_category(category)


@pytest.fixture
def quarters(add_signals):
    """Per quarter 2025 Q3 … 2026 Q2: (cases, of which asking for a "woning")."""

    def make(per_quarter: list[tuple[int, int]]) -> None:
        days = [date(2025, 8, 1), date(2025, 11, 1), date(2026, 2, 1), date(2026, 5, 1)]
        for day, (total, matching) in zip(days, per_quarter, strict=True):
            add_signals(day, matching, "woning nodig")
            add_signals(day, total - matching, "geduld")
        classify()

    return make


def row_of(report, category):
    return next(row for row in report.rows if row.category == category)


# --- shares, periods, rising and falling ---------------------------------------------------------


def test_shares_per_quarter_and_a_rising_need(housing, quarters):
    quarters([(10, 2), (10, 3), (10, 6), (10, 7)])
    report = trends.trend_report(periods=4, today=TODAY)
    assert [p.label for p in report.periods] == ["2025 K3", "2025 K4", "2026 K1", "2026 K2"]
    assert [p.total for p in report.periods] == [10, 10, 10, 10]
    row = row_of(report, housing)
    assert [cell.text for cell in row.cells] == [
        "minder dan 5",
        "minder dan 5",
        "60 % (6)",
        "70 % (7)",
    ]
    assert row.before == (5, 20) and row.recent == (13, 20)
    assert row.direction == TrendDirection.RISING
    assert (row.before_text, row.recent_text, row.change_text) == ("25 %", "65 %", "+40,0")
    assert report.before_label == "2025 K3 – 2025 K4"
    assert report.recent_label == "2026 K1 – 2026 K2"
    assert [r.category for r in report.rising] == [housing]


def test_a_rise_from_a_hidden_share_shows_no_change(housing, quarters):
    # 2 of 20 against 11 of 20: rising, but the earlier share (two cases) is not shown, and
    # neither is the change (it would tell the earlier share).
    quarters([(10, 1), (10, 1), (10, 5), (10, 6)])
    row = row_of(trends.trend_report(periods=4, today=TODAY), housing)
    assert row.direction == TrendDirection.RISING
    assert (row.before_text, row.recent_text, row.change_text) == ("minder dan 5", "55 %", "–")


def test_one_hidden_cell_of_a_half_is_not_left_alone(housing, quarters):
    # The earlier half: 5 and 1 of 10 (30 % shown). With the 5 shown, the 1 would be 6 − 5.
    quarters([(10, 5), (10, 1), (10, 6), (10, 7)])
    row = row_of(trends.trend_report(periods=4, today=TODAY), housing)
    assert [cell.text for cell in row.cells] == [
        "niet getoond",
        "minder dan 5",
        "60 % (6)",
        "70 % (7)",
    ]
    assert row.before_text == "30 %"


def test_a_falling_need(housing, quarters):
    quarters([(10, 6), (10, 5), (10, 1), (10, 0)])
    row = row_of(trends.trend_report(periods=4, today=TODAY), housing)
    assert row.direction == TrendDirection.FALLING
    assert (row.before_text, row.recent_text, row.change_text) == ("55 %", "minder dan 5", "–")
    assert [cell.text for cell in row.cells] == [
        "60 % (6)",
        "50 % (5)",
        "minder dan 5",
        "minder dan 5",
    ]


def test_shares_round_half_up():
    assert trends.percent(0.125) == "13 %"
    assert trends.percent(0.135) == "14 %"
    assert trends.percent(0.124) == "12 %"


def test_a_large_change_on_few_cases_is_not_yet_a_trend(housing, quarters):
    # 5 of 20 (25 %) against 8 of 20 (40 %): fifteen points, but well within chance (z ≈ 1.0).
    quarters([(10, 2), (10, 3), (10, 4), (10, 4)])
    row = row_of(trends.trend_report(periods=4, today=TODAY), housing)
    assert row.before == (5, 20) and row.recent == (8, 20)
    assert row.direction == TrendDirection.STABLE


def test_a_significant_but_small_change_is_stable_until_the_setting_allows_it(settings):
    # 10 % against 14 % of a thousand cases each: z ≈ 2.75, but four points.
    assert trends.direction((100, 1000), (140, 1000), minimum=5) == TrendDirection.STABLE
    settings.LEERNETWERK_TREND_MIN_CHANGE = 3
    assert trends.direction((100, 1000), (140, 1000), minimum=5) == TrendDirection.RISING
    assert trends.direction((140, 1000), (100, 1000), minimum=5) == TrendDirection.FALLING


def test_no_direction_with_too_few_cases():
    assert trends.direction((0, 4), (4, 4), minimum=5) == TrendDirection.TOO_FEW
    assert trends.direction((1, 50), (4, 50), minimum=5) == TrendDirection.TOO_FEW
    assert trends.direction((0, 50), (5, 50), minimum=5) == TrendDirection.RISING


def test_months_count_per_calendar_month(housing, add_signals):
    add_signals(date(2026, 4, 3), 5, "kamer")
    add_signals(date(2026, 6, 1), 6, "woning")
    add_signals(date(2026, 6, 2), 4, "geduld")
    classify()
    report = trends.trend_report(granularity="maand", periods=3, today=TODAY)
    assert [p.label for p in report.periods] == ["apr 2026", "mei 2026", "jun 2026"]
    assert [p.total for p in report.periods] == [5, 0, 10]
    row = row_of(report, housing)
    assert [cell.text for cell in row.cells] == ["100 % (5)", "–", "60 % (6)"]


def test_a_case_counts_once_per_need_and_for_each_need_it_asks(housing, work, add_signals):
    add_signals(date(2026, 5, 1), 6, "woning baan")
    add_signals(date(2026, 5, 1), 4, "baan")
    classify()
    report = trends.trend_report(periods=2, today=TODAY)
    assert row_of(report, housing).cells[-1].text == "60 % (6)"
    assert row_of(report, work).cells[-1].text == "100 % (10)"


# --- privacy -------------------------------------------------------------------------------------


def test_small_counts_and_small_periods_are_never_shown(housing, add_signals):
    add_signals(date(2026, 2, 1), 4, "woning")  # a quarter of four cases in all
    add_signals(date(2026, 5, 1), 3, "woning")
    add_signals(date(2026, 5, 1), 9, "geduld")
    classify()
    report = trends.trend_report(periods=2, today=TODAY)
    assert [(p.total, p.shown) for p in report.periods] == [(4, False), (12, True)]
    row = row_of(report, housing)
    assert [cell.text for cell in row.cells] == ["–", "minder dan 5"]
    assert [cell.share for cell in row.cells] == [None, None]


def test_the_csv_has_the_page_thresholds(client, manager, housing, add_signals):
    add_signals(date(2026, 5, 1), 3, "woning")
    add_signals(date(2026, 5, 1), 9, "geduld")
    classify()
    client.force_login(manager)
    response = client.get(reverse("leernetwerk_patterns:trends_export"), {"per": "maand"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    housing_row = next(r for r in rows if r[0] == "Huisvesting test")
    assert "minder dan 5" in housing_row
    assert "3" not in housing_row


def test_groups_of_few_cases_are_counted_not_shown(housing, add_signals):
    kind = OrganisationKind.objects.get_or_create(name="Wijkteam")[0]
    big = Organisation.objects.create(name="Wijkteam Groot", kind=kind)
    small = Organisation.objects.create(name="Wijkteam Klein", kind=kind)
    for signal in add_signals(date(2026, 5, 1), 6, "woning"):
        signal.organisations.add(big)
    for signal in add_signals(date(2026, 5, 1), 4, "geduld"):
        signal.organisations.add(big)
    for signal in add_signals(date(2026, 5, 2), 3, "woning"):
        signal.organisations.add(small)
    classify()
    breakdowns = {
        b.key: b for b in trends.trend_breakdown(housing, since=date(2026, 1, 1), today=TODAY)
    }
    organisations = breakdowns["organisatie"]
    assert [(r.name, r.total, r.text) for r in organisations.rows] == [
        ("Wijkteam Groot", 10, "60 % (6)")
    ]
    assert organisations.hidden == 1


def test_a_word_of_one_author_or_few_cases_is_never_suggested(housing, add_signals):
    day = date(2026, 5, 1)
    add_signals(day, 3, "vervoer", author_id=1)
    add_signals(day, 2, "vervoer", author_id=2)  # five cases, two authors: suggested
    add_signals(day, 6, "rolstoel", author_id=3)  # one author only
    add_signals(day, 4, "tolk", author_id=4)
    add_signals(day, 1, "tolk", author_id=5)  # four + one = five: suggested
    add_signals(day, 3, "fiets", author_id=6)
    add_signals(day, 1, "fiets", author_id=7)  # four cases
    add_signals(day, 6, "kamer", author_id=8)
    add_signals(day, 6, "kamer", author_id=9)  # covered by a keyword
    add_signals(day, 7, "hulp", author_id=10)
    add_signals(day, 7, "hulp", author_id=11)  # says nothing about the need
    classify()
    words = [s.word for s in trends.category_suggestions(today=TODAY)]
    assert sorted(words) == ["tolk", "vervoer"]


# --- the snapshot of a real case -----------------------------------------------------------------


def test_a_published_case_is_counted_by_its_words_and_compounds(make_case, housing):
    rent = make_case(ik_heb_nodig="Ik heb een betaalbare huurwoning nodig na de scheiding.")
    hospital = make_case(ik_heb_nodig="Ik heb vervoer naar het ziekenhuis nodig.")
    empty = make_case(ik_heb_nodig="")
    assert list(trends.need_index_case(rent).categories.all()) == [housing]
    assert list(trends.need_index_case(hospital).categories.all()) == []
    assert trends.need_index_case(empty) is None
    assert NeedSignal.objects.filter(case=empty).exists() is False


def test_changing_a_category_counts_every_case_again(make_case, housing):
    case = make_case(ik_heb_nodig="Ik heb een stageplek nodig.")
    signal = trends.need_index_case(case)
    assert list(signal.categories.all()) == []
    housing.keywords = "woning, kamer, stageplek"
    housing.save()  # as the admin saves it
    assert list(signal.categories.all()) == [housing]


def test_publishing_withdrawing_and_anonymising_keep_the_snapshot(
    make_case, housing, manager, django_capture_on_commit_callbacks
):
    from leernetwerk.casework.services import case_anonymise

    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(ik_heb_nodig="Ik heb een kamer nodig.")
    assert NeedSignal.objects.filter(case=case).exists()
    with django_capture_on_commit_callbacks(execute=True):
        case.unpublish()
    assert not NeedSignal.objects.filter(case=case).exists()
    with django_capture_on_commit_callbacks(execute=True):
        case.save_revision(user=case.owner).publish(user=case.owner, skip_permission_checks=True)
    assert NeedSignal.objects.filter(case=case).exists()
    with django_capture_on_commit_callbacks(execute=True):
        case_anonymise(case=case)
    assert not NeedSignal.objects.filter(case=case).exists()


def test_a_keyword_without_a_usable_word_is_refused(client, manager):
    client.force_login(manager)
    before = NeedCategory.objects.count()
    response = client.post(
        reverse("leernetwerk_patterns:trend_categories"),
        {"name": "Algemeen", "keywords": "de, het, 2024", "description": "Alles."},
    )
    assert response.status_code == 400
    assert "Geen van deze trefwoorden" in response.content.decode()
    assert NeedCategory.objects.count() == before


def test_personal_data_in_a_category_is_blocked(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("leernetwerk_patterns:trend_categories"),
        {"name": "Vervoer", "keywords": "vervoer", "description": "Mail jan@voorbeeld.nl"},
    )
    assert response.status_code == 400
    assert not NeedCategory.objects.filter(name="Vervoer").exists()


def test_a_suggestion_becomes_a_category_with_one_click(client, manager, housing, add_signals):
    day = timezone.localdate() - timedelta(days=10)
    add_signals(day, 3, "vervoer", author_id=1)
    add_signals(day, 3, "vervoer", author_id=2)
    client.force_login(manager)
    page = client.get(reverse("leernetwerk_patterns:trend_categories")).content.decode()
    assert "‘vervoer’ toevoegen als categorie" in page
    response = client.post(
        reverse("leernetwerk_patterns:trend_categories"),
        {"name": "Vervoer", "keywords": "vervoer"},
    )
    category = NeedCategory.objects.get(name="Vervoer")
    assert response.status_code == 302 and response.url == category.get_absolute_url()
    assert category.signals.count() == 6
    assert category.created_by == manager


# --- from a trend to a pattern -------------------------------------------------------------------


def test_a_trend_becomes_a_gap_in_the_offer_at_a_table(client, manager, housing, make_case):
    case = make_case(title="Jongere zonder kamer", ik_heb_nodig="Ik heb een kamer nodig.")
    trends.need_index_case(case)
    werktafel = LearningTable.objects.get(name="Werktafel")
    client.force_login(manager)
    response = client.post(
        reverse("leernetwerk_patterns:trend", kwargs={"pk": housing.pk}),
        {"table": werktafel.pk, "note": "Graag op de agenda van januari."},
    )
    pattern = Pattern.objects.get(title="Gat in het aanbod: Huisvesting test")
    assert response.status_code == 302 and response.url == pattern.get_absolute_url()
    assert pattern.table == werktafel
    assert "Graag op de agenda van januari." in pattern.description
    assert "ik heb nodig" in pattern.description
    assert "Jongere zonder kamer" not in pattern.description
    assert list(pattern.tags.names()) == ["gat in het aanbod"]
    housing.refresh_from_db()
    assert housing.pattern == pattern
    # While it is open, a second one is refused, and the page links to the first.
    again = client.post(
        reverse("leernetwerk_patterns:trend", kwargs={"pk": housing.pk}),
        {"table": werktafel.pk},
    )
    assert again.status_code == 400
    assert "Deze trend is al het open patroon" in again.content.decode()
    assert Pattern.objects.filter(title__startswith="Gat in het aanbod").count() == 1
    assert pattern.get_absolute_url() in again.content.decode()


def test_only_managers_and_policy_officers_turn_a_trend_into_a_pattern(make_user, housing, client):
    werktafel = LearningTable.objects.get(name="Werktafel")
    with pytest.raises(PermissionDenied):
        trends.trend_to_pattern(category=housing, user=make_user(Role.STUURGROEP), table=werktafel)
    officer = make_user(Role.POLICY_OFFICER)
    pattern = trends.trend_to_pattern(category=housing, user=officer, table=werktafel)
    assert pattern.created_by == officer
    pattern.status = "closed"
    pattern.save()
    housing.refresh_from_db()
    second = trends.trend_to_pattern(category=housing, user=officer, table=werktafel)
    assert second != pattern
    with pytest.raises(ValidationError):
        trends.trend_to_pattern(category=housing, user=officer, table=werktafel)
    stuurgroep = make_user(Role.STUURGROEP)
    client.force_login(stuurgroep)
    url = reverse("leernetwerk_patterns:trend", kwargs={"pk": housing.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"table": werktafel.pk}).status_code == 403


def test_personal_data_in_the_note_is_blocked(manager, housing):
    werktafel = LearningTable.objects.get(name="Werktafel")
    with pytest.raises(ValidationError):
        trends.trend_to_pattern(
            category=housing,
            user=manager,
            table=werktafel,
            note="Zoals bij mevrouw met BSN 111222333.",
        )
    assert not Pattern.objects.filter(title__startswith="Gat in het aanbod").exists()


# --- the weekly digest ---------------------------------------------------------------------------


def test_subscribers_get_the_trends_once_a_week(client, manager, make_user, housing, add_signals):
    # The digest reads two years by quarter: 2024 Q3 – 2025 Q2 against 2025 Q3 – 2026 Q2.
    add_signals(date(2025, 2, 1), 5, "woning")
    add_signals(date(2025, 2, 1), 45, "geduld")
    add_signals(date(2026, 5, 1), 11, "woning")
    add_signals(date(2026, 5, 1), 9, "geduld")
    classify()
    client.force_login(manager)
    client.post(reverse("leernetwerk_patterns:trends"), {"digest": "on"})
    assert TrendSubscription.objects.filter(user=manager).exists()
    professional = make_user(Role.PROFESSIONAL)
    TrendSubscription.objects.create(user=professional)  # no longer may see them
    assert trends.send_trend_digests(today=TODAY) == 1
    assert trends.send_trend_digests(today=TODAY + timedelta(days=2)) == 0  # same week
    note = Notification.objects.get(user=manager)
    assert note.title == "Trends in behoeften, week 25: 1 stijgend, 0 dalend"
    assert "Huisvesting test: 10 % → 55 %" in note.body
    assert note.url == reverse("leernetwerk_patterns:trends")
    assert trends.send_trend_digests(today=TODAY + timedelta(days=7)) == 1
    client.post(reverse("leernetwerk_patterns:trends"), {"digest": "off"})
    assert trends.send_trend_digests(today=TODAY + timedelta(days=14)) == 0
    assert not Notification.objects.filter(user=professional).exists()


def test_the_daily_command_sends_the_weekly_digest(manager, housing):
    from django.core.management import call_command

    TrendSubscription.objects.create(user=manager)
    out = io.StringIO()
    call_command("notify_overdue_patterns", stdout=out)
    assert "1 weekly trend digest(s)" in out.getvalue()
    call_command("notify_overdue_patterns", stdout=out)
    assert Notification.objects.filter(user=manager, kind=trends.KIND_DIGEST).count() == 1


# --- pages ---------------------------------------------------------------------------------------


def test_who_reads_the_trends(client, make_user, housing):
    url = reverse("leernetwerk_patterns:trends")
    for role, status in (
        (Role.PROFESSIONAL, 403),
        (Role.SESSION_ADMIN, 403),
        (Role.EDITOR, 403),
        (Role.MANAGER, 200),
        (Role.POLICY_OFFICER, 200),
        (Role.STUURGROEP, 200),
    ):
        client.force_login(make_user(role))
        assert client.get(url).status_code == status, role


def test_the_report_page_names_rising_needs_and_filters(client, manager, housing, quarters):
    quarters([(10, 2), (10, 3), (10, 6), (10, 7)])
    client.force_login(manager)
    page = client.get(reverse("leernetwerk_patterns:trends"), {"per": "kwartaal"}).content
    text = page.decode()
    assert "Stijgend" in text and "Huisvesting test" in text and "25 % → 65 %" in text
    # A filter with no matching case: nothing to show, no figures.
    kind = OrganisationKind.objects.get_or_create(name="Wijkteam")[0]
    elsewhere = Organisation.objects.create(name="Wijkteam Elders", kind=kind)
    filtered = client.get(
        reverse("leernetwerk_patterns:trends"), {"organisatie": elsewhere.pk}
    ).content.decode()
    assert "Minder dan 5 casussen" in filtered


def test_the_report_page_needs_no_more_queries_for_more_cases(
    client, manager, housing, work, add_signals
):
    client.force_login(manager)
    url = reverse("leernetwerk_patterns:trends")
    add_signals(timezone.localdate(), 5, "woning")
    classify()
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add_signals(timezone.localdate(), 30, "woning baan")
    classify()
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    detail = reverse("leernetwerk_patterns:trend", kwargs={"pk": housing.pk})
    client.get(detail)
    with CaptureQueriesContext(connection) as detail_many:
        client.get(detail)
    add_signals(timezone.localdate(), 20, "woning")
    with CaptureQueriesContext(connection) as detail_more:
        client.get(detail)
    assert len(detail_more) == len(detail_many)


def test_the_dashboard_shows_the_needs_as_the_trends_page_does(
    client, manager, housing, add_signals
):
    today = timezone.localdate()
    add_signals(today - timedelta(days=540), 5, "woning")  # the earlier year
    add_signals(today - timedelta(days=540), 45, "geduld")
    add_signals(today - timedelta(days=20), 11, "woning")  # the recent year
    add_signals(today - timedelta(days=20), 9, "geduld")
    classify()
    from leernetwerk.learning.dashboard.figures import network_figure

    figure = network_figure("behoeften")
    assert figure.rows == [["Huisvesting test", "Stijgend", "10 %", "55 %", "+45,0"]]
    client.force_login(manager)
    html = client.get(reverse("leernetwerk_learning:dashboard")).content.decode()
    assert "Behoeften uit de ‘ik heb nodig’-teksten" in html
    assert "Stijgende behoeften" in html
