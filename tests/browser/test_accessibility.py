"""Accessibility: axe-core checks every main page type of the demo network, as the user who
sees it, in Chromium with the site's Content-Security-Policy on. No violation of impact
"serious" or "critical" is allowed; the others are printed (run with ``-s`` to see them).

axe is served to the page as a same-origin script through Playwright's router, so the page
keeps its CSP (an inline injection would be refused by ``script-src 'self'``).
"""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.utils import timezone

from home.demo import DEMO_PASSWORD, DemoLoader
from leernetwerk.casework.models import CaseIndexPage, CasePage
from leernetwerk.learning.models import (
    LearningSessionPage,
    LessonIndexPage,
    LessonPage,
    SessionIndexPage,
)
from leernetwerk.patterns.models import Pattern, PatternBoardPage
from tests.browser.axe import AxeUnavailable, axe_script
from tests.browser.conftest import login, off_the_loop

AXE_URL = "/__axe__/axe.min.js"
BLOCKING = {"serious", "critical"}


def run_axe(page, base_url: str) -> list[dict]:
    """Run axe on the loaded page and return its violations."""
    page.add_script_tag(url=f"{base_url}{AXE_URL}")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    assert results["passes"], "axe ran its rules"
    return results["violations"]


def _note_refusal(refused: list[str], page, message) -> None:
    if "Content Security Policy" in message.text:
        refused.append(f"{page.url}: {message.text}")


def test_every_main_page_has_no_serious_accessibility_violations(
    live_server_url, live_network, new_page
):
    try:
        script = axe_script()
    except AxeUnavailable as error:
        pytest.skip(str(error))
    off_the_loop(DemoLoader().run)

    now = timezone.now()
    session = (
        LearningSessionPage.objects.live()
        .filter(level="uitvoering", ends_at__gte=now, registrations__user__username="fatima")
        .order_by("starts_at")
        .first()
    )
    case = (
        CasePage.objects.live().annotate(n=Count("comments")).filter(n__gt=0).order_by("-n").first()
    )
    pattern = Pattern.objects.annotate(n=Count("decisions")).order_by("-n", "pk").first()
    lesson = LessonPage.objects.live().first()
    from leernetwerk.patterns.models import Proeftuin

    proeftuin = Proeftuin.objects.filter(ended_at=None).first()
    from leernetwerk.patterns.models import NeedCategory

    housing = NeedCategory.objects.filter(name="Woonruimte").first()
    assert session and case and pattern and lesson and proeftuin and housing, (
        "the demo has every page type"
    )

    anonymous = [
        ("home", "/"),
        ("login", "/accounts/login/"),
        ("lessons index", LessonIndexPage.objects.get().url),
        ("lesson", lesson.url),
        ("sessions index", SessionIndexPage.objects.get().url),
    ]
    journeys = {
        None: anonymous,
        "fatima": [
            ("member home", "/"),
            ("cases index", CaseIndexPage.objects.get().url),
            ("case page (with comments)", case.url),
            ("case form", "/netwerk/casussen/nieuw/"),
            ("session page", session.url),
            ("pattern board", PatternBoardPage.objects.get().url),
            ("pattern page", pattern.get_absolute_url()),
            ("notifications", "/netwerk/leden/meldingen/"),
            ("profile", "/netwerk/leden/profiel/"),
            ("my signals", "/netwerk/leren/mijn-signalen/"),
        ],
        "marieke": [
            ("manager home", "/"),
            ("dossier", f"{pattern.get_absolute_url()}dossier/"),
            ("dashboard", "/netwerk/leren/dashboard/"),
            ("proeftuinen", "/netwerk/patronen/proeftuinen/"),
            ("proeftuin page (the table's forms)", proeftuin.get_absolute_url()),
            ("proeftuin form", f"/netwerk/patronen/{proeftuin.pattern_id}/proeftuin/nieuw/"),
            ("trends in needs", "/netwerk/patronen/trends/"),
            ("a need's trend (the gap form)", housing.get_absolute_url()),
            ("need categories", "/netwerk/patronen/trends/categorieen/"),
        ],
        "sander": [("session mode", f"/netwerk/leren/sessies/{session.pk}/sessiemodus/")],
    }

    blocking: list[str] = []
    refused: list[str] = []
    # At a desktop's width and a phone's (390 px: the header's menu button, stacked cards).
    for (username, pages), width in (
        (journey, width) for width in (1280, 390) for journey in journeys.items()
    ):
        page = new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.route(f"**{AXE_URL}", lambda route: route.fulfill(path=str(script)))
        # The CSP must not break a page: Chromium reports every refused resource on the console.
        page.on("console", lambda message, page=page: _note_refusal(refused, page, message))
        if username:
            login(page, live_server_url, username, DEMO_PASSWORD)
        for name, path in pages:
            response = page.goto(f"{live_server_url}{path}")
            assert response.status == 200, f"{name} ({path}) as {username}: {response.status}"
            page.wait_for_load_state("networkidle")
            for violation in run_axe(page, live_server_url):
                nodes = "; ".join(str(node["target"][0]) for node in violation["nodes"][:5])
                line = (
                    f"{name} ({path}, {username or 'anonymous'}, {width} px): "
                    f"[{violation['impact']}] "
                    f"{violation['id']}: {violation['help']} — {nodes}"
                )
                print(line)  # noqa: T201 - the report of minor issues
                if violation["impact"] in BLOCKING:
                    blocking.append(line)
    assert not blocking, "\n".join(blocking)
    assert not refused, "\n".join(refused)
