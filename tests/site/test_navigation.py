"""Every role finds its work through the header (issue #18): the network's pages for members,
"Mijn werk" for what each role opens, the admin for those who may use it, and the page one is
on marked — also a pattern's page and the doorbraken inbox under the cases' routes."""

from __future__ import annotations

import re

import pytest

from leernetwerk.kernel.roles import Role
from leernetwerk.patterns.models import LearningTable, Pattern

pytestmark = pytest.mark.django_db


def nav(html: str, label: str) -> list[tuple[str, bool]]:
    """``[(link text, marked current)]`` of the navigation called ``label``."""
    start = html.index(f'aria-label="{label}"')
    block = html[start : html.index("</nav>", start)]
    return [
        (text.strip(), bool(current))
        for current, text in re.findall(
            r'<a href="[^"]*"( aria-current="page")?>([^<]*)</a>', block
        )
    ]


def page_for(client, user, url: str = "/") -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_professional_sees_the_network_and_her_own_work(client, network, make_user):
    html = page_for(client, make_user(Role.PROFESSIONAL))
    assert [text for text, _ in nav(html, "Hoofdnavigatie")] == [
        "Casussen",
        "Patronen",
        "Leersessies",
        "Geleerde lessen",
    ]
    assert [text for text, _ in nav(html, "Mijn werk")] == [
        "Wie is wie",
        "Mijn signalen",
        "Mijn actiepunten",
        "Precedenten",
        "Wat mag ik zelf?",
    ]
    assert ">Beheer</a>" not in html  # no admin link for a professional


def test_each_role_finds_its_work_area(client, network, make_user):
    mandate = nav(page_for(client, make_user(Role.MANDATE_HOLDER)), "Mijn werk")
    assert ("Doorbraken", False) in mandate
    manager = [text for text, _ in nav(page_for(client, make_user(Role.MANAGER)), "Mijn werk")]
    assert manager[-2:] == ["Uitnodigingen", "Dashboard"] and "Doorbraken" not in manager
    admin = [text for text, _ in nav(page_for(client, make_user(Role.SESSION_ADMIN)), "Mijn werk")]
    assert admin[-2:] == ["Sessiebeheer", "Uitnodigingen"]
    editor_page = page_for(client, make_user(Role.EDITOR))
    assert '<a href="/admin/">Beheer</a>' in editor_page


def test_the_page_one_is_on_is_marked_in_one_place_only(client, network, make_user):
    holder = make_user(Role.MANDATE_HOLDER)
    inbox = page_for(client, holder, "/netwerk/casussen/doorbraken/")
    marked = [
        text for text, current in nav(inbox, "Mijn werk") + nav(inbox, "Hoofdnavigatie") if current
    ]
    assert marked == ["Doorbraken"]  # not "Casussen", although the inbox is under its routes
    table = LearningTable.objects.filter(is_active=True).first()
    pattern = Pattern.objects.create(title="Wachttijd", description="d", table=table)
    detail = page_for(client, holder, pattern.get_absolute_url())
    marked = [
        text
        for text, current in nav(detail, "Hoofdnavigatie") + nav(detail, "Mijn werk")
        if current
    ]
    assert marked == ["Patronen"]
    signals = page_for(client, holder, "/netwerk/leren/mijn-signalen/")
    marked = [
        text
        for text, current in nav(signals, "Hoofdnavigatie") + nav(signals, "Mijn werk")
        if current
    ]
    assert marked == ["Mijn signalen"]


def test_the_favicon_is_found(client, network):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    assert '<link rel="icon"' in client.get("/").content.decode()


def test_a_member_lands_on_her_open_work(client, network, make_user, make_case):
    """The home page starts with "Mijn werk": counts per kind of open work, each a link; the
    public front page below it stays the same, and a visitor sees no such section."""
    anonymous = client.get("/").content.decode()
    assert "Mijn werk" not in anonymous
    holder = make_user(Role.MANDATE_HOLDER)
    make_case(owner=holder)
    make_case(owner=holder, live=False)
    html = page_for(client, holder)
    work = html[html.index('class="my-work"') : html.index('class="hero"')]
    cards = {
        title.strip(): int(count)
        for count, title in re.findall(r'<span class="work-count">(\d+)</span>([^<]+)</a>', work)
    }
    assert cards == {
        "Mijn casussen": 2,
        "Ongelezen meldingen": 0,
        "Mijn open actiepunten": 0,
        "Doorbraken die op mijn besluit wachten": 0,
    }
    assert '<span class="badge badge-urgent">1 concept</span>' in work
    assert "<h1" not in html[html.index('class="hero"') :]  # one h1: "Mijn werk"
