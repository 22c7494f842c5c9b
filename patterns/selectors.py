"""Reads of the patterns app; the public face other apps may use."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from .models import LearningTable, Pattern

__all__ = ["BoardColumn", "overdue_patterns", "pattern_board", "pattern_list"]


@dataclass
class BoardColumn:
    table: LearningTable
    patterns: list[Pattern] = field(default_factory=list)


def pattern_list() -> QuerySet[Pattern]:
    """Patterns with their table and the number of linked cases."""
    return Pattern.objects.select_related("table").annotate(case_count=Count("links"))


def pattern_board() -> list[BoardColumn]:
    """One column per active learning table, in ladder order, with its patterns (two queries)."""
    tables = LearningTable.objects.filter(is_active=True).prefetch_related(
        Prefetch("patterns", queryset=pattern_list().order_by("-updated_at"))
    )
    return [BoardColumn(table=table, patterns=list(table.patterns.all())) for table in tables]


def overdue_patterns(*, today=None) -> QuerySet[Pattern]:
    """Open patterns past their deadline, oldest deadline first, with their table and chair."""
    from django.utils import timezone

    from .constants import OPEN_STATUSES

    today = today or timezone.localdate()
    return (
        Pattern.objects.filter(status__in=OPEN_STATUSES, next_deadline__lt=today)
        .select_related("table__chair", "owner")
        .order_by("next_deadline", "pk")
    )
