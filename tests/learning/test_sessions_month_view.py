"""The calendar's month view (issue #18): a real table, Monday first, the sessions of the month
in their days, previous/next month, today marked, bad addresses fall back to this month, and
one query for the month however many sessions it holds. Literal months and dates: March 2030
starts on a Friday and has five weeks."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(day: str, hour: int = 14, minute: int = 0) -> datetime:
    year, month, date = (int(part) for part in day.split("-"))
    return datetime(year, month, date, hour, minute, tzinfo=AMSTERDAM)


def page(client, url: str, **params) -> BeautifulSoup:
    response = client.get(url, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def cell(soup: BeautifulSoup, day: str):
    return soup.select_one(f'#session-month td[data-day="{day}"]')


def titles_in(tag) -> list[str]:
    return [a.get_text(" ", strip=True) for a in tag.select(".ln-month-session a")]


def test_a_month_is_a_table_of_weeks_from_monday_with_the_sessions_in_their_days(
    client, network, make_session
):
    make_session(title="Uitvoering maart", starts_at=at("2030-03-05", 14))
    make_session("management", title="Management maart", starts_at=at("2030-03-05", 9, 30))
    make_session("bestuur", title="Bestuur eind maart", starts_at=at("2030-03-31", 19))
    make_session(title="Laatste van februari", starts_at=at("2030-02-28", 14))
    make_session(title="Eerste van april", starts_at=at("2030-04-01", 14))
    make_session(title="Concept in maart", starts_at=at("2030-03-12", 14), live=False)

    soup = page(client, network["sessions"].url, maand="2030-03")
    table = soup.select_one("table#session-month")
    assert table.caption is not None and "maart 2030" in table.caption.get_text()
    headers = table.select("thead th")
    assert [th["scope"] for th in headers] == ["col"] * 7
    # Django's Dutch names, lower case as Dutch writes them (the series' weekday choices have
    # their own context and do not override them).
    assert [th.select_one(".ln-visually-hidden").get_text() for th in headers] == [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ]
    rows = table.select("tbody tr")
    assert len(rows) == 5
    first_week = [td.get("data-day", "") for td in rows[0].select("td")]
    assert first_week == ["", "", "", "", "2030-03-01", "2030-03-02", "2030-03-03"]
    last_week = [td.get("data-day", "") for td in rows[4].select("td")]
    assert last_week == [f"2030-03-{day}" for day in range(25, 32)]
    # Sessions in their day, by start time; drafts and other months are not there.
    assert titles_in(cell(soup, "2030-03-05")) == [
        "09:30 Management maart",
        "14:00 Uitvoering maart",
    ]
    assert titles_in(cell(soup, "2030-03-31")) == ["19:00 Bestuur eind maart"]
    assert titles_in(table) == [
        "09:30 Management maart",
        "14:00 Uitvoering maart",
        "19:00 Bestuur eind maart",
    ]
    assert "Concept in maart" not in str(soup)
    # A day without sessions still shows its number; the phone hides it (class).
    assert "ln-month-day--free" in cell(soup, "2030-03-06")["class"]
    assert "ln-month-day--free" not in cell(soup, "2030-03-05")["class"]
    fulldate = cell(soup, "2030-03-05").select_one(".ln-month-fulldate").get_text()
    assert fulldate.lower() == "dinsdag 5 maart"
    assert [th.select_one("[aria-hidden]").get_text() for th in headers][:2] == ["ma", "di"]


def test_one_level_in_the_month_and_links_that_keep_it(client, network, make_session):
    make_session(title="Uitvoering maart", starts_at=at("2030-03-05", 14))
    make_session("management", title="Management maart", starts_at=at("2030-03-06", 14))
    url = network["sessions"].url
    soup = page(client, url, maand="2030-03", niveau="management")
    assert titles_in(soup.select_one("#session-month")) == ["14:00 Management maart"]
    assert soup.select_one('a[rel="prev"]')["href"] == (
        f"{url}?niveau=management&weergave=maand&maand=2030-02"
    )
    assert soup.select_one('a[rel="next"]')["href"] == (
        f"{url}?niveau=management&weergave=maand&maand=2030-04"
    )
    # The level links stay in this month; "List" goes back to the list of that level.
    levels = {a.get_text(strip=True): a["href"] for a in soup.select(".ln-inline-filters a")}
    assert levels["Bestuur"] == f"{url}?niveau=bestuur&weergave=maand&maand=2030-03"
    toggle = soup.select(".ln-view-toggle a")
    assert [a["href"] for a in toggle] == [
        f"{url}?niveau=management",
        f"{url}?niveau=management&weergave=maand&maand=2030-03",
    ]
    assert [a.get("aria-current") for a in toggle] == [None, "page"]


def test_previous_and_next_go_across_the_year(client, network):
    url = network["sessions"].url
    soup = page(client, url, maand="2030-01")
    assert soup.select_one('a[rel="prev"]')["href"] == f"{url}?weergave=maand&maand=2029-12"
    assert "december 2029" in soup.select_one('a[rel="prev"]').get_text()
    soup = page(client, url, maand="2030-12")
    assert soup.select_one('a[rel="next"]')["href"] == f"{url}?weergave=maand&maand=2031-01"
    assert "januari 2031" in soup.select_one('a[rel="next"]').get_text()


def test_the_list_is_the_default_and_the_toggle_leads_to_this_month(client, network, make_session):
    make_session(title="Binnenkort", starts_at=timezone.now() + timedelta(days=3))
    url = network["sessions"].url
    soup = page(client, url)
    assert soup.select_one("#session-month") is None
    assert "Binnenkort" in soup.select_one(".ln-card-list").get_text()
    toggle = soup.select(".ln-view-toggle a")
    assert [a["href"] for a in toggle] == [url, f"{url}?weergave=maand"]
    assert [a.get("aria-current") for a in toggle] == ["page", None]
    assert toggle[1].get_text(strip=True) == "Maand"

    month = page(client, url, weergave="maand")
    today = timezone.localdate()
    marked = month.select('#session-month td[aria-current="date"]')
    assert [td["data-day"] for td in marked] == [today.isoformat()]
    assert "ln-month-day--today" in marked[0]["class"]
    # This month is shown, so there is no "this month" link.
    assert month.select_one(".ln-month-nav a:not([rel])") is None


@pytest.mark.parametrize(
    "value",
    ["2030-13", "2030-00", "maart", "2030-3", "99999-01", "0000-01", "1999-12", "2030-03\x00", ""],
)
def test_a_bad_month_in_the_address_shows_this_month(client, network, value):
    soup = page(client, network["sessions"].url, maand=value)
    today = timezone.localdate()
    assert cell(soup, today.isoformat()) is not None
    assert cell(soup, today.replace(day=1).isoformat()) is not None
    assert [td["data-day"] for td in soup.select('td[aria-current="date"]')] == [today.isoformat()]


def test_a_month_without_sessions_says_so(client, network):
    soup = page(client, network["sessions"].url, maand="2031-07")
    assert soup.select(".ln-month-session") == []
    assert soup.select_one(".ln-month p.ln-notice") is not None
    # Another month than this one: a way back to today.
    back = soup.select_one(".ln-month-nav a:not([rel])")
    assert back["href"] == f"{network['sessions'].url}?weergave=maand"


def queries_for(client, url: str, month: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, {"maand": month}).status_code == 200
    return len(queries)


def test_the_month_costs_the_same_queries_for_one_session_or_many(
    client, network, make_session, make_user, admin
):
    from leernetwerk.learning.sessions import services

    make_session(title="Alleen in april", starts_at=at("2030-04-09", 14))
    for number, (level, day) in enumerate(
        [
            ("uitvoering", "2030-05-01"),
            ("uitvoering", "2030-05-07"),
            ("management", "2030-05-07"),
            ("bestuur", "2030-05-14"),
            ("uitvoering", "2030-05-21"),
            ("management", "2030-05-28"),
        ]
    ):
        session = make_session(level, title=f"Mei {number}", starts_at=at(day, 10 + number))
        if level == "uitvoering":
            services.registration_create(session=session, user=make_user())
    client.force_login(admin)
    url = network["sessions"].url
    queries_for(client, url, "2030-03")  # warm the site and session caches
    one, six = queries_for(client, url, "2030-04"), queries_for(client, url, "2030-05")
    assert one == six
    soup = page(client, url, maand="2030-05")
    assert len(soup.select(".ln-month-session")) == 6
