"""The first journey: public pages for everyone, cases only for network members."""

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.roles import Role
from tests.browser.conftest import login
from tests.conftest import PASSWORD


def add_case(live_network, author) -> None:
    """The one live case these journeys look for."""
    live_network["cases"].add_child(
        instance=CasePage(
            title="Wachttijd bij de overgang naar 18+",
            slug="wachttijd-18",
            situation="Een jongere wordt achttien.",
            knelpunt="Jeugdwet en Wmo sluiten niet op elkaar aan.",
            owner=author,
            consent_given=True,
        )
    )


def test_anonymous_visitor_reads_home_and_lessons(live_server_url, live_network, new_page):
    page = new_page()
    page.goto(live_server_url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Lerend netwerk sociaal domein"
    nav = page.get_by_role("navigation", name="Hoofdnavigatie")
    assert nav.get_by_role("link", name="Geleerde lessen").is_visible()
    # Cases are not advertised to the public.
    assert nav.get_by_role("link", name="Casussen").count() == 0

    nav.get_by_role("link", name="Geleerde lessen").click()
    page.wait_for_url("**/lessen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Geleerde lessen"


def test_anonymous_visitor_is_refused_the_cases_index(live_server_url, live_network, new_page):
    page = new_page()
    response = page.goto(live_server_url + "/casussen/")
    # Sent to the login page, which says why.
    assert "/accounts/login/" in page.url
    assert response.status == 200
    assert page.get_by_text("alleen zichtbaar voor leden").is_visible()


def test_professional_logs_in_and_sees_the_cases_index(
    live_server_url, live_network, make_user, new_page
):
    add_case(live_network, make_user())
    professional = make_user(username="prof-browser")

    page = new_page()
    login(page, live_server_url, professional.username, PASSWORD)
    page.goto(live_server_url + "/casussen/")
    assert page.get_by_role("heading", level=1).inner_text() == "Casussen"
    assert page.get_by_role("link", name="Wachttijd bij de overgang naar 18+").is_visible()
    assert (
        page.get_by_role("navigation", name="Hoofdnavigatie")
        .get_by_role("link", name="Casussen")
        .get_attribute("aria-current")
        == "page"
    )


def test_language_switch_to_english(live_server_url, live_network, new_page):
    page = new_page()
    page.goto(live_server_url + "/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("navigation", name="Main navigation")
        .get_by_role("link", name="Lessons learned")
        .is_visible()
    )


def test_on_a_phone_the_menu_folds_behind_a_button(
    live_server_url, live_network, make_user, new_page
):
    """At 390 px the header is one line; the menu button opens the pages and "Mijn werk", and a
    mandate holder reaches the doorbraken inbox from there without typing a URL."""
    holder = make_user(Role.MANDATE_HOLDER, username="mandaat-telefoon")
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server_url, holder.username, PASSWORD)
    page.goto(live_server_url + "/")
    assert page.locator("header.site-header").bounding_box()["height"] < 80
    work = page.get_by_role("navigation", name="Mijn werk")
    assert not work.is_visible()
    menu = page.get_by_role("button", name="Menu")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    work.get_by_role("link", name="Doorbraken").click()
    page.wait_for_url("**/netwerk/casussen/doorbraken/")
    assert page.get_by_role("heading", level=1).is_visible()


def test_on_a_phone_the_cases_come_before_the_filters(
    live_server_url, live_network, make_user, new_page
):
    """At 390 px the filter panel starts folded, so the first case is on the first screen; one
    tap on "Filter" opens it."""
    add_case(live_network, make_user())
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, live_server_url, make_user(username="prof-telefoon").username, PASSWORD)
    page.goto(live_server_url + "/casussen/")
    case = page.get_by_role("link", name="Wachttijd bij de overgang naar 18+")
    assert case.bounding_box()["y"] < 844
    assert not page.get_by_label("Leefgebied").is_visible()
    page.get_by_role("heading", name="Filter").click()
    assert page.get_by_label("Leefgebied").is_visible()
