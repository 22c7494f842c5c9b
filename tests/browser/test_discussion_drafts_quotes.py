"""The discussion's browser side (issue #18): a comment being typed survives a reload (kept in
this browser only) and is gone once posted; "Citeren" puts the quoted words in the reply box."""

from __future__ import annotations

from leernetwerk.casework import services
from leernetwerk.casework.models import CasePage
from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD


def _comment(case_id, author, body):
    return services.comment_create(case=CasePage.objects.get(pk=case_id), author=author, body=body)


def test_a_draft_survives_a_reload_and_goes_when_posted(
    live_server_url, live_network, make_user, make_case, new_page
):
    member = make_user(username="concept-schrijver")
    case = off_the_loop(make_case, owner=make_user(), title="Concept bewaren")
    page = new_page()
    login(page, live_server_url, member.username, PASSWORD)
    page.goto(f"{live_server_url}{case.url}")
    box = page.locator("#id_body")
    box.fill("Herkenbaar: bij ons duurde het ook zes weken")
    page.get_by_text("Concept bewaard").first.wait_for()
    page.reload()
    assert page.locator("#id_body").input_value() == "Herkenbaar: bij ons duurde het ook zes weken"
    page.locator("#id_body").locator("xpath=ancestor::form").get_by_role(
        "button", name="Plaatsen"
    ).click()
    page.get_by_text("Herkenbaar: bij ons duurde het ook zes weken").first.wait_for()
    page.reload()
    assert page.locator("#id_body").input_value() == ""


def test_quote_puts_the_words_in_the_reply_box(
    live_server_url, live_network, make_user, make_case, new_page
):
    author = make_user(username="citeerbaar")
    reader = make_user(username="citeerder")
    case = off_the_loop(make_case, owner=author, title="Citeren in de bespreking")
    comment = off_the_loop(_comment, case.pk, author, "De wachttijd is zes weken.")
    page = new_page()
    login(page, live_server_url, reader.username, PASSWORD)
    page.goto(f"{live_server_url}{case.url}")
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Citeren").click()
    reply = page.locator(f"#reply-{comment.pk}")
    reply.wait_for()
    assert reply.input_value() == "@citeerbaar schreef:\n> De wachttijd is zes weken.\n\n"
