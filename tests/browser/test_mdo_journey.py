"""From case to agreement to signal to precedent (issue #20), in a real browser: the
professional records the MDO's agreements on the case, the six-week check comes due, one
agreement is marked not done, and the manager finds the missed agreement among the board's
proposals; a precedent marked on the case shows on a new similar case and is cited there."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from leernetwerk.casework import services
from leernetwerk.casework.models import Agreement, Comment
from leernetwerk.kernel.models import Organisation, OrganisationKind
from leernetwerk.kernel.roles import Role
from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD

KNELPUNT = (
    "De wachttijd voor een eerste gesprek bij de schuldhulp is zes weken, terwijl de wet bij "
    "dreigende ontruiming of afsluiting van energie een gesprek binnen drie werkdagen vraagt."
)
SIMILAR = (
    "Bij een dreigende ontruiming duurt het acht weken voor de schuldhulp een eerste gesprek "
    "heeft; de wet vraagt binnen drie werkdagen actie bij afsluiting of ontruiming."
)
AGREEMENTS = [
    ("Schuldhulp plant binnen drie dagen een crisisintake.", "Schuldhulp Zuid"),
    ("De sociale dienst betaalt een voorschot op de bijstand.", "Sociale Dienst Zuid"),
    ("De verhuurder schort de ontruiming zes weken op.", "Woonstichting Zuid"),
]


def test_a_missed_agreement_reaches_the_board_and_a_precedent_the_next_case(
    live_network, live_server_url, make_user, make_case, new_page
):
    kind = OrganisationKind.objects.get(name="Wijkteam")
    for _what, organisation in AGREEMENTS:
        Organisation.objects.create(name=organisation, kind=kind)
    author = make_user(Role.PROFESSIONAL, username="prof-mdo", first_name="Anna")
    colleague = make_user(Role.PROFESSIONAL, username="collega-mdo", first_name="Bram")
    manager = make_user(Role.MANAGER, username="manager-mdo", first_name="Mila")
    case = off_the_loop(
        make_case,
        owner=author,
        title="Ontruiming dreigt tijdens de wachttijd",
        knelpunt=KNELPUNT,
        maatwerk="Een crisisintake buiten de wachtlijst om, met een voorschot.",
    )
    off_the_loop(services.recognition_add, case=case, user=colleague, note="Ook in Noord")

    # The professional records the MDO's three agreements on the case.
    page = new_page()
    login(page, live_server_url, author.username, PASSWORD)
    page.goto(f"{live_server_url}{case.url}")
    section = page.locator("#agreements")
    for what, organisation in AGREEMENTS:
        section.locator(":scope > details > summary").click()
        form = section.locator(":scope > details form")
        form.get_by_role("textbox", name="Wat is afgesproken").fill(what)
        form.get_by_role("combobox", name="Organisatie", exact=True).select_option(
            label=organisation
        )
        form.get_by_role("button", name="Afspraak vastleggen").click()
        page.locator("article.ln-agreement", has_text=what).wait_for()
        page.wait_for_load_state()  # the form reloads the page once it is saved
    expect(page.locator("article.ln-agreement")).to_have_count(3)
    assert Agreement.objects.filter(case=case, created_by=author).count() == 3

    # Six weeks on, the daily run reminds the author that the checks come due.
    due = Agreement.objects.filter(case=case).first().check_due
    assert off_the_loop(services.agreements_remind, today=due - timedelta(days=3)) == (3, 0)
    page.goto(f"{live_server_url}/netwerk/leden/meldingen/")
    assert page.get_by_text("Check de afspraak in de casus").first.is_visible()

    # The check: the third agreement was not done, with the reason.
    page.goto(f"{live_server_url}{case.url}")
    missed = page.locator("article.ln-agreement", has_text=AGREEMENTS[2][0])
    missed.get_by_text("Check vastleggen").first.click()
    missed.get_by_label("Niet gedaan").check()
    missed.get_by_role("textbox", name="Toelichting").fill(
        "De verhuurder wilde niet wachten op de schuldhulp."
    )
    missed.get_by_role("button", name="Check vastleggen").click()
    page.locator("article.ln-agreement .ln-badge--signal").wait_for()
    assert "Signaal: gemiste afspraak" in missed.inner_text()

    # The manager sees the missed agreement, labelled, among the board's proposals.
    board = new_page()
    login(board, live_server_url, manager.username, PASSWORD)
    board.goto(f"{live_server_url}{live_network['board'].url}")
    proposal = board.locator("#candidate-list li").first
    proposal.wait_for()
    assert "waarvan 1 gemiste afspraak" in proposal.inner_text()
    proposal.get_by_role("link").first.click()
    assert board.get_by_text("Gemiste afspraken", exact=True).is_visible()

    # The author marks the maatwerk as a precedent; a new similar case shows it.
    page.locator("#precedents").get_by_role("link", name="Als precedent markeren").click()
    section = page.locator(
        "form", has=page.get_by_role("button", name="Toevoegen aan de precedentenbibliotheek")
    )
    section.get_by_role("textbox", name="De afweging in één zin").fill(
        "Een crisisintake buiten de wachtlijst om bij dreigende ontruiming"
    )
    section.get_by_role("textbox", name="Wat werd afgewogen").fill(
        "De wachttijd van de schuldhulp tegen de termijn van de ontruiming."
    )
    section.get_by_role("textbox", name="Waarom", exact=True).fill(
        "De wet vraagt actie binnen drie werkdagen."
    )
    section.get_by_role("button", name="Toevoegen aan de precedentenbibliotheek").click()
    page.get_by_role("heading", name="Een crisisintake buiten de wachtlijst om").wait_for()

    newer = off_the_loop(
        make_case, owner=colleague, title="Acht weken wachten op schuldhulp", knelpunt=SIMILAR
    )
    reader = new_page()
    login(reader, live_server_url, colleague.username, PASSWORD)
    reader.goto(f"{live_server_url}{newer.url}")
    similar = reader.locator("#similar-precedents")
    assert "Een crisisintake buiten de wachtlijst om" in similar.inner_text()
    similar.get_by_role("link", name="Aanhalen in een reactie").click()
    reader.get_by_role("button", name="Reactie plaatsen").click()
    reader.locator("#comments a", has_text="Een crisisintake buiten de wachtlijst om").wait_for()
    assert "/netwerk/casussen/precedenten/" in Comment.objects.get(case=newer).body
