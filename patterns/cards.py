"""The pattern board's cards, rendered once and kept in the cache (issue #19).

A card changes when its pattern does (``updated_at``, status, owner, counts, vocabularies,
deadline), when the day changes (its age, "overdue"), with the reader's language, when the
ladder's top changes (which steps it offers) and with whether the reader may move it (its
steps shown or hidden). All of that is in the card's key (``kernel.fragments``), so a stale
card is never shown, and a board of 1,000 patterns reads its 160 shown cards in one
``get_many``. A changed pattern drops every cached card (``pattern_changed``), so no copy of
an old title or description stays in the cache.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from leernetwerk.kernel import fragments
from leernetwerk.kernel.members.names import member_name
from leernetwerk.patterns.models import Pattern

CARD_TEMPLATE = "leernetwerk_patterns/includes/board_card.html"
GROUP = "board-cards"


def pattern_changed(sender, instance, **kwargs) -> None:
    """``post_save`` / ``post_delete`` of a pattern (connected in ``PatternsConfig.ready``)."""
    fragments.forget(GROUP)


def _state(pattern: Pattern, *, steps_hidden: bool, top_position, today: str, language: str):
    owner = pattern.owner
    return (
        pattern.pk,
        pattern.updated_at.isoformat(),
        pattern.title,
        pattern.description,
        pattern.status,
        pattern.table_id,
        pattern.case_count,
        pattern.recognition_count,
        pattern.awaiting_info,
        str(pattern.next_deadline),
        pattern.owner_id,
        member_name(owner) if owner is not None else "",
        pattern.board_laws,
        pattern.board_domains,
        pattern.board_tags,
        str(getattr(pattern, "proeftuin_ends_on", None)),
        getattr(pattern, "proeftuin_outcome", None),
        bool(getattr(pattern, "proeftuin_ended_at", None)),
        steps_hidden,
        top_position,
        today,
        language,
    )


def attach_card_html(
    patterns: Iterable[Pattern], *, may_act_everywhere: bool, my_table_ids, top_position
) -> None:
    """Set ``card_html`` on each of ``patterns`` (as ``selectors.board_cards`` loads them):
    from the cache, or rendered and stored."""
    patterns = list(patterns)
    today, language = timezone.localdate().isoformat(), get_language()
    keys = {}
    for pattern in patterns:
        hidden = not may_act_everywhere and pattern.table_id not in my_table_ids
        state = _state(
            pattern, steps_hidden=hidden, top_position=top_position, today=today, language=language
        )
        keys[pattern.pk] = (fragments.fragment_key("board-card", state), hidden)
    found = fragments.read(key for key, _hidden in keys.values())
    fresh = {}
    for pattern in patterns:
        key, hidden = keys[pattern.pk]
        html = found.get(key)
        if html is None:
            html = render_to_string(
                CARD_TEMPLATE,
                {
                    "pattern": pattern,
                    "top_position": top_position,
                    "may_act_everywhere": not hidden,
                    "my_table_ids": (),
                },
            )
            fresh[key] = html
        pattern.card_html = mark_safe(html)  # noqa: S308 (our own template's output)
    fragments.store(GROUP, fresh)
