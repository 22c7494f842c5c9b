"""Reads of the casework app; the public face other apps may use."""

from __future__ import annotations

from django.db.models import QuerySet

from .access import has_role, is_network_member, user_roles
from .models import CaseIndexPage, CasePage
from .roles import Role

__all__ = [
    "Role",
    "case_index",
    "case_list",
    "has_role",
    "is_network_member",
    "user_roles",
]


def case_index() -> CaseIndexPage | None:
    """The network's cases index (there is at most one), live or not."""
    return CaseIndexPage.objects.first()


def case_list(*, index: CaseIndexPage | None = None) -> QuerySet[CasePage]:
    """Live cases, newest first, with their author loaded."""
    qs = CasePage.objects.live().select_related("owner").order_by("-first_published_at", "-pk")
    if index is not None:
        qs = qs.child_of(index)
    return qs
