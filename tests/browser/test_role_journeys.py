"""Every role finds its work (issue #18): in Chromium, with the demo network, each role starts on
its home page and reaches every task of the role by clicking what it sees — the header's pages,
"Mijn werk", the home page's cards, the admin's menu — never by typing a URL; at 1280 px and at
390 px (where the header folds behind "Menu"), in Dutch and in English (switched with the header's
own language button). Each task names the link to click (Dutch, English) and the heading the page
it leads to must show (Dutch, English), written out here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from home.demo import DEMO_PASSWORD, DemoLoader
from tests.browser.conftest import login, off_the_loop

Text = tuple[str | re.Pattern, str | re.Pattern]


def _count(label: str) -> re.Pattern:
    """A home card's link: its count, then its label ("3 Mijn casussen")."""
    return re.compile(rf"^\d+ {re.escape(label)}")


@dataclass(frozen=True)
class Task:
    #: The links to click from the home page, in order: (Dutch, English) accessible names.
    clicks: tuple[Text, ...]
    #: The main heading of the page reached: (Dutch, English).
    heading: Text
    #: In the Wagtail admin, which has its own menu (folded on a phone).
    admin: bool = False


def task(*clicks: Text, heading: Text, admin: bool = False) -> Task:
    return Task(clicks, heading, admin)


PAGES = [
    task(("Casussen", "Cases"), heading=("Casussen", "Cases")),
    task(("Patronen", "Patterns"), heading=("Patronen", "Patterns")),
    task(("Leersessies", "Leersessies"), heading=("Leersessies", "Leersessies")),
    task(("Geleerde lessen", "Lessons learned"), heading=("Geleerde lessen", "Lessons learned")),
]
EVERY_MEMBER = [
    *PAGES,
    task(("Wie is wie", "Who is who"), heading=("Wie is wie", "Who is who")),
    task(
        ("Mijn signalen", "My signals"),
        heading=("Wat deed mijn signaal?", "What did my signal do?"),
    ),
    task(("Mijn actiepunten", "My actions"), heading=("Mijn actiepunten", "My actions")),
    task(("Casus inbrengen", "Bring in a case"), heading=("Casus inbrengen", "Bring in a case")),
    task(
        (_count("Mijn casussen"), _count("My cases")),
        heading=("Mijn casussen", "My cases"),
    ),
    task(
        (_count("Ongelezen meldingen"), _count("Unread notifications")),
        heading=("Meldingen", "Notifications"),
    ),
]
DOORBRAKEN = task(
    ("Doorbraken", "Doorbraken"),
    heading=("Doorbraken om over te beslissen", "Doorbraken to decide"),
)
POLICY_INBOX = task(("Beleidsinbox", "Policy inbox"), heading=("Beleidsinbox", "Policy inbox"))
INVITATIONS = task(("Uitnodigingen", "Invitations"), heading=("Uitnodigingen", "Invitations"))
DASHBOARD = task(("Dashboard", "Dashboard"), heading=("Netwerkdashboard", "Network dashboard"))
OVERDUE_REPORT = task(
    (_count("Te late patronen"), _count("Patterns past their deadline")),
    heading=("Te late patronen", "Overdue patterns"),
    admin=True,
)
ADMIN = task(("Beheer", "Admin"), heading=("Leernetwerk", "Leernetwerk"), admin=True)

#: The demo login of each role and its tasks.
JOURNEYS = {
    "professional (fatima)": ("fatima", EVERY_MEMBER),
    "manager and mandate holder (marieke)": (
        "marieke",
        [
            *EVERY_MEMBER,
            DOORBRAKEN,
            INVITATIONS,
            DASHBOARD,
            POLICY_INBOX,
            ADMIN,
            OVERDUE_REPORT,
            task(
                ("Beheer", "Admin"),
                ("Rapporten", "Reports"),
                ("Te late patronen", "Overdue patterns"),
                heading=("Te late patronen", "Overdue patterns"),
                admin=True,
            ),
        ],
    ),
    "session administrator (sander)": (
        "sander",
        [
            *EVERY_MEMBER,
            task(
                ("Sessiebeheer", "Session administration"),
                heading=("Leersessies: overzicht", "Leersessies: overview"),
            ),
            task(
                (_count("Komende leersessies"), _count("Upcoming leersessies")),
                heading=("Leersessies: overzicht", "Leersessies: overview"),
            ),
            INVITATIONS,
        ],
    ),
    "stuurgroep (ingrid)": (
        "ingrid",
        [
            *EVERY_MEMBER,
            DASHBOARD,
            POLICY_INBOX,
            OVERDUE_REPORT,
            task(
                (_count("Patronen aan mijn tafels"), _count("Patterns at my tables")),
                heading=("Patronen", "Patterns"),
            ),
        ],
    ),
    "editor (eva)": (
        "eva",
        [
            *EVERY_MEMBER,
            ADMIN,
            task(
                (_count("Lessen die op beoordeling wachten"), _count("Lessons waiting for review")),
                heading=("Leernetwerk", "Leernetwerk"),
                admin=True,
            ),
        ],
    ),
    "mandate holder (lotte)": ("lotte", [*EVERY_MEMBER, DOORBRAKEN]),
    "policy officer (hanna)": (
        "hanna",
        [
            *EVERY_MEMBER,
            POLICY_INBOX,
            task(
                (_count("Items in de beleidsinbox"), _count("Items in the policy inbox")),
                heading=("Beleidsinbox", "Policy inbox"),
            ),
        ],
    ),
}
PHONE, DESKTOP = 390, 1280
LANGUAGE = {"nl": 0, "en": 1}
MENU = ("Menu", "Menu")


def _visible(locator):
    return [item for item in locator.all() if item.is_visible()]


def _click(page, name, language: str) -> None:
    """Click the visible link called ``name``; on a phone, open the menu first when the link
    is folded away (the site's "Menu", the admin's sidebar)."""
    admin = "/admin/" in page.url
    links = _visible(page.get_by_role("link", name=name, exact=isinstance(name, str)))
    if not links and not admin:
        page.get_by_role("button", name=MENU[LANGUAGE[language]]).click()
        links = _visible(page.get_by_role("link", name=name, exact=isinstance(name, str)))
    if not links and admin:
        # Wagtail's sidebar: a menu with sub-menus (which slide open), folded on a phone.
        sliding = page.get_by_role("link", name=name, exact=isinstance(name, str))
        try:
            sliding.first.wait_for(state="visible", timeout=2_000)
        except PlaywrightTimeout:
            pass
        links = _visible(sliding)
        buttons = _visible(page.get_by_role("button", name=name, exact=isinstance(name, str)))
        if not buttons and not links:
            toggle = _visible(page.locator("button.sidebar-nav-toggle"))
            if toggle:
                toggle[0].click()
            buttons = _visible(page.get_by_role("button", name=name, exact=isinstance(name, str)))
            links = _visible(page.get_by_role("link", name=name, exact=isinstance(name, str)))
        if buttons and not links:
            buttons[0].click()
            return
    assert links, f"no visible link {name!r} on {page.url}"
    links[0].click()
    page.wait_for_load_state()


def _home(page, base_url: str, language: str) -> None:
    """Back to the role's home page the way a user goes: the site's name in the header (from the
    admin: the browser's back button would do as well; its home link is the admin's)."""
    if "/admin/" in page.url:
        page.goto(base_url + "/")
        return
    page.get_by_role("link", name="Leernetwerk", exact=True).click()
    page.wait_for_load_state()


def _heading(page) -> str:
    heading = page.get_by_role("heading", level=1)
    return " ".join(_visible(heading)[0].inner_text().split()) if _visible(heading) else ""


def _walk(page, base_url: str, tasks: list[Task], width: int, language: str) -> list[str]:
    failures = []
    for item in tasks:
        _home(page, base_url, language)
        try:
            for click in item.clicks:
                _click(page, click[LANGUAGE[language]], language)
            expected = item.heading[LANGUAGE[language]]
            shown = _heading(page)
            matched = (
                expected.search(shown) if isinstance(expected, re.Pattern) else shown == expected
            )
            if not matched:
                failures.append(
                    f"{width} {language} {item.clicks}: heading {shown!r} on {page.url}"
                )
            overflow = page.evaluate("document.documentElement.scrollWidth") - width
            if overflow > 0 and not item.admin:
                failures.append(
                    f"{width} {language} {page.url}: {overflow} px wider than the screen"
                )
        except AssertionError as error:
            failures.append(f"{width} {language} {item.clicks}: {error}")
    return failures


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_role_reaches_its_work_through_what_it_sees(
    live_server_url, live_network, new_page, width, language
):
    off_the_loop(DemoLoader().run)
    failures = []
    for label, (username, tasks) in JOURNEYS.items():
        page = new_page()
        page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 900})
        login(page, live_server_url, username, DEMO_PASSWORD)
        page.goto(live_server_url + "/")
        if language == "en":
            switch = page.get_by_role("button", name="English")
            if not switch.is_visible():
                page.get_by_role("button", name="Menu").click()
            switch.click()
            page.wait_for_load_state()
            assert page.locator("html").get_attribute("lang") == "en"
        heading = "My work" if language == "en" else "Mijn werk"
        assert _heading(page) == heading, f"{label}: the home page is not the member's own"
        failures += [
            f"{label}: {failure}"
            for failure in _walk(page, live_server_url, tasks, width, language)
        ]
        page.context.close()
    assert not failures, "\n".join(failures)
