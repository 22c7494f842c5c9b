"""Reads of the kernel's shared vocabularies, for the apps' forms and filters: the apps read
them here instead of importing the kernel's models (ADR 0008)."""

from __future__ import annotations

from django.db.models import QuerySet

from leernetwerk.kernel.models.members import Perspective
from leernetwerk.kernel.models.vocabularies import Organisation

__all__ = ["organisations", "perspectives"]


def organisations(*, active_only: bool = True) -> QuerySet[Organisation]:
    """The partner organisations (only those offered for new cases, unless ``active_only`` is
    False: a filter must still find old cases of an inactive one)."""
    qs = Organisation.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def perspectives(*, active_only: bool = True) -> QuerySet[Perspective]:
    """The perspectives members bring (wijkteam, werk en inkomen, …), in their order."""
    qs = Perspective.objects.all()
    return qs.filter(is_active=True) if active_only else qs
