"""Issue #18 in the browser, on a phone (390 px): the notifications page starts with the newest
group and nothing is wider than the screen; a group unfolds to show its other messages, and
its "mark all 4 as read" reads them in place and lowers the bell's count without reloading."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (  # noqa: F401 (fixtures)
    chromium,
    live_network,
    live_server_url,
    login,
    new_page,
    off_the_loop,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

CASE = "/casussen/statushouder-moet-kiezen-tussen-inburgering-en-werk/"
TITLE = "Nieuwe reactie op je casus “Statushouder moet kiezen tussen inburgering en werk”"
WIDTH, HEIGHT = 390, 844


def _inbox(member) -> None:
    from leernetwerk.kernel.notifications import notification_send

    def send(title, url, kind="case.comment"):
        notification_send(users=[member], kind=kind, title=title, url=url, email=False)

    send("Je casus hoort bij het patroon “Wachttijd schuldhulp”", "/netwerk/patronen/3/")
    send("Nieuw actiepunt voor jou uit Leersessie professionals 3 november 2026", "/x/#action-2")
    for n in range(1, 4):
        send(TITLE, f"{CASE}#comment-{n}")
    send(
        "Collega’s herkennen je casus “Statushouder moet kiezen tussen inburgering en werk”",
        f"{CASE}#recognitions",
        kind="case.recognised",
    )


def test_on_a_phone_the_newest_group_is_first_and_reads_in_one_go(
    live_server_url,  # noqa: F811 (the browser tests' fixtures, imported above)
    live_network,  # noqa: F811
    make_user,
    new_page,  # noqa: F811
):
    member = make_user(username="fatima-telefoon")
    off_the_loop(_inbox, member)
    page = new_page()
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    login(page, live_server_url, member.username, PASSWORD)
    page.goto(f"{live_server_url}/netwerk/leden/meldingen/")
    page.locator('[data-live-url="/ws/live/notifications/"][data-live-state="connected"]').wait_for(
        state="attached"
    )
    assert page.locator("#notification-count").inner_text() == "6"

    groups = page.locator("#notification-list > li")
    assert groups.count() == 3
    first = groups.first
    head = first.locator(".ln-notification").first
    assert "Collega’s herkennen je casus" in head.inner_text()
    # The first screen: heading, "mark all", and the newest group's message and its button.
    box = head.bounding_box()
    assert box["y"] + box["height"] < HEIGHT
    assert page.get_by_role("button", name="Alles als gelezen markeren").bounding_box()["y"] < 300
    # Nothing is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    for n in range(page.locator("#notification-list .ln-notification:visible").count()):
        item = page.locator("#notification-list .ln-notification:visible").nth(n).bounding_box()
        assert item["x"] >= 0 and item["x"] + item["width"] <= WIDTH

    # The other three of the case's four are folded away until she opens the group.
    folded = first.locator("details .ln-notification")
    assert folded.count() == 3 and not folded.first.is_visible()
    first.locator("summary").click()
    assert folded.first.is_visible() and folded.nth(2).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

    # One button reads the group: the bell drops by four, in place.
    first.locator("form[data-notification-group-read] button").click()
    page.get_by_role("link", name="Meldingen, 2 ongelezen", exact=True).wait_for()
    assert first.locator(".ln-notification--unread").count() == 0
    assert groups.count() == 3
    assert member.notifications.filter(read_at=None).count() == 2
