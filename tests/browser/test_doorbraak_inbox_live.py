"""The doorbraken inbox is live (issue #18): a mandate holder with the inbox open sees a new
request addressed to them appear without reloading, and is told so politely."""

from __future__ import annotations

from django.conf import settings

from leernetwerk.casework import services
from leernetwerk.kernel.roles import Role
from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD
from tests.servers import daphne
from tests.toets import REQUEST_TOETS


def test_a_new_request_appears_in_the_open_inbox(
    live_network, redis_layer, make_user, make_case, new_page
):
    """The request is made in this process and published through Redis, as a request to
    another Daphne worker would be (the production profile's layer)."""
    holder = make_user(Role.MANDATE_HOLDER, username="mandaat-live")
    author = make_user(Role.PROFESSIONAL, username="vraagt-live")
    case = make_case(owner=author, title="Kamer kwijt door inschrijfregel")
    page = new_page()
    database = str(settings.DATABASES["default"]["NAME"])
    with daphne(database, extra_env={"REDIS_URL": redis_layer}) as address:
        _watch_the_inbox(page, f"http://{address}", holder, author, case)


def _watch_the_inbox(page, live_server_url, holder, author, case):
    login(page, live_server_url, holder.username, PASSWORD)
    page.goto(f"{live_server_url}/netwerk/casussen/doorbraken/")
    assert page.get_by_text("Geen openstaande verzoeken.").is_visible()
    page.wait_for_selector("[data-live-state=connected]")

    off_the_loop(
        services.doorbraak_request,
        case=case,
        user=author,
        kind="deviation",
        rule="Bijstand pas na inschrijving op een woonadres",
        proposal="Een briefadres bij het wijkteam en direct een voorschot",
        reasons="Zonder adres geen inkomen, zonder inkomen geen kamer",
        mandate_holder=holder,
        **REQUEST_TOETS,
    )

    inbox = page.locator("[data-doorbraak-inbox]")
    inbox.get_by_role("link", name="Kamer kwijt door inschrijfregel").wait_for(timeout=10_000)
    assert not page.get_by_text("Geen openstaande verzoeken.").is_visible()
    assert (
        "Er is een nieuw verzoek binnengekomen" in page.locator("[data-inbox-status]").inner_text()
    )
