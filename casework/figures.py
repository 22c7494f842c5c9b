"""Figures of the casework app (which knelpunten and laws the network's cases show): counted in
the database, one query each whatever the number of cases. Other apps (the learning dashboard,
patterns) use them through ``selectors``, which re-exports them (ADR 0008)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from leernetwerk.casework.models import CaseClosing, CasePage, KnelpuntType, Law, Transition
from leernetwerk.casework.services import ANONYMISED
from leernetwerk.kernel.models.vocabularies import name_in_language

__all__ = [
    "cases_per_transition",
    "closed_cases",
    "shared_cases",
    "solution_type_counts",
    "top_knelpunt_types",
    "top_laws",
]


def shared_cases(*, since: datetime | None = None) -> QuerySet[CasePage]:
    """Cases shared with the network: published, not withdrawn (unpublished) and not anonymised,
    first published within the period when ``since`` is given."""
    qs = CasePage.objects.live().exclude(situation=ANONYMISED)
    if since is not None:
        qs = qs.filter(first_published_at__gte=since)
    return qs


def _case_filter(prefix: str, since: datetime | None) -> Q:
    condition = Q(**{f"{prefix}__live": True}) & ~Q(**{f"{prefix}__situation": ANONYMISED})
    if since is not None:
        condition &= Q(**{f"{prefix}__first_published_at__gte": since})
    return condition


def top_knelpunt_types(*, since: datetime | None = None, limit: int = 10) -> list[tuple[str, int]]:
    """The knelpunt types shared cases show most, as ``(name, number of cases)``."""
    rows = (
        KnelpuntType.objects.annotate(n=Count("cases", filter=_case_filter("cases", since)))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("name", "name_en", "n")[:limit]
    )
    return [(name_in_language(name, name_en), n) for name, name_en, n in rows]


def top_laws(*, since: datetime | None = None, limit: int = 10) -> list[tuple[str, int]]:
    """The laws shared cases involve most, as ``(name, number of cases)``."""
    rows = (
        Law.objects.annotate(n=Count("cases", filter=_case_filter("cases", since), distinct=True))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values_list("name", "name_en", "n")[:limit]
    )
    return [(name_in_language(name, name_en), n) for name, name_en, n in rows]


def cases_per_transition(*, since: datetime | None = None) -> list[tuple[str, int]]:
    """Shared cases per overgangsmoment, in the vocabulary's order (terms without cases left
    out), as ``(name, number of cases)``; one query."""
    rows = (
        Transition.objects.annotate(n=Count("cases", filter=_case_filter("cases", since)))
        .filter(n__gt=0)
        .order_by("sort_order", "name")
        .values_list("name", "name_en", "n")
    )
    return [(name_in_language(name, name_en), n) for name, name_en, n in rows]


def solution_type_counts(*, since: datetime | None = None) -> list[tuple[str, int]]:
    """Shared cases per kind of solution, as ``(value, number of cases)`` in the choices'
    order (kinds no case has are left out; cases without a kind too); one query."""
    from leernetwerk.casework.constants import SolutionType

    counts = dict(
        shared_cases(since=since)
        .exclude(solution_type="")
        .values_list("solution_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(value, counts[value]) for value in SolutionType.values if counts.get(value)]


def closed_cases(*, since: datetime | None = None) -> int:
    """Cases closed (afgesloten) with an evaluation in the period; one query."""
    qs = CaseClosing.objects.all()
    if since is not None:
        qs = qs.filter(closed_on__gte=since.date())
    return qs.count()
