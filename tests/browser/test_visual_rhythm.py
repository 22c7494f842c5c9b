"""Cards keep one rhythm (issue #18): on the cases index every gap between cards is the same
(it alternated 16 and 32 px)."""

from __future__ import annotations

from tests.browser.conftest import login, off_the_loop
from tests.conftest import PASSWORD


def test_the_cases_index_spaces_its_cards_evenly(
    live_server_url, live_network, make_user, make_case, new_page
):
    author = make_user(username="ritme")
    for n in range(4):
        off_the_loop(make_case, owner=author, title=f"Casus over ritme {n}")
    page = new_page()
    login(page, live_server_url, author.username, PASSWORD)
    page.goto(f"{live_server_url}/casussen/")
    gaps = page.evaluate(
        """() => {
            const cards = [...document.querySelectorAll('.ln-card-list > .ln-card')];
            const box = (card) => card.getBoundingClientRect();
            return cards.slice(1).map((c, i) => Math.round(box(c).top - box(cards[i]).bottom));
        }"""
    )
    assert gaps == [16, 16, 16]
