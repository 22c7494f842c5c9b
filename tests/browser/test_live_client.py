"""The browser's live client: shows its state, applies events, and after losing the server
reconnects and resumes without losing an event."""

from django.conf import settings
from django.db import transaction

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.streams import case_stream
from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD
from tests.servers import daphne, free_port


def _publish(case_id: int, text: str, element_id: str) -> None:
    with transaction.atomic():
        publish(
            case_stream(case_id),
            "demo.note",
            {
                "ops": [
                    {
                        "op": "append",
                        "target": "main",
                        "id": element_id,
                        "html": f'<p id="{element_id}" class="note">{text}</p>',
                    }
                ]
            },
        )


def test_events_appear_live_and_survive_a_server_restart(
    live_network, redis_layer, make_user, new_page
):
    member = make_user(username="live-member")
    case = live_network["cases"].add_child(
        instance=CasePage(title="Casus live", slug="casus-live", situation="s", knelpunt="k")
    )
    database = str(settings.DATABASES["default"]["NAME"])
    port = free_port()
    env = {"REDIS_URL": redis_layer}
    page = new_page()

    with daphne(database, extra_env=env, port=port) as address:
        base = f"http://{address}"
        login(page, base, member.username, PASSWORD)
        page.goto(f"{base}{case.url}")
        status = page.get_by_role("status").filter(
            has_text="Live: updates verschijnen zonder herladen"
        )
        status.wait_for()

        off_the_loop(_publish, case.pk, "Eerste bericht", "note-1")
        page.locator("#note-1").wait_for()

    # The server is gone: the client says so and keeps trying.
    page.get_by_text("Verbinding verbroken, opnieuw verbinden…").wait_for()
    # Events published while the client is disconnected are kept in the log…
    off_the_loop(_publish, case.pk, "Tweede bericht", "note-2")
    off_the_loop(_publish, case.pk, "Derde bericht", "note-3")

    with daphne(database, extra_env=env, port=port):
        # …and arrive, in order, once it has reconnected: nothing is lost, nothing repeated.
        page.locator("#note-3").wait_for(timeout=30_000)
        status.wait_for()
        assert page.locator("p.note").all_inner_texts() == [
            "Eerste bericht",
            "Tweede bericht",
            "Derde bericht",
        ]


def test_page_without_javascript_still_works(live_server_url, make_user, chromium, live_network):
    member = make_user(username="no-js")
    case = live_network["cases"].add_child(
        instance=CasePage(title="Zonder script", slug="zonder-script", situation="s", knelpunt="k")
    )
    context = chromium.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        login(page, live_server_url, member.username, PASSWORD)
        page.goto(f"{live_server_url}{case.url}")
        assert page.get_by_role("heading", level=1).inner_text() == "Zonder script"
        assert page.get_by_text("Herlaad de pagina om nieuwe updates te zien.").is_visible()
    finally:
        context.close()
