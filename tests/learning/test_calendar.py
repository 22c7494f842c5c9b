"""ICS calendars of leersessies, parsed back with icalendar: per level, one session, and a
member's own sessions at their secret address."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from leernetwerk.learning.sessions import services

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def events(response) -> list:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


def test_the_public_calendar_per_level(client, make_session):
    front = make_session(
        "uitvoering",
        title="Leersessie professionals",
        starts_at=datetime(2027, 3, 2, 14, 0, tzinfo=AMSTERDAM),
        location="Wijkcentrum De Schakel",
        online_link="https://meet.example.test/sessie",
    )
    make_session("bestuur", title="Leersessie bestuur")
    make_session("uitvoering", title="Nog een concept", live=False)
    make_session("uitvoering", title="Al geweest", starts_at=timezone.now() - timedelta(days=3))
    everything = events(client.get(reverse("leernetwerk_learning:calendar_all")))
    assert {str(e["summary"]) for e in everything} == {
        "Leersessie professionals",
        "Leersessie bestuur",
    }
    only_front = events(
        client.get(reverse("leernetwerk_learning:calendar_all"), {"niveau": "uitvoering"})
    )
    assert [str(e["summary"]) for e in only_front] == ["Leersessie professionals"]
    event = only_front[0]
    start = event.decoded("dtstart")
    assert start == datetime(2027, 3, 2, 14, 0, tzinfo=AMSTERDAM)
    assert str(event["dtstart"].params["TZID"]) == "Europe/Amsterdam"
    assert event.decoded("dtend") - start == timedelta(hours=2)
    assert "Wijkcentrum De Schakel" in str(event["location"])
    # The online meeting is for members: the public feeds do not carry its link.
    assert (
        "meet.example.test"
        not in client.get(reverse("leernetwerk_learning:calendar_all")).content.decode()
    )
    assert str(event["uid"]).startswith(f"leersessie-{front.pk}@")
    assert str(event["status"]) == "CONFIRMED"
    assert front.url in str(event["url"])
    # The calendar carries the time zone definition, so every app reads 14:00 in Amsterdam.
    calendar = Calendar.from_ical(client.get(reverse("leernetwerk_learning:calendar_all")).content)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_add_to_calendar_for_one_session_and_a_cancellation(client, make_session, admin):
    session = make_session(title="Leersessie maart")
    url = reverse("leernetwerk_learning:session_ics", args=[session.pk])
    first = events(client.get(url))[0]
    services.session_cancel(session=session, user=admin, reason="Ziekte")
    cancelled = events(client.get(url))[0]
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(first["uid"])  # the same event, updated
    assert int(cancelled["sequence"]) >= int(first.get("sequence", 0))
    assert client.get(reverse("leernetwerk_learning:session_ics", args=[999999])).status_code == 404


def test_my_sessions_at_a_secret_address_that_can_be_replaced(client, make_session, make_user):
    member = make_user()
    mine = make_session(title="Mijn sessie")
    make_session(title="Niet mijn sessie")
    services.registration_create(session=mine, user=member)
    feed = services.calendar_feed_for(member)
    url = reverse("leernetwerk_learning:calendar_mine", args=[feed.token])
    assert [str(e["summary"]) for e in events(client.get(url))] == ["Mijn sessie"]
    mine.online_link = "https://meet.example.test/mijn"
    mine.save_revision().publish(skip_permission_checks=True)
    assert "meet.example.test/mijn" in str(events(client.get(url))[0]["location"])
    # The calendar app needs no login; a wrong address finds nothing.
    assert (
        client.get(reverse("leernetwerk_learning:calendar_mine", args=["not-a-token"])).status_code
        == 404
    )
    # A new address stops the old one.
    client.force_login(member)
    page = client.get(reverse("leernetwerk_learning:my_calendar")).content.decode()
    assert feed.token in page
    client.post(reverse("leernetwerk_learning:my_calendar"))
    client.logout()
    assert client.get(url).status_code == 404
    # A member who left the network has no feed.
    new = services.calendar_feed_for(member)
    member.is_active = False
    member.save()
    assert (
        client.get(reverse("leernetwerk_learning:calendar_mine", args=[new.token])).status_code
        == 404
    )
