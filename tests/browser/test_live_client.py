"""The browser's live client: shows its state, applies events, and after losing the server
reconnects and resumes without losing an event (replayed events are rendered by the restarted
server from what the log refers to, ADR 0009)."""

from django.conf import settings

from leernetwerk.casework import services
from leernetwerk.casework.models import CasePage
from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD
from tests.servers import daphne, free_port


def _comment(case_id: int, author, text: str) -> str:
    """Post a comment as the service does (published live); returns its element id."""
    case = CasePage.objects.get(pk=case_id)
    return services.comment_create(case=case, author=author, body=text).dom_id


def test_events_appear_live_and_survive_a_server_restart(
    live_network, redis_layer, make_user, new_page
):
    member = make_user(username="live-member")
    author = make_user(username="live-author")
    case = live_network["cases"].add_child(
        instance=CasePage(
            title="Casus live", slug="casus-live", situation="s", knelpunt="k", consent_given=True
        )
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

        first = off_the_loop(_comment, case.pk, author, "Eerste bericht")
        page.locator(f"#{first}").wait_for()

    # The server is gone: the client says so and keeps trying.
    page.get_by_text("Verbinding verbroken, opnieuw verbinden…").wait_for()
    # Events published while the client is disconnected are kept in the log…
    second = off_the_loop(_comment, case.pk, author, "Tweede bericht")
    third = off_the_loop(_comment, case.pk, author, "Derde bericht")

    with daphne(database, extra_env=env, port=port):
        # …and arrive, in order, once it has reconnected: nothing is lost, nothing repeated.
        page.locator(f"#{third}").wait_for(timeout=30_000)
        status.wait_for()
        shown = page.locator("#comments > [id^='comment-']")
        assert shown.evaluate_all("items => items.map(item => item.id)") == [first, second, third]
        for element, body in ((first, "Eerste"), (second, "Tweede"), (third, "Derde")):
            assert f"{body} bericht" in page.locator(f"#{element}").inner_text()


def test_page_without_javascript_still_works(live_server_url, make_user, chromium, live_network):
    member = make_user(username="no-js")
    case = live_network["cases"].add_child(
        instance=CasePage(
            title="Zonder script",
            slug="zonder-script",
            situation="s",
            knelpunt="k",
            consent_given=True,
        )
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
