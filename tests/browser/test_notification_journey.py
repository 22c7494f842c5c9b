"""The notification centre in the browser: a professional has her case open; a colleague
comments on it through the site and another recognises it; she sees each notification flash in
live and the bell's unread count rise (0 → 1 → 2), marks one read in place and the rest from the
list, and the count drops without reloading."""

from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD

TITLE = "Huurachterstand tijdens de wachttijd voor de WW"
#: The notifications socket is connected (a locator, not a string to evaluate: the CSP forbids it).
LIVE = '[data-live-url="/ws/live/notifications/"][data-live-state="connected"]'


def bell(page, count: int):
    """The header's bell, found by its accessible name ("Meldingen, 2 ongelezen")."""
    return page.get_by_role("link", name=f"Meldingen, {count} ongelezen", exact=True)


def test_she_sees_comments_and_recognitions_arrive_and_marks_them_read(
    live_server_url, live_network, make_user, make_case, new_page
):
    author = make_user(username="auteur", first_name="Anna", last_name="Auteur")
    colleague = make_user(username="collega", first_name="Cas", last_name="Collega")
    case = off_the_loop(make_case, owner=author, title=TITLE)

    # Anna has her case open; nothing is unread.
    anna = new_page()
    login(anna, live_server_url, author.username, PASSWORD)
    anna.goto(f"{live_server_url}{case.url}")
    anna.locator(LIVE).wait_for(state="attached")
    bell(anna, 0).wait_for()
    assert anna.locator("#notification-count").inner_text() == "0"

    # A colleague comments on it through the site.
    cas = new_page()
    login(cas, live_server_url, colleague.username, PASSWORD)
    cas.goto(f"{live_server_url}{case.url}")
    cas.fill("#id_body", "Dit zie ik ook bij de schuldhulp.")
    cas.get_by_role("button", name="Reactie plaatsen").click()
    cas.locator("#comments .ln-comment", has_text="Dit zie ik ook").wait_for()

    # Anna sees it flash in and the bell count 1 — without reloading.
    flashed = anna.locator("#notification-flash .ln-notification", has_text=TITLE)
    flashed.first.wait_for()
    bell(anna, 1).wait_for()
    assert "Cas" not in flashed.first.inner_text()  # no other person's name in it
    # Cas, who commented, was not told about his own comment.
    assert cas.locator("#notification-count").inner_text() == "0"

    # He also recognises it ("Herken ik").
    cas.locator("#recognitions").get_by_role("button", name="Herken ik").click()
    cas.get_by_role("button", name="Ik herken dit toch niet").wait_for()
    anna.locator("#notification-flash .ln-notification").nth(1).wait_for()
    bell(anna, 2).wait_for()

    # She marks the newest read in place: the count drops, the item loses its button.
    newest = anna.locator("#notification-flash .ln-notification").first
    newest.locator("form[data-notification-read] button").click()
    bell(anna, 1).wait_for()
    newest.locator("form[data-notification-read]").wait_for(state="detached")
    assert author.notifications.filter(read_at=None).count() == 1

    # The list shows the other one unread; "Alles als gelezen markeren" clears the bell.
    anna.goto(f"{live_server_url}/netwerk/leden/meldingen/")
    assert anna.locator("#notification-list .ln-notification--unread").count() == 1
    assert anna.locator("#notification-list .ln-notification").count() == 2
    anna.get_by_role("button", name="Alles als gelezen markeren").click()
    anna.wait_for_url("**/netwerk/leden/meldingen/")
    bell(anna, 0).wait_for()
    assert anna.locator("#notification-list .ln-notification--unread").count() == 0
    assert not author.notifications.filter(read_at=None).exists()
