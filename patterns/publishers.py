"""What the patterns app shows live on the board's stream: the events its services publish, and
the renderers of the pattern and candidate cards they refer to (registered when the app is
ready). A replay renders a card as it is now — an erased owner under the pseudonym, a candidate
that was dealt with taken off the board — so the log holds nothing to redact (ADR 0009)."""

from __future__ import annotations

from django.template.loader import render_to_string

from leernetwerk.kernel.live import renderers
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.patterns.constants import SuggestionStatus
from leernetwerk.patterns.models import Pattern, PatternCandidate
from leernetwerk.patterns.streams import board_stream

BOARD_CARD = "patterns.board_card"
CANDIDATE_CARD = "patterns.candidate_card"


@renderers.register(BOARD_CARD)
def render_board_cards(keys: list[int]) -> dict[int, str]:
    """Pattern cards as the board shows them now, the same for every viewer (board.js shows
    each viewer the steps they may take)."""
    from leernetwerk.patterns.selectors import board_cards
    from leernetwerk.patterns.services import highest_active_position

    top_position = highest_active_position()
    return {
        pattern.pk: render_to_string(
            "leernetwerk_patterns/includes/board_card.html",
            {"pattern": pattern, "live": True, "top_position": top_position},
        )
        for pattern in board_cards(Pattern.objects.filter(pk__in=keys))
    }


@renderers.register(CANDIDATE_CARD)
def render_candidate_cards(keys: list[int]) -> dict[int, str]:
    """Open candidate patterns; one that was accepted or dismissed is no longer on the board."""
    candidates = PatternCandidate.objects.filter(
        pk__in=keys, status=SuggestionStatus.OPEN
    ).select_related("knelpunt_type")
    return {
        candidate.pk: render_to_string(
            "leernetwerk_patterns/includes/candidate_card.html", {"candidate": candidate}
        )
        for candidate in candidates
    }


def publish_board(pattern: Pattern, action: str) -> None:
    """Move the pattern's card on everyone's board (into its current table's column)."""
    ops = [{"op": "remove", "target": f"#{pattern.dom_id}"}]
    if pattern.table.is_active:
        ops.append(
            {
                "op": "prepend",
                "target": f"#board-list-{pattern.table_id}",
                "id": pattern.dom_id,
                "ref": renderers.ref(BOARD_CARD, pattern.pk),
            }
        )
    publish(
        board_stream(),
        "pattern.changed",
        {
            "pattern": pattern.pk,
            "action": action,
            "status": pattern.status,
            "table": pattern.table_id,
            "ops": ops,
        },
    )


def publish_candidate(candidate: PatternCandidate) -> None:
    """Show (or update, or take away) a candidate pattern on everyone's board."""
    ops = [{"op": "remove", "target": f"#candidate-{candidate.pk}"}]
    if candidate.status == SuggestionStatus.OPEN:
        ops.append(
            {
                "op": "prepend",
                "target": "#candidate-list",
                "id": f"candidate-{candidate.pk}",
                "ref": renderers.ref(CANDIDATE_CARD, candidate.pk),
            }
        )
    publish(board_stream(), "candidate.changed", {"candidate": candidate.pk, "ops": ops})
