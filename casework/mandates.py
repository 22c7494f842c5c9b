"""Routing by the mandaatregister: who may decide a doorbraak request, and "wat mag ik zelf?".

A request names a law or regeling, the kind of doorbraak and, when money is involved, the amount.
It goes to the holders of the **lowest** current mandate that covers all three (the level closest
to the case decides; a ceiling left empty counts as the highest). When no current mandate
covers it — every one that covers the law and kind falls short on the amount, or has expired —
the request follows the register's **escalation line** from those mandates upward to the first
current mandate that covers the kind and the amount. When even that finds nobody, the request is
not covered by the register and the professional addresses a mandate holder themselves; any
mandate holder may also **stand in** for the routed ones, which the decision records (ADR 0018).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone

from leernetwerk.casework.models import Mandate
from leernetwerk.kernel.roles import ROLE_LOOKUP


@dataclass(frozen=True)
class Route:
    """Where a request goes: the mandate and its holders, and the mandates that fell short on the
    way (empty when the first level covers it)."""

    mandate: Mandate | None
    holders: list = field(default_factory=list)
    fell_short: list[Mandate] = field(default_factory=list)

    @property
    def escalated(self) -> bool:
        return self.mandate is not None and bool(self.fell_short)


def _current(day) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def _kind(kind: str) -> Q:
    return Q(covers_bridging=True) if kind == "bridging" else Q(covers_deviation=True)


def mandate_holders_of(mandate: Mandate) -> QuerySet:
    """The active members who hold ``mandate``: its person, or everyone with its role in its
    organisation."""
    users = get_user_model().objects.filter(is_active=True)
    if mandate.holder_id:
        return users.filter(pk=mandate.holder_id)
    return users.filter(
        **{ROLE_LOOKUP: mandate.role},
        member_profile__organisation_id=mandate.organisation_id,
    ).distinct()


def _held_by(user) -> Q:
    """The mandates ``user`` holds, as a filter (by person, or by a role in their organisation)."""
    organisation_id = getattr(getattr(user, "member_profile", None), "organisation_id", None)
    by_role = Q(
        holder__isnull=True,
        organisation_id=organisation_id,
        role__in=list(user.groups.values_list("leernetwerk_role__role", flat=True)),
    )
    return Q(holder=user) | by_role if organisation_id else Q(holder=user)


def mandates_held_by(user, *, current_only: bool = False) -> QuerySet[Mandate]:
    """The mandates ``user`` holds (current ones first, then by organisation and name)."""
    if not user.is_authenticated:
        return Mandate.objects.none()
    found = Mandate.objects.filter(_held_by(user))
    if current_only:
        found = found.filter(_current(timezone.localdate()))
    return found.select_related("organisation", "escalates_to__organisation").prefetch_related(
        "laws"
    )


def holds_current_mandate(user) -> bool:
    return mandates_held_by(user, current_only=True).exists()


def _ceiling_key(mandate: Mandate):
    return (mandate.budget_ceiling is None, mandate.budget_ceiling or Decimal(0), mandate.title)


def _with_holders(mandates, exclude_user) -> tuple[Mandate | None, list]:
    for mandate in mandates:
        holders = list(
            mandate_holders_of(mandate)
            .exclude(pk=getattr(exclude_user, "pk", None))
            .select_related("member_profile__organisation")
        )
        if holders:
            return mandate, holders
    return None, []


def mandate_route(*, law, kind: str, amount=None, exclude_user=None, day=None) -> Route:
    """Where a doorbraak request for ``law``, ``kind`` and ``amount`` goes (see the module)."""
    day = day or timezone.localdate()
    if law is None:
        return Route(None)
    matching = list(
        Mandate.objects.filter(_kind(kind), laws=law)
        .select_related("organisation", "escalates_to")
        .distinct()
    )
    covering = sorted(
        (m for m in matching if m.is_valid_on(day) and m.covers_amount(amount)), key=_ceiling_key
    )
    # The mandates that cover the law and kind but not this request (their ceiling is too low
    # or they expired): the request passes them on its way up.
    fell_short = sorted((m for m in matching if m not in covering), key=_ceiling_key)
    mandate, holders = _with_holders(covering, exclude_user)
    if mandate is not None:
        return Route(mandate, holders, [m for m in fell_short if _below(m, mandate)])
    # Nobody covers it directly: follow the escalation line of what fell short.
    seen = {m.pk for m in matching}
    for start in fell_short:
        step = start.escalates_to
        while step is not None and step.pk not in seen:
            seen.add(step.pk)
            if step.is_valid_on(day) and step.covers_kind(kind) and step.covers_amount(amount):
                found, holders = _with_holders([step], exclude_user)
                if found is not None:
                    return Route(found, holders, fell_short)
            step = (
                Mandate.objects.select_related("organisation", "escalates_to")
                .filter(pk=step.escalates_to_id)
                .first()
            )
    return Route(None, [], fell_short)


def _below(lower: Mandate, upper: Mandate) -> bool:
    """Whether ``lower`` sits below ``upper``: a lower ceiling, or an expired mandate whose
    escalation line leads there."""
    return _ceiling_key(lower) < _ceiling_key(upper) or lower.escalates_to_id == upper.pk


def mandate_for_decision(user, doorbraak) -> Mandate | None:
    """The current mandate ``user`` decides ``doorbraak`` under: the one it was routed to when
    they hold it, else one of theirs that covers its law, kind and amount; None means they stand
    in."""
    held = list(mandates_held_by(user, current_only=True))
    routed = next((m for m in held if m.pk == doorbraak.routed_mandate_id), None)
    if routed is not None:
        return routed
    for mandate in sorted(held, key=_ceiling_key):
        laws = {law.pk for law in mandate.laws.all()}
        if (
            doorbraak.law_id in laws
            and mandate.covers_kind(doorbraak.kind)
            and mandate.covers_amount(doorbraak.amount)
        ):
            return mandate
    return None
