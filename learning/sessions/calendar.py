"""ICS calendars of leersessies, written with icalendar."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from leernetwerk.kernel import conf
from leernetwerk.kernel.conf import page_public_url
from leernetwerk.learning.models import LearningSessionPage

PRODID = "-//Leernetwerk//Leersessies//NL"


def calendar_domain() -> str:
    """The domain part of event UIDs (``leersessie-12@…``): the host of
    ``LEERNETWERK_PUBLIC_ORIGIN``, else ``leernetwerk``; never the host a request came in on, so
    a site reached under two names (or an IPv6 address) does not duplicate its events."""
    origin = conf.get("LEERNETWERK_PUBLIC_ORIGIN")
    return (urlsplit(str(origin)).hostname if origin else None) or "leernetwerk"


def session_event(request: HttpRequest, session: LearningSessionPage, *, members: bool) -> Event:
    """One session as a VEVENT: a stable UID, times in Europe/Amsterdam, and STATUS:CANCELLED
    for a cancelled session, so calendar apps take it out instead of keeping a stale entry.
    The online meeting link only goes to members (where cases are discussed, nobody else may
    join)."""
    event = Event()
    event.add("uid", f"leersessie-{session.pk}@{calendar_domain()}")
    event.add("dtstamp", timezone.now())
    zone = timezone.get_default_timezone()
    event.add("dtstart", timezone.localtime(session.starts_at, zone))
    event.add("dtend", timezone.localtime(session.ends_at, zone))
    event.add("summary", session.title)
    online = session.online_link if members else ""
    where = ", ".join(part for part in (session.location, online) if part)
    if where:
        event.add("location", where)
    url = page_public_url(session, request) if session.url else ""
    if url:
        event.add("url", url)
    description = "\n\n".join(part for part in (session.description, url) if part)
    if description:
        event.add("description", description)
    changed = max(
        (moment for moment in (session.last_published_at, session.cancelled_at) if moment),
        default=None,
    )
    if changed:
        event.add("last-modified", changed)
        # Grows with every publication or cancellation, so calendar apps take the new version.
        event.add("sequence", int(changed.timestamp()) // 60)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return event


def sessions_ics(
    request: HttpRequest, sessions: Iterable[LearningSessionPage], *, name: str, members: bool
) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{settings.WAGTAIL_SITE_NAME}: {name}")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for session in sessions:
        calendar.add_component(session_event(request, session, members=members))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.ics"'
    return response
