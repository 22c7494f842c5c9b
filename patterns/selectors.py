"""Reads of the patterns app; the public face other apps may use."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from .models import LearningTable, Pattern

__all__ = ["BoardColumn", "pattern_board", "pattern_list"]


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
