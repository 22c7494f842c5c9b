"""Figures of the casework app (which knelpunten and laws the network's cases show): counted in
the database, one query each whatever the number of cases. Other apps (the learning dashboard,
patterns) use them through ``selectors``, which re-exports them (ADR 0008)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from leernetwerk.casework.models import CasePage, KnelpuntType, Law
from leernetwerk.casework.services import ANONYMISED
from leernetwerk.kernel.models.vocabularies import name_in_language

__all__ = ["shared_cases", "top_knelpunt_types", "top_laws"]


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
