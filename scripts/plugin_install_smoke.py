"""Smoke test of a fresh Wagtail project that installed the plugin as the README says.

Run by ``scripts/plugin-install-check.sh`` through the new project's ``manage.py shell`` (so the
project's own settings, urls and asgi are used, never the repository's ``site/``). It makes the
page tree a site administrator would make in the admin, a professional, a case, a pattern and a
leersessie through the plugin's services and models, renders their pages with Django's test
client, and follows the case's live stream over a websocket through the project's
``asgi.application`` while a comment is posted. Any failure exits 1 with what failed.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from datetime import timedelta

STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"  [{time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


def fail(message: str) -> None:
    print(f"plugin-install-check: FAIL: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


def build_network():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone
    from wagtail.models import Site

    from leernetwerk.casework.models import CaseIndexPage, LifeDomain
    from leernetwerk.casework.services import case_save
    from leernetwerk.kernel.roles import Role
    from leernetwerk.learning.models import LearningSessionPage, LessonIndexPage, SessionIndexPage
    from leernetwerk.patterns.models import LearningTable, PatternBoardPage
    from leernetwerk.patterns.services import pattern_create

    if not Group.objects.filter(name=Role.PROFESSIONAL).exists():
        fail("migrate did not create the role groups")
    if not LearningTable.objects.exists():
        fail("migrate did not create the default learning tables")
    home = Site.objects.get(is_default_site=True).root_page.specific
    indexes = {}
    for model, title, slug in [
        (CaseIndexPage, "Casussen", "casussen"),
        (PatternBoardPage, "Patronen", "patronen"),
        (SessionIndexPage, "Leersessies", "leersessies"),
        (LessonIndexPage, "Geleerde lessen", "lessen"),
    ]:
        page = home.add_child(instance=model(title=title, slug=slug))
        page.save_revision().publish()
        indexes[slug] = model.objects.get(pk=page.pk)
    say("index pages created under the home page: " + ", ".join(p.url for p in indexes.values()))

    User = get_user_model()
    member = User.objects.create_user("fatima", password="smoke-test-not-secret", first_name="F")
    member.groups.add(Group.objects.get(name=Role.PROFESSIONAL))
    colleague = User.objects.create_user("noor", password="smoke-test-not-secret", first_name="N")
    colleague.groups.add(Group.objects.get(name=Role.PROFESSIONAL))

    case = case_save(
        user=member,
        index=indexes["casussen"],
        publish_now=True,
        data={
            "title": "Wachttijd schuldhulp loopt uit",
            "situation": "Een huishouden met een huurachterstand wacht op de schuldhulp.",
            "knelpunt": "De schuldhulp start pas na zes weken, de ontruiming eerder.",
            "consent_given": True,
            "retention_date": timezone.localdate() + timedelta(days=365),
            "life_domains": list(LifeDomain.objects.filter(is_active=True)[:2]),
        },
    )
    if not case.live:
        fail("case_save(publish_now=True) did not publish the case")
    pattern = pattern_create(
        user=member,
        title="Wachttijd schuldhulp bij dreigende ontruiming",
        description="Ontruimingen gaan sneller dan de schuldhulp kan starten.",
        cases=[case],
        link_reason="Zelfde knelpunt",
    )
    start = timezone.now() + timedelta(days=14)
    session = LearningSessionPage(
        title="Leersessie professionals",
        slug="leersessie-professionals",
        level="uitvoering",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        location="Stadskantoor",
    )
    indexes["leersessies"].add_child(instance=session)
    session.save_revision().publish()
    say(f"case {case.pk}, pattern {pattern.pk} and session {session.pk} created")
    return indexes, member, colleague, case, pattern, session


def render_pages(indexes, member, case, pattern, session):
    from django.test import Client

    client = Client()
    anonymous = [
        (indexes["lessen"].url, 200, "lessons index"),
        (indexes["lessen"].url + "feed/", 200, "lessons RSS feed"),
        ("/api/v2/lessons/", 200, "lessons API"),
        (indexes["leersessies"].url, 200, "sessions index (public calendar)"),
        ("/accounts/login/", 200, "login page"),
        (case.url, 302, "case page (members only: to the login)"),
    ]
    client.force_login(member)
    members = [
        (indexes["casussen"].url, 200, "cases index"),
        (case.url, 200, "case page"),
        (indexes["patronen"].url, 200, "pattern board"),
        (f"/netwerk/patronen/{pattern.pk}/", 200, "pattern page"),
        (session.url, 200, "session page"),
        ("/netwerk/leden/meldingen/", 200, "notifications"),
    ]
    anonymous_client = Client()
    for who, pages in (("anonymous", anonymous), ("professional", members)):
        http = anonymous_client if who == "anonymous" else client
        for url, expected, label in pages:
            response = http.get(url)
            if response.status_code != expected:
                fail(f"{label} {url} as {who}: HTTP {response.status_code}, expected {expected}")
            say(f"{who:12} GET {url} -> {response.status_code} ({label})")
    html = client.get(case.url).content.decode()
    for needle, what in [
        (case.title, "the case's title"),
        ("data-live-url", "the live region"),
        ("leernetwerk_kernel/live.js", "the live script (base template, README step 5)"),
        ('id="notification-flash"', "the notification list (base template, README step 5)"),
        ("notification-count", "the notifications bell (base template, README step 5)"),
    ]:
        if needle not in html:
            fail(f"the case page lacks {what} ({needle!r})")
    say("the case page has the live region, the live script and the notifications bell")
    return client.cookies["sessionid"].value


async def follow_case_stream(case, colleague, sessionid: str) -> None:
    from asgiref.sync import sync_to_async
    from channels.testing import WebsocketCommunicator
    from django.conf import settings

    from leernetwerk.casework.services import comment_create

    module, _, attribute = settings.ASGI_APPLICATION.rpartition(".")
    application = getattr(importlib.import_module(module), attribute)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/case/{case.pk}/",
        headers=[
            (b"origin", b"http://localhost"),
            (b"host", b"localhost"),
            (b"cookie", f"sessionid={sessionid}".encode()),
        ],
    )
    connected, code = await communicator.connect(timeout=5)
    if not connected:
        fail(f"the case stream refused the member's websocket (close code {code})")
    ready = await communicator.receive_json_from(timeout=5)
    if ready.get("type") != "ready":
        fail(f"expected a ready frame, got {ready}")
    say(f"websocket /ws/live/case/{case.pk}/ connected: {ready}")
    await sync_to_async(comment_create)(
        case=case, author=colleague, body="Dit herken ik: de schuldhulp wacht op de stukken."
    )
    event = await communicator.receive_json_from(timeout=5)
    if event.get("type") != "event" or event.get("event") != "comment.created":
        fail(f"expected the comment.created event, got {event}")
    say(f"live event received: #{event['id']} {event['event']}")
    await communicator.disconnect()


def main() -> None:
    indexes, member, colleague, case, pattern, session = build_network()
    sessionid = render_pages(indexes, member, case, pattern, session)
    asyncio.run(follow_case_stream(case, colleague, sessionid))
    say("smoke test passed")


main()
