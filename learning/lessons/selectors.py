"""Reads of the lessons learned: the public list, its filters and search, and a lesson's
provenance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from leernetwerk.learning.models import LessonIndexPage, LessonPage
from leernetwerk.patterns.constants import LearningOrder, PatternAction

__all__ = [
    "LessonFilters",
    "lesson_facets",
    "lesson_list",
    "lesson_provenance_for",
    "lesson_search",
    "search_words",
]


def lesson_list(*, index: LessonIndexPage | None = None) -> QuerySet[LessonPage]:
    """Published, public lessons, newest first, with what their cards show."""
    qs = (
        LessonPage.objects.live()
        .public()
        .prefetch_related("laws", "life_domains")
        .order_by("-lesson_date", "-first_published_at", "-pk")
    )
    if index is not None:
        qs = qs.child_of(index)
    return qs


@dataclass(frozen=True)
class LessonFilters:
    """What a reader can narrow the lessons down by (all optional)."""

    law: int | None = None
    life_domain: int | None = None
    order: int | None = None
    year: int | None = None
    query: str = ""

    @property
    def active(self) -> bool:
        return any((self.law, self.life_domain, self.order, self.year, self.query))


def search_words(text: str, *, limit: int = 12) -> str:
    """The words of a reader's search, without the punctuation a full-text engine would read as
    query syntax (a lone quote is an error in SQLite's FTS5): at most ``limit`` words."""
    return " ".join(re.findall(r"\w+", text or "")[:limit])


def lesson_search(
    *, index: LessonIndexPage | None = None, filters: LessonFilters | None = None
) -> list[LessonPage] | QuerySet[LessonPage]:
    """The lessons a reader asked for: filters first, then the search words (best match first;
    a word that is only the start of one, "wacht" for "wachttijd", still finds it)."""
    filters = filters or LessonFilters()
    qs = lesson_list(index=index)
    if filters.law:
        qs = qs.filter(laws=filters.law)
    if filters.life_domain:
        qs = qs.filter(life_domains=filters.life_domain)
    if filters.order:
        qs = qs.filter(order=filters.order)
    if filters.year:
        qs = qs.filter(lesson_date__year=filters.year)
    query = search_words(filters.query)
    if not query:
        return qs
    ids = list(qs.values_list("pk", flat=True))
    if not ids:
        return []
    base = LessonPage.objects.filter(id__in=ids)
    found = [page.pk for page in base.search(query)]
    if not found:
        found = [page.pk for page in base.autocomplete(query)]
    pages = {page.pk: page for page in qs.filter(pk__in=found)}
    return [pages[pk] for pk in found if pk in pages]


def lesson_facets(*, index: LessonIndexPage | None = None) -> dict[str, list]:
    """The filter options: only laws, leefgebieden, orders and years some lesson has."""
    from leernetwerk.casework.selectors import vocabularies

    terms = vocabularies(active_only=False)
    lessons = lesson_list(index=index).order_by()
    ids = lessons.values("pk")
    orders = set(lessons.values_list("order", flat=True).distinct())
    return {
        "laws": list(
            terms["laws"].filter(lessons__in=ids).distinct().order_by("sort_order", "name")
        ),
        "life_domains": list(
            terms["life_domains"].filter(lessons__in=ids).distinct().order_by("sort_order", "name")
        ),
        "orders": [(value, label) for value, label in LearningOrder.choices if value in orders],
        "years": sorted(
            {day.year for day in lessons.values_list("lesson_date", flat=True)}, reverse=True
        ),
    }


def lesson_provenance_for(lesson: LessonPage, *, preview: bool = False) -> dict:
    """The provenance a lesson shows: the snapshot taken when it was published (a preview
    shows the pattern's current numbers, which publishing will take)."""
    from leernetwerk.patterns.selectors import pattern_provenance

    data = lesson.provenance or {}
    if preview and lesson.pattern_id:
        data = pattern_provenance(lesson.pattern)
    if not data:
        return {}
    labels = dict(PatternAction.choices)
    orders = dict(LearningOrder.choices)
    return {
        **data,
        "tables": [
            {**table, "order_label": orders.get(table["order"], "")}
            for table in data.get("tables", [])
        ],
        "decisions": [
            {
                **decision,
                "date": date.fromisoformat(decision["date"]),
                "action_label": labels.get(decision["action"], ""),
                "order_label": orders.get(decision["order"], ""),
            }
            for decision in data.get("decisions", [])
        ],
        "first_signal": date.fromisoformat(data["first_signal"])
        if data.get("first_signal")
        else None,
        "computed_at": date.fromisoformat(data["computed_at"]) if data.get("computed_at") else None,
    }
