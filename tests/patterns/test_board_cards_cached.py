"""The board's cards come from the cache (issue #19: 1,000 patterns under 150 ms), and what a
member would notice still shows on the next board: a step taken, a new title, a renamed owner,
a deadline passed, a new case linked, the reader's language, and the steps only for those who
may take them. These run with a real (local-memory) cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.models import Pattern

pytestmark = pytest.mark.django_db


@pytest.fixture
def pattern(manager, make_case, make_user):
    author = make_user(first_name="Anna", last_name="Auteur")
    return services.pattern_create(
        user=manager,
        title="Voorschot bij wachttijd WW",
        description="Schulden in de weken tot de eerste WW-betaling.",
        cases=[make_case(owner=author, title="Casus WW")],
        owner=manager,
    )


def _card(client, network, pattern, **query) -> str:
    page = client.get(network["board"].url, query).content.decode()
    card = page[page.index(f'id="pattern-card-{pattern.pk}"') :]
    return card[: card.index("</li>")]


@pytest.fixture
def board(client, network, manager, pattern, real_cache):
    client.force_login(manager)
    first = _card(client, network, pattern)
    assert first == _card(client, network, pattern)  # the second board reads the cached card
    return lambda **query: _card(client, network, pattern, **query)


def test_a_step_taken_shows_on_the_next_board(board, manager, pattern):
    assert "Gesignaleerd" in board()
    services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    card = board()
    assert "In behandeling" in card and "Gesignaleerd" not in card


def test_a_new_title_and_a_renamed_owner_show_on_the_next_board(board, manager, pattern):
    pattern.title = "Voorschot bij wachttijd WW en bijstand"
    pattern.save()
    assert "Voorschot bij wachttijd WW en bijstand" in board()
    manager.first_name, manager.last_name = "Mirjam", "Manager"
    manager.save()
    assert "Mirjam Manager" in board()


def test_a_passed_deadline_and_a_new_case_show_on_the_next_board(
    board, manager, pattern, make_case
):
    assert 'data-overdue="0"' in board() and "1 casus " in board()
    # Written past the model (as a data migration would): no new updated_at.
    Pattern.objects.filter(pk=pattern.pk).update(
        next_deadline=timezone.localdate() - timedelta(days=1)
    )
    card = board()
    assert 'data-overdue="1"' in card and "Te laat" in card
    services.pattern_link_case(pattern=pattern, case=make_case(), user=manager)
    assert "2 casussen" in board()


def test_the_card_is_in_the_readers_language(board, client, settings):
    assert "Gesignaleerd" in board()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    card = board()
    assert "Signalled" in card and "Gesignaleerd" not in card


def test_only_those_who_may_move_a_card_see_its_steps(board, client, make_user):
    steps = board().split('<details class="ln-board-steps"')[1].split(">")[0]
    assert " hidden" not in steps  # the manager may move it
    client.force_login(make_user(Role.PROFESSIONAL))
    steps = board().split('<details class="ln-board-steps"')[1].split(">")[0]
    assert " hidden" in steps  # a professional at no table sees none (the same card, cached)


def test_no_copy_of_an_old_title_stays_in_the_cache(board, pattern, real_cache):
    def stored() -> bytes:
        return b"".join(v for v in real_cache._cache.values() if isinstance(v, bytes))

    assert b"Voorschot bij wachttijd WW" in stored()
    pattern.title = "Voorschot bij wachttijd"
    pattern.save()
    assert b"Voorschot bij wachttijd WW" not in stored()
