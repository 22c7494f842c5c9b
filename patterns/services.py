"""Writes of the patterns app. Every change of a pattern goes through one of these services: it
checks who acts, validates (the privacy guard included), records the audit trail, tells the
board and closes the loop with the professionals whose cases formed the pattern."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.casework.selectors import case_signal_facts
from leernetwerk.kernel import guarded
from leernetwerk.kernel import toets as toets_module
from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.pii import privacy_check
from leernetwerk.kernel.roles import MEMBER_ROLES, Role, role_members
from leernetwerk.patterns import policy
from leernetwerk.patterns.constants import (
    LearningOrder,
    PatternAction,
    PatternStatus,
    SuggestionStatus,
)
from leernetwerk.patterns.escalation import allowed_actions, transition_for
from leernetwerk.patterns.models import (
    CasePatternSuggestion,
    Decision,
    LearningTable,
    Pattern,
    PatternCandidate,
    PatternCase,
    PatternEvent,
    PatternFollow,
)
from leernetwerk.patterns.publishers import publish_board, publish_candidate

__all__ = [
    "candidate_accept",
    "candidate_dismiss",
    "default_table",
    "eligible_owners",
    "may_act",
    "pattern_for_update",
    "may_edit",
    "may_link",
    "may_own",
    "may_reply",
    "pattern_create",
    "pattern_follow_set",
    "pattern_followers",
    "pattern_info_reply",
    "pattern_is_followed",
    "pattern_link_case",
    "pattern_link_cases",
    "pattern_transition",
    "pattern_unlink_case",
    "pattern_update",
    "publish_candidate",
    "signal_tables",
    "suggestion_accept",
    "suggestion_dismiss",
]

EDITABLE_FIELDS = ("title", "description", "knelpunt_type", "owner")
EDITABLE_M2M = ("laws", "life_domains")
OWNER_REFUSED = gettext_lazy(
    "This member cannot own the pattern at this table: choose yourself, a member of the table "
    "or a manager."
)


# --- who may do what ---------------------------------------------------------------------------


def may_act(user, pattern: Pattern) -> bool:
    """Move a pattern along the ladder: members of its current table, and managers."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return has_role(user, Role.MANAGER) or pattern.table.has_member(user)


def may_edit(user, pattern: Pattern) -> bool:
    """Edit what a pattern is about: who may move it, and its proposer while no table took it up
    yet (signalled)."""
    if may_act(user, pattern):
        return True
    return (
        is_network_member(user)
        and pattern.created_by_id == user.pk
        and pattern.status == PatternStatus.SIGNALLED
    )


def may_link(user, pattern: Pattern, case=None) -> bool:
    """Link a case: who may edit the pattern, its owner, and a case's author for their own case."""
    if not is_network_member(user):
        return False
    if may_edit(user, pattern) or pattern.owner_id == user.pk:
        return True
    return case is not None and case.owner_id == user.pk


def may_reply(user, pattern: Pattern) -> bool:
    """ "Reactie gevraagd": the authors of the linked cases answer the table's question."""
    return (
        pattern.awaiting_info
        and is_network_member(user)
        and PatternCase.objects.filter(pattern=pattern, case__owner=user).exists()
    )


def pattern_for_update(pk: int) -> Pattern:
    """The pattern as it is now, its row locked until the caller's transaction ends (for another
    app's write that depends on the pattern's state, e.g. putting it on an agenda)."""
    return Pattern.objects.select_for_update().select_related("table").get(pk=pk)


def default_table() -> LearningTable | None:
    """Where a new pattern lands: the first active table above maatwerk (the werktafel)."""
    tables = LearningTable.objects.filter(is_active=True).order_by("position")
    return tables.filter(order__gte=LearningOrder.SECOND).first() or tables.first()


def signal_tables(user) -> QuerySet[LearningTable]:
    """The active tables ``user`` may signal a pattern to. A pattern climbs the ladder, it does
    not start at the top: every member signals to the entry table (``default_table``, the
    werktafel) or a rung below it, and to a table they sit at; managers, who may move a pattern
    on every table, to any active table."""
    tables = LearningTable.objects.filter(is_active=True).order_by("position")
    if has_role(user, Role.MANAGER):
        return tables
    entry = default_table()
    reachable = Q(position__lte=entry.position) if entry is not None else Q(pk__in=[])
    seated = Q(chair=user) | Q(members=user) | Q(member_groups__user=user)
    return tables.filter(pk__in=tables.filter(reachable | seated).values("pk"))


def may_own(member, table: LearningTable, *, user) -> bool:
    """May ``member`` own a pattern on ``table`` that ``user`` signals or edits? The owner keeps
    the pattern moving, so: ``user`` themselves, someone who sits at the table, or a manager."""
    if not is_network_member(member):
        return False
    return member.pk == user.pk or has_role(member, Role.MANAGER) or table.has_member(member)


def eligible_owners(*, user, tables: Iterable[LearningTable]) -> QuerySet:
    """The members who may own a pattern of ``user`` on one of ``tables`` (``may_own``), for a
    form's choices; the service checks the chosen table's own rule."""
    from django.contrib.auth import get_user_model

    from leernetwerk.kernel.roles import MEMBER_ROLES, ROLE_LOOKUP, role_members

    tables = list(tables)
    seats = LearningTable.members.through.objects.filter(learningtable__in=tables)
    groups = LearningTable.member_groups.through.objects.filter(learningtable__in=tables)
    seated = (
        Q(pk=user.pk)
        | Q(**{ROLE_LOOKUP: Role.MANAGER})
        | Q(pk__in=[table.chair_id for table in tables if table.chair_id])
        | Q(pk__in=seats.values("user_id"))
        | Q(groups__in=groups.values("group_id"))
    )
    candidates = get_user_model().objects.filter(is_active=True).filter(seated)
    return role_members(*MEMBER_ROLES).filter(pk__in=candidates.values("pk"))


# --- following ---------------------------------------------------------------------------------


def pattern_is_followed(pattern: Pattern, user) -> bool:
    """Does ``user`` follow ``pattern`` (of their own choice, or as its owner or proposer)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    choice = (
        PatternFollow.objects.filter(pattern=pattern, user_id=user.pk)
        .values_list("following", flat=True)
        .first()
    )
    if choice is not None:
        return choice
    return user.pk in (pattern.owner_id, pattern.created_by_id)


def pattern_followers(pattern: Pattern) -> list:
    """Who hears of every step of ``pattern``: its owner and proposer unless they stopped, and
    everyone who chose to follow it — network members only, so one who lost their role (or
    left) hears nothing (one query)."""
    from django.contrib.auth import get_user_model

    follows = PatternFollow.objects.filter(pattern=pattern)
    chosen = Q(pk__in=follows.filter(following=True).values("user_id"))
    implicit = [pk for pk in (pattern.owner_id, pattern.created_by_id) if pk is not None]
    if implicit:
        chosen |= Q(pk__in=implicit)
    members = Q(is_superuser=True) | Q(pk__in=role_members(*MEMBER_ROLES).values("pk"))
    return list(
        get_user_model()
        .objects.filter(members, chosen, is_active=True)
        .exclude(pk__in=follows.filter(following=False).values("user_id"))
        .select_related("member_profile")
        .order_by("pk")
    )


@transaction.atomic
def pattern_follow_set(*, pattern: Pattern, user, following: bool) -> PatternFollow:
    """Follow a pattern ("Volgen") or stop ("Niet meer volgen"): a follower hears of every step
    it takes on the learning tables."""
    if not is_network_member(user):
        raise PermissionDenied
    follow, _created = PatternFollow.objects.update_or_create(
        pattern=pattern, user=user, defaults={"following": following, "changed_at": timezone.now()}
    )
    return follow


# --- helpers -----------------------------------------------------------------------------------


def _deadline(table: LearningTable) -> date:
    return timezone.localdate() + timedelta(days=table.response_days)


def highest_active_position() -> int | None:
    """The ladder position of the highest table that is switched on (one query)."""
    return (
        LearningTable.objects.filter(is_active=True)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )


def pattern_actions(pattern: Pattern, *, top_position: int | None = None) -> list[str]:
    """The steps the ladder allows for ``pattern`` now: at the highest active table there is
    no "escalate" (the national signal is off by default, so that is usually the bestuurlijke
    stuurgroep). Pass ``top_position`` (``highest_active_position()``) when listing many."""
    if top_position is None:
        top_position = highest_active_position()
    return allowed_actions(
        pattern.status,
        pattern.table.order,
        awaiting_info=pattern.awaiting_info,
        can_move_up=top_position is not None and pattern.table.position < top_position,
    )


def _next_table(table: LearningTable) -> LearningTable | None:
    return (
        LearningTable.objects.filter(is_active=True, position__gt=table.position)
        .order_by("position")
        .first()
    )


def _event(pattern: Pattern, user, action: str, **fields) -> PatternEvent:
    return PatternEvent.objects.create(pattern=pattern, actor=user, action=action, **fields)


def _clean_text(value: str) -> str:
    return (value or "").strip()


def _check_privacy(texts: dict[str, str]) -> None:
    privacy_check({field: text for field, text in texts.items() if text})


def _reindex(pattern: Pattern):
    from leernetwerk.patterns.suggestions import index_pattern

    return index_pattern(pattern)


def _linked_people(pattern: Pattern, *, recognisers: bool) -> list:
    """The authors of the linked cases (and, with ``recognisers``, who recognised them)."""
    from django.contrib.auth import get_user_model

    case_ids = list(pattern.links.values_list("case_id", flat=True))
    facts = case_signal_facts(case_ids)
    ids = {author for author in facts.authors.values() if author}
    if recognisers:
        ids |= {user_id for _case, user_id, _at in facts.recognitions}
    return list(get_user_model().objects.filter(pk__in=ids).select_related("member_profile"))


# --- proposing and editing ---------------------------------------------------------------------


@transaction.atomic
def pattern_create(
    *,
    user,
    title: str,
    description: str,
    table: LearningTable | None = None,
    knelpunt_type=None,
    laws: Iterable = (),
    life_domains: Iterable = (),
    tags: Iterable[str] = (),
    owner=None,
    cases: Iterable = (),
    link_reason: str = "",
    candidate: PatternCandidate | None = None,
    origin: str = "",
) -> Pattern:
    """Signal a pattern (any network member may), optionally with the cases that show it;
    ``origin`` says where it came from in its trail (e.g. a leersessie's dilemma)."""
    if not is_network_member(user):
        raise PermissionDenied
    table = table or default_table()
    if table is None or not table.is_active:
        raise ValidationError({"table": _("Choose an active learning table.")})
    if not signal_tables(user).filter(pk=table.pk).exists():
        raise ValidationError(
            {
                "table": _(
                    "A pattern starts at the werktafel (or a table you sit at) and climbs from "
                    "there: you cannot signal it to this table."
                )
            }
        )
    if owner is not None and not may_own(owner, table, user=user):
        raise ValidationError({"owner": OWNER_REFUSED})
    pattern = Pattern(
        title=_clean_text(title),
        description=_clean_text(description),
        table=table,
        knelpunt_type=knelpunt_type,
        created_by=user,
        owner=owner,
        next_deadline=_deadline(table),
        table_since=timezone.now(),
    )
    pattern.full_clean()
    tags = list(tags)
    _check_privacy(guarded.texts(pattern, tags=tags))
    pattern.save()
    pattern.laws.set(laws)
    pattern.life_domains.set(life_domains)
    pattern.tags.set(tags)
    _event(
        pattern,
        user,
        PatternAction.CREATE,
        to_status=pattern.status,
        to_table=table,
        reason=origin,
    )
    cases = list(cases)
    if cases:
        _link_cases(pattern=pattern, cases=cases, user=user, reason=link_reason)
    if candidate is not None:
        candidate.status = SuggestionStatus.ACCEPTED
        candidate.pattern = pattern
        candidate.decided_by = user
        candidate.decided_at = timezone.now()
        candidate.save()
        publish_candidate(candidate)
    doc = _reindex(pattern)
    from leernetwerk.patterns.suggestions import suggest_cases_for_pattern

    suggest_cases_for_pattern(pattern, doc)
    publish_board(pattern, PatternAction.CREATE)
    return pattern


def _snapshot(pattern: Pattern) -> dict:
    """What an edit compares. People are kept as ids (shown by name, pseudonym after erasure,
    when the trail is read), never as a copy of their name."""
    values = {field: getattr(pattern, field) for field in EDITABLE_FIELDS if field != "owner"}
    values = {k: (str(v) if v is not None else "") for k, v in values.items()}
    values["owner"] = pattern.owner_id
    for field in EDITABLE_M2M:
        values[field] = sorted(str(item) for item in getattr(pattern, field).all())
    values["tags"] = sorted(pattern.tags.names())
    return values


@transaction.atomic
def pattern_update(*, pattern: Pattern, user, data: dict) -> Pattern:
    """Edit what a pattern is about; the audit trail records each changed field (before, after).
    The table and status only change through ``pattern_transition``."""
    pattern = Pattern.objects.select_for_update().select_related("table").get(pk=pattern.pk)
    if not may_edit(user, pattern):
        raise PermissionDenied
    owner = data.get("owner")
    if (
        owner is not None
        and owner.pk != pattern.owner_id
        and not may_own(owner, pattern.table, user=user)
    ):
        raise ValidationError({"owner": OWNER_REFUSED})
    before = _snapshot(pattern)
    for field in EDITABLE_FIELDS:
        if field in data:
            value = data[field]
            setattr(pattern, field, _clean_text(value) if isinstance(value, str) else value)
    pattern.full_clean()
    _check_privacy(
        {
            **guarded.texts(pattern, tags=list(data["tags"]) if "tags" in data else None),
            "reason": _clean_text(data.get("reason", "")),
        }
    )
    pattern.save()
    for field in EDITABLE_M2M:
        if field in data:
            getattr(pattern, field).set(data[field])
    if "tags" in data:
        pattern.tags.set(list(data["tags"]))
    after = _snapshot(pattern)
    changes = {
        field: [before[field], after[field]] for field in after if before[field] != after[field]
    }
    if changes:
        _event(
            pattern,
            user,
            PatternAction.EDIT,
            from_status=pattern.status,
            to_status=pattern.status,
            changes=changes,
            reason=_clean_text(data.get("reason", "")),
        )
        _reindex(pattern)
        publish_board(pattern, PatternAction.EDIT)
    return pattern


# --- linking cases -----------------------------------------------------------------------------


@transaction.atomic
def pattern_link_cases(
    *, pattern: Pattern, cases: Iterable, user, reason: str = ""
) -> list[PatternCase]:
    """Link cases to a pattern (who, when, why). Their laws and leefgebieden join the pattern's
    (editable afterwards), the knelpunt type too if it had none; each author is told."""
    links, new_cases = _link_cases(pattern=pattern, cases=cases, user=user, reason=reason)
    if new_cases:
        _reindex(pattern)
        publish_board(pattern, PatternAction.LINK_CASE)
    return links


def _link_cases(*, pattern: Pattern, cases: Iterable, user, reason: str) -> tuple[list, list]:
    cases = list(cases)
    reason = _clean_text(reason)
    for case in cases:
        if not may_link(user, pattern, case):
            raise PermissionDenied
        if not case.live:
            raise ValidationError({"cases": _("Only cases shared with the network can be linked.")})
    _check_privacy({"reason": reason})
    links = []
    new_cases = []
    for case in cases:
        link, created = PatternCase.objects.get_or_create(
            pattern=pattern, case=case, defaults={"linked_by": user, "reason": reason}
        )
        links.append(link)
        if created:
            new_cases.append(case)
    if not new_cases:
        return links, new_cases
    CasePatternSuggestion.objects.filter(
        pattern=pattern, case__in=new_cases, status=SuggestionStatus.OPEN
    ).update(status=SuggestionStatus.ACCEPTED, decided_by=user, updated_at=timezone.now())
    for case in new_cases:
        # The case's laws and leefgebieden join the pattern's (and its type, if it had none);
        # the audit entry records what the link added. Cases are named by id only: the trail
        # shows the case's current title, so anonymising a case anonymises it here too.
        before = _snapshot(pattern)
        pattern.laws.add(*case.laws.all())
        pattern.life_domains.add(*case.life_domains.all())
        if pattern.knelpunt_type_id is None and case.knelpunt_type_id is not None:
            pattern.knelpunt_type_id = case.knelpunt_type_id
            pattern.save(update_fields=["knelpunt_type", "updated_at"])
        after = _snapshot(pattern)
        added = {f: [before[f], after[f]] for f in after if before[f] != after[f]}
        _event(
            pattern,
            user,
            PatternAction.LINK_CASE,
            reason=reason,
            changes={"case": case.pk, **({"added": added} if added else {})},
        )
    for case in new_cases:
        notification_send(
            users=[case.owner],
            exclude=[user],
            kind="pattern.linked",
            title=gettext_lazy("Your case “%(case)s” is part of the pattern “%(pattern)s”"),
            body=gettext_lazy("It is at the %(table)s now. You will hear what becomes of it."),
            params={"case": case.title, "pattern": pattern.title, "table": pattern.table.name},
            url=pattern.get_absolute_url(),
            email=False,
        )
    return links, new_cases


def pattern_link_case(*, pattern: Pattern, case, user, reason: str = "") -> PatternCase:
    """Link one case (see ``pattern_link_cases``)."""
    return pattern_link_cases(pattern=pattern, cases=[case], user=user, reason=reason)[0]


@transaction.atomic
def pattern_unlink_case(*, pattern: Pattern, case, user, reason: str) -> None:
    """Take a case out of a pattern again, with the reason why (in the audit trail)."""
    if not may_act(user, pattern):
        raise PermissionDenied
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    _check_privacy({"reason": reason})
    deleted, _by_model = PatternCase.objects.filter(pattern=pattern, case=case).delete()
    if deleted:
        _event(pattern, user, PatternAction.UNLINK_CASE, reason=reason, changes={"case": case.pk})
        _reindex(pattern)
        publish_board(pattern, PatternAction.UNLINK_CASE)


# --- the escalation ladder ---------------------------------------------------------------------


@transaction.atomic
def pattern_transition(
    *,
    pattern: Pattern,
    user,
    action: str,
    text: str = "",
    reason: str = "",
    effective_date: date | None = None,
    follow_up_date: date | None = None,
    owner=None,
    force: bool = False,
    toets: Mapping[str, str] | None = None,
    policy_version=None,
    policy_request: str = "",
) -> Pattern:
    """Move a pattern along the escalation ladder (see ``patterns.escalation.TRANSITIONS``):
    checks the transition, who acts and what is required; sets the deadline; records the
    decision and the audit trail; tells the board and the people concerned. ``force`` is for
    the system acting on a setting (automatic escalation of overdue patterns), recorded with
    ``user`` as the actor. A ``policy_request`` (what must change in writing) on a solution or
    decision at a werktafel or stuurgroep leaves an item in the policy inbox."""
    pattern = Pattern.objects.select_for_update().select_related("table").get(pk=pattern.pk)
    rule = transition_for(action)
    if rule is None or action not in pattern_actions(pattern):
        raise ValidationError(
            _("“%(action)s” is not possible for a pattern that is %(status)s at the %(table)s.")
            % {
                "action": PatternAction(action).label if action in PatternAction.values else action,
                "status": pattern.get_status_display(),
                "table": pattern.table,
            }
        )
    if not force and not may_act(user, pattern):
        raise PermissionDenied
    inputs = {"text": _clean_text(text), "reason": _clean_text(reason)}
    missing = {
        name: _("A decision text is required.") if name == "text" else _("Give the reason.")
        for name in rule.requires
        if not inputs[name]
    }
    toets_fields = _toets_for(action, toets)
    missing.update(toets_fields.pop("errors"))
    if missing:
        raise ValidationError(missing)
    if follow_up_date and follow_up_date < timezone.localdate():
        raise ValidationError({"follow_up_date": _("The follow-up date must not lie in the past.")})
    policy_request = _clean_text(policy_request) if rule.toets else ""
    if policy_request and not policy.at_policy_table(pattern):
        raise ValidationError(
            {"policy_request": _("Only a werktafel or stuurgroep asks for a written change.")}
        )
    _check_privacy(
        {
            **inputs,
            **{k: v for k, v in toets_fields.items() if k != "toets_outcome"},
            "policy_request": policy_request,
        }
    )
    if action == PatternAction.REQUEST_INFO and not pattern.links.exists():
        raise ValidationError(_("Link the cases first: their authors are the ones to ask."))

    today = timezone.localdate()
    from_status, from_table = pattern.status, pattern.table
    if rule.moves_up:
        higher = _next_table(pattern.table)
        if higher is None:
            raise ValidationError(_("There is no higher table to escalate to."))
        pattern.table = higher
        pattern.table_since = timezone.now()
    if rule.target is not None:
        pattern.status = rule.target
    if action == PatternAction.REQUEST_INFO:
        pattern.awaiting_info = True
        pattern.awaiting_since = today
    elif action == PatternAction.INFO_RECEIVED:
        # The table's clock stood still while it waited for the authors.
        if pattern.next_deadline and pattern.awaiting_since:
            pattern.next_deadline += today - pattern.awaiting_since
        pattern.awaiting_info = False
        pattern.awaiting_since = None
    if action in (PatternAction.TAKE_UP, PatternAction.ESCALATE, PatternAction.REOPEN):
        pattern.next_deadline = _deadline(pattern.table)
        pattern.awaiting_info = False
        pattern.awaiting_since = None
    elif rule.is_decision or action == PatternAction.CLOSE:
        pattern.next_deadline = follow_up_date
        pattern.awaiting_info = False  # decided: nobody waits for an answer any more
        pattern.awaiting_since = None
    if owner is not None:
        pattern.owner = owner
    pattern.full_clean()
    pattern.save()

    if rule.is_decision:
        decision = Decision.objects.create(
            pattern=pattern,
            table=from_table,
            action=action,
            text=inputs["text"] or inputs["reason"],
            decided_by=user,
            effective_date=effective_date,
            follow_up_date=follow_up_date,
            owner=owner,
            policy_version=policy_version if rule.toets else None,
            **toets_fields,
        )
        if policy_request:
            policy.item_from_decision(decision=decision, user=user, request=policy_request)
    _event(
        pattern,
        user,
        action,
        from_status=from_status,
        to_status=pattern.status,
        from_table=from_table,
        to_table=pattern.table,
        reason=inputs["reason"] or inputs["text"],
    )
    _notify_transition(pattern, user, action, from_table=from_table, inputs=inputs)
    publish_board(pattern, action)
    if rule.moves_up or action == PatternAction.TAKE_UP:
        policy.notify_watchers(pattern, user)
    return pattern


def _toets_for(action: str, toets: Mapping[str, str] | None) -> dict:
    """The omgekeerde toets fields a decision stores, with ``errors`` for what is missing: the
    step's rule says whether the toets is required, optional (but then complete) or not asked."""
    rule = transition_for(action)
    asked = rule.toets if rule else ""
    if not asked:
        return {"errors": {}}
    values = toets_module.toets_values(toets, toets_module.STEPS)
    if asked == "optional" and not any(values.values()):
        return {"errors": {}}
    errors = toets_module.toets_errors(values, toets_module.STEPS, outcome=True)
    if values["toets_outcome"] != toets_module.ToetsOutcome.CONDITIONS:
        values["toets_conditions"] = ""
    return {**values, "errors": errors}


def _notify_transition(pattern: Pattern, user, action: str, *, from_table, inputs) -> None:
    """Close the loop: who formed the pattern hears what became of it; then everyone who
    follows it hears of the step (each member once, never the one who took it)."""
    url = pattern.get_absolute_url()
    params = {
        "pattern": pattern.title,
        "table": from_table.name,
        "new_table": pattern.table.name,
        "text": inputs["text"] or inputs["reason"],
    }
    sent: list = []
    if action in (
        PatternAction.SOLVE,
        PatternAction.DECIDE,
        PatternAction.REJECT,
        PatternAction.CLOSE,
    ):
        titles = {
            PatternAction.SOLVE: gettext_lazy("The %(table)s solved the pattern “%(pattern)s”"),
            PatternAction.DECIDE: gettext_lazy("The %(table)s took a decision on “%(pattern)s”"),
            PatternAction.REJECT: gettext_lazy("The %(table)s rejected the pattern “%(pattern)s”"),
            PatternAction.CLOSE: gettext_lazy("The pattern “%(pattern)s” is closed"),
        }
        bodies = {
            PatternAction.CLOSE: gettext_lazy(
                "Your case helped to show this pattern. See what was decided and what changes."
            ),
        }
        sent += notification_send(
            users=_linked_people(pattern, recognisers=True),
            exclude=[user],
            kind=f"pattern.{action}",
            title=titles[action],
            body=bodies.get(action, gettext_lazy("%(text)s")),
            params=params,
            url=url,
        )
    elif action == PatternAction.REQUEST_INFO:
        sent += notification_send(
            users=_linked_people(pattern, recognisers=False),
            exclude=[user],
            kind="pattern.request_info",
            title=gettext_lazy("The %(table)s asks about your case in the pattern “%(pattern)s”"),
            body=gettext_lazy("%(text)s"),
            params=params,
            url=f"{url}#reply",
        )
    elif action == PatternAction.ESCALATE:
        sent += notification_send(
            users=[pattern.table.chair, pattern.owner],
            exclude=[user],
            kind="pattern.escalate",
            title=gettext_lazy("The pattern “%(pattern)s” was escalated to the %(new_table)s"),
            body=gettext_lazy("Why the %(table)s cannot solve it: %(text)s"),
            params=params,
            url=url,
        )
    elif action == PatternAction.REOPEN:
        sent += notification_send(
            users=[pattern.table.chair, pattern.owner],
            exclude=[user],
            kind="pattern.reopen",
            title=gettext_lazy("The pattern “%(pattern)s” was reopened"),
            body=gettext_lazy("%(text)s"),
            params=params,
            url=url,
        )
    told = {getattr(user, "pk", None)} | {notification.user_id for notification in sent}
    notification_send(
        users=[member for member in pattern_followers(pattern) if member.pk not in told],
        kind="pattern.followed",
        title=gettext_lazy("A new step for the pattern “%(pattern)s” that you follow"),
        body=gettext_lazy("It is now at the %(new_table)s. See its timeline for what changed."),
        params=params,
        url=f"{url}#timeline",
    )


@transaction.atomic
def pattern_info_reply(*, pattern: Pattern, user, text: str) -> PatternEvent:
    """A case author answers the table's question ("reactie gevraagd"). The table marks the
    information as received when it has what it needs."""
    pattern = Pattern.objects.select_for_update().select_related("table").get(pk=pattern.pk)
    if not may_reply(user, pattern):
        raise PermissionDenied
    text = _clean_text(text)
    if not text:
        raise ValidationError({"text": _("Write your answer.")})
    _check_privacy({"text": text})
    event = _event(
        pattern,
        user,
        PatternAction.INFO_REPLY,
        from_status=pattern.status,
        to_status=pattern.status,
        reason=text,
    )
    asked = pattern.events.filter(action=PatternAction.REQUEST_INFO).order_by("-at", "-pk").first()
    notification_send(
        users=[pattern.table.chair, pattern.owner, getattr(asked, "actor", None)],
        exclude=[user],
        kind="pattern.info_reply",
        title=gettext_lazy("A case author answered about the pattern “%(pattern)s”"),
        body=gettext_lazy("%(text)s"),
        params={"pattern": pattern.title, "text": text},
        url=f"{pattern.get_absolute_url()}#timeline",
    )
    publish_board(pattern, PatternAction.INFO_REPLY)
    return event


# --- suggestions -------------------------------------------------------------------------------


@transaction.atomic
def suggestion_accept(*, suggestion: CasePatternSuggestion, user, reason: str = "") -> PatternCase:
    """ "Yes, this case belongs to that pattern": the case is linked."""
    suggestion = (
        CasePatternSuggestion.objects.select_for_update()
        .select_related("case", "pattern__table")
        .get(pk=suggestion.pk)
    )
    if suggestion.status != SuggestionStatus.OPEN:
        raise ValidationError(_("This suggestion was already dealt with."))
    reason = reason or _("Suggested by the network: similar knelpunt (%(terms)s).") % {
        "terms": ", ".join(suggestion.shared_terms)
    }
    return pattern_link_case(
        pattern=suggestion.pattern, case=suggestion.case, user=user, reason=reason
    )


@transaction.atomic
def suggestion_dismiss(*, suggestion: CasePatternSuggestion, user) -> CasePatternSuggestion:
    """ "No, it does not belong there": not suggested again for this case."""
    suggestion = (
        CasePatternSuggestion.objects.select_for_update()
        .select_related("case", "pattern__table")
        .get(pk=suggestion.pk)
    )
    if suggestion.status != SuggestionStatus.OPEN:
        raise ValidationError(_("This suggestion was already dealt with."))
    if not (
        suggestion.case.owner_id == user.pk
        or has_role(user, Role.MANAGER)
        or may_act(user, suggestion.pattern)
    ):
        raise PermissionDenied
    suggestion.status = SuggestionStatus.DISMISSED
    suggestion.decided_by = user
    suggestion.save(update_fields=["status", "decided_by", "updated_at"])
    return suggestion


@transaction.atomic
def candidate_accept(*, candidate: PatternCandidate, user, **fields) -> Pattern:
    """A manager turns a candidate into a pattern with the candidate's cases linked."""
    if not has_role(user, Role.MANAGER):
        raise PermissionDenied
    candidate = PatternCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != SuggestionStatus.OPEN:
        raise ValidationError(_("This candidate was already dealt with."))
    cases = list(candidate.cases.live())
    return pattern_create(
        user=user,
        cases=cases,
        candidate=candidate,
        link_reason=_("Proposed by the network: %(signals)d signals from %(people)d professionals.")
        % {"signals": candidate.signal_count, "people": candidate.people_count},
        **fields,
    )


@transaction.atomic
def candidate_dismiss(*, candidate: PatternCandidate, user, reason: str) -> PatternCandidate:
    """A manager decides the signals are not a pattern (with the reason); the same set of cases
    is not proposed again."""
    if not has_role(user, Role.MANAGER):
        raise PermissionDenied
    candidate = PatternCandidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.status != SuggestionStatus.OPEN:
        raise ValidationError(_("This candidate was already dealt with."))
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    _check_privacy({"reason": reason})
    candidate.status = SuggestionStatus.DISMISSED
    candidate.dismiss_reason = reason
    candidate.decided_by = user
    candidate.decided_at = timezone.now()
    candidate.save()
    publish_candidate(candidate)
    return candidate
