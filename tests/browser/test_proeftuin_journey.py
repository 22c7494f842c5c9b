"""A proeftuin in the browser (issue #22).

The policy officer (hanna) owns the demo's running proeftuin "Vroegsignalen delen in
Heuvelstad-Noord"; on her phone she records this month's figure and a note. The manager (marieke)
sees on the board that it ends soon, opens it and, with the figures in front of her, extends it
with the table's reasons: a date in the past is answered on the page with what she typed still
there; then the log, the page and the board's badge show the new end date."""

from datetime import timedelta

from django.utils import timezone

from home.demo import DEMO_PASSWORD, DemoLoader
from leernetwerk.patterns.models import PatternBoardPage, Proeftuin
from tests.browser.conftest import login, off_the_loop

TITLE = "Vroegsignalen delen in Heuvelstad-Noord"
REASONS = "Tien dagen is te kort om het tweede kwartaal te meten; de tafel verlengt."


def test_the_owner_keeps_it_and_the_manager_extends_it(live_server_url, live_network, new_page):
    off_the_loop(DemoLoader().run)
    proeftuin = Proeftuin.objects.get(title=TITLE)
    url = f"{live_server_url}{proeftuin.get_absolute_url()}"

    hanna = new_page()
    hanna.set_viewport_size({"width": 390, "height": 844})
    login(hanna, live_server_url, "hanna", DEMO_PASSWORD)
    hanna.goto(url)
    assert "Loopt" in hanna.locator("article header").inner_text()
    hanna.get_by_text("Een meting vastleggen").click()
    hanna.fill("#id_measure-label", "Dagen van signaal tot eerste contact (mediaan)")
    hanna.fill("#id_measure-value", "9")
    hanna.fill("#id_measure-unit", "dagen")
    hanna.locator("#measure button[type=submit]").click()
    hanna.get_by_text("De meting is vastgelegd.").wait_for()
    assert "9 dagen" in hanna.locator("#measure table").inner_text()
    hanna.fill("#id_note-text", "Het wijkteam belt binnen twee weken na elk signaal.")
    hanna.locator("#note button[type=submit]").click()
    hanna.get_by_text("De notitie staat in het logboek.").wait_for()
    assert hanna.evaluate("document.documentElement.scrollWidth") <= 390

    marieke = new_page()
    login(marieke, live_server_url, "marieke", DEMO_PASSWORD)
    marieke.goto(f"{live_server_url}{PatternBoardPage.objects.get().url}")
    end = proeftuin.ends_on.strftime("%d-%m-%Y")
    card = marieke.locator(f"#pattern-card-{proeftuin.pattern_id}")
    assert f"Proeftuin tot {end}" in card.inner_text()
    card.get_by_role("link", name=proeftuin.pattern.title).click()
    marieke.locator("#proeftuinen").get_by_role("link", name=TITLE).click()
    marieke.wait_for_url(f"**{proeftuin.get_absolute_url()}")
    assert "9 dagen" in marieke.locator("#measure").inner_text()

    marieke.get_by_text("Besluiten vóór de einddatum").click()
    marieke.locator("input[name=decide-decision][value=extend]").check()
    marieke.fill("#id_decide-reasons", REASONS)
    marieke.fill("#id_decide-ends_on", "2020-01-01")  # in the past: refused, nothing lost
    marieke.locator("#decide button[type=submit]").click()
    marieke.get_by_text("De nieuwe einddatum moet na vandaag").wait_for()
    assert marieke.input_value("#id_decide-reasons") == REASONS
    new_end = timezone.localdate() + timedelta(days=100)
    marieke.fill("#id_decide-ends_on", new_end.isoformat())
    marieke.locator("#decide button[type=submit]").click()
    marieke.get_by_text("Het besluit is vastgelegd: Verlengen.").wait_for()
    log = marieke.locator("#note").inner_text()
    assert "Verlengd" in log and REASONS in log
    proeftuin.refresh_from_db()
    assert proeftuin.ends_on == new_end and proeftuin.state == "running"
    marieke.goto(f"{live_server_url}{PatternBoardPage.objects.get().url}")
    card = marieke.locator(f"#pattern-card-{proeftuin.pattern_id}")
    assert f"Proeftuin tot {new_end.strftime('%d-%m-%Y')}" in card.inner_text()
