"""A leersessie run live in the browser: the session administrator works in session mode while
a professional follows the session's page in another browser — the current agenda item, the
minutes and a new action appear there without reloading."""

from django.utils import timezone
from playwright.sync_api import expect

from home.demo import DEMO_PASSWORD, DemoLoader
from leernetwerk.learning.constants import RunState
from leernetwerk.learning.models import LearningSessionPage, SessionAction
from leernetwerk.learning.sessions.selectors import CHECK_ITEM, agenda, run_of
from tests.browser.conftest import login, off_the_loop


def test_a_professional_follows_a_session_the_administrator_runs(
    live_server_url, live_network, new_page
):
    off_the_loop(DemoLoader().run)
    session = (
        LearningSessionPage.objects.live()
        .filter(
            level="uitvoering",
            registrations__user__username="fatima",
            ends_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    # The agenda starts with the six-week check of the last session's open actions.
    items = [item.id for item in agenda(session)]
    assert items[0] == CHECK_ITEM
    pattern_item = next(str(b.id) for b in session.agenda if b.block_type == "pattern")

    # Fatima, registered, follows the session's page.
    fatima = new_page()
    login(fatima, live_server_url, "fatima", DEMO_PASSWORD)
    fatima.goto(f"{live_server_url}{session.url}")
    fatima.get_by_text("Live: updates verschijnen zonder herladen").wait_for()
    assert fatima.locator("#session-agenda .ln-agenda-item--current").count() == 0
    for item in items:
        fatima.locator(f"#agenda-{item}").wait_for()

    # Sander, the session administrator, opens session mode and starts the session.
    sander = new_page()
    login(sander, live_server_url, "sander", DEMO_PASSWORD)
    sander.goto(f"{live_server_url}{session.url}")
    sander.locator(f"a[href='/netwerk/leren/sessies/{session.pk}/sessiemodus/']").click()
    early = sander.locator("form[action$='/starten/'] input[name=confirm_early]")
    if early.count():  # the demo's next session is days away: the explicit "yes, now"
        early.check()
    sander.locator("form[action$='/starten/'] button").click()
    sander.locator("form[action$='/afsluiten/'] button").wait_for()
    assert run_of(session).state == RunState.RUNNING

    # The first item is current for Fatima, without reloading.
    fatima.locator(f"#agenda-{items[0]}.ln-agenda-item--current").wait_for()
    # Sander moves on to the pattern; Fatima sees it move.
    sander.locator(f"#agenda-{pattern_item} form[action$='/huidig/'] button").click()
    sander.locator(f"#agenda-{pattern_item}.ln-agenda-item--current").wait_for()
    fatima.locator(f"#agenda-{pattern_item}.ln-agenda-item--current").wait_for()
    assert fatima.locator(f"#agenda-{items[0]}.ln-agenda-item--current").count() == 0

    # Minutes of the item appear as Sander saves them.
    sander.fill(
        f"#minutes-text-{pattern_item}",
        "De stuurgroep vraagt om cijfers over de wachttijd bij dreigende ontruiming.",
    )
    sander.locator(f"#agenda-{pattern_item} .ln-minutes-form button[type=submit]").click()
    fatima.locator(f"#minutes-{pattern_item}", has_text="cijfers over de wachttijd").wait_for()

    # A new action, for Fatima: it appears in the list, and she is told.
    empty = fatima.locator("#actions [data-empty-note]")
    expect(empty).to_be_visible()  # "Nog geen actiepunten."
    sander.fill("#actions #id_text", "Wachttijden van de laatste drie maanden opvragen")
    sander.select_option("#actions #id_owner", label="Fatima Demir")
    sander.locator("#actions button[type=submit]").click()
    action = fatima.locator("#session-actions .ln-action", has_text="Wachttijden van de laatste")
    action.wait_for()
    expect(empty).to_be_hidden()  # the first action arrived live: "nothing yet" is gone
    assert "Fatima Demir" in action.inner_text()
    fatima.locator("#notification-flash .ln-notification", has_text="Wachttijden").wait_for()
    recorded = SessionAction.objects.get(text__startswith="Wachttijden van de laatste")
    assert recorded.item_id == pattern_item and recorded.owner.username == "fatima"
    # Sander's own page shows it too, and nothing he typed was lost.
    sander.locator("#session-actions .ln-action", has_text="Wachttijden van de laatste").wait_for()
    assert "cijfers over de wachttijd" in sander.input_value(f"#minutes-text-{pattern_item}")
