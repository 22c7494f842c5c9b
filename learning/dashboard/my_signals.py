"""Wat deed mijn signaal? A professional's own cases and what became of them — recognitions,
the patterns they are part of, the tables those reached, their decisions and the lessons
published from them. Closing the loop, on one page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from leernetwerk.casework.selectors import CaseFilters, case_list
from leernetwerk.casework.services import ANONYMISED
from leernetwerk.kernel.views import member_required
from leernetwerk.learning.models import LessonPage
from leernetwerk.patterns.selectors import pattern_trails, patterns_for_cases

__all__ = ["CaseSignal", "PatternOutcome", "my_signals", "signals_of"]


@dataclass
class PatternOutcome:
    """A pattern one of the member's cases is part of, and where it got."""

    pattern: object
    tables: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    lessons: list = field(default_factory=list)


@dataclass
class CaseSignal:
    """One of the member's cases and what became of it."""

    case: object
    state: str  # "shared", "draft", "withdrawn" or "anonymised"
    patterns: list[PatternOutcome] = field(default_factory=list)

    @property
    def recognitions(self) -> int:
        return self.case.num_recognitions


def _state(case) -> str:
    if case.situation == ANONYMISED:
        return "anonymised"
    if case.live:
        return "shared"
    return "withdrawn" if case.first_published_at else "draft"


def signals_of(user) -> list[CaseSignal]:
    """Every case ``user`` brought in (drafts, withdrawn and anonymised ones too), newest first,
    with what became of it: a fixed number of queries, whatever the number of cases or
    patterns."""
    cases = list(case_list(filters=CaseFilters(owner_id=user.pk), include_drafts=True))
    links = list(patterns_for_cases([case.pk for case in cases]))
    patterns = list({link.pattern_id: link.pattern for link in links}.values())
    trails = pattern_trails(patterns)
    lessons = defaultdict(list)
    for lesson in (
        LessonPage.objects.live()
        .public()
        .filter(pattern__in=[p.pk for p in patterns])
        .order_by("-first_published_at", "pk")
    ):
        lessons[lesson.pattern_id].append(lesson)
    outcomes = {
        pattern.pk: PatternOutcome(
            pattern=pattern,
            tables=trails[pattern.pk].tables,
            decisions=trails[pattern.pk].decisions,
            lessons=lessons[pattern.pk],
        )
        for pattern in patterns
    }
    by_case = defaultdict(list)
    for link in links:
        by_case[link.case_id].append(outcomes[link.pattern_id])
    return [CaseSignal(case=case, state=_state(case), patterns=by_case[case.pk]) for case in cases]


@never_cache
@member_required
def my_signals(request: HttpRequest) -> HttpResponse:
    """The member's own cases and what became of each (only their own: never another's)."""
    signals = signals_of(request.user)
    return render(
        request,
        "leernetwerk_learning/dashboard/my_signals.html",
        {
            "signals": signals,
            "in_pattern": sum(1 for signal in signals if signal.patterns),
            "recognised": sum(1 for signal in signals if signal.recognitions),
            "decisions": len(
                {d.pk for s in signals for outcome in s.patterns for d in outcome.decisions}
            ),
            "lessons": len(
                {lesson.pk for s in signals for outcome in s.patterns for lesson in outcome.lessons}
            ),
        },
    )
