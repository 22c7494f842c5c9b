"""An anonymous reader finds the demo lesson on the public site: through the filters, then
through search, and reads where it comes from — without anything of the cases behind it."""

from home.demo import DemoLoader
from leernetwerk.casework.models import CasePage
from leernetwerk.learning.models import LessonPage
from tests.browser.conftest import off_the_loop


def test_an_anonymous_reader_finds_the_demo_lesson(live_server_url, live_network, new_page):
    off_the_loop(DemoLoader().run)
    lesson = LessonPage.objects.get(slug="voorschot-bij-wachttijd-ww")
    others = list(LessonPage.objects.live().exclude(pk=lesson.pk).values_list("title", flat=True))
    waiting = LessonPage.objects.get(live=False).title
    case_titles = list(
        CasePage.objects.filter(pattern_links__pattern=lesson.pattern).values_list(
            "title", flat=True
        )
    )
    law = lesson.laws.order_by("sort_order").first()

    reader = new_page()
    reader.goto(f"{live_server_url}/")
    reader.locator("nav.main-nav a[href='/lessen/']").click()
    reader.locator("h1").wait_for()
    results = reader.locator("section[aria-labelledby='lesson-results-heading'] .ln-card h3")
    assert sorted(results.all_inner_texts()) == sorted([lesson.title, *others])
    assert waiting not in reader.content()  # still with the editor

    # Filters: the order of learning it was solved at, and one of its laws.
    reader.locator("select[name='orde']").select_option(str(lesson.order))
    reader.locator("select[name='wet']").select_option(str(law.pk))
    reader.locator("form[role='search'] button[type='submit']").click()
    reader.wait_for_url("**orde=*")
    assert results.all_inner_texts() == [lesson.title]
    reader.get_by_role("status").filter(has_text="1 les").wait_for()

    # Clear the filters and search for a word of its story instead ("wachttijd"), then a
    # word that is only the start of one ("huurachter").
    reader.locator("form[role='search'] a").click()
    for words in ("wachttijd WW", "huurachter"):
        reader.locator("input[name='q']").fill(words)
        reader.locator("form[role='search'] button[type='submit']").click()
        reader.wait_for_url("**q=*")
        assert lesson.title in results.all_inner_texts(), words

    reader.get_by_role("link", name=lesson.title).click()
    reader.locator("#provenance-heading").wait_for()
    assert reader.locator("h1").inner_text() == lesson.title
    provenance = reader.locator("section[aria-labelledby='provenance-heading']").inner_text()
    assert "Werktafel" in provenance
    page = reader.content()
    assert not any(title in page for title in case_titles)
    assert reader.locator("meta[property='og:title']").get_attribute("content") == lesson.title
