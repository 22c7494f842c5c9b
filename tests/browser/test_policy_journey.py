"""From pattern to policy in the browser (issue #21): the policy officer takes the stuurgroep's
request from her policy inbox and drafts version 4 of the werkafspraken, a stuurgroep member
decides the escalated pattern after the omgekeerde toets and points the decision at version 4,
the manager adopts it (the inbox item is done) and its page shows what led to it and what
changed; the lesson drafted from the pattern names the agreement and version publicly; a
professional's doorbraak request is routed by the mandaatregister to the holder of the mandate
that covers it, who sees that mandate, completes the toets and grants it."""

from home.demo import DEMO_PASSWORD, DemoLoader
from leernetwerk.casework.models import CasePage, Doorbraak
from leernetwerk.learning.models import LessonPage
from leernetwerk.patterns.models import Decision, Pattern, PolicyDocument, PolicyItem
from tests.browser.conftest import login, off_the_loop
from tests.toets import REQUEST_TOETS, TABLE_TOETS

AGREEMENT = "Werkafspraken schuldhulp–wijkteam"
PATTERN = "Wachttijd schuldhulp langer dan de wet toestaat"
CASE = "Statushouder moet kiezen tussen inburgering en werk"  # fatima's


def test_a_decision_changes_the_werkafspraken_and_a_doorbraak_finds_its_mandate(
    live_server_url, live_network, new_page
):
    off_the_loop(DemoLoader().run)
    document = PolicyDocument.objects.get(title=AGREEMENT)
    pattern = Pattern.objects.get(title=PATTERN)

    # The stuurgroep asked policy to work the crisis intake out (a demo step): the policy
    # officer finds the request in her inbox, takes it, names the agreement it changes and drafts
    # version 4 from the text of version 3, straight from the item.
    item = PolicyItem.objects.get(pattern=pattern)
    assert item.owner is None and item.status == "open"
    hanna = new_page()
    login(hanna, live_server_url, "hanna", DEMO_PASSWORD)
    hanna.get_by_role("link", name="Beleidsinbox").first.click()
    card = hanna.locator(f"#{item.dom_id}")
    assert "crisisintake binnen drie werkdagen" in card.inner_text()
    card.get_by_role("button", name="Dit item oppakken").click()
    hanna.get_by_text("Het item is nu van jou.").wait_for()
    card = hanna.locator(f"#{item.dom_id}")
    card.get_by_text("Status of uiterste datum bijwerken").click()
    card.locator("select[name=status]").select_option("in_progress")
    card.locator("select[name=document]").select_option(label=AGREEMENT)
    card.get_by_role("button", name="Opslaan").click()
    hanna.get_by_text("Het item is bijgewerkt.").wait_for()
    hanna.locator(f"#{item.dom_id}").get_by_role("link", name="Nieuwe versie opstellen").click()
    text = hanna.locator("#id_text")
    assert "binnen drie werkdagen" in text.input_value()
    text.fill(text.input_value().replace("binnen drie werkdagen", "binnen twee werkdagen"))
    hanna.fill("#id_change_summary", "Crisisintake binnen twee werkdagen.")
    hanna.get_by_role("button", name="Opslaan als concept").click()
    hanna.get_by_text("Versie 4 is opgesteld als concept.").wait_for()
    assert hanna.locator(".ln-diff del", has_text="drie").count() == 1
    assert hanna.locator(".ln-diff ins", has_text="twee").count() == 1
    # A policy officer drafts; adopting stays with the tables.
    assert hanna.get_by_role("button", name="Vaststellen (vigerend)").count() == 0
    item.refresh_from_db()
    assert item.status == "drafted" and item.owner.username == "hanna"
    assert item.version.number == 4

    # The stuurgroep takes the escalated pattern up and decides after the omgekeerde toets.
    ingrid = new_page()
    login(ingrid, live_server_url, "ingrid", DEMO_PASSWORD)
    ingrid.goto(f"{live_server_url}/netwerk/patronen/{pattern.pk}/")
    ingrid.locator("#step-take_up summary").click()
    ingrid.locator("#step-take_up button[type=submit]").click()
    ingrid.locator("#step-decide summary").click()
    ingrid.fill("#id_decide-text", "Crisisintake binnen twee werkdagen; de formatie groeit mee.")
    for name, value in TABLE_TOETS.items():
        if name != "toets_outcome":
            ingrid.fill(f"#id_decide-{name}", value)
    ingrid.locator("#step-decide input[name=decide-toets_outcome][value=go]").check()
    ingrid.select_option("#id_decide-policy_version", label=f"{AGREEMENT}, versie 4 (concept)")
    ingrid.locator("#step-decide button[type=submit]").click()
    ingrid.locator("#decisions").get_by_text(f"{AGREEMENT}, versie 4").wait_for()
    # The item that asked for it still waits for the version to be adopted.
    assert ingrid.locator("#policy").get_by_text("Conceptversie opgesteld").count() >= 1
    decision = Decision.objects.get(pattern=pattern, action="decide")
    assert decision.policy_version.number == 4 and decision.toets_outcome == "go"

    # The manager adopts version 4: it shows the decision that led to it; the item is done.
    version = document.versions.get(number=4)
    manager = new_page()
    login(manager, live_server_url, "marieke", DEMO_PASSWORD)
    manager.goto(f"{live_server_url}{version.get_absolute_url()}")
    decided = manager.locator(f"a[href='/netwerk/patronen/{pattern.pk}/#decisions']")
    assert decided.inner_text() == PATTERN
    asked = manager.get_by_role("region", name="Wat tot deze versie leidde").locator(
        f"a[href='/netwerk/patronen/{pattern.pk}/']"
    )
    assert asked.inner_text() == PATTERN
    manager.once("dialog", lambda dialog: dialog.accept())
    manager.get_by_role("button", name="Vaststellen (vigerend)").click()
    manager.get_by_text("Versie 4 is nu vigerend; de versie ervoor is vervallen.").wait_for()
    assert dict(document.versions.values_list("number", "status"))[3] == "vervallen"
    item.refresh_from_db()
    assert item.status == "done"

    # The manager drafts the lesson from the pattern; once published, the public lesson names
    # the agreement and the version (and none of the cases).
    manager.goto(f"{live_server_url}{pattern.get_absolute_url()}")
    manager.get_by_role("button", name="Een les maken van dit patroon").click()
    manager.wait_for_url("**/admin/pages/*/edit/")
    lesson = LessonPage.objects.get(pattern=pattern)
    assert lesson.policy_version == version
    off_the_loop(lambda: lesson.save_revision().publish())
    reader = new_page()
    reader.goto(f"{live_server_url}{lesson.url}")
    facts = reader.locator("dl", has_text="Schriftelijke afspraak").inner_text()
    assert f"{AGREEMENT}, versie 4" in facts
    case_titles = CasePage.objects.filter(pattern_links__pattern=pattern).values_list(
        "title", flat=True
    )
    assert not any(title in reader.content() for title in case_titles)

    # Fatima asks for a doorbraak: Participatiewet, 1,800 euro: the register routes it.
    case = CasePage.objects.get(title=CASE)
    fatima = new_page()
    login(fatima, live_server_url, "fatima", DEMO_PASSWORD)
    fatima.goto(f"{live_server_url}{case.url}")
    fatima.get_by_text("Doorbraak vragen").click()
    form = fatima.locator("#doorbraak details form")
    form.locator("input[name=kind][value=deviation]").check()
    form.locator("select[name=law]").select_option(label="Participatiewet")
    form.locator("input[name=amount]").fill("1800")
    form.locator("input[name=rule]").fill("Bijzondere bijstand pas na het inburgeringsbesluit")
    form.locator("textarea[name=proposal]").fill("Nu een voorschot, verrekend met het besluit")
    for name, value in REQUEST_TOETS.items():
        form.locator(f"textarea[name={name}]").fill(value)
    form.get_by_role("button", name="Verzoek versturen").click()
    fatima.get_by_text(
        "Je verzoek is verstuurd naar Marieke de Wit, onder het mandaat “Bijzondere bijstand en "
        "voorschotten”."
    ).wait_for()
    doorbraak = Doorbraak.objects.get(case=case)
    assert doorbraak.routed_mandate.title == "Bijzondere bijstand en voorschotten"
    assert doorbraak.mandate_holder.username == "marieke"

    # Marieke finds it in her inbox, addressed to her, with the mandate it falls under.
    manager.goto(f"{live_server_url}/netwerk/casussen/doorbraken/")
    item = manager.locator(f"#{doorbraak.dom_id}")
    assert "Bijzondere bijstand en voorschotten" in item.inner_text()
    assert manager.locator(".ln-badge", has_text="aan jou gericht").count() >= 1
    item.locator("textarea[name=toets_legal]").fill("Art. 52 Participatiewet: voorschot mag.")
    item.locator("input[name=toets_outcome][value=go]").check()
    item.locator("textarea[name=decision_reason]").fill("Past bij de bedoeling.")
    item.get_by_role("button", name="Besluit vastleggen").click()
    manager.get_by_text(
        "Je hebt de doorbraak toegestaan; de professional krijgt bericht."
    ).wait_for()
    doorbraak.refresh_from_db()
    assert doorbraak.status == "granted" and doorbraak.mandate_used == doorbraak.routed_mandate
    assert not doorbraak.stand_in
