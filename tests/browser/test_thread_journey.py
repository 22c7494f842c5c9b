"""One thread from a leersessie to a decision, in the browser (issue #22).

A bestuurder (ingrid, stuurgroep) opens the next bestuur session on her phone: its agenda holds
the management session's dilemma about the crisis intake, with the thread that says it is the
pattern "Wachttijd schuldhulp". She follows it to the pattern, whose page shows the same thread
(the management's minutes, the dilemma, the steps), takes the pattern up and decides it after
the omgekeerde toets; the decision then closes the thread on both pages. The session
administrator takes the front line's dilemma to the tables as a new pattern with one form."""

from home.demo import DEMO_PASSWORD, DemoLoader
from leernetwerk.learning.models import Dilemma
from leernetwerk.patterns.models import Pattern
from tests.browser.conftest import login, off_the_loop
from tests.toets import TABLE_TOETS

PATTERN = "Wachttijd schuldhulp langer dan de wet toestaat"
MINUTES = "drie werkdagen halen ze niet zonder extra formatie"
DECISION = "Twee extra schuldhulpverleners voor de crisisintake, vanaf 1 maart."


def test_a_bestuurder_follows_a_dilemma_to_its_pattern_and_decision(
    live_server_url, live_network, new_page
):
    off_the_loop(DemoLoader().run)
    pattern = Pattern.objects.get(title=PATTERN)
    dilemma = Dilemma.objects.get(pattern=pattern)
    bestuur = dilemma.target
    assert bestuur.level == "bestuur"

    ingrid = new_page()
    ingrid.set_viewport_size({"width": 390, "height": 844})
    login(ingrid, live_server_url, "ingrid", DEMO_PASSWORD)
    ingrid.goto(f"{live_server_url}{bestuur.url}")
    item = ingrid.locator(f"#agenda-dilemma-{dilemma.pk}")
    assert "Dilemma uit Leersessie management" in item.inner_text()
    item.get_by_text("Volg de draad tot het besluit").click()
    assert MINUTES in item.locator(".ln-thread").inner_text()
    item.get_by_role("link", name="Het patroon").click()

    ingrid.wait_for_url(f"**/netwerk/patronen/{pattern.pk}/")
    thread = ingrid.locator("#thread")
    text = thread.inner_text()
    assert MINUTES in text
    assert "Dilemma ingebracht in Leersessie management" in text
    assert "Geëscaleerd" in text
    assert "Op de agenda van " + bestuur.title in text
    # It is on the bestuur's agenda already: the page says so instead of offering it again.
    action = ingrid.locator("a.ln-button", has_text="Op de agenda van " + bestuur.title)
    assert action.count() == 1
    assert ingrid.get_by_role("link", name="Op de agenda van het bestuur zetten").count() == 0

    ingrid.locator("#step-take_up summary").click()
    ingrid.locator("#step-take_up button[type=submit]").click()
    ingrid.locator("#step-decide summary").click()
    ingrid.fill("#id_decide-text", DECISION)
    for name, value in TABLE_TOETS.items():
        if name != "toets_outcome":
            ingrid.fill(f"#id_decide-{name}", value)
    ingrid.locator("#step-decide input[name=decide-toets_outcome][value=go]").check()
    ingrid.locator("#step-decide button[type=submit]").click()
    ingrid.locator("#decisions").get_by_text(DECISION).wait_for()
    assert DECISION in ingrid.locator("#thread").inner_text()
    assert "Besluit genomen" in ingrid.locator("#thread").inner_text()
    # Nothing sticks out at phone width (the link form's fieldset did, before issue #22).
    wide = ingrid.evaluate(
        """() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 392)
        .slice(0, 5).map(e => e.tagName + ' ' + (e.textContent || '').slice(0, 60))"""
    )
    assert ingrid.evaluate("document.documentElement.scrollWidth") <= 390, wide

    # The management session's page shows the same thread, now ending in the decision.
    ingrid.goto(f"{live_server_url}{dilemma.session.url}")
    card = ingrid.locator(f"#dilemma-{dilemma.pk}")
    assert "Opgepakt als het patroon" in card.inner_text()
    card.get_by_text("Volg de draad tot het besluit").click()
    assert DECISION in card.locator(".ln-thread").inner_text()


def test_the_session_administrator_takes_a_front_line_dilemma_to_the_tables(
    live_server_url, live_network, new_page
):
    off_the_loop(DemoLoader().run)
    dilemma = Dilemma.objects.get(session__level="uitvoering", pattern=None)
    sander = new_page()
    login(sander, live_server_url, "sander", DEMO_PASSWORD)
    sander.goto(f"{live_server_url}{dilemma.session.url}")
    card = sander.locator(f"#dilemma-{dilemma.pk}")
    card.get_by_role("link", name="Als patroon naar de tafels brengen").click()
    # A front-line dilemma starts at the werktafel, like every pattern.
    assert sander.locator("#id_table option:checked").inner_text() == "Werktafel"
    sander.get_by_role("button", name="Naar de tafels brengen").click()
    assert "Geef het nieuwe patroon een titel." in sander.locator(".ln-errorlist").inner_text()
    sander.fill("#id_title", "Voorschot bij een afgewezen WW-aanvraag")
    sander.get_by_role("button", name="Naar de tafels brengen").click()
    sander.get_by_text("Het dilemma is nu een patroon aan de Werktafel.").wait_for()
    thread = sander.locator("#thread").inner_text()
    assert "Dilemma ingebracht in " + dilemma.session.title in thread
    assert "Gesignaleerd" in thread
    pattern = Pattern.objects.get(title="Voorschot bij een afgewezen WW-aanvraag")
    assert pattern.table.name == "Werktafel"
    assert pattern.description == dilemma.text
