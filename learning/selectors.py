"""Reads of the learning app."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from .models import LearningSessionPage, LessonIndexPage, LessonPage, SessionIndexPage

__all__ = ["lesson_list", "session_calendar", "upcoming_sessions"]


def upcoming_sessions(*, index: SessionIndexPage | None = None) -> QuerySet[LearningSessionPage]:
    qs = LearningSessionPage.objects.live().filter(ends_at__gte=timezone.now())
    if index is not None:
        qs = qs.child_of(index)
    return qs.order_by("starts_at")


def session_calendar(
    *, index: SessionIndexPage | None = None, past_limit: int = 12
) -> tuple[QuerySet[LearningSessionPage], QuerySet[LearningSessionPage]]:
    """Upcoming sessions (soonest first) and the most recent past ones (latest first)."""
    past = LearningSessionPage.objects.live().filter(ends_at__lt=timezone.now())
    if index is not None:
        past = past.child_of(index)
    return upcoming_sessions(index=index), past.order_by("-starts_at")[:past_limit]


def lesson_list(*, index: LessonIndexPage | None = None) -> QuerySet[LessonPage]:
    qs = LessonPage.objects.live().public().order_by("-first_published_at", "-pk")
    if index is not None:
        qs = qs.child_of(index)
    return qs
