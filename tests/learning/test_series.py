"""The series generator: monthly on a weekday of the month (months with five weeks), every few
weeks, summer and winter time, the horizon, and sessions that were moved or cancelled."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from leernetwerk.learning.constants import SeriesFrequency, SessionLevel, Weekday, WeekOfMonth
from leernetwerk.learning.models import LearningSessionPage, SessionSeries
from leernetwerk.learning.sessions import services

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def series(**fields) -> SessionSeries:
    values = {
        "title": "Leersessie professionals",
        "level": SessionLevel.UITVOERING,
        "frequency": SeriesFrequency.MONTHLY,
        "weekday": Weekday.TUESDAY,
        "week_of_month": WeekOfMonth.FIRST,
        "start_time": time(14, 0),
        "end_time": time(16, 0),
        "starts_on": date(2026, 1, 1),
        "horizon_months": 6,
        **fields,
    }
    item = SessionSeries(**values)
    item.full_clean()
    item.save()
    return item


def test_every_first_tuesday():
    dates = series().occurrences(start=date(2026, 1, 1), end=date(2026, 6, 30))
    assert dates == [
        date(2026, 1, 6),
        date(2026, 2, 3),
        date(2026, 3, 3),
        date(2026, 4, 7),
        date(2026, 5, 5),
        date(2026, 6, 2),
    ]


def test_the_last_weekday_is_the_fifth_in_a_month_with_five_weeks():
    """March 2026 has five Tuesdays: "last" is the fifth (31st), "fourth" the 24th."""
    last = series(week_of_month=WeekOfMonth.LAST).occurrences(
        start=date(2026, 3, 1), end=date(2026, 4, 30)
    )
    assert last == [date(2026, 3, 31), date(2026, 4, 28)]
    fourth = series(week_of_month=WeekOfMonth.FOURTH).occurrences(
        start=date(2026, 3, 1), end=date(2026, 3, 31)
    )
    assert fourth == [date(2026, 3, 24)]


def test_every_four_weeks_keeps_its_rhythm_across_five_week_months():
    """Every four weeks from Tuesday 6 January: some months get two sessions (March: the 3rd
    and the 31st), none is skipped or shifted."""
    dates = series(frequency=SeriesFrequency.WEEKS, interval_weeks=4).occurrences(
        start=date(2026, 1, 1), end=date(2026, 5, 31)
    )
    assert dates == [
        date(2026, 1, 6),
        date(2026, 2, 3),
        date(2026, 3, 3),
        date(2026, 3, 31),
        date(2026, 4, 28),
        date(2026, 5, 26),
    ]
    assert all(b - a == timedelta(weeks=4) for a, b in zip(dates, dates[1:], strict=False))
    # Generating from a later day keeps the same rhythm (it counts from the first date).
    later = series(frequency=SeriesFrequency.WEEKS, interval_weeks=4).occurrences(
        start=date(2026, 3, 10), end=date(2026, 5, 31)
    )
    assert later == dates[3:]


def test_sessions_stay_at_two_oclock_in_summer_and_winter_time(admin):
    """Summer time starts on 29 March 2026 and ends on 25 October 2026: the sessions stay at
    14:00 in Amsterdam, so their UTC time moves by an hour."""
    made = services.series_generate(
        series=series(week_of_month=WeekOfMonth.LAST, starts_on=date(2026, 3, 1)),
        user=admin,
        today=date(2026, 3, 1),
    )
    by_day = {page.occurrence: page for page in made}
    march, april = by_day[date(2026, 3, 31)], by_day[date(2026, 4, 28)]
    october = by_day.get(date(2026, 8, 25)) or made[-1]
    for page in (march, april, october):
        local = page.starts_at.astimezone(AMSTERDAM)
        assert (local.hour, local.minute) == (14, 0)
        assert page.ends_at.astimezone(AMSTERDAM).hour == 16
    assert march.starts_at.astimezone(ZoneInfo("UTC")).hour == 12  # CEST, UTC+2
    winter = services.series_generate(
        series=series(title="Winter", week_of_month=WeekOfMonth.LAST, starts_on=date(2026, 10, 1)),
        user=admin,
        today=date(2026, 10, 1),
    )
    october, november = winter[0], winter[1]
    assert october.occurrence == date(2026, 10, 27)  # after the switch on the 25th
    assert october.starts_at.astimezone(ZoneInfo("UTC")).hour == 13  # CET, UTC+1
    assert november.starts_at.astimezone(AMSTERDAM).hour == 14


def test_generated_sessions_are_drafts_up_to_the_horizon_and_idempotent(admin):
    item = series(horizon_months=3)
    made = services.series_generate(series=item, user=admin, today=date(2026, 1, 10))
    assert [p.occurrence for p in made] == [date(2026, 2, 3), date(2026, 3, 3), date(2026, 4, 7)]
    assert not any(p.live for p in made)
    assert made[0].title == "Leersessie professionals 3 februari 2026"
    assert made[0].level == SessionLevel.UITVOERING
    assert services.series_generate(series=item, user=admin, today=date(2026, 1, 10)) == []
    # The next day's run extends the horizon by what came into range.
    more = services.series_generate(series=item, user=admin, today=date(2026, 2, 20))
    assert [p.occurrence for p in more] == [date(2026, 5, 5)]


def test_moving_or_cancelling_one_session_does_not_break_the_series(admin):
    item = series(horizon_months=4)
    made = services.series_generate(series=item, user=admin, today=date(2026, 1, 1))
    moved, cancelled = made[1], made[2]
    moved.starts_at += timedelta(days=2)
    moved.ends_at += timedelta(days=2)
    moved.save_revision().publish(skip_permission_checks=True)
    cancelled.save_revision().publish(skip_permission_checks=True)
    services.session_cancel(session=cancelled, user=admin, reason="Voorjaarsvakantie")
    again = services.series_generate(series=item, user=admin, today=date(2026, 1, 1))
    assert again == []  # no new session on the moved or cancelled dates
    moved.refresh_from_db()
    assert moved.starts_at.astimezone(AMSTERDAM).date() == date(2026, 2, 5)
    assert moved.occurrence == date(2026, 2, 3)
    page = LearningSessionPage.objects.get(pk=cancelled.pk)
    assert page.is_cancelled and page.cancel_reason == "Voorjaarsvakantie"
    # The other dates are untouched.
    assert [p.occurrence for p in item.sessions.order_by("occurrence")] == [
        date(2026, 1, 6),
        date(2026, 2, 3),
        date(2026, 3, 3),
        date(2026, 4, 7),
    ]


def test_a_cancellation_survives_publishing_the_page_again(admin):
    item = series(horizon_months=2)
    page = services.series_generate(series=item, user=admin, today=date(2026, 1, 1))[0]
    page.save_revision().publish(skip_permission_checks=True)
    services.session_cancel(session=page, user=admin, reason="Zaal niet beschikbaar")
    LearningSessionPage.objects.get(pk=page.pk).get_latest_revision().publish(
        skip_permission_checks=True
    )
    assert LearningSessionPage.objects.get(pk=page.pk).is_cancelled


def test_the_last_date_ends_the_series_and_inactive_series_make_nothing(admin):
    item = series(ends_on=date(2026, 2, 28))
    assert [
        p.occurrence for p in services.series_generate(series=item, today=date(2026, 1, 1))
    ] == [
        date(2026, 1, 6),
        date(2026, 2, 3),
    ]
    stopped = series(title="Gestopt", is_active=False)
    assert services.series_generate(series=stopped, today=date(2026, 1, 1)) == []


def test_a_series_is_validated():
    with pytest.raises(ValidationError) as error:
        series(start_time=time(16, 0), end_time=time(14, 0))
    assert "end_time" in error.value.message_dict
    with pytest.raises(ValidationError):
        series(frequency=SeriesFrequency.WEEKS, interval_weeks=0)


def test_only_session_administrators_generate(make_user):
    with pytest.raises(PermissionDenied):
        services.series_generate(series=series(), user=make_user(Role.PROFESSIONAL))


def test_saving_a_series_in_the_admin_makes_its_sessions(client, admin):
    client.force_login(admin)
    response = client.post(
        "/admin/snippets/leernetwerk_learning/sessionseries/add/",
        {
            "title": "Leersessie management",
            "level": "management",
            "frequency": "monthly",
            "weekday": "2",
            "week_of_month": "1",
            "interval_weeks": "4",
            "start_time": "14:00",
            "end_time": "16:00",
            "starts_on": timezone.localdate().isoformat(),
            "horizon_months": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    created = SessionSeries.objects.get(title="Leersessie management")
    assert 2 <= created.sessions.count() <= 4
    assert set(created.sessions.values_list("level", flat=True)) == {"management"}
