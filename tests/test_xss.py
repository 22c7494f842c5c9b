"""XSS, server side: script and event-handler payloads in every text field of a case, a
comment, a pattern, a session and a lesson come out of every page that shows them as text
(escaped), never as markup. The browser side (and the live path) is
tests/browser/test_xss_journey.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leernetwerk.casework import services
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db

SCRIPT = "<script>window.__xss=1</script>"
IMG = "<img src=x onerror=window.__xss=1>"
BREAKOUT = '"><svg onload=window.__xss=1>'
PAYLOAD = f"Tekst {SCRIPT} {IMG} {BREAKOUT} einde"
#: What must never reach the page unescaped.
RAW = ("<script>window.__xss", "<img src=x onerror", "<svg onload", '"><svg')


def assert_inert(html: str, where: str) -> None:
    for raw in RAW:
        assert raw not in html, (where, raw, html[max(0, html.find(raw) - 200) :][:400])


def assert_shown_as_text(html: str, where: str) -> None:
    """The payload is on the page, escaped: the reader sees it literally."""
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html, where


@pytest.fixture
def xss_world(network, make_user, make_case):
    from leernetwerk.learning.models import (
        LearningSessionPage,
        LessonPage,
        SessionAction,
        SessionRun,
    )
    from leernetwerk.patterns.models import LearningTable, Pattern, PatternCase

    author = make_user(Role.PROFESSIONAL, first_name=SCRIPT, last_name=IMG)
    from leernetwerk.kernel.members.services import profile_for

    profile = profile_for(author)
    profile.display_name = f"Anna {SCRIPT}"
    profile.function = IMG
    profile.save()
    case = make_case(
        owner=author,
        title=f"Casus {SCRIPT} {IMG}",
        situation=PAYLOAD,
        ik_wil=PAYLOAD,
        ik_kan=PAYLOAD,
        ik_heb_nodig=PAYLOAD,
        knelpunt=PAYLOAD,
        maatwerk=PAYLOAD,
        consent_purpose=PAYLOAD,
    )
    case.tags.add("tag-<script>")
    comment = services.comment_create(case=case, author=author, body=PAYLOAD)
    services.comment_create(case=case, author=author, body=PAYLOAD, parent=comment)
    pattern = Pattern.objects.create(
        title=f"Patroon {SCRIPT} {IMG}",
        description=PAYLOAD,
        table=LearningTable.objects.get(position=20),
        owner=author,
    )
    PatternCase.objects.create(pattern=pattern, case=case, reason=PAYLOAD)
    session = network["sessions"].add_child(
        instance=LearningSessionPage(
            title=f"Sessie {SCRIPT} {IMG}",
            slug="sessie-xss",
            level="uitvoering",
            location=PAYLOAD[:255],
            description=PAYLOAD,
            starts_at=timezone.now() + timezone.timedelta(days=3),
            ends_at=timezone.now() + timezone.timedelta(days=3, hours=2),
            agenda=[
                ("theme", {"title": f"Thema {SCRIPT}"[:200], "description": PAYLOAD}),
                ("case", {"case": case, "question": PAYLOAD[:300]}),
                ("pattern", {"pattern": pattern, "question": PAYLOAD[:300]}),
            ],
        )
    )
    SessionRun.objects.create(session=session, summary=PAYLOAD)
    SessionAction.objects.create(
        session=session, text=PAYLOAD, owner=author, due_date=timezone.localdate()
    )
    lesson = network["lessons"].add_child(
        instance=LessonPage(
            title=f"Les {SCRIPT} {IMG}",
            slug="les-xss",
            summary=PAYLOAD,
            what_did_not_fit=PAYLOAD,
            what_changed=PAYLOAD,
        )
    )
    lesson.save_revision().publish()
    return {
        "author": author,
        "case": case,
        "pattern": pattern,
        "session": session,
        "lesson": lesson,
    }


def _pages(world, network):
    case, pattern, session, lesson = (
        world["case"],
        world["pattern"],
        world["session"],
        world["lesson"],
    )
    return {
        "case page": case.url,
        "cases index": network["cases"].url,
        "cases index, searched": network["cases"].url + "?q=Casus",
        "my cases": reverse("leernetwerk_casework:my_cases"),
        "case form": reverse("leernetwerk_casework:case_edit", args=[case.pk]),
        "pattern page": reverse("leernetwerk_patterns:detail", args=[pattern.pk]),
        "pattern board": network["board"].url,
        "pattern dossier": reverse("leernetwerk_patterns:dossier", args=[pattern.pk]),
        "pattern form": reverse("leernetwerk_patterns:edit", args=[pattern.pk]),
        "session page": session.url,
        "sessions index": network["sessions"].url,
        "session mode": reverse("leernetwerk_learning:session_mode", args=[session.pk]),
        "my actions": reverse("leernetwerk_learning:my_actions"),
        "lesson page": lesson.url,
        "lessons index": network["lessons"].url,
        "lessons feed": network["lessons"].url + "feed/",
        "member directory": reverse("leernetwerk_members:directory"),
    }


#: Pages that show a text field as such (escaped), so the payload must be readable there.
SHOWN = {
    "case page",
    "case form",
    "pattern page",
    "pattern dossier",
    "session page",
    "session mode",
    "lesson page",
}


def test_every_text_field_is_escaped_on_every_page(xss_world, network, make_user):
    member = Client()
    manager = make_user(Role.MANAGER)
    manager.is_superuser = True  # sees every page, the case form and the session mode included
    manager.save()
    member.force_login(manager)
    anonymous = Client()
    for where, url in _pages(xss_world, network).items():
        response = member.get(url, follow=True)
        assert response.status_code == 200, (where, response.status_code)
        html = response.content.decode()
        assert_inert(html, where)
        if where in SHOWN:
            assert_shown_as_text(html, where)
        public = anonymous.get(url)
        if public.status_code == 200:
            assert_inert(public.content.decode(), f"{where} (anonymous)")


def test_the_comment_body_keeps_light_formatting_and_loses_the_rest(xss_world, make_user):
    client = Client()
    client.force_login(make_user(Role.PROFESSIONAL))
    body = '<b>vet</b> <a href="javascript:window.__xss=1">link</a> <i onclick="x()">schuin</i>'
    response = client.post(
        reverse("leernetwerk_casework:comment_create", args=[xss_world["case"].pk]),
        {"body": body + SCRIPT + IMG},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200, response.content
    html = client.get(xss_world["case"].url).content.decode()
    assert_inert(html, "case page")
    assert "<b>vet</b>" in html and "javascript:" not in html and "onclick" not in html


def test_the_live_event_carries_escaped_or_sanitised_html(xss_world):
    """What a second browser receives over the websocket (here: replayed from the log) is the
    same sanitised markup."""
    from leernetwerk.kernel.live.selectors import events_after
    from leernetwerk.kernel.live.streams import case_stream

    texts = [str(frame.data) for frame in events_after(case_stream(xss_world["case"].pk), 0)]
    assert texts, "the comments were published live"
    for text in texts:
        assert_inert(text, "live event")
