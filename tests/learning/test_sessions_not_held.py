"""Past sessions that never took place (issue #18): a session whose date passed while it was
still planned — never started, no minutes, no attendance — or that was cancelled is not listed
as held earlier; it is listed, and labelled, as not held (list, month view, its own page)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from leernetwerk.learning.models import AgendaMinute, SessionRun
from leernetwerk.learning.sessions import services

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def soup_of(client, url: str, **params) -> BeautifulSoup:
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def titles(soup: BeautifulSoup, list_id: str) -> list[str]:
    block = soup.select_one(f"#{list_id}")
    return [] if block is None else [h.get_text(strip=True) for h in block.select("h3")]


@pytest.fixture
def past_sessions(make_session, make_user, admin):
    """Five sessions of last month: held in four different ways, or not at all."""
    days_ago = iter(range(40, 10, -5))

    def past(title):
        return make_session(title=title, starts_at=timezone.now() - timedelta(days=next(days_ago)))

    opened_and_closed = past("Gestart en afgesloten")
    services.session_open(session=opened_and_closed, user=admin)
    services.session_close(session=opened_and_closed, user=admin)
    only_minutes = past("Alleen notulen")
    services.minute_save(session=only_minutes, user=admin, item_id="", text="Besproken: wachttijd.")
    only_attendance = past("Alleen aanwezigheid")
    services.attendance_mark(session=only_attendance, user=admin, member=make_user(), attended=True)
    forgotten = past("Vergeten sessie")
    cancelled = past("Geannuleerde sessie")
    services.session_cancel(session=cancelled, user=admin, reason="Te weinig aanmeldingen")
    return {"forgotten": forgotten, "cancelled": cancelled, "held": opened_and_closed}


def test_the_list_puts_sessions_that_were_not_held_apart(client, network, past_sessions):
    soup = soup_of(client, network["sessions"].url)
    assert titles(soup, "sessions-held") == [
        "Alleen aanwezigheid",
        "Alleen notulen",
        "Gestart en afgesloten",
    ]
    assert titles(soup, "sessions-not-held") == ["Geannuleerde sessie", "Vergeten sessie"]
    not_held = soup.select_one("#sessions-not-held")
    forgotten = next(li for li in not_held.select("li") if "Vergeten" in li.get_text())
    cancelled = next(li for li in not_held.select("li") if "Geannuleerde" in li.get_text())
    assert forgotten.select("[data-not-held]")
    assert not cancelled.select("[data-not-held]")  # it says "Geannuleerd" instead
    assert "Geannuleerd" in cancelled.get_text()
    assert not soup.select_one("#sessions-held").select("[data-not-held]")


def test_a_planned_run_or_empty_minutes_do_not_count_as_held(client, network, make_session):
    session = make_session(title="Alleen klaargezet", starts_at=timezone.now() - timedelta(days=3))
    SessionRun.objects.create(session=session)  # planned: nobody pressed start
    AgendaMinute.objects.create(session=session, item_id="x", text="")
    soup = soup_of(client, network["sessions"].url)
    assert titles(soup, "sessions-not-held") == ["Alleen klaargezet"]
    assert titles(soup, "sessions-held") == []


def test_a_session_still_to_come_is_upcoming_not_unheld(client, network, make_session):
    make_session(title="Volgende week", starts_at=timezone.now() + timedelta(days=7))
    soup = soup_of(client, network["sessions"].url)
    assert soup.select_one("#sessions-not-held") is None
    assert not soup.select("[data-not-held]")


def test_the_session_page_says_not_held(client, network, past_sessions, admin):
    forgotten = soup_of(client, past_sessions["forgotten"].url)
    assert forgotten.select_one("#session-state[data-not-held]") is not None
    held = soup_of(client, past_sessions["held"].url)
    assert held.select_one("[data-not-held]") is None
    client.force_login(admin)  # members see the run's state there instead
    held = soup_of(client, past_sessions["held"].url)
    assert held.select_one("#session-state").get_text(strip=True) == "Afgelopen"
    assert soup_of(client, past_sessions["forgotten"].url).select_one("[data-not-held]")


def test_the_month_view_labels_a_session_that_was_not_held(client, network, make_session, admin):
    march = datetime(2025, 3, 4, 14, 0, tzinfo=AMSTERDAM)
    forgotten = make_session(title="Maart vergeten", starts_at=march)
    held = make_session(title="Maart gehouden", starts_at=march + timedelta(days=7))
    services.session_open(session=held, user=admin)
    services.session_close(session=held, user=admin)
    soup = soup_of(client, network["sessions"].url, maand="2025-03")
    forgotten_cell = soup.select_one('td[data-day="2025-03-04"]')
    held_cell = soup.select_one('td[data-day="2025-03-11"]')
    assert "Maart vergeten" in forgotten_cell.get_text() and forgotten_cell.select(
        "[data-not-held]"
    )
    assert "Maart gehouden" in held_cell.get_text() and not held_cell.select("[data-not-held]")
    assert forgotten.pk != held.pk
