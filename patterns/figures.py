"""Figures of the patterns app (counts, lead times, overdue follow-ups and what became of a
case's patterns): aggregated in the database, a fixed number of queries whatever the number of
patterns. Other apps (the learning dashboard) use them through ``selectors``, which re-exports
them (ADR 0008)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from leernetwerk.patterns.constants import (
    OPEN_STATUSES,
    LearningOrder,
    PatternAction,
    PatternStatus,
)
from leernetwerk.patterns.models import Decision, LearningTable, Pattern, PatternCase, PatternEvent

__all__ = [
    "DECIDED_STATUSES",
    "PatternTrail",
    "agreement_changes",
    "lead_times",
    "open_pattern_counts",
    "overdue_decisions",
    "pattern_trails",
    "table_orders",
]

#: A decision was taken and nothing followed yet (not closed, not reopened).
DECIDED_STATUSES = (PatternStatus.SOLVED, PatternStatus.DECIDED, PatternStatus.REJECTED)


def open_pattern_counts() -> dict[tuple[int, str], int]:
    """``{(order of learning, status): number}`` of the open patterns, by their current table."""
    rows = (
        Pattern.objects.filter(status__in=OPEN_STATUSES)
        .order_by()
        .values_list("table__order", "status")
        .annotate(n=Count("pk"))
    )
    return {(order, status): n for order, status, n in rows}


def table_orders() -> list[int]:
    """The orders of learning the network's active tables sit at, lowest first."""
    return sorted(set(LearningTable.objects.filter(is_active=True).values_list("order", flat=True)))


def _first_case_published(pattern_ref):
    """A subquery: when the earliest linked case of the pattern ``pattern_ref`` was published."""
    return (
        PatternCase.objects.filter(pattern=pattern_ref)
        .order_by()
        .values("pattern")
        .annotate(at=Min("case__first_published_at"))
        .values("at")
    )


def lead_times(
    *, action: str, order: int, since: datetime | None = None
) -> list[tuple[int, datetime, datetime]]:
    """For every pattern that got its first ``action`` decision (``solve``, ``decide``) at a
    table of ``order`` — within the period when ``since`` is given — the first signal (when the
    pattern was signalled, or the first publication of its earliest linked case if that came
    before) and that decision's time, as ``(pattern id, first signal, reached)`` rows: one query.
    """
    first_decision = (
        Decision.objects.filter(pattern=OuterRef("pk"), action=action, table__order=order)
        .order_by()
        .values("pattern")
        .annotate(at=Min("decided_at"))
        .values("at")
    )
    first_case = _first_case_published(OuterRef("pk"))
    qs = Pattern.objects.annotate(
        reached=Subquery(first_decision), first_case=Subquery(first_case)
    ).filter(reached__isnull=False)
    if since is not None:
        qs = qs.filter(reached__gte=since)
    rows = []
    for pk, created_at, first_case_at, reached in qs.order_by("pk").values_list(
        "pk", "created_at", "first_case", "reached"
    ):
        first = min(created_at, first_case_at) if first_case_at else created_at
        rows.append((pk, first, reached))
    return rows


def agreement_changes(*, since: datetime | None = None) -> list[tuple[int, datetime, datetime]]:
    """Versions of written agreements that became vigerend (within the period when ``since`` is
    given), as ``(version id, adopted at, first signal)`` rows. The first signal is the earliest
    of the patterns whose decisions point at the version (when it was signalled, or the first
    publication of its earliest linked case); None when no decision led to it. Two queries."""
    from leernetwerk.patterns.models import PolicyVersion

    adopted = PolicyVersion.objects.filter(adopted_at__isnull=False)
    if since is not None:
        adopted = adopted.filter(adopted_at__gte=since)
    versions = list(adopted.order_by("adopted_at", "pk").values_list("pk", "adopted_at"))
    first_case = _first_case_published(OuterRef("pattern"))
    signals: dict[int, datetime] = {}
    for version_id, created_at, first_case_at in (
        Decision.objects.filter(policy_version_id__in=[pk for pk, _at in versions])
        .annotate(first_case=Subquery(first_case))
        .values_list("policy_version_id", "pattern__created_at", "first_case")
    ):
        first = min(created_at, first_case_at) if first_case_at else created_at
        if version_id not in signals or first < signals[version_id]:
            signals[version_id] = first
    return [(pk, at, signals.get(pk)) for pk, at in versions]


def overdue_decisions(*, today: date | None = None) -> QuerySet[Decision]:
    """Decisions whose follow-up date has passed while their pattern still stands on it (the
    pattern's latest decision; not closed, not reopened since), oldest follow-up first."""
    today = today or timezone.localdate()
    later = Decision.objects.filter(pattern=OuterRef("pattern"), pk__gt=OuterRef("pk"))
    return (
        Decision.objects.filter(follow_up_date__lt=today, pattern__status__in=DECIDED_STATUSES)
        .exclude(Exists(later))
        .select_related("pattern", "table", "owner__member_profile")
        .order_by("follow_up_date", "pk")
    )


@dataclass
class PatternTrail:
    """What became of one pattern: the tables it reached (ladder order) and its decisions."""

    tables: list[LearningTable] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)


def pattern_trails(patterns: list[Pattern]) -> dict[int, PatternTrail]:
    """The tables each pattern reached (from the audit trail, and its current table) and its
    decisions, for a list of patterns: three queries, whatever their number."""
    ids = [pattern.pk for pattern in patterns]
    reached: dict[int, set[int]] = defaultdict(set)
    for pattern in patterns:
        reached[pattern.pk].add(pattern.table_id)
    for pattern_id, table_id in (
        PatternEvent.objects.filter(pattern_id__in=ids, to_table__isnull=False)
        .order_by()
        .values_list("pattern_id", "to_table_id")
        .distinct()
    ):
        reached[pattern_id].add(table_id)
    tables = {
        table.pk: table
        for table in LearningTable.objects.filter(
            pk__in={pk for pks in reached.values() for pk in pks}
        )
    }
    trails = {pk: PatternTrail() for pk in ids}
    for pattern_id, table_ids in reached.items():
        trails[pattern_id].tables = sorted(
            (tables[pk] for pk in table_ids if pk in tables), key=lambda t: t.position
        )
    for decision in (
        Decision.objects.filter(pattern_id__in=ids)
        .select_related("table")
        .order_by("decided_at", "pk")
    ):
        trails[decision.pattern_id].decisions.append(decision)
    return trails


#: The lead times the dashboard reports: (action, order of learning).
SECOND_ORDER_SOLUTION = (PatternAction.SOLVE, LearningOrder.SECOND)
THIRD_ORDER_DECISION = (PatternAction.DECIDE, LearningOrder.THIRD)
__all__ += ["SECOND_ORDER_SOLUTION", "THIRD_ORDER_DECISION"]
