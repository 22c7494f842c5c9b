"""The escalation ladder as one plain transition table.

Each row says from which statuses an action is allowed, where it leads, at which orders of
learning, and what it requires. ``patterns.services.pattern_transition`` enforces the table; the
tests walk it row by row. Who may act: members of the pattern's current table, and managers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from leernetwerk.patterns.constants import LearningOrder, PatternStatus

S = PatternStatus
ALL_ORDERS = frozenset(LearningOrder.values)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    #: The status afterwards; ``None`` keeps the status.
    target: str | None
    #: Inputs that must not be empty: "text" (the decision) and/or "reason".
    requires: tuple[str, ...] = ()
    #: Orders of learning of the current table at which the action is allowed.
    orders: frozenset[int] = ALL_ORDERS
    #: The pattern moves to the next table up the ladder.
    moves_up: bool = False
    #: The action is a decision of the table (recorded as a Decision).
    is_decision: bool = False
    #: The omgekeerde toets (``kernel.toets``): "required", "optional" (but then complete) or
    #: "" (not asked).
    toets: str = ""


TRANSITIONS: tuple[Transition, ...] = (
    # A table takes up a pattern that was signalled to it or escalated to it.
    Transition("take_up", frozenset({S.SIGNALLED, S.ESCALATED}), S.IN_PROGRESS),
    # First and second order: the case team or the werktafel fixes the way of working.
    Transition(
        "solve",
        frozenset({S.IN_PROGRESS}),
        S.SOLVED,
        requires=("text",),
        orders=frozenset({LearningOrder.FIRST, LearningOrder.SECOND}),
        is_decision=True,
        toets="optional",
    ),
    # This table cannot solve it: up to the next table, with the reason why.
    Transition(
        "escalate",
        frozenset({S.SIGNALLED, S.IN_PROGRESS}),
        S.ESCALATED,
        requires=("reason",),
        moves_up=True,
    ),
    # Third order (and the national signal): a decision, budget or policy change.
    Transition(
        "decide",
        frozenset({S.IN_PROGRESS}),
        S.DECIDED,
        requires=("text",),
        orders=frozenset({LearningOrder.THIRD, LearningOrder.NATIONAL}),
        is_decision=True,
        toets="required",
    ),
    # Not a system failure (or not one this network can address): rejected with reasons.
    Transition(
        "reject",
        frozenset({S.SIGNALLED, S.IN_PROGRESS, S.ESCALATED}),
        S.REJECTED,
        requires=("reason",),
        is_decision=True,
    ),
    Transition("close", frozenset({S.SOLVED, S.DECIDED, S.REJECTED}), S.CLOSED),
    # New cases show the pattern again.
    Transition(
        "reopen",
        frozenset({S.SOLVED, S.DECIDED, S.REJECTED, S.CLOSED}),
        S.SIGNALLED,
        requires=("reason",),
    ),
    # "Reactie gevraagd": the table asks the authors of the linked cases for more information.
    Transition("request_info", frozenset({S.IN_PROGRESS}), None, requires=("reason",)),
    Transition("info_received", frozenset({S.IN_PROGRESS}), None),
)

BY_ACTION: dict[str, Transition] = {t.action: t for t in TRANSITIONS}

#: What the buttons say (the audit trail names the same steps in the past tense).
STEP_LABELS = {
    "take_up": _("Take up"),
    "solve": _("Record the solution"),
    "escalate": _("Escalate"),
    "decide": _("Record a decision"),
    "reject": _("Reject"),
    "close": _("Close"),
    "reopen": _("Reopen"),
    "request_info": _("Ask the case authors"),
    "info_received": _("Information received"),
}


def step_label(action: str) -> str:
    return str(STEP_LABELS.get(action, action))


def transition_for(action: str) -> Transition | None:
    return BY_ACTION.get(action)


def allowed_actions(
    status: str, order: int, *, awaiting_info: bool = False, can_move_up: bool = True
) -> list[str]:
    """The actions the table allows for a pattern in ``status`` at a table of ``order``;
    ``can_move_up`` is false at the highest active table (nothing to escalate to)."""
    actions = []
    for transition in TRANSITIONS:
        if status not in transition.sources or order not in transition.orders:
            continue
        if transition.moves_up and not can_move_up:
            continue
        if transition.action == "request_info" and awaiting_info:
            continue
        if transition.action == "info_received" and not awaiting_info:
            continue
        actions.append(transition.action)
    return actions
