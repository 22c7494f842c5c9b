"""XSS in the browser: a professional types script and event-handler payloads into a case and a
colleague into a comment; nothing runs — not on the page, not in the other browser that receives
the comment live over the websocket — and the case's texts are shown literally."""

from leernetwerk.casework.models import CasePage
from tests.browser.conftest import login
from tests.conftest import PASSWORD

SCRIPT = "<script>window.__xss=1</script>"
IMG = "<img src=x onerror=window.__xss=1>"
SVG = '"><svg onload=window.__xss=1>'
TITLE = f"Casus {IMG}"
SITUATION = f"Situatie {SCRIPT} en {IMG}"
KNELPUNT = f"Knelpunt {SVG} einde"
COMMENT = f"Let op: 1 < 2 & 3 > 2 {IMG} {SCRIPT} <b>vet</b>"
NOTHING_RAN = "typeof window.__xss === 'undefined'"


def test_payloads_typed_into_a_case_and_a_comment_stay_text_also_live(
    live_server_url, live_network, make_user, new_page
):
    author = make_user(username="auteur-xss", first_name="Anna", last_name="Auteur")
    colleague = make_user(username="collega-xss", first_name="Cas", last_name="Collega")

    first = new_page()
    login(first, live_server_url, author.username, PASSWORD)
    first.goto(f"{live_server_url}/netwerk/casussen/nieuw/")
    first.fill("#id_title", TITLE)
    first.fill("#id_situation", SITUATION)
    first.fill("#id_knelpunt", KNELPUNT)
    first.fill("#id_ik_wil", SCRIPT)
    first.check("#id_consent_given")
    first.click("button[name=action][value=publish]")
    heading = first.get_by_role("heading", level=1)
    heading.wait_for()
    assert CasePage.objects.get().title == TITLE
    # Shown literally, as typed; no element was made of it.
    assert heading.inner_text() == TITLE
    body = first.locator("main").inner_text()
    assert SITUATION in body and KNELPUNT in body and SCRIPT in body
    assert first.locator("main img[src=x], main svg[onload], main script:not([src])").count() == 0
    assert first.evaluate(NOTHING_RAN)
    first.get_by_text("Live: updates verschijnen zonder herladen").wait_for()

    # A colleague finds the case (its title a link, as text) and comments on it.
    second = new_page()
    login(second, live_server_url, colleague.username, PASSWORD)
    second.goto(f"{live_server_url}/casussen/")
    second.get_by_role("link", name=TITLE).click()
    second.get_by_text("Live: updates verschijnen zonder herladen").wait_for()
    assert second.evaluate(NOTHING_RAN)
    second.fill("#id_body", COMMENT)
    second.get_by_role("button", name="Reactie plaatsen").click()

    # The author's page receives it live: light formatting kept, scripts and handlers gone, the
    # plain text (with its < and &) shown literally; nothing ran in either browser.
    comment = first.locator("#comments .ln-comment").filter(has_text="Let op: 1 < 2 & 3 > 2")
    comment.wait_for()
    assert comment.locator("b").inner_text() == "vet"
    assert comment.locator("img, script, svg").count() == 0
    assert first.evaluate(NOTHING_RAN)
    mine = second.locator("#comments .ln-comment").filter(has_text="Let op: 1 < 2 & 3 > 2")
    mine.wait_for()
    assert mine.locator("img, script, svg").count() == 0
    assert second.evaluate(NOTHING_RAN)

    # After a reload (the server-rendered page) the same.
    first.reload()
    first.locator("#comments .ln-comment").filter(has_text="Let op: 1 < 2 & 3 > 2").wait_for()
    assert first.locator("#comments img, #comments script, #comments svg").count() == 0
    assert first.get_by_role("heading", level=1).inner_text() == TITLE
    assert first.evaluate(NOTHING_RAN)
