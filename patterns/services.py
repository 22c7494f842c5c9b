"""Writes of the patterns app: every transition goes through ``pattern_transition``."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.live.publisher import publish
from casework.selectors import Role, has_role

from .escalation import allowed_actions, transition_for
from .models import Decision, LearningTable, Pattern, PatternCase, PatternEvent
from .streams import board_stream

__all__ = ["may_act", "pattern_link_case", "pattern_transition"]


def may_act(user, pattern: Pattern) -> bool:
    """Members of the pattern's current table, and managers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return has_role(user, Role.MANAGER) or pattern.table.has_member(user)


def _deadline(table: LearningTable) -> date:
    return timezone.localdate() + timedelta(days=table.response_days)


def _next_table(table: LearningTable) -> LearningTable | None:
    return (
        LearningTable.objects.filter(is_active=True, position__gt=table.position)
        .order_by("position")
        .first()
    )


def _publish_board(pattern: Pattern, action: str) -> None:
    publish(
        board_stream(),
        "pattern.changed",
        {
            "pattern": pattern.pk,
            "action": action,
            "status": pattern.status,
            "table": pattern.table_id,
        },
    )


@transaction.atomic
def pattern_transition(
    *,
    pattern: Pattern,
    user,
    action: str,
    text: str = "",
    reason: str = "",
    effective_date: date | None = None,
    follow_up_date: date | None = None,
    owner=None,
    force: bool = False,
) -> Pattern:
    """Move a pattern along the escalation ladder (see ``patterns.escalation.TRANSITIONS``):
    checks the transition, who acts and what is required; sets the deadline; records the
    decision and the audit trail; tells the board. ``force`` is for the system acting on a
    setting (automatic escalation of overdue patterns), recorded with ``user`` as the actor."""
    pattern = Pattern.objects.select_for_update().select_related("table").get(pk=pattern.pk)
    rule = transition_for(action)
    if rule is None or action not in allowed_actions(
        pattern.status, pattern.table.order, awaiting_info=pattern.awaiting_info
    ):
        raise ValidationError(
            _("“%(action)s” is not possible for a pattern that is %(status)s at the %(table)s.")
            % {"action": action, "status": pattern.get_status_display(), "table": pattern.table}
        )
    if not force and not may_act(user, pattern):
        raise PermissionDenied
    inputs = {"text": (text or "").strip(), "reason": (reason or "").strip()}
    missing = {
        name: _("A decision text is required.") if name == "text" else _("Give the reason.")
        for name in rule.requires
        if not inputs[name]
    }
    if missing:
        raise ValidationError(missing)

    from_status, from_table = pattern.status, pattern.table
    if rule.moves_up:
        higher = _next_table(pattern.table)
        if higher is None:
            raise ValidationError(_("There is no higher table to escalate to."))
        pattern.table = higher
    if rule.target is not None:
        pattern.status = rule.target
    if action == "request_info":
        pattern.awaiting_info = True
    elif action == "info_received":
        pattern.awaiting_info = False
    if action in ("take_up", "escalate", "reopen"):
        pattern.next_deadline = _deadline(pattern.table)
        pattern.awaiting_info = False
    elif rule.is_decision or action == "close":
        pattern.next_deadline = follow_up_date
    if owner is not None:
        pattern.owner = owner
    pattern.full_clean()
    pattern.save()

    if rule.is_decision:
        Decision.objects.create(
            pattern=pattern,
            table=from_table,
            action=action,
            text=inputs["text"] or inputs["reason"],
            decided_by=user,
            effective_date=effective_date,
            follow_up_date=follow_up_date,
            owner=owner,
        )
    PatternEvent.objects.create(
        pattern=pattern,
        actor=user,
        action=action,
        from_status=from_status,
        to_status=pattern.status,
        from_table=from_table,
        to_table=pattern.table,
        reason=inputs["reason"] or inputs["text"],
    )
    _publish_board(pattern, action)
    return pattern


@transaction.atomic
def pattern_link_case(*, pattern: Pattern, case, user, reason: str = "") -> PatternCase:
    """Link a case to a pattern (who, when, why), in the audit trail too."""
    from casework.selectors import is_network_member

    if not is_network_member(user):
        raise PermissionDenied
    link, created = PatternCase.objects.get_or_create(
        pattern=pattern, case=case, defaults={"linked_by": user, "reason": (reason or "").strip()}
    )
    if created:
        PatternEvent.objects.create(
            pattern=pattern, actor=user, action="link_case", reason=f"{case.pk}: {link.reason}"
        )
        _publish_board(pattern, "link_case")
    return link
