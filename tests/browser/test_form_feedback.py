"""After a refused form the focus is on what to fix (issue #18): a screen reader starts at the
error summary, a keyboard user does not have to tab down from the top of the page."""

from __future__ import annotations


def test_a_refused_login_puts_the_focus_on_the_error_summary(
    live_server_url, live_network, make_user, new_page
):
    make_user(username="foutje")
    page = new_page()
    page.goto(f"{live_server_url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill("foutje")
    page.get_by_label("Wachtwoord").fill("niet-het-goede-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    page.wait_for_function("document.activeElement !== document.body")
    focused = page.evaluate("document.activeElement.className")
    assert "ln-form-errors" in focused
    assert "wachtwoord" in page.evaluate("document.activeElement.textContent").lower()
