"""The policy inbox (issue #21, ADR 0020): signals from the werktafel and the stuurgroepen that
need a written change, on their way to a new version in the register of agreements.

An item comes from one of three places:

* a table's solution or decision that asks for a written change (the step's form);
* a table's request to draft a change (a member of the pattern's table, a manager or a
  stuurgroep member, on the pattern's page);
* a pattern about a law or beleidsterrein a policy officer follows, which they take up.

Each item has an owner, a due date and a status. Drafting a concept version from an item links it
(*drafted*); adopting that version closes it (*done*); the owner may also say no written change is
needed (*declined*, with the reason). Every change is shown live in the inbox (its stream) and
the people concerned are told.

Who: policy officers and managers work the inbox (take, assign, update); stuurgroep members read
it. The register's ``may_draft`` lets policy officers draft versions; adopting stays with the
tables (managers and stuurgroep members).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.streams import stream_key
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.pii import privacy_check
from leernetwerk.kernel.roles import Role, role_members
from leernetwerk.patterns.constants import (
    OPEN_STATUSES,
    POLICY_ITEM_OPEN,
    LearningOrder,
    PolicyItemKind,
    PolicyItemStatus,
    VersionStatus,
)
from leernetwerk.patterns.models import (
    Decision,
    Pattern,
    PolicyDocument,
    PolicyItem,
    PolicyVersion,
    PolicyWatch,
)

#: Roles that work the inbox: take an item, hand it on, update it.
WORKING_ROLES = (Role.POLICY_OFFICER, Role.MANAGER)
#: Roles that read the inbox.
READING_ROLES = (*WORKING_ROLES, Role.STUURGROEP)
#: The kinds of notification this module sends (none is muted: each asks for work).
KIND_NEW, KIND_ASSIGNED, KIND_PROGRESS, KIND_FOLLOWED, KIND_OVERDUE = (
    "policy.item",
    "policy.assigned",
    "policy.progress",
    "policy.followed",
    "policy.overdue",
)
#: The statuses a member sets by hand; *drafted* and *done* follow from the register.
MANUAL_STATUSES = (PolicyItemStatus.OPEN, PolicyItemStatus.IN_PROGRESS, PolicyItemStatus.DECLINED)
#: Tables from this order of learning on change written agreements (werktafel, stuurgroepen).
POLICY_ORDER = LearningOrder.SECOND


def policy_stream() -> str:
    """The policy inbox: items created, taken, handed on, drafted, done."""
    return stream_key("patterns", "policy")


def may_see_inbox(user) -> bool:
    return is_network_member(user) and has_role(user, *READING_ROLES)


def may_work(user) -> bool:
    return is_network_member(user) and has_role(user, *WORKING_ROLES)


def may_update(user, item: PolicyItem) -> bool:
    """Change an item's status or due date: its owner, or a manager."""
    return may_work(user) and (item.owner_id == user.pk or has_role(user, Role.MANAGER))


def may_draft_for(user, item: PolicyItem) -> bool:
    """Draft the version an item asks for: a policy officer or manager, on an item that is
    theirs or nobody's yet (a manager on any)."""
    return may_work(user) and (item.owner_id in (None, user.pk) or has_role(user, Role.MANAGER))


def policy_officers() -> QuerySet:
    return (
        role_members(Role.POLICY_OFFICER)
        .select_related("member_profile")
        .order_by("first_name", "last_name", "pk")
    )


def at_policy_table(pattern: Pattern) -> bool:
    """The pattern stands at a table that changes written agreements (second order and up)."""
    return pattern.table.order >= POLICY_ORDER


def may_request(user, pattern: Pattern) -> bool:
    """Ask policy for a written change: whoever may move the pattern at its table (its members,
    policy officers seated there, managers) and stuurgroep members, while it is at a table of
    the second order or higher and still open."""
    from leernetwerk.patterns.services import may_act

    if not is_network_member(user) or not at_policy_table(pattern):
        return False
    if pattern.status not in OPEN_STATUSES:
        return False
    return may_act(user, pattern) or has_role(user, Role.STUURGROEP)


def default_due(pattern: Pattern) -> date:
    return timezone.localdate() + timedelta(days=pattern.table.response_days or 42)


def _check_due(due_date: date | None) -> None:
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date must not lie in the past.")})


def _publish(item: PolicyItem, event: str) -> None:
    publish(
        policy_stream(),
        "policy.changed",
        {"kind": "policy.changed", "item": item.pk, "event": event, "status": item.status},
    )


def _params(item: PolicyItem) -> dict:
    return {"pattern": item.pattern.title}


def _inbox_url() -> str:
    from django.urls import reverse

    return reverse("leernetwerk_patterns:policy_inbox")


def _tell_new(item: PolicyItem, actor) -> None:
    """Policy officers seated at the item's table hear of it; when none is, all of them."""
    officers = list(policy_officers())
    seated = [user for user in officers if item.table and item.table.has_member(user)]
    notification_send(
        users=seated or officers,
        exclude=[actor] if actor else [],
        kind=KIND_NEW,
        title=gettext_lazy("New in the policy inbox: “%(pattern)s”"),
        body=gettext_lazy("%(request)s"),
        params={**_params(item), "request": item.request},
        url=f"{_inbox_url()}#{item.dom_id}",
    )


def _create(
    *,
    kind: str,
    pattern: Pattern,
    user,
    request: str,
    document: PolicyDocument | None = None,
    due_date: date | None = None,
    decision: Decision | None = None,
    version: PolicyVersion | None = None,
    owner=None,
) -> PolicyItem:
    request = (request or "").strip()
    if not request:
        raise ValidationError({"request": _("Say what should change in writing.")})
    _check_due(due_date)
    privacy_check({"request": request})
    drafted = version is not None and version.status == VersionStatus.CONCEPT
    item = PolicyItem(
        kind=kind,
        pattern=pattern,
        table=pattern.table if kind != PolicyItemKind.DECISION else decision.table,
        decision=decision,
        document=version.document if version is not None else document,
        version=version if drafted else None,
        request=request,
        owner=owner,
        due_date=due_date or default_due(pattern),
        status=(
            PolicyItemStatus.DRAFTED
            if drafted
            else PolicyItemStatus.IN_PROGRESS
            if owner
            else PolicyItemStatus.OPEN
        ),
        created_by=user,
    )
    item.full_clean()
    item.save()
    _publish(item, "created")
    if owner is None:
        _tell_new(item, user)
    return item


@transaction.atomic
def item_request(
    *,
    pattern: Pattern,
    user,
    request: str,
    document: PolicyDocument | None = None,
    due_date: date | None = None,
) -> PolicyItem:
    """A table asks policy to draft a written change for ``pattern``."""
    pattern = Pattern.objects.select_related("table").get(pk=pattern.pk)
    if not may_request(user, pattern):
        raise PermissionDenied
    return _create(
        kind=PolicyItemKind.REQUEST,
        pattern=pattern,
        user=user,
        request=request,
        document=document,
        due_date=due_date,
    )


def item_from_decision(*, decision: Decision, user, request: str) -> PolicyItem:
    """A solution or decision that needs a written change leaves an item in the inbox (called
    by ``pattern_transition`` inside its transaction, after the checks)."""
    return _create(
        kind=PolicyItemKind.DECISION,
        pattern=decision.pattern,
        user=user,
        request=request,
        decision=decision,
        version=decision.policy_version,
        due_date=timezone.localdate() + timedelta(days=decision.table.response_days or 42),
    )


@transaction.atomic
def item_take_up(*, pattern: Pattern, user, request: str, due_date: date | None = None):
    """A policy officer takes up a pattern about something they follow (the item is theirs)."""
    if not has_role(user, Role.POLICY_OFFICER) or not is_network_member(user):
        raise PermissionDenied
    pattern = Pattern.objects.select_related("table").get(pk=pattern.pk)
    if not at_policy_table(pattern) or pattern.status not in OPEN_STATUSES:
        raise ValidationError(_("This pattern is not (or no longer) at a werktafel or stuurgroep."))
    if open_item_for(pattern) is not None:
        raise ValidationError(_("This pattern is in the policy inbox already."))
    return _create(
        kind=PolicyItemKind.FOLLOWED,
        pattern=pattern,
        user=user,
        request=request,
        due_date=due_date,
        owner=user,
    )


def open_item_for(pattern: Pattern) -> PolicyItem | None:
    return pattern.policy_items.filter(status__in=POLICY_ITEM_OPEN).first()


def _locked(item: PolicyItem) -> PolicyItem:
    return (
        PolicyItem.objects.select_for_update(of=("self",))
        .select_related("pattern", "table")
        .get(pk=item.pk)
    )


@transaction.atomic
def item_take(*, item: PolicyItem, user) -> PolicyItem:
    """The member takes an item nobody has yet (a manager may take over any): it is theirs, in
    progress."""
    if not may_work(user):
        raise PermissionDenied
    item = _locked(item)
    if not item.is_open:
        raise ValidationError(_("This item is dealt with already."))
    if item.owner_id not in (None, user.pk) and not has_role(user, Role.MANAGER):
        raise ValidationError(
            _("A colleague has this item; they or a manager can hand it on to you.")
        )
    item.owner = user
    if item.status == PolicyItemStatus.OPEN:
        item.status = PolicyItemStatus.IN_PROGRESS
    item.save(update_fields=["owner", "status", "updated_at"])
    _publish(item, "taken")
    return item


@transaction.atomic
def item_assign(*, item: PolicyItem, user, owner) -> PolicyItem:
    """Hand the item to a policy officer (who is told)."""
    if not may_work(user):
        raise PermissionDenied
    item = _locked(item)
    if not item.is_open:
        raise ValidationError(_("This item is dealt with already."))
    if owner is None or not policy_officers().filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("Choose a policy officer.")})
    if item.owner_id != user.pk and item.owner_id is not None and not has_role(user, Role.MANAGER):
        # A colleague's item is handed on by its owner or a manager.
        raise PermissionDenied
    item.owner = owner
    if item.status == PolicyItemStatus.OPEN:
        item.status = PolicyItemStatus.IN_PROGRESS
    item.save(update_fields=["owner", "status", "updated_at"])
    _publish(item, "assigned")
    notification_send(
        users=[owner],
        exclude=[user],
        kind=KIND_ASSIGNED,
        title=gettext_lazy("An item in the policy inbox is yours: “%(pattern)s”"),
        body=gettext_lazy("%(request)s"),
        params={**_params(item), "request": item.request},
        url=f"{_inbox_url()}#{item.dom_id}",
    )
    return item


@transaction.atomic
def item_update(
    *,
    item: PolicyItem,
    user,
    status: str,
    note: str = "",
    due_date: date | None = None,
    document: PolicyDocument | None = None,
) -> PolicyItem:
    """The owner (or a manager) sets the status by hand, names the agreement to change and/or
    moves the due date. Giving an item back (*new*) clears its owner; *no written change
    needed* asks for the reason. The agreement of an item with a concept version stays."""
    item = _locked(item)
    if not may_update(user, item):
        raise PermissionDenied
    if not item.is_open:
        raise ValidationError(_("This item is dealt with already."))
    if status not in MANUAL_STATUSES:
        raise ValidationError({"status": _("Choose a status.")})
    note = (note or "").strip()
    if status == PolicyItemStatus.DECLINED and not note:
        raise ValidationError({"note": _("Say why no written change is needed.")})
    _check_due(due_date)
    privacy_check({"note": note})
    if item.status == PolicyItemStatus.DRAFTED and status != PolicyItemStatus.DECLINED:
        status = PolicyItemStatus.DRAFTED  # the concept version stays linked
    item.status = status
    item.status_note = note or item.status_note
    if status == PolicyItemStatus.OPEN:
        item.owner = None
    if due_date is not None:
        item.due_date = due_date
    if document is not None and item.version_id is None:
        item.document = document
    if status == PolicyItemStatus.DECLINED:
        item.closed_at = timezone.now()
    item.save()
    _publish(item, "updated")
    if status == PolicyItemStatus.DECLINED:
        _tell_asker(
            item,
            user,
            gettext_lazy("No written change for “%(pattern)s”"),
            gettext_lazy("%(note)s"),
            note=note,
        )
    return item


def _tell_asker(item: PolicyItem, actor, title, body, **params) -> None:
    notification_send(
        users=[item.created_by] if item.created_by_id else [],
        exclude=[actor] if actor else [],
        kind=KIND_PROGRESS,
        title=title,
        body=body,
        params={**_params(item), **params},
        url=item.pattern.get_absolute_url(),
    )


def item_drafted(*, item: PolicyItem, version: PolicyVersion, user) -> PolicyItem:
    """A concept version was drafted from the item (inside ``version_draft``'s transaction)."""
    item = _locked(item)
    if not may_draft_for(user, item):
        raise PermissionDenied
    if not item.is_open:
        return item
    if item.document_id not in (None, version.document_id):
        raise ValidationError(_("This item asks to change another agreement."))
    item.document_id = version.document_id
    item.version = version
    item.status = PolicyItemStatus.DRAFTED
    if item.owner_id is None:
        item.owner = user
    item.save()
    _publish(item, "drafted")
    _tell_asker(
        item,
        user,
        gettext_lazy("A concept version is drafted for “%(pattern)s”"),
        gettext_lazy("%(version)s: %(summary)s"),
        version=str(version),
        summary=version.change_summary,
    )
    return item


def items_adopted(*, version: PolicyVersion, user) -> int:
    """The version became vigerend: the items that asked for it are done (inside
    ``version_adopt``'s transaction). Returns how many."""
    done = 0
    for item in PolicyItem.objects.filter(version=version, status__in=POLICY_ITEM_OPEN):
        item.status = PolicyItemStatus.DONE
        item.closed_at = timezone.now()
        item.save(update_fields=["status", "closed_at", "updated_at"])
        _publish(item, "done")
        _tell_asker(
            item,
            user,
            gettext_lazy("The written change for “%(pattern)s” is vigerend"),
            gettext_lazy("%(version)s"),
            version=str(version),
        )
        done += 1
    return done


def remind_overdue_items(*, today: date | None = None) -> int:
    """Open items past their due date remind their owner, or all policy officers when nobody
    has the item (once a day per item: the key carries the date). Returns how many were told."""
    today = today or timezone.localdate()
    officers = list(policy_officers())
    told = 0
    for item in inbox_items().filter(due_date__lt=today):
        told += len(
            notification_send(
                users=[item.owner] if item.owner_id else officers,
                kind=KIND_OVERDUE,
                title=gettext_lazy("Past its due date in the policy inbox: “%(pattern)s”"),
                body=gettext_lazy("%(request)s"),
                params={**_params(item), "request": item.request},
                url=f"{_inbox_url()}#{item.dom_id}",
                key=f"policy.overdue.{item.pk}.{today.isoformat()}",
            )
        )
    return told


# --- what policy officers follow -----------------------------------------------------------------


def watch_for(user) -> PolicyWatch | None:
    return PolicyWatch.objects.filter(user=user).prefetch_related("laws").first()


@transaction.atomic
def watch_set(*, user, laws, tags: str) -> PolicyWatch:
    if not has_role(user, Role.POLICY_OFFICER) or not is_network_member(user):
        raise PermissionDenied
    names = [t.strip() for t in (tags or "").split(",") if t.strip()]
    privacy_check({"tags": ", ".join(names)})
    watch, _created = PolicyWatch.objects.get_or_create(user=user)
    watch.tags = ", ".join(dict.fromkeys(names))[:500]
    watch.save()
    watch.laws.set(laws)
    return watch


def _followed_q(watch: PolicyWatch) -> Q | None:
    laws = [law.pk for law in watch.laws.all()]
    tags = watch.tag_names
    q = Q(laws__in=laws) if laws else None
    for name in tags:
        tag_q = Q(tags__name__iexact=name)
        q = tag_q if q is None else q | tag_q
    return q


def followed_patterns(user) -> list[Pattern]:
    """Open patterns at a werktafel or stuurgroep about what ``user`` follows that no open item
    in the inbox holds yet."""
    watch = watch_for(user)
    q = _followed_q(watch) if watch else None
    if q is None:
        return []
    taken = PolicyItem.objects.filter(status__in=POLICY_ITEM_OPEN).values("pattern_id")
    return list(
        Pattern.objects.filter(q, status__in=OPEN_STATUSES, table__order__gte=POLICY_ORDER)
        .exclude(pk__in=taken)
        .select_related("table")
        .prefetch_related("laws")
        .distinct()
        .order_by("-table_since", "-pk")[:50]
    )


def notify_watchers(pattern: Pattern, actor=None) -> int:
    """The pattern arrived at a werktafel or stuurgroep: the policy officers who follow its laws
    or tags hear of it (each once per table). Returns how many were told."""
    if not at_policy_table(pattern):
        return 0
    law_ids = list(pattern.laws.values_list("pk", flat=True))
    tag_names = {name.lower() for name in pattern.tags.names()}
    users = []
    for watch in PolicyWatch.objects.filter(
        user__in=role_members(Role.POLICY_OFFICER)
    ).prefetch_related("laws"):
        follows_law = any(law.pk in law_ids for law in watch.laws.all())
        follows_tag = any(name.lower() in tag_names for name in watch.tag_names)
        if follows_law or follows_tag:
            users.append(watch.user)
    if not users:
        return 0
    users = list(get_user_model().objects.filter(pk__in=[u.pk for u in users]))
    return len(
        notification_send(
            users=users,
            exclude=[actor] if actor else [],
            kind=KIND_FOLLOWED,
            title=gettext_lazy("“%(pattern)s” is now at the %(table)s"),
            body=gettext_lazy(
                "A pattern about something you follow: take it up from your policy inbox."
            ),
            params={"pattern": pattern.title, "table": pattern.table.name},
            url=_inbox_url(),
            key=f"policy.followed.{pattern.pk}.{pattern.table_id}",
        )
    )


# --- the inbox ---------------------------------------------------------------------------------


def inbox_items(*, mine_only_for=None, open_only: bool = True) -> QuerySet[PolicyItem]:
    items = PolicyItem.objects.select_related(
        "pattern__table",
        "table",
        "document",
        "version",
        "owner__member_profile",
        "created_by__member_profile",
        "decision",
    )
    if open_only:
        items = items.filter(status__in=POLICY_ITEM_OPEN)
    else:
        items = items.exclude(status__in=POLICY_ITEM_OPEN)
    if mine_only_for is not None:
        items = items.filter(owner=mine_only_for)
    return items.order_by("due_date", "pk") if open_only else items.order_by("-closed_at", "-pk")
