"""A pattern climbs the learning tables in the browser: a manager signals it and links three demo
cases, escalates it from the werktafel to the ambtelijke stuurgroep with a reason, a stuurgroep
member records a decision — and a professional whose case was linked sees the notification
appear live, while the manager's board moves the card without reloading."""

from playwright.sync_api import expect

from home.demo import DEMO_PASSWORD, DemoLoader
from leernetwerk.casework.models import CasePage
from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.models import Decision, Pattern
from tests.browser.conftest import login, off_the_loop
from tests.toets import TABLE_TOETS

CASES = [
    "Statushouder moet kiezen tussen inburgering en werk",  # fatima's
    "Uitkering omlaag bij de eerste baan met Wajong",
    "Zeven hulpverleners in één gezin en niemand houdt de regie",
]
TITLE = "Regels ontmoedigen de eerste stap naar werk"


def test_a_pattern_climbs_to_the_stuurgroep_and_the_professional_hears_it_live(
    live_server_url, live_network, new_page
):
    off_the_loop(DemoLoader().run)
    case_ids = {title: CasePage.objects.get(title=title).pk for title in CASES}

    # Fatima, whose case will be linked, is somewhere in the network.
    fatima = new_page()
    login(fatima, live_server_url, "fatima", DEMO_PASSWORD)
    fatima.goto(f"{live_server_url}/netwerk/leden/meldingen/")
    fatima.locator(
        '[data-live-url="/ws/live/notifications/"][data-live-state="connected"]'
    ).wait_for(state="attached")
    unread = int(fatima.locator("#notification-count").inner_text())

    # The manager signals the pattern from the board.
    manager = new_page()
    login(manager, live_server_url, "marieke", DEMO_PASSWORD)
    manager.goto(f"{live_server_url}/patronen/")
    manager.get_by_role("link", name="Patroon signaleren").click()
    manager.fill("#id_title", TITLE)
    manager.fill(
        "#id_description",
        "Wie een eerste baan of opleiding begint, verliest inkomen of begeleiding doordat "
        "regels per wet los van elkaar gelden.",
    )
    manager.get_by_role("button", name="Patroon signaleren").click()
    manager.get_by_role("heading", level=1, name=TITLE).wait_for()
    pattern = Pattern.objects.get(title=TITLE)
    assert pattern.table.name == "Werktafel"

    # …links three demo cases with a reason…
    for title in CASES:
        manager.check(f"#link input[name=cases][value='{case_ids[title]}']")
    manager.fill("#link-reason", "Alle drie: de eerste stap naar werk wordt afgestraft.")
    manager.get_by_role("button", name="Gekozen casussen koppelen").click()
    manager.locator("#cases").get_by_role("link", name=CASES[0]).wait_for()
    assert pattern.links.count() == 3

    # …and escalates it from the werktafel to the ambtelijke stuurgroep with the reason.
    manager.locator("#step-escalate summary").click()
    manager.fill("#id_escalate-reason", "Vraagt een besluit over budget voor werkbegeleiding.")
    manager.locator("#step-escalate button[type=submit]").click()
    manager.locator(".ln-badge", has_text="Ambtelijke stuurgroep").first.wait_for()
    pattern.refresh_from_db()
    assert pattern.table.name == "Ambtelijke stuurgroep"
    assert pattern.status == PatternStatus.ESCALATED

    # Fatima follows the link in her notification to the pattern's page and stays there.
    flashed = fatima.locator("#notification-flash .ln-notification", has_text=TITLE)
    flashed.get_by_role("link").click()
    fatima.wait_for_url(f"**/netwerk/patronen/{pattern.pk}/")
    fatima.get_by_text("Live: updates verschijnen zonder herladen").wait_for()
    unread = int(fatima.locator("#notification-count").inner_text())

    # The manager keeps the board open.
    manager.goto(f"{live_server_url}/patronen/")
    manager.get_by_text("Live: updates verschijnen zonder herladen").wait_for()
    card = manager.locator(f"#pattern-card-{pattern.pk}")
    assert "Geëscaleerd" in card.inner_text()

    # A stuurgroep member takes it up and records a decision.
    ingrid = new_page()
    login(ingrid, live_server_url, "ingrid", DEMO_PASSWORD)
    ingrid.goto(f"{live_server_url}/netwerk/patronen/{pattern.pk}/")
    ingrid.locator("#step-take_up summary").click()
    ingrid.locator("#step-take_up button[type=submit]").click()
    ingrid.locator("#step-decide summary").wait_for()
    # The manager's board shows the new status without reloading.
    manager.locator(f"#pattern-card-{pattern.pk}", has_text="In behandeling").wait_for()

    ingrid.locator("#step-decide summary").click()
    ingrid.fill(
        "#id_decide-text",
        "Werkbegeleiding loopt door tot zes maanden na de eerste werkdag; de gemeente betaalt.",
    )
    # The omgekeerde toets (issue #21): the effect on the person before the letter of the law.
    for name, value in TABLE_TOETS.items():
        if name != "toets_outcome":
            ingrid.fill(f"#id_decide-{name}", value)
    ingrid.locator("#step-decide input[name=decide-toets_outcome][value=go]").check()
    ingrid.locator("#step-decide button[type=submit]").click()
    ingrid.locator("#decisions").get_by_text("Werkbegeleiding loopt door").wait_for()
    ingrid.locator("#decisions").get_by_text("Omgekeerde toets: Go").wait_for()
    decision = Decision.objects.get(pattern=pattern)
    assert decision.table.name == "Ambtelijke stuurgroep" and decision.action == "decide"

    # Fatima sees it arrive without reloading: in the header count and the flash list.
    # (The first one she got said her case was linked; this one is the decision.)
    flash = fatima.locator("#notification-flash .ln-notification", has_text="Werkbegeleiding")
    flash.wait_for()
    assert TITLE in flash.inner_text() and "besluit" in flash.inner_text()
    expect(fatima.locator("#notification-count")).not_to_have_text(str(unread))
    # The page she is reading says it changed, and offers to reload rather than doing so.
    fatima.get_by_text("Iemand heeft dit patroon intussen gewijzigd.").wait_for()
    fatima.get_by_role("button", name="Pagina herladen").click()
    fatima.locator("#decisions").get_by_text("Werkbegeleiding loopt door").wait_for()
    manager.locator(f"#pattern-card-{pattern.pk}", has_text="Besluit genomen").wait_for()
    # Her notifications page lists it too.
    fatima.goto(f"{live_server_url}/netwerk/leden/meldingen/")
    fatima.locator("#notification-list .ln-notification", has_text="Werkbegeleiding").wait_for()
