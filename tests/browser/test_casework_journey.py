"""A professional brings in a case in the browser; a colleague discusses and recognises it, and
the author sees it happen live."""

from playwright.sync_api import expect

from leernetwerk.casework.models import CasePage, LifeDomain
from tests.browser.conftest import login
from tests.conftest import PASSWORD


def test_post_a_case_then_discuss_and_recognise_it_live(
    live_server_url, live_network, make_user, new_page
):
    author = make_user(username="auteur", first_name="Anna", last_name="Auteur")
    colleague = make_user(username="collega", first_name="Cas", last_name="Collega")
    wonen = LifeDomain.objects.get(name="Wonen")

    # The author brings in a case, with a BSN planted in the situation.
    first = new_page()
    login(first, live_server_url, author.username, PASSWORD)
    first.goto(f"{live_server_url}/netwerk/casussen/nieuw/")
    first.fill("#id_title", "Huurachterstand tijdens de wachttijd voor de WW")
    first.fill("#id_situation", "Een alleenstaande ouder (BSN 111222333) verliest haar werk.")
    first.fill("#id_knelpunt", "Bijzondere bijstand kan pas na het WW-besluit worden aangevraagd.")
    first.check(f"input[name=life_domains][value='{wonen.pk}']")
    first.check("#id_consent_given")
    first.click("button[name=action][value=publish]")

    # Blocked: the message says exactly what to remove, and nothing typed is lost.
    error = first.locator(".ln-field--error .ln-errorlist")
    error.wait_for()
    assert "111222333" in error.inner_text()
    assert "persoonsgegevens" in error.inner_text()
    assert first.input_value("#id_title") == "Huurachterstand tijdens de wachttijd voor de WW"
    assert not CasePage.objects.exists()

    first.fill("#id_situation", "Een alleenstaande ouder verliest haar werk.")
    first.click("button[name=action][value=publish]")
    first.wait_for_url("**/casussen/huurachterstand-tijdens-de-wachttijd-voor-de-ww/")
    assert first.get_by_role("heading", level=1).inner_text() == (
        "Huurachterstand tijdens de wachttijd voor de WW"
    )
    first.get_by_text("Live: updates verschijnen zonder herladen").wait_for()
    assert first.locator("#recognition-count").inner_text() == "0"

    # A colleague finds it on the cases index, comments and recognises it.
    second = new_page()
    login(second, live_server_url, colleague.username, PASSWORD)
    second.goto(f"{live_server_url}/casussen/")
    second.get_by_role("link", name="Huurachterstand tijdens de wachttijd voor de WW").click()
    second.get_by_text("Live: updates verschijnen zonder herladen").wait_for()
    second.fill("#id_body", "Dit zie ik ook bij de <b>schuldhulp</b>.")
    second.get_by_role("button", name="Reactie plaatsen").click()

    # The author sees the comment arrive without reloading…
    comment = first.locator("#comments .ln-comment").filter(has_text="Dit zie ik ook bij de")
    comment.wait_for()
    assert comment.locator("b").inner_text() == "schuldhulp"
    assert "Cas Collega" in comment.inner_text()
    assert first.locator("#comment-count").inner_text() == "1"

    # …and the recognition count rise.
    second.fill("#recognition-note", "Ook in wijk Noord")
    second.locator("#recognitions button[type=submit]").click()
    # (Locator waits, not wait_for_function: the site's CSP forbids evaluating strings.)
    expect(first.locator("#recognition-count")).to_have_text("1")
    # The colleague's own page reloads into the "recognised" state.
    second.get_by_role("button", name="Ik herken dit toch niet").wait_for()
    # The author sees who recognises it and where they saw it, live.
    listed = first.locator("#recognition-list li", has_text="Cas Collega")
    expect(listed).to_contain_text("Ook in wijk Noord")

    # Removing a comment cannot be undone, so the browser asks first: "Cancel" keeps it.
    own = second.locator("#comments .ln-comment").filter(has_text="Dit zie ik ook bij de")
    shown = first.locator(f"#{comment.get_attribute('id')}")
    second.once("dialog", lambda dialog: dialog.dismiss())
    own.get_by_role("button", name="Verwijderen").click()
    expect(own).to_contain_text("schuldhulp")
    second.once("dialog", lambda dialog: dialog.accept())
    own.get_by_role("button", name="Verwijderen").click()
    expect(shown).to_contain_text("verwijderd door de auteur")  # the author sees it go, live
    # Taking the recognition back takes the colleague off the author's list, live.
    second.get_by_role("button", name="Ik herken dit toch niet").click()
    expect(first.locator("#recognition-count")).to_have_text("0")
    expect(first.locator("#recognition-list li")).to_have_count(0)
