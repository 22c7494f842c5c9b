"""Issue #16 (#12, #13) in the browser, in Dutch: a werktafel records a decision with a follow-up
date, and an author edits their own case with tags; what the browser shows is what is saved."""

from datetime import date, timedelta

from django.utils import timezone

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.models import Decision, LearningTable, Pattern
from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD


def test_record_a_decision_with_a_follow_up_date_in_dutch(
    live_server_url, live_network, new_page, make_user
):
    manager = make_user(Role.MANAGER, username="marieke")
    table = LearningTable.objects.get(position=20)
    table.is_active = True
    table.save()
    pattern = Pattern.objects.create(
        title="Wachttijd woningaanpassing",
        description="Spoedaanpassingen wachten op een indicatie.",
        table=table,
        status=PatternStatus.IN_PROGRESS,
    )
    proposed = timezone.localdate() + timedelta(days=42)

    page = new_page()
    login(page, live_server_url, manager.username, PASSWORD)
    page.goto(f"{live_server_url}/netwerk/patronen/{pattern.pk}/")
    page.locator("#step-solve summary").click()
    follow_up = page.locator("#id_solve-follow_up_date")
    # The browser accepts the date the form proposes (six weeks on), shown in Dutch by Chromium.
    assert follow_up.input_value() == proposed.isoformat()

    page.fill("#id_solve-text", "Spoedaanpassingen gaan voortaan zonder indicatie.")
    follow_up.fill("2035-01-15")
    page.locator("#step-solve button[type=submit]").click()
    page.locator("#decisions").get_by_text("Spoedaanpassingen gaan voortaan").wait_for()

    decision = Decision.objects.get(pattern=pattern)
    assert decision.follow_up_date == date(2035, 1, 15)


def test_edit_my_own_case_with_tags(live_server_url, live_network, new_page, make_case, make_user):
    author = make_user(Role.PROFESSIONAL, username="fatima")
    # (off Playwright's event loop: saving a case publishes a live event)
    case = off_the_loop(
        make_case,
        owner=author,
        title="Wachttijd bij de overgang naar 18+",
        tags=["18-/18+", "schulden"],
        retention_date=date(2031, 6, 30),
    )

    page = new_page()
    login(page, live_server_url, author.username, PASSWORD)
    page.goto(f"{live_server_url}/netwerk/casussen/{case.pk}/bewerken/")
    assert page.locator("#id_tags").input_value() == "18-/18+, schulden"
    assert page.locator("#id_retention_date").input_value() == "2031-06-30"

    page.fill("#id_title", "Jeugdhulp stopt op de achttiende verjaardag")
    page.fill("#id_tags", "18-/18+, schulden, wonen")
    page.get_by_role("button", name="Opslaan als concept").click()
    page.wait_for_url(f"**/netwerk/casussen/{case.pk}/bewerken/")
    page.wait_for_load_state()

    draft = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert draft.title == "Jeugdhulp stopt op de achttiende verjaardag"
    assert sorted(tag.name for tag in draft.tags.all()) == ["18-/18+", "schulden", "wonen"]
    assert draft.retention_date == date(2031, 6, 30)
    # the form shows the saved tags again
    assert "wonen" in page.locator("#id_tags").input_value()
