"""Proeftuinen (issue #22, ADR 0022): a table's solution or decision tried for a limited time, with
the cases in it, its measures and a log, ending in a decision to extend, scale up, make
structural or stop.

Who: whoever may move the pattern at its table (its members, managers) starts a proeftuin and
decides at the end of a term; the owner and those same members keep it (add cases, measures and
notes). Every member of the network reads it, as they read the pattern. Texts pass the privacy
guard; the log names no case (only how many were added).

Reminders: ``manage.py notify_overdue_patterns`` (daily) reminds the owner before the end date
(``LEERNETWERK_PROEFTUIN_REMINDER_DAYS``) and once when the end date passed without a decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.kernel import conf, fragments
from leernetwerk.kernel.access import is_network_member
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.pii import privacy_check
from leernetwerk.patterns.constants import (
    PROEFTUIN_RUNS_ON,
    PatternAction,
    ProeftuinDecision,
    ProeftuinEntryKind,
    ProeftuinState,
    VersionStatus,
)
from leernetwerk.patterns.models import (
    Decision,
    Pattern,
    PolicyVersion,
    Proeftuin,
    ProeftuinCase,
    ProeftuinEntry,
    ProeftuinMeasure,
)

#: Kinds of notification: the owner is reminded (never muted: it asks for a decision); the
#: owner and the pattern's owner hear of a start or decision (muted with the patterns).
KIND_REMINDER, KIND_NEWS = "proeftuin.reminder", "pattern.proeftuin"
#: The solutions and decisions a proeftuin can start from.
STARTING_ACTIONS = (PatternAction.SOLVE, PatternAction.DECIDE)


# --- who may do what ----------------------------------------------------------------------------


def _may_act(user, pattern: Pattern) -> bool:
    from leernetwerk.patterns.services import may_act

    return is_network_member(user) and may_act(user, pattern)


def starting_decisions(pattern: Pattern) -> QuerySet[Decision]:
    """The pattern's solutions and decisions, newest first (a proeftuin starts from one)."""
    return (
        pattern.decisions.filter(action__in=STARTING_ACTIONS)
        .select_related("table")
        .order_by("-decided_at", "-pk")
    )


def may_start(user, pattern: Pattern) -> bool:
    """Start a proeftuin: who may move the pattern at its table, once it has a solution or a
    decision to try out."""
    return _may_act(user, pattern) and starting_decisions(pattern).exists()


def may_keep(user, proeftuin: Proeftuin) -> bool:
    """Add cases, measures and notes: its owner and who may move the pattern, until it ends."""
    if proeftuin.is_ended or not is_network_member(user):
        return False
    return proeftuin.owner_id == user.pk or _may_act(user, proeftuin.pattern)


def may_decide(user, proeftuin: Proeftuin) -> bool:
    """Decide how a term ends (the table's decision): who may move the pattern, until it ends."""
    return not proeftuin.is_ended and _may_act(user, proeftuin.pattern)


def may_link_version(user, proeftuin: Proeftuin) -> bool:
    """Point a proeftuin made structural at the agreement version it led to (when that version
    was drafted after the decision)."""
    return (
        proeftuin.outcome == ProeftuinDecision.STRUCTURAL
        and proeftuin.is_ended
        and proeftuin.policy_version_id is None
        and _may_act(user, proeftuin.pattern)
    )


def eligible_owners() -> QuerySet:
    """Who can own a proeftuin: any active member of the network."""
    from leernetwerk.casework.selectors import network_members

    return network_members()


def versions_to_point_at() -> QuerySet[PolicyVersion]:
    """Agreement versions a structural proeftuin may point at: concept or vigerend, newest first."""
    return (
        PolicyVersion.objects.filter(status__in=(VersionStatus.CONCEPT, VersionStatus.VIGEREND))
        .select_related("document")
        .order_by("-pk")
    )


# --- writing ------------------------------------------------------------------------------------


def _locked(proeftuin: Proeftuin) -> Proeftuin:
    return (
        Proeftuin.objects.select_for_update(of=("self",))
        .select_related("pattern__table", "owner")
        .get(pk=proeftuin.pk)
    )


def _log(proeftuin: Proeftuin, user, kind: str, text: str = "", **fields) -> ProeftuinEntry:
    return ProeftuinEntry.objects.create(
        proeftuin=proeftuin, actor=user, kind=kind, text=text, **fields
    )


def _changed(proeftuin: Proeftuin) -> None:
    """The board's card shows the proeftuin's badge: drop the cached cards and move the card
    live for everyone."""
    from leernetwerk.patterns.cards import GROUP
    from leernetwerk.patterns.publishers import publish_board

    fragments.forget(GROUP)
    transaction.on_commit(lambda: publish_board(proeftuin.pattern, "proeftuin"))


def _max_days() -> int:
    return conf.get("LEERNETWERK_PROEFTUIN_MAX_DAYS")


def _check_term(starts_on: date, ends_on: date, *, field: str = "ends_on") -> None:
    if ends_on <= starts_on:
        raise ValidationError({field: _("The end date must lie after the start date.")})
    if (ends_on - starts_on).days > _max_days():
        raise ValidationError(
            {
                field: _(
                    "A proeftuin is time-boxed: at most %(days)d days per term. Extend it when "
                    "the term ends."
                )
                % {"days": _max_days()}
            }
        )


def _tell(proeftuin: Proeftuin, user, title, body, **params) -> None:
    notification_send(
        users=[proeftuin.owner, proeftuin.pattern.owner],
        exclude=[user] if user else [],
        kind=KIND_NEWS,
        title=title,
        body=body,
        params={"proeftuin": proeftuin.title, "pattern": proeftuin.pattern.title, **params},
        url=proeftuin.get_absolute_url(),
    )


@transaction.atomic
def proeftuin_start(
    *,
    pattern: Pattern,
    user,
    decision: Decision,
    title: str,
    hypothesis: str,
    owner,
    starts_on: date,
    ends_on: date,
    organisations=(),
) -> Proeftuin:
    """Start a proeftuin for ``pattern`` from one of its solutions or decisions."""
    from leernetwerk.patterns.services import pattern_for_update

    pattern = pattern_for_update(pattern.pk)
    if not may_start(user, pattern):
        raise PermissionDenied
    if not starting_decisions(pattern).filter(pk=decision.pk).exists():
        raise ValidationError(
            {"decision": _("Choose one of this pattern's solutions or decisions.")}
        )
    title, hypothesis = (title or "").strip(), (hypothesis or "").strip()
    errors = {}
    if not title:
        errors["title"] = [_("Give the proeftuin a name.")]
    if not hypothesis:
        errors["hypothesis"] = [_("Say what you expect the fix to change.")]
    if errors:
        raise ValidationError(errors)
    _check_term(starts_on, ends_on)
    if owner is None or not eligible_owners().filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("The owner must be an active member of the network.")})
    privacy_check({"title": title, "hypothesis": hypothesis})
    proeftuin = Proeftuin(
        pattern=pattern,
        decision=decision,
        title=title,
        hypothesis=hypothesis,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    proeftuin.full_clean()
    proeftuin.save()
    proeftuin.organisations.set(organisations)
    _log(proeftuin, user, ProeftuinEntryKind.START, hypothesis, ends_on=ends_on)
    _tell(
        proeftuin,
        user,
        gettext_lazy("Proeftuin started: “%(proeftuin)s”"),
        gettext_lazy("For the pattern “%(pattern)s”, until %(ends_on)s."),
        ends_on=ends_on.strftime("%d-%m-%Y"),
    )
    _changed(proeftuin)
    return proeftuin


def addable_cases(proeftuin: Proeftuin) -> QuerySet:
    """The pattern's linked cases shared with the network that are not in the proeftuin yet,
    newest first."""
    from leernetwerk.casework.selectors import shared_cases

    in_it = proeftuin.case_links.values("case_id")
    linked = proeftuin.pattern.links.values("case_id")
    return shared_cases().filter(pk__in=linked).exclude(pk__in=in_it).order_by("-pk")


@transaction.atomic
def proeftuin_add_cases(*, proeftuin: Proeftuin, user, cases) -> int:
    """Take cases of the pattern into the proeftuin. Returns how many were added."""
    proeftuin = _locked(proeftuin)
    if not may_keep(user, proeftuin):
        raise PermissionDenied
    allowed = set(addable_cases(proeftuin).values_list("pk", flat=True))
    chosen = [case for case in cases if case.pk in allowed]
    if not chosen:
        raise ValidationError(
            {"cases": _("Choose cases of this pattern that are not in the proeftuin yet.")}
        )
    ProeftuinCase.objects.bulk_create(
        [ProeftuinCase(proeftuin=proeftuin, case=case, linked_by=user) for case in chosen]
    )
    # The log counts them; it names no case (it is read by every member).
    _log(proeftuin, user, ProeftuinEntryKind.CASE, str(len(chosen)))
    _changed(proeftuin)
    return len(chosen)


@transaction.atomic
def proeftuin_measure(
    *, proeftuin: Proeftuin, user, label: str, value: Decimal, unit: str = "", measured_on=None
) -> ProeftuinMeasure:
    """Record a figure of the proeftuin (what, how much, when)."""
    proeftuin = _locked(proeftuin)
    if not may_keep(user, proeftuin):
        raise PermissionDenied
    label, unit = (label or "").strip(), (unit or "").strip()
    measured_on = measured_on or timezone.localdate()
    if not label:
        raise ValidationError({"label": _("Say what was measured.")})
    if measured_on > timezone.localdate():
        raise ValidationError({"measured_on": _("A measure cannot be dated in the future.")})
    if measured_on < proeftuin.starts_on:
        raise ValidationError(
            {"measured_on": _("A measure cannot be dated before the proeftuin started.")}
        )
    privacy_check({"label": label, "unit": unit})
    measure = ProeftuinMeasure(
        proeftuin=proeftuin,
        label=label,
        value=value,
        unit=unit,
        measured_on=measured_on,
        recorded_by=user,
    )
    measure.full_clean()
    measure.save()
    _log(proeftuin, user, ProeftuinEntryKind.MEASURE, f"{label}: {value} {unit}".strip())
    return measure


@transaction.atomic
def proeftuin_note(*, proeftuin: Proeftuin, user, text: str) -> ProeftuinEntry:
    """Write in the proeftuin's log."""
    proeftuin = _locked(proeftuin)
    if not may_keep(user, proeftuin):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write what you want to note.")})
    privacy_check({"text": text})
    entry = ProeftuinEntry(proeftuin=proeftuin, actor=user, kind=ProeftuinEntryKind.NOTE, text=text)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def proeftuin_decide(
    *,
    proeftuin: Proeftuin,
    user,
    decision: str,
    reasons: str,
    ends_on: date | None = None,
    organisations=(),
    policy_version: PolicyVersion | None = None,
) -> Proeftuin:
    """The table decides how the term ends: extend (a new end date), scale up (a new end date
    and more organisations), make structural (pointing at the agreement version it led to, now
    or later) or stop. Each with its reasons."""
    proeftuin = _locked(proeftuin)
    if not may_decide(user, proeftuin):
        raise PermissionDenied
    if decision not in ProeftuinDecision.values:
        raise ValidationError({"decision": _("Choose how the proeftuin goes on.")})
    reasons = (reasons or "").strip()
    if not reasons:
        raise ValidationError({"reasons": _("Give the reasons for this decision.")})
    privacy_check({"reasons": reasons})
    new_end = None
    if decision in PROEFTUIN_RUNS_ON:
        if ends_on is None:
            raise ValidationError({"ends_on": _("Give the new end date.")})
        if ends_on <= max(proeftuin.ends_on, timezone.localdate()):
            raise ValidationError(
                {"ends_on": _("The new end date must lie after today and after the current one.")}
            )
        _check_term(max(proeftuin.ends_on, timezone.localdate()), ends_on)
        new_end = ends_on
    if decision == ProeftuinDecision.SCALE_UP:
        present = set(proeftuin.organisations.values_list("pk", flat=True))
        new = [org for org in organisations if org.pk not in present]
        if not new:
            raise ValidationError(
                {"organisations": _("Scaling up: choose the organisations that join.")}
            )
        proeftuin.organisations.add(*new)
    if policy_version is not None:
        if decision != ProeftuinDecision.STRUCTURAL:
            raise ValidationError(
                {"policy_version": _("Only a proeftuin made structural points at an agreement.")}
            )
        if not versions_to_point_at().filter(pk=policy_version.pk).exists():
            raise ValidationError(
                {"policy_version": _("Choose a concept or vigerende version of an agreement.")}
            )
    proeftuin.outcome = decision
    if new_end is not None:
        proeftuin.ends_on = new_end
    if decision in (ProeftuinDecision.STRUCTURAL, ProeftuinDecision.STOP):
        proeftuin.ended_at = timezone.now()
    if policy_version is not None:
        proeftuin.policy_version = policy_version
    proeftuin.save()
    _log(proeftuin, user, decision, reasons, ends_on=new_end)
    _tell(
        proeftuin,
        user,
        gettext_lazy("Proeftuin “%(proeftuin)s”: %(decision)s"),
        gettext_lazy("%(reasons)s"),
        decision=ProeftuinDecision(decision).label,
        reasons=reasons,
    )
    _changed(proeftuin)
    return proeftuin


@transaction.atomic
def proeftuin_link_version(
    *, proeftuin: Proeftuin, user, policy_version: PolicyVersion
) -> Proeftuin:
    """Point a proeftuin made structural at the agreement version it led to."""
    proeftuin = _locked(proeftuin)
    if not may_link_version(user, proeftuin):
        raise PermissionDenied
    if not versions_to_point_at().filter(pk=policy_version.pk).exists():
        raise ValidationError(
            {"policy_version": _("Choose a concept or vigerende version of an agreement.")}
        )
    proeftuin.policy_version = policy_version
    proeftuin.save(update_fields=["policy_version"])
    _log(proeftuin, user, ProeftuinEntryKind.VERSION, str(policy_version))
    return proeftuin


# --- reminders ----------------------------------------------------------------------------------


def remind_proeftuinen(*, today: date | None = None) -> int:
    """Daily: a proeftuin whose end comes near reminds its owner (once per reminder day in
    ``LEERNETWERK_PROEFTUIN_REMINDER_DAYS``: the nearest that applies), and one whose end date
    passed without a decision reminds its owner and the pattern's table chair once per term.
    Without an owner, the pattern's owner is told. Returns how many were told."""
    today = today or timezone.localdate()
    days = sorted(conf.get("LEERNETWERK_PROEFTUIN_REMINDER_DAYS"))
    horizon = today + timedelta(days=max(days, default=0))
    told = 0
    running = Proeftuin.objects.filter(
        ended_at=None, starts_on__lte=today, ends_on__lte=horizon
    ).select_related("owner", "pattern__owner", "pattern__table__chair")
    for proeftuin in running:
        people = [proeftuin.owner or proeftuin.pattern.owner]
        params = {
            "proeftuin": proeftuin.title,
            "pattern": proeftuin.pattern.title,
            "ends_on": proeftuin.ends_on.strftime("%d-%m-%Y"),
        }
        left = (proeftuin.ends_on - today).days
        if left < 0:
            people.append(proeftuin.pattern.table.chair)
            title = gettext_lazy("Proeftuin “%(proeftuin)s” ended on %(ends_on)s: decide")
            key = f"proeftuin.due.{proeftuin.pk}.{proeftuin.ends_on.isoformat()}"
        else:
            reminder = next((d for d in days if left <= d), None)
            if reminder is None:
                continue
            title = gettext_lazy("Proeftuin “%(proeftuin)s” ends on %(ends_on)s")
            key = f"proeftuin.ending.{proeftuin.pk}.{proeftuin.ends_on.isoformat()}.{reminder}"
        told += len(
            notification_send(
                users=people,
                kind=KIND_REMINDER,
                title=title,
                body=gettext_lazy(
                    "Extend it, scale it up, make it structural or stop it: the table decides, "
                    "with its reasons (pattern “%(pattern)s”)."
                ),
                params=params,
                url=proeftuin.get_absolute_url(),
                key=key,
            )
        )
    return told


# --- reading ------------------------------------------------------------------------------------


def _with_counts(qs: QuerySet[Proeftuin]) -> QuerySet[Proeftuin]:
    return qs.select_related(
        "owner__member_profile", "pattern", "decision", "policy_version__document"
    ).annotate(case_count=Count("case_links", distinct=True))


def proeftuinen_of(pattern: Pattern) -> list[Proeftuin]:
    """A pattern's proeftuinen, newest first, with their organisations and case counts."""
    return list(_with_counts(pattern.proeftuinen.all()).prefetch_related("organisations"))


def proeftuin_get(pk: int) -> Proeftuin | None:
    return (
        _with_counts(Proeftuin.objects.filter(pk=pk))
        .select_related("pattern__table", "decision__table", "created_by__member_profile")
        .prefetch_related("organisations")
        .first()
    )


def proeftuin_cases(proeftuin: Proeftuin) -> QuerySet[ProeftuinCase]:
    """The cases in the proeftuin that are shared with the network (an unpublished one still
    counts, but is not shown)."""
    return (
        ProeftuinCase.objects.filter(proeftuin=proeftuin, case__live=True)
        .select_related("case", "linked_by__member_profile")
        .order_by("linked_at", "pk")
    )


def proeftuin_log(proeftuin: Proeftuin) -> QuerySet[ProeftuinEntry]:
    return proeftuin.entries.select_related("actor__member_profile").order_by("at", "pk")


def proeftuin_measures(proeftuin: Proeftuin) -> QuerySet[ProeftuinMeasure]:
    return proeftuin.measures.select_related("recorded_by__member_profile")


@dataclass(frozen=True)
class ProeftuinScores:
    """The resident's marks of the proeftuin's cases: shown only from the network's minimum of
    residents (``LEERNETWERK_SCORE_MIN_RESIDENTS``), like the dashboard's."""

    n: int
    minimum: int
    median_before: float | None
    median_after: float | None

    @property
    def shown(self) -> bool:
        return self.n >= self.minimum and self.n > 0


def proeftuin_scores(proeftuin: Proeftuin) -> ProeftuinScores:
    from leernetwerk.casework.selectors import score_summary

    summary = score_summary(case_ids=list(proeftuin.case_links.values_list("case_id", flat=True)))
    minimum = conf.get("LEERNETWERK_SCORE_MIN_RESIDENTS")
    shown = summary.n >= minimum
    return ProeftuinScores(
        n=summary.n,
        minimum=minimum,
        median_before=summary.median_before if shown else None,
        median_after=summary.median_after if shown else None,
    )


def proeftuin_overview() -> dict[str, list[Proeftuin]]:
    """Every proeftuin by where it stands today: decision due, running, planned, ended."""
    groups: dict[str, list[Proeftuin]] = {state: [] for state in ProeftuinState.values}
    for proeftuin in _with_counts(Proeftuin.objects.all()).order_by("ends_on", "pk"):
        groups[proeftuin.state].append(proeftuin)
    return groups


@dataclass(frozen=True)
class ProeftuinFigures:
    """Counts for the dashboard: where the proeftuinen stand, how the ended ones ended, the
    cases in the running ones."""

    planned: int
    running: int
    to_decide: int
    structural: int
    stopped: int
    extended: int
    scaled_up: int
    cases_running: int

    @property
    def total(self) -> int:
        return self.planned + self.running + self.to_decide + self.structural + self.stopped


def proeftuin_figures(*, today: date | None = None) -> ProeftuinFigures:
    """Three queries, whatever the number of proeftuinen."""
    today = today or timezone.localdate()
    open_ = Q(ended_at=None)
    counts = Proeftuin.objects.aggregate(
        planned=Count("pk", filter=open_ & Q(starts_on__gt=today)),
        running=Count("pk", filter=open_ & Q(starts_on__lte=today, ends_on__gte=today)),
        to_decide=Count("pk", filter=open_ & Q(ends_on__lt=today)),
        structural=Count("pk", filter=~Q(ended_at=None) & Q(outcome=ProeftuinDecision.STRUCTURAL)),
        stopped=Count("pk", filter=~Q(ended_at=None) & Q(outcome=ProeftuinDecision.STOP)),
    )
    decided = ProeftuinEntry.objects.aggregate(
        extended=Count("proeftuin", filter=Q(kind=ProeftuinEntryKind.EXTEND), distinct=True),
        scaled_up=Count("proeftuin", filter=Q(kind=ProeftuinEntryKind.SCALE_UP), distinct=True),
    )
    cases_running = ProeftuinCase.objects.filter(
        proeftuin__ended_at=None,
        proeftuin__starts_on__lte=today,
    ).count()
    return ProeftuinFigures(**counts, **decided, cases_running=cases_running)


def with_proeftuin_badge(qs: QuerySet[Pattern]) -> QuerySet[Pattern]:
    """Patterns annotated with their newest proeftuin (for the board card's badge): its end
    date, decision and whether it ended. Subqueries: no extra query per card."""
    newest = Proeftuin.objects.filter(pattern=OuterRef("pk")).order_by("-starts_on", "-pk")
    return qs.annotate(
        proeftuin_ends_on=Subquery(newest.values("ends_on")[:1]),
        proeftuin_outcome=Subquery(newest.values("outcome")[:1]),
        proeftuin_ended_at=Subquery(newest.values("ended_at")[:1]),
    )


def badge(pattern: Pattern) -> tuple[str, str] | None:
    """(state, text) of a board card's proeftuin badge (as ``with_proeftuin_badge`` annotates
    the card), or None without a proeftuin. A planned one reads "until" like a running one."""
    from leernetwerk.patterns.models.proeftuin import proeftuin_state

    ends_on = getattr(pattern, "proeftuin_ends_on", None)
    if ends_on is None:
        return None
    state = proeftuin_state(
        starts_on=date.min,
        ends_on=ends_on,
        outcome=pattern.proeftuin_outcome,
        ended=pattern.proeftuin_ended_at is not None,
    )
    texts = {
        ProeftuinState.STRUCTURAL: _("Proeftuin: made structural"),
        ProeftuinState.STOPPED: _("Proeftuin: stopped"),
        ProeftuinState.TO_DECIDE: _("Proeftuin: decision due"),
    }
    if state in texts:
        return state, texts[state]
    return state, _("Proeftuin until %(date)s") % {"date": ends_on.strftime("%d-%m-%Y")}
