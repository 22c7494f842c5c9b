""" "Mijn actiepunten" is live (issue #20): a member with the page open sees an agreement given
to them appear without reloading, and is told so politely."""

from __future__ import annotations

from django.conf import settings

from leernetwerk.casework import services
from leernetwerk.kernel.roles import Role
from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD
from tests.servers import daphne


def test_an_agreement_given_to_me_appears_in_my_open_actions(
    live_network, redis_layer, make_user, new_page
):
    """Recorded in this process and published through Redis, as a request to another Daphne
    worker would be (the production profile's layer)."""
    owner = make_user(Role.PROFESSIONAL, username="eigenaar-live")
    author = make_user(Role.PROFESSIONAL, username="auteur-live")

    page = new_page()
    database = str(settings.DATABASES["default"]["NAME"])
    with daphne(database, extra_env={"REDIS_URL": redis_layer}) as address:
        base = f"http://{address}"
        login(page, base, owner.username, PASSWORD)
        page.goto(f"{base}/netwerk/leren/actiepunten/")
        assert page.get_by_text("Er wachten geen afspraken op een check.").is_visible()
        page.wait_for_selector("[data-live-state=connected]")
        case = off_the_loop(_case, live_network, author)
        off_the_loop(
            services.agreement_add,
            case=case,
            user=author,
            what="Schuldhulp belt de verhuurder deze week",
            party="resident",
            owner=owner,
        )
        page.locator("#my-agreements").get_by_text("Schuldhulp belt de verhuurder").wait_for(
            timeout=10_000
        )
        assert (
            "De afspraken zijn veranderd"
            in page.locator("[data-live-status-for=my-agreements]").inner_text()
        )


def _case(network, author):
    from leernetwerk.casework.services import case_save

    return case_save(
        user=author,
        data={
            "title": "Huurachterstand na een ontslag",
            "situation": "Een huishouden loopt vast tussen twee regelingen.",
            "knelpunt": "De regels sluiten niet op elkaar aan.",
            "consent_given": True,
        },
        index=network["cases"],
        publish_now=True,
    )
