"""Writes of the casework app. Views, admin actions and consumers call these; they never set
status fields themselves. Each service validates, saves, and publishes its live event."""

from __future__ import annotations

import contextlib
import re
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.casework import mandates
from leernetwerk.casework.constants import (
    AgreementParty,
    AgreementStatus,
    CheckOutcome,
    DoorbraakKind,
    DoorbraakStatus,
    PrecedentSource,
    ScoreMoment,
)
from leernetwerk.casework.models import (
    Agreement,
    AgreementCheck,
    CaseAccess,
    CaseClosing,
    CaseFollow,
    CaseIndexPage,
    CasePage,
    CaseVisit,
    Comment,
    Doorbraak,
    Precedent,
    PrivacyOverride,
    Recognition,
    ResidentScore,
)
from leernetwerk.casework.models.discussion import mentioned_handles
from leernetwerk.casework.models.pages import privacy_override
from leernetwerk.casework.publishers import (
    publish_agreement,
    publish_comment,
    publish_doorbraak,
    publish_recognitions,
    publish_scores,
)
from leernetwerk.casework.signals import (
    AGREEMENT_MISSED,
    DOORBRAAK,
    RECOGNISED,
    send_case_signal_on_commit,
)
from leernetwerk.kernel import conf, guarded
from leernetwerk.kernel import toets as toets_module
from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.live.services import live_streams_delete
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.kernel.notifications import notification_send, notifications_forget_subject
from leernetwerk.kernel.pii import (
    blocked_names,
    find_personal_data,
    personal_data_message,
    privacy_check,
)
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.sanitize import BLOCK_TAGS, clean_comment_html, plain_text
from leernetwerk.kernel.toets import ToetsOutcome

__all__ = [
    "agreement_add",
    "agreement_check",
    "agreement_check_date",
    "agreements_remind",
    "precedent_create",
    "precedent_remove",
    "case_close",
    "score_record",
    "scores_remind",
    "can_check_agreement",
    "can_edit_case",
    "case_follow_set",
    "case_record_access",
    "case_record_visit",
    "case_anonymise",
    "case_save",
    "cases_apply_retention",
    "comment_create",
    "comment_edit",
    "comment_hide",
    "comment_remove",
    "doorbraak_decide",
    "doorbraak_request",
    "doorbraak_route",
    "doorbraak_withdraw",
    "is_mandate_holder",
    "notification_send",
    "privacy_check",
    "recognition_add",
    "recognition_remove",
]

CASE_FIELDS = (
    *guarded.text_field_names(CasePage),
    "knelpunt_type",
    "transition",
    "window",
    "maatwerk_outcome",
    "solution_type",
    "status",
    "consent_given",
    "retention_date",
)
CASE_M2M_FIELDS = ("life_domains", "laws", "organisations", "consent_organisations")


def can_edit_case(user, case: CasePage) -> bool:
    """Only the author and managers edit a case."""
    return is_network_member(user) and (case.owner_id == user.pk or has_role(user, Role.MANAGER))


def _may_override(user, override_reason: str) -> bool:
    return bool(override_reason.strip()) and has_role(user, Role.MANAGER)


def _unique_slug(index: CaseIndexPage, title: str, exclude_pk: int | None = None) -> str:
    base = slugify(title)
    if len(base) > 60:
        base = base[:61].rsplit("-", 1)[0]
    base = base.strip("-") or "casus"
    siblings = set(index.get_children().exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in siblings:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def case_save(
    *,
    user,
    data: dict[str, Any],
    index: CaseIndexPage | None = None,
    case: CasePage | None = None,
    publish_now: bool = False,
    override_reason: str = "",
) -> CasePage:
    """Create or update a case as a new revision (a draft unless ``publish_now``).

    The privacy guard blocks personal data; a manager may let it through with a recorded reason.
    A case is only published with the resident's consent.
    """
    if case is None:
        if index is None or not is_network_member(user):
            raise PermissionDenied
        page = CasePage(owner=user)
    else:
        if not can_edit_case(user, case):
            raise PermissionDenied
        page = case.get_latest_revision_as_object()
    for field in CASE_FIELDS:
        if field in data:
            setattr(page, field, data[field])
    for field in CASE_M2M_FIELDS:
        if field in data:
            getattr(page, field).set(data[field])
    if "tags" in data:
        page.tags.set(data["tags"])
    findings = page.personal_data_findings()
    override = bool(findings) and _may_override(user, override_reason)
    errors = {}
    if findings and not override:
        errors = {field: personal_data_message(found) for field, found in findings.items()}
    if "retention_date" in data and page.retention_date <= timezone.localdate():
        errors["retention_date"] = _("The retention date must lie in the future.")
    if publish_now and not page.consent_given:
        errors["consent_given"] = _("A case can only be published when the resident has agreed.")
    if errors:
        raise ValidationError(errors)
    with privacy_override(page) if override else contextlib.nullcontext():
        if case is None:
            page.slug = _unique_slug(index, page.title)
            page.live = False
            page.has_unpublished_changes = True
            index.add_child(instance=page)
        elif not page.live:
            page.slug = _unique_slug(page.get_parent(), page.title, exclude_pk=page.pk)
        revision = page.save_revision(user=user)
        if publish_now:
            # The service decided who may publish (author or manager), not Wagtail's page perms.
            revision.publish(user=user, skip_permission_checks=True)
    if override:
        PrivacyOverride.objects.create(
            case=page,
            manager=user,
            reason=override_reason.strip(),
            categories=sorted({f.category for found in findings.values() for f in found}),
        )
    return CasePage.objects.get(pk=page.pk)


def case_record_access(*, case: CasePage, user) -> CaseAccess:
    """AVG: every view of a case is logged (who, when)."""
    return CaseAccess.objects.create(case=case, user=user if user.is_authenticated else None)


def case_record_visit(*, case: CasePage, user) -> None:
    """Remember when ``user`` last opened ``case`` (what is new to them on the cases index):
    one upsert, whatever happened before."""
    if not user.is_authenticated:
        return
    CaseVisit.objects.bulk_create(
        [CaseVisit(case_id=case.pk, user_id=user.pk, seen_at=timezone.now())],
        update_conflicts=True,
        unique_fields=["user", "case"],
        update_fields=["seen_at"],
    )


@transaction.atomic
def case_follow_set(*, case: CasePage, user, following: bool) -> CaseFollow:
    """Follow a case's discussion ("Volgen") or stop ("Niet meer volgen"): a member who may see
    the case hears of every new comment. The case's author follows until they stop."""
    from leernetwerk.casework.selectors import member_may_see_case

    if not member_may_see_case(user, case) or not case.live:
        raise PermissionDenied
    follow, _created = CaseFollow.objects.update_or_create(
        case=case, user=user, defaults={"following": following, "changed_at": timezone.now()}
    )
    return follow


# --- discussion ------------------------------------------------------------------------------


QUOTE_LINE = re.compile(r"^>(?: |$)")


def _quote_blocks(text: str) -> str:
    """Lines that start with "> " (a quote, as "Citeren" writes it) become a blockquote; the
    rest keeps the paragraphs plain text gets. Text with HTML blocks of its own, or without
    such lines, is left as typed (``clean_comment_html`` formats and sanitises it)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    lines = text.split("\n")
    if any(tag in text.lower() for tag in BLOCK_TAGS) or not any(
        QUOTE_LINE.match(line) for line in lines
    ):
        return text
    blocks: list[tuple[bool, list[str]]] = []
    for line in lines:
        quoted = bool(QUOTE_LINE.match(line))
        content = line[2:] if quoted else line
        if blocks and blocks[-1][0] == quoted:
            blocks[-1][1].append(content)
        else:
            blocks.append((quoted, [content]))
    html = []
    for quoted, block in blocks:
        inner = "\n".join(block).strip()
        if not inner:
            continue
        paragraphs = linebreaks(inner, autoescape=False)
        html.append(f"<blockquote>{paragraphs}</blockquote>" if quoted else paragraphs)
    return "\n\n".join(html)


def _clean_body(body: str, *, user, override_reason: str) -> tuple[str, list]:
    cleaned = clean_comment_html(_quote_blocks(body))
    text = plain_text(cleaned)
    if not text:
        raise ValidationError({"body": _("Write something before you post.")})
    if len(text) > 10_000:
        raise ValidationError({"body": _("A comment can be at most 10,000 characters.")})
    # The HTML, so that link targets (mailto:, query strings) and titles are read too.
    findings = find_personal_data(cleaned, extra_names=blocked_names())
    if findings and not _may_override(user, override_reason):
        raise ValidationError({"body": personal_data_message(findings)})
    return cleaned, findings


def _record_comment_override(comment: Comment, user, reason: str, findings: list) -> None:
    if findings:
        PrivacyOverride.objects.create(
            comment=comment,
            case_id=comment.case_id,
            manager=user,
            reason=reason.strip(),
            categories=sorted({f.category for f in findings}),
        )


@transaction.atomic
def comment_create(
    *, case: CasePage, author, body: str, parent: Comment | None = None, override_reason: str = ""
) -> Comment:
    """Post a comment (or a reply: one level deep; a reply to a reply joins the same thread)."""
    if not is_network_member(author) or not case.live:
        raise PermissionDenied
    if parent is not None:
        if parent.case_id != case.pk:
            raise ValidationError({"parent": _("You can only reply within the same case.")})
        if parent.parent_id:
            parent = parent.parent
    cleaned, findings = _clean_body(body, user=author, override_reason=override_reason)
    comment = Comment(case=case, author=author, body=cleaned, parent=parent)
    comment.full_clean()
    comment.save()
    _record_comment_override(comment, author, override_reason, findings)
    publish_comment(comment, "comment.created", op="append")
    _notify_comment(comment, case)
    return comment


def _notify_comment(comment: Comment, case: CasePage) -> None:
    """Who hears of a new comment, each member once and never its author: the members it
    mentions (``@username``), then the case's author (while they follow it), then the author of
    the comment replied to, then everyone else who chose to follow the case. Earlier commenters
    hear of replies to their own comment, not of the whole discussion, unless they follow it.
    Only members who may see the case: one who lost access hears nothing, and a mention of
    someone without access tells nobody anything."""
    from leernetwerk.casework.selectors import case_audience, case_followers

    url = f"{case.url or ''}#{comment.dom_id}"
    told = {comment.author_id}
    told |= _notify_mentions(comment, case, url=url)
    followers = [user for user in case_followers(case) if user.pk not in told]
    owner = [user for user in followers if user.pk == case.owner_id]
    notification_send(
        users=owner,
        kind="case.comment",
        title=gettext_lazy("New comment on your case “%(case)s”"),
        body=gettext_lazy("Read it in the discussion of your case."),
        params={"case": case.title},
        url=url,
    )
    told |= {user.pk for user in owner}
    if comment.parent_id:
        parent_author_id = comment.parent.author_id
        if parent_author_id is not None and parent_author_id not in told:
            notification_send(
                users=case_audience(case).filter(pk=parent_author_id),
                kind="case.reply",
                title=gettext_lazy("A reply to your comment on the case “%(case)s”"),
                body=gettext_lazy("Read it in the discussion of the case."),
                params={"case": case.title},
                url=url,
            )
            told.add(parent_author_id)
    notification_send(
        users=[user for user in followers if user.pk not in told],
        kind="case.followed",
        title=gettext_lazy("New comment on the case “%(case)s” that you follow"),
        body=gettext_lazy("Read it in the discussion of the case."),
        params={"case": case.title},
        url=url,
    )


QUOTE_BLOCK = re.compile(r"<blockquote>(?:(?!<blockquote>).)*?</blockquote>", re.S)


def _without_quotes(html: str) -> str:
    """A comment without the blockquotes in it: who is mentioned in a quote was told already."""
    previous = None
    while previous != html:
        previous, html = html, QUOTE_BLOCK.sub(" ", html)
    return html


def _notify_mentions(comment: Comment, case: CasePage, *, url: str) -> set[int]:
    """Tell the members a comment mentions, if they may see the case; returns their ids. Keyed
    per comment, so an edit tells only whom it newly mentions."""
    from leernetwerk.casework.selectors import members_by_handle

    handles = mentioned_handles(plain_text(_without_quotes(comment.body)))
    if not handles:
        return set()
    members = [
        member for member in members_by_handle(handles, case=case) if member.pk != comment.author_id
    ]
    notification_send(
        users=members,
        kind="case.mention",
        title=gettext_lazy("You were mentioned in the case “%(case)s”"),
        body=gettext_lazy("A colleague mentioned you in the discussion of the case."),
        params={"case": case.title},
        url=url,
        key=f"case.mention:{comment.pk}",
    )
    return {member.pk for member in members}


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str, override_reason: str = "") -> Comment:
    """The author edits a comment within the edit window."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if not comment.can_edit(user):
        raise PermissionDenied
    cleaned, findings = _clean_body(body, user=user, override_reason=override_reason)
    comment.body = cleaned
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at"])
    _record_comment_override(comment, user, override_reason, findings)
    publish_comment(comment, "comment.edited", op="replace")
    case = comment.case
    _notify_mentions(comment, case, url=f"{case.url or ''}#{comment.dom_id}")
    return comment


@transaction.atomic
def comment_remove(*, comment: Comment, user) -> Comment:
    """The author removes their comment: a visible "removed" stub stays, the text goes."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.author_id != user.pk or comment.removed_at is not None:
        raise PermissionDenied
    comment.removed_at = timezone.now()
    comment.body = ""
    comment.save(update_fields=["removed_at", "body"])
    publish_comment(comment, "comment.removed", op="replace")
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, manager, reason: str) -> Comment:
    """Moderation: a manager hides a comment with a reason (shown in its place)."""
    if not has_role(manager, Role.MANAGER):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for hiding this comment.")})
    privacy_check({"reason": reason})  # the stub shows it to every member
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.hidden_at = timezone.now()
    comment.hidden_by = manager
    comment.hidden_reason = reason[:300]
    comment.full_clean()
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    publish_comment(comment, "comment.hidden", op="replace")
    return comment


@transaction.atomic
def recognition_add(*, case: CasePage, user, note: str = "") -> Recognition:
    """ "Herken ik": one per member per case (the database enforces it)."""
    if not is_network_member(user) or not case.live:
        raise PermissionDenied
    if case.owner_id == user.pk:
        raise ValidationError(_("You brought in this case: recognitions come from others."))
    note = (note or "").strip()
    if note:
        findings = find_personal_data(note, extra_names=blocked_names())
        if findings:
            raise ValidationError({"note": personal_data_message(findings)})
    recognition = Recognition(case=case, user=user, note=note[:300])
    recognition.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            recognition.save()
    except IntegrityError:
        raise ValidationError(_("You already recognised this case.")) from None
    publish_recognitions(case.pk, user.pk, "recognition.added", recognition_id=recognition.pk)
    notification_send(
        users=[case.owner],
        exclude=[user],
        kind="case.recognised",
        title=gettext_lazy("Colleagues recognise your case “%(case)s”"),
        body=gettext_lazy("Herken ik — see on the case who recognises it and where."),
        params={"case": case.title},
        url=f"{case.url or ''}#recognitions",
        # One message per case per day, however many colleagues recognise it that day (and
        # taking it back and recognising again tells the author nothing new).
        key=f"case.recognised:{case.pk}:{timezone.localdate().isoformat()}",
    )
    send_case_signal_on_commit(case_id=case.pk, kind=RECOGNISED, user_id=user.pk)
    return recognition


@transaction.atomic
def recognition_remove(*, case: CasePage, user) -> None:
    recognition = Recognition.objects.filter(case=case, user=user).first()
    if recognition is None:
        return
    recognition_id = recognition.pk
    recognition.delete()
    publish_recognitions(case.pk, user.pk, "recognition.removed", recognition_id=recognition_id)


# --- doorbraak ---------------------------------------------------------------------------------


def is_mandate_holder(user) -> bool:
    """Doorzettingsmacht: members of the mandate holders' group (and superusers), and members
    who hold a current mandate in the mandaatregister."""
    if not is_network_member(user):
        return False
    return has_role(user, Role.MANDATE_HOLDER) or mandates.holds_current_mandate(user)


def doorbraak_route(*, law, kind: str, amount=None, user=None) -> mandates.Route:
    """Where a doorbraak request would go (the mandate, its holders, what fell short)."""
    return mandates.mandate_route(law=law, kind=kind, amount=amount, exclude_user=user)


@transaction.atomic
def doorbraak_request(
    *,
    case: CasePage,
    user,
    kind: str,
    rule: str,
    proposal: str,
    mandate_holder=None,
    law=None,
    amount=None,
    settlement: str = "",
    precedent=None,
    reasons: str = "",
    **toets,
) -> Doorbraak:
    """The case's author asks for a doorbraak with steps 1-4 of the omgekeerde toets. The
    request is routed by the mandaatregister (or, when no mandate covers it, goes to the mandate
    holder the author names), recorded on the case, the holders are told, and it counts as a
    signal that the rule does not fit."""
    if not case.live or not is_network_member(user):
        raise PermissionDenied
    if case.owner_id != user.pk and not has_role(user, Role.MANAGER):
        raise PermissionDenied
    unknown = set(toets) - set(toets_module.REQUEST_STEPS)
    if unknown:
        raise TypeError(f"unexpected arguments: {sorted(unknown)}")
    steps = toets_module.toets_values(toets, toets_module.REQUEST_STEPS)
    errors = toets_module.toets_errors(steps, toets_module.REQUEST_STEPS, outcome=False)
    if amount is not None and amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
        amount = None
    route = doorbraak_route(law=law, kind=kind, amount=amount, user=user)
    if mandate_holder is None and route.holders:
        mandate_holder = route.holders[0]
    doorbraak = Doorbraak(
        case=case,
        kind=kind,
        rule=(rule or "").strip(),
        proposal=(proposal or "").strip(),
        reasons=(reasons or "").strip(),
        settlement=(settlement or "").strip(),
        requested_by=user,
        mandate_holder=mandate_holder,
        precedent=precedent,
        law=law,
        amount=amount,
        routed_mandate=route.mandate,
        escalated=route.escalated,
        toets_effect=steps["toets_effect"],
        toets_person=steps["toets_person"],
        toets_intent=steps["toets_intent"],
        toets_ethics=steps["toets_ethics"],
    )
    if mandate_holder is None:
        errors["mandate_holder"] = _(
            "No mandate in the mandaatregister covers this request: choose a mandate holder."
        )
    elif not is_mandate_holder(mandate_holder):
        errors["mandate_holder"] = _("Choose someone with doorzettingsmacht (a mandate holder).")
    elif mandate_holder.pk == user.pk:
        errors["mandate_holder"] = _("You cannot grant your own doorbraak: ask someone else.")
    if kind == DoorbraakKind.BRIDGING and not doorbraak.settlement:
        errors["settlement"] = _("Say who pays for now and how the bill is settled later.")
    try:
        privacy_check(
            {
                k: v
                for k, v in doorbraak.text_fields.items()
                if k not in ("decision_reason", *toets_module.DECISION_STEPS)
            }
        )
    except ValidationError as error:
        errors.update({field: error.message_dict[field][0] for field in error.message_dict})
    if errors:
        raise ValidationError(errors)
    doorbraak.full_clean()
    doorbraak.save()
    publish_doorbraak(doorbraak, "doorbraak.requested", op="append")
    told = [mandate_holder, *(h for h in route.holders if h.pk != mandate_holder.pk)]
    notification_send(
        users=told,
        kind="doorbraak.requested",
        title=gettext_lazy("Doorbraak requested in the case “%(case)s”"),
        body=gettext_lazy("The request is to deviate from: %(rule)s"),
        params={"case": case.title, "rule": doorbraak.rule},
        url=f"{case.url}#{doorbraak.dom_id}",
    )
    send_case_signal_on_commit(case_id=case.pk, kind=DOORBRAAK, user_id=user.pk)
    return doorbraak


@transaction.atomic
def doorbraak_decide(
    *,
    doorbraak: Doorbraak,
    user,
    reason: str,
    toets_legal: str = "",
    toets_outcome: str = "",
    toets_conditions: str = "",
) -> Doorbraak:
    """A mandate holder completes the omgekeerde toets (step 5, the legal check, and the
    outcome) and decides with reasons: "go" or "go with conditions" grants, "no" refuses. The
    decision records the mandate it used, or that the decider stood in for the routed holders."""
    # Only the request's own row is locked: PostgreSQL cannot lock the nullable side of an outer
    # join, so the routed mandate is read after the lock.
    doorbraak = Doorbraak.objects.select_for_update().select_related("case").get(pk=doorbraak.pk)
    if not is_mandate_holder(user) or doorbraak.requested_by_id == user.pk:
        raise PermissionDenied
    if not doorbraak.case.live:
        raise ValidationError(_("The case is no longer shared with the network."))
    if not doorbraak.is_open:
        raise ValidationError(_("This doorbraak has already been decided or withdrawn."))
    reason = (reason or "").strip()
    values = toets_module.toets_values(
        {
            "toets_legal": toets_legal,
            "toets_outcome": toets_outcome,
            "toets_conditions": toets_conditions,
        },
        toets_module.DECISION_STEPS,
    )
    errors = toets_module.toets_errors(values, toets_module.DECISION_STEPS, outcome=True)
    if not reason:
        errors["decision_reason"] = _("Give the reasons for your decision.")
    if errors:
        raise ValidationError(errors)
    privacy_check(
        {
            "decision_reason": reason,
            "toets_legal": values["toets_legal"],
            "toets_conditions": values["toets_conditions"],
        }
    )
    grant = values["toets_outcome"] != ToetsOutcome.NO
    used = mandates.mandate_for_decision(user, doorbraak)
    if doorbraak.routed_mandate is not None:
        routed_holders = mandates.mandate_holders_of(doorbraak.routed_mandate)
        stand_in = not routed_holders.filter(pk=user.pk).exists()
    else:
        stand_in = user.pk != doorbraak.mandate_holder_id and used is None
    doorbraak.status = DoorbraakStatus.GRANTED if grant else DoorbraakStatus.REFUSED
    doorbraak.decision_reason = reason
    doorbraak.toets_legal = values["toets_legal"]
    doorbraak.toets_outcome = values["toets_outcome"]
    doorbraak.toets_conditions = (
        values["toets_conditions"] if values["toets_outcome"] == ToetsOutcome.CONDITIONS else ""
    )
    doorbraak.decided_by = user
    doorbraak.decided_at = timezone.now()
    doorbraak.mandate_used = used
    doorbraak.stand_in = stand_in
    doorbraak.full_clean()
    doorbraak.save()
    publish_doorbraak(doorbraak, "doorbraak.decided", op="replace")
    case = doorbraak.case
    notification_send(
        users=[doorbraak.requested_by],
        kind="doorbraak.decided",
        title=gettext_lazy("Doorbraak granted in the case “%(case)s”")
        if grant
        else gettext_lazy("Doorbraak refused in the case “%(case)s”"),
        body=gettext_lazy("Reasons: %(reason)s"),
        params={"case": case.title, "reason": reason},
        url=f"{case.url}#{doorbraak.dom_id}",
    )
    return doorbraak


@transaction.atomic
def doorbraak_withdraw(*, doorbraak: Doorbraak, user) -> Doorbraak:
    doorbraak = Doorbraak.objects.select_for_update().select_related("case").get(pk=doorbraak.pk)
    if doorbraak.requested_by_id != user.pk:
        raise PermissionDenied
    if not doorbraak.case.live:
        raise ValidationError(_("The case is no longer shared with the network."))
    if not doorbraak.is_open:
        raise ValidationError(_("This doorbraak has already been decided or withdrawn."))
    doorbraak.status = DoorbraakStatus.WITHDRAWN
    doorbraak.save(update_fields=["status"])
    publish_doorbraak(doorbraak, "doorbraak.withdrawn", op="replace")
    return doorbraak


# --- agreements (MDO) and the six-week check ----------------------------------------------------

#: The notification of a check, per outcome.
CHECKED_TITLES = {
    CheckOutcome.DONE: gettext_lazy("An agreement in the case “%(case)s” was checked: done"),
    CheckOutcome.NOT_DONE: gettext_lazy(
        "An agreement in the case “%(case)s” was checked: not done"
    ),
    CheckOutcome.CHANGED: gettext_lazy(
        "An agreement in the case “%(case)s” was checked: changed, checked again later"
    ),
}


def agreement_check_date(agreed_on):
    """When an agreement made on ``agreed_on`` is checked: after six weeks by default."""
    from datetime import timedelta

    return agreed_on + timedelta(weeks=conf.get("LEERNETWERK_AGREEMENT_CHECK_WEEKS"))


def can_check_agreement(user, agreement: Agreement) -> bool:
    """The owner, the case's author and managers record the check."""
    return is_network_member(user) and (
        user.pk in agreement.checkers() or has_role(user, Role.MANAGER)
    )


@transaction.atomic
def agreement_add(
    *,
    case: CasePage,
    user,
    what: str,
    party: str = AgreementParty.ORGANISATION,
    organisation=None,
    owner=None,
    agreed_on=None,
    check_due=None,
    perspectives=(),
    with_resident: bool = True,
    with_network: bool = False,
) -> Agreement:
    """Record an agreement made at the MDO on the case: who does what, checked after six weeks.
    The owner is told; the case page shows it live."""
    if not case.live or not can_edit_case(user, case):
        raise PermissionDenied
    today = timezone.localdate()
    agreed_on = agreed_on or today
    agreement = Agreement(
        case=case,
        what=(what or "").strip(),
        party=party,
        organisation=organisation if party == AgreementParty.ORGANISATION else None,
        owner=owner,
        agreed_on=agreed_on,
        # An MDO recorded late is checked today at the earliest.
        check_due=check_due or max(agreement_check_date(agreed_on), today),
        with_resident=with_resident,
        with_network=with_network,
        created_by=user,
    )
    errors: dict[str, str] = {}
    if party == AgreementParty.ORGANISATION and organisation is None:
        errors["organisation"] = _("Say which organisation carries it out.")
    if owner is not None and not is_network_member(owner):
        errors["owner"] = _("Choose an active member of the network as the owner.")
    if agreed_on > today:
        errors["agreed_on"] = _("An agreement is recorded after it is made: pick today or earlier.")
    if agreement.check_due <= agreed_on:
        errors["check_due"] = _("The check comes after the agreement: pick a later date.")
    elif agreement.check_due < today:
        errors["check_due"] = _("The check date has passed: pick today or a later date.")
    try:
        privacy_check(agreement.text_fields)
    except ValidationError as error:
        errors.update({field: error.message_dict[field][0] for field in error.message_dict})
    if errors:
        raise ValidationError(errors)
    agreement.full_clean(exclude=["perspectives"])
    agreement.save()
    agreement.perspectives.set(perspectives)
    publish_agreement(agreement, "agreement.added", op="append")
    if owner is not None:
        notification_send(
            users=[owner],
            exclude=[user],
            kind="agreement.owned",
            title=gettext_lazy("An agreement in the case “%(case)s” is yours"),
            body=gettext_lazy("%(what)s — checked on %(due)s."),
            params={
                "case": case.title,
                "what": agreement.what,
                "due": f"{agreement.check_due:%d-%m-%Y}",
            },
            url=f"{case.url}#{agreement.dom_id}",
        )
    return agreement


@transaction.atomic
def agreement_check(
    *, agreement: Agreement, user, outcome: str, note: str = "", next_check=None
) -> AgreementCheck:
    """Record the six-week check: done, not done (with the reason) or changed (what changed, and
    when it is checked again). Not done makes the agreement a case signal, once."""
    agreement = Agreement.objects.select_for_update().select_related("case").get(pk=agreement.pk)
    if not agreement.case.live or not can_check_agreement(user, agreement):
        raise PermissionDenied
    if not agreement.is_open:
        raise ValidationError(_("This agreement has already been checked."))
    note = (note or "").strip()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if outcome not in CheckOutcome.values:
        errors["outcome"] = _("Choose what the check found.")
    elif outcome == CheckOutcome.NOT_DONE and not note:
        errors["note"] = _("Say why it was not done: that is what the network learns from.")
    elif outcome == CheckOutcome.CHANGED:
        if not note:
            errors["note"] = _("Say what changed in the agreement.")
        next_check = next_check or agreement_check_date(today)
        if next_check <= today:
            errors["next_check"] = _("Pick a date after today for the next check.")
    check = AgreementCheck(
        agreement=agreement,
        outcome=outcome,
        note=note,
        next_check=next_check if outcome == CheckOutcome.CHANGED else None,
        checked_by=user,
    )
    try:
        privacy_check({"note": note})
    except ValidationError as error:
        errors.update({field: error.message_dict[field][0] for field in error.message_dict})
    if errors:
        raise ValidationError(errors)
    check.full_clean()
    check.save()
    fields = ["status"]
    if outcome == CheckOutcome.CHANGED:
        agreement.check_due, agreement.reminded_at = check.next_check, None
        fields += ["check_due", "reminded_at"]
    else:
        agreement.status = (
            AgreementStatus.DONE if outcome == CheckOutcome.DONE else AgreementStatus.NOT_DONE
        )
    agreement.save(update_fields=fields)
    if outcome == CheckOutcome.NOT_DONE:
        _agreement_signal(agreement)
    publish_agreement(agreement, "agreement.checked", op="replace")
    case = agreement.case
    notification_send(
        users=[u for u in (case.owner, agreement.owner) if u is not None],
        exclude=[user],
        kind="agreement.checked",
        # One title per outcome: the reader's language is chosen when the notification is shown,
        # so no translated label may be stored in its parameters.
        title=CHECKED_TITLES[check.outcome],
        body=gettext_lazy("%(what)s"),
        params={"case": case.title, "what": agreement.what},
        url=f"{case.url}#{agreement.dom_id}",
    )
    return check


def _agreement_signal(agreement: Agreement) -> bool:
    """A missed agreement counts toward pattern suggestions as a signal: once, ever."""
    updated = Agreement.objects.filter(pk=agreement.pk, signalled_at=None).update(
        signalled_at=timezone.now()
    )
    if updated:
        send_case_signal_on_commit(
            case_id=agreement.case_id, kind=AGREEMENT_MISSED, user_id=agreement.created_by_id
        )
    return bool(updated)


def agreements_remind(*, today=None) -> tuple[int, int]:
    """Daily (``manage.py check_agreements``): remind the owner and the case's author of a check
    that comes due, once per check date; an agreement still unchecked after its date becomes a
    case signal, once, and they are told. Returns (reminded, signalled)."""
    from datetime import timedelta

    today = today or timezone.localdate()
    open_agreements = Agreement.objects.filter(
        status=AgreementStatus.OPEN, case__live=True
    ).select_related("case__owner", "owner")
    soon = today + timedelta(days=conf.get("LEERNETWERK_AGREEMENT_REMINDER_DAYS"))
    reminded = signalled = 0
    # Only checks still to come: one whose date passed unreminded gets the "missed" notice only.
    upcoming = open_agreements.filter(reminded_at=None, check_due__gte=today, check_due__lte=soon)
    for agreement in upcoming:
        with transaction.atomic():
            if not Agreement.objects.filter(pk=agreement.pk, reminded_at=None).update(
                reminded_at=timezone.now()
            ):
                continue
            case = agreement.case
            notification_send(
                users=[agreement.owner, case.owner],
                kind="agreement.check_due",
                title=gettext_lazy("Check the agreement in the case “%(case)s” by %(due)s"),
                body=gettext_lazy("%(what)s"),
                params={
                    "case": case.title,
                    "what": agreement.what,
                    "due": f"{agreement.check_due:%d-%m-%Y}",
                },
                url=f"{case.url}#{agreement.dom_id}",
            )
            reminded += 1
    for agreement in open_agreements.filter(signalled_at=None, check_due__lt=today):
        with transaction.atomic():
            if not _agreement_signal(agreement):
                continue
            publish_agreement(agreement, "agreement.missed", op="replace")
            case = agreement.case
            notification_send(
                users=[agreement.owner, case.owner],
                kind="agreement.missed",
                title=gettext_lazy("The check of an agreement in the case “%(case)s” was missed"),
                body=gettext_lazy(
                    "%(what)s — not checked by %(due)s; it now counts as a signal that the "
                    "system does not fit."
                ),
                params={
                    "case": case.title,
                    "what": agreement.what,
                    "due": f"{agreement.check_due:%d-%m-%Y}",
                },
                url=f"{case.url}#{agreement.dom_id}",
            )
            signalled += 1
    return reminded, signalled


# --- precedents ("afwegingen") ------------------------------------------------------------------


@transaction.atomic
def precedent_create(
    *,
    case: CasePage,
    user,
    source: str,
    title: str,
    weighed: str,
    why: str,
    rule: str = "",
    mandate: str = "",
    doorbraak: Doorbraak | None = None,
    laws=(),
    life_domains=(),
    knelpunt_type=None,
    transition=None,
) -> Precedent:
    """A member marks a case's maatwerk choice or a doorbraak decision as a precedent: a short
    generalised statement (what was weighed, which rule was stretched and why, with which
    mandate), found by its facets. It copies no text of the case."""
    from leernetwerk.casework.selectors import member_may_see_case

    if not case.live or not member_may_see_case(user, case):
        raise PermissionDenied
    if doorbraak is not None:  # as it stands now, not as the caller last read it
        doorbraak = Doorbraak.objects.filter(pk=doorbraak.pk).first()
    precedent = Precedent(
        case=case,
        source=source,
        doorbraak=doorbraak if source == PrecedentSource.DOORBRAAK else None,
        title=(title or "").strip(),
        weighed=(weighed or "").strip(),
        rule=(rule or "").strip(),
        why=(why or "").strip(),
        mandate=(mandate or "").strip(),
        knelpunt_type=knelpunt_type,
        transition=transition,
        created_by=user,
    )
    errors: dict[str, str] = {}
    if source not in PrecedentSource.values:
        errors["source"] = _("Choose what the precedent comes from.")
    elif source == PrecedentSource.DOORBRAAK:
        if doorbraak is None or doorbraak.case_id != case.pk:
            errors["doorbraak"] = _("Choose a doorbraak of this case.")
        elif doorbraak.status not in (DoorbraakStatus.GRANTED, DoorbraakStatus.REFUSED):
            errors["doorbraak"] = _("Only a decided doorbraak can be a precedent.")
    elif not case.maatwerk.strip():
        errors["source"] = _("This case has no maatwerk yet: write it down on the case first.")
    try:
        privacy_check(precedent.text_fields)
    except ValidationError as error:
        errors.update({field: error.message_dict[field][0] for field in error.message_dict})
    if errors:
        raise ValidationError(errors)
    precedent.full_clean(exclude=["laws", "life_domains"])
    precedent.save()
    precedent.laws.set(laws)
    precedent.life_domains.set(life_domains)
    notification_send(
        users=[case.owner],
        exclude=[user],
        kind="precedent.created",
        title=gettext_lazy("An afweging in your case “%(case)s” is now a precedent"),
        body=gettext_lazy("%(title)s"),
        params={"case": case.title, "title": precedent.title},
        url=precedent.get_absolute_url(),
    )
    return precedent


@transaction.atomic
def precedent_remove(*, precedent: Precedent, user) -> None:
    """Whoever marked it, or a manager, removes a precedent (the doorbraken that cited it keep
    their own reasons); the notification that announced it keeps no copy of its text."""
    if not is_network_member(user) or (
        precedent.created_by_id != user.pk and not has_role(user, Role.MANAGER)
    ):
        raise PermissionDenied
    url, title = precedent.get_absolute_url(), precedent.title
    precedent.delete()
    notifications_forget_subject(url=url, old_title=title, new_title=_("a removed precedent"))


# --- closing a case ----------------------------------------------------------------------------


@transaction.atomic
def case_close(*, case: CasePage, user, worked: str, did_not_work: str = "", closed_on=None):
    """The author (or a manager) closes a case with the partners' short evaluation: the case's
    status becomes "afgesloten" (in its latest revision too, so the next edit keeps it) and the
    dashboard counts it. Closing again corrects the evaluation."""
    from wagtail.models import Revision

    if not case.live or not can_edit_case(user, case):
        raise PermissionDenied
    today = timezone.localdate()
    closing = CaseClosing.objects.filter(case=case).first() or CaseClosing(case=case)
    closing.worked = (worked or "").strip()
    closing.did_not_work = (did_not_work or "").strip()
    closing.closed_on = closed_on or today
    closing.closed_by = user
    errors: dict[str, str] = {}
    if not closing.worked:
        errors["worked"] = _("Say in a sentence what worked in the cooperation.")
    if closing.closed_on > today:
        errors["closed_on"] = _("A case is closed today or earlier.")
    try:
        privacy_check(closing.text_fields)
    except ValidationError as error:
        errors.update({field: error.message_dict[field][0] for field in error.message_dict})
    if errors:
        raise ValidationError(errors)
    closing.full_clean()
    closing.save()
    from leernetwerk.casework.constants import CaseStatus

    CasePage.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    if case.latest_revision_id:
        revision = Revision.objects.filter(pk=case.latest_revision_id).first()
        if revision is not None and isinstance(revision.content, dict):
            revision.content["status"] = CaseStatus.CLOSED
            Revision.objects.filter(pk=revision.pk).update(content=revision.content)
    return closing


# --- the resident's mark ---------------------------------------------------------------------

#: The one-year mark is given at least this long after the mark at the solution.
ONE_YEAR_AFTER_DAYS = 330


@transaction.atomic
def score_record(
    *, case: CasePage, user, moment: str, score: int, life_domain=None, scored_on=None
) -> ResidentScore:
    """The author (or a manager) records the mark the resident gives their life, for a moment
    and optionally a leefgebied. Recording the same moment again corrects it."""
    if not case.live or not can_edit_case(user, case):
        raise PermissionDenied
    today = timezone.localdate()
    scored_on = scored_on or today
    errors: dict[str, str] = {}
    if moment not in ScoreMoment.values:
        errors["moment"] = _("Choose the moment of the mark.")
    if not isinstance(score, int) or not 1 <= score <= 10:
        errors["score"] = _("A mark is a whole number from 1 to 10.")
    if scored_on > today:
        errors["scored_on"] = _("A mark is recorded after it is given: pick today or earlier.")
    earlier = {
        row.moment: row.scored_on
        for row in ResidentScore.objects.filter(case=case, life_domain=life_domain)
    }
    if moment == ScoreMoment.SOLUTION and ScoreMoment.INTAKE in earlier:
        if scored_on < earlier[ScoreMoment.INTAKE]:
            errors["scored_on"] = _("The solution comes after the start: pick a later date.")
    if moment == ScoreMoment.ONE_YEAR:
        solution = earlier.get(ScoreMoment.SOLUTION)
        if solution is None:
            errors["moment"] = _("Record the mark at the solution first.")
        elif (scored_on - solution).days < ONE_YEAR_AFTER_DAYS:
            errors["scored_on"] = _(
                "The one-year mark is given about a year after the solution (from %(date)s)."
            ) % {"date": f"{solution + timedelta(days=ONE_YEAR_AFTER_DAYS):%d-%m-%Y}"}
    if errors:
        raise ValidationError(errors)
    row, _created = ResidentScore.objects.update_or_create(
        case=case,
        moment=moment,
        life_domain=life_domain,
        defaults={"score": score, "scored_on": scored_on, "recorded_by": user},
    )
    publish_scores(case.pk)
    return row


def scores_remind(*, today=None) -> int:
    """Daily (``manage.py remind_resident_scores``): a year after the mark at the solution, the
    case's author is reminded — once — to ask the resident for the one-year mark."""
    today = today or timezone.localdate()
    due_from = today - timedelta(days=365)
    given = ResidentScore.objects.filter(moment=ScoreMoment.ONE_YEAR, life_domain=None).values(
        "case_id"
    )
    due = (
        ResidentScore.objects.filter(
            moment=ScoreMoment.SOLUTION,
            life_domain=None,
            reminded_at=None,
            scored_on__lte=due_from,
            case__live=True,
        )
        .exclude(case_id__in=given)
        .select_related("case__owner")
    )
    reminded = 0
    for row in due:
        if not ResidentScore.objects.filter(pk=row.pk, reminded_at=None).update(
            reminded_at=timezone.now()
        ):
            continue
        case = row.case
        notification_send(
            users=[case.owner],
            kind="score.one_year_due",
            title=gettext_lazy("A year on: ask the resident of “%(case)s” for their mark"),
            body=gettext_lazy(
                "At the solution the resident gave their life a mark; now is the time to ask "
                "again and record the one-year mark on the case."
            ),
            params={"case": case.title},
            url=f"{case.url}#scores",
        )
        reminded += 1
    return reminded


# --- retention (AVG) --------------------------------------------------------------------------

ANONYMISED = "[geanonimiseerd]"


@transaction.atomic
def case_anonymise(*, case: CasePage) -> CasePage:
    """Remove every text of a case past its retention date, and everything that copied it
    (revisions, comments, recognition notes, its live stream, notifications). What remains —
    vocabularies, dates, pattern links — still counts in the network's figures."""
    page = CasePage.objects.select_for_update().get(pk=case.pk)
    old_title, old_url = page.title, page.url or ""
    old_titles, old_slugs = _case_names(page)
    for field in guarded.text_field_names(CasePage):
        if field != "title":  # replaced below
            setattr(page, field, ANONYMISED if field in ("situation", "knelpunt") else "")
    page.title = page.draft_title = _("Anonymised case %(number)d") % {"number": page.pk}
    # The slug came from a title: the address (and what links to it) keeps none of it.
    page.slug = _unique_slug(page.get_parent(), f"casus-{page.pk}", exclude_pk=page.pk)
    tag_ids = list(page.tags.values_list("pk", flat=True))
    page.tags.clear()
    with privacy_override(page):
        # Without validation: what the page's rules ask of a case being written (consent while
        # live, the retention cap) must not keep an old one from being anonymised.
        page.save(clean=False)
        if page.live:
            page.unpublish(log_action=False)
    page.revisions.all().delete()
    _scrub_page_traces(page, old_titles=old_titles, old_slugs=old_slugs)
    _forget_unused_tags(tag_ids)
    Comment.objects.filter(case=page).update(
        body="",
        # A moderator's reason can quote the comment; a hidden comment keeps that it was hidden.
        hidden_reason=Case(
            When(hidden_at__isnull=False, then=Value(ANONYMISED)), default=Value("")
        ),
        removed_at=timezone.now(),
    )
    Recognition.objects.filter(case=page).update(note="")
    Doorbraak.objects.filter(case=page).update(
        rule=ANONYMISED,
        proposal=ANONYMISED,
        reasons=ANONYMISED,
        settlement=Case(
            When(kind=DoorbraakKind.BRIDGING, then=Value(ANONYMISED)), default=Value("")
        ),
        decision_reason=Case(
            When(
                status__in=[DoorbraakStatus.GRANTED, DoorbraakStatus.REFUSED],
                then=Value(ANONYMISED),
            ),
            default=Value(""),
        ),
        # The omgekeerde toets is about this resident too: each written step goes.
        **{
            name: Case(When(~Q(**{name: ""}), then=Value(ANONYMISED)), default=Value(""))
            for name in toets_module.TEXT_FIELDS
        },
    )
    Agreement.objects.filter(case=page).update(what=ANONYMISED)
    CaseClosing.objects.filter(case=page).update(
        worked=ANONYMISED,
        did_not_work=Case(When(did_not_work="", then=Value("")), default=Value(ANONYMISED)),
    )
    AgreementCheck.objects.filter(agreement__case=page).exclude(note="").update(note=ANONYMISED)
    live_streams_delete(keys=[case_stream(page.pk)])
    new_url = page.url or ""
    old_urls = {old_url} | {_sibling_url(old_url, page.slug, slug) for slug in old_slugs}
    for url in sorted(filter(None, old_urls)):
        for title in {old_title, *old_titles}:
            notifications_forget_subject(
                url=url, old_title=title, new_title=page.title, new_url=new_url
            )
    from leernetwerk.casework.signals import CASE_ANONYMISED, send_case_signal_on_commit

    send_case_signal_on_commit(case_id=page.pk, kind=CASE_ANONYMISED)
    return page


def _case_names(page: CasePage) -> tuple[set[str], set[str]]:
    """Every title and slug a case had: its own, its revisions' and its page log's labels."""
    from wagtail.models import PageLogEntry

    titles = {page.title, page.draft_title}
    slugs = {page.slug}
    for content in page.revisions.values_list("content", flat=True):
        if isinstance(content, dict):
            titles.add(str(content.get("title") or ""))
            titles.add(str(content.get("draft_title") or ""))
            slugs.add(str(content.get("slug") or ""))
    titles |= set(PageLogEntry.objects.filter(page_id=page.pk).values_list("label", flat=True))
    return {t for t in titles if len(t) >= 3}, {s for s in slugs if len(s) >= 3}


def _sibling_url(url: str, slug: str, other_slug: str) -> str:
    """``url`` (ending in ``slug/``) as it read when the page's slug was ``other_slug``."""
    suffix = f"{slug}/"
    return url[: -len(suffix)] + f"{other_slug}/" if url.endswith(suffix) else ""


def _replace_all(value, old: list[str], new: str):
    if isinstance(value, str):
        for text in old:
            value = value.replace(text, new)
        return value
    if isinstance(value, list):
        return [_replace_all(item, old, new) for item in value]
    if isinstance(value, dict):
        return {key: _replace_all(item, old, new) for key, item in value.items()}
    return value


def _scrub_page_traces(page: CasePage, *, old_titles: set[str], old_slugs: set[str]) -> None:
    """Wagtail's page log (the site history report, its exports, the page's history) keeps each
    entry's title as its label and old titles in its data (a rename); redirects keep old
    addresses. After anonymising, they name the case as it is called now."""
    from django.apps import apps
    from wagtail.models import PageLogEntry

    titles = sorted(old_titles - {page.title}, key=len, reverse=True)
    slugs = sorted(old_slugs - {page.slug}, key=len, reverse=True)
    for entry in PageLogEntry.objects.filter(page_id=page.pk):
        data = _replace_all(_replace_all(entry.data, titles, page.title), slugs, page.slug)
        # ``save`` would validate the action: the update leaves the entry as it was otherwise.
        PageLogEntry.objects.filter(pk=entry.pk).update(label=page.title, data=data)
    if apps.is_installed("wagtail.contrib.redirects"):
        from wagtail.contrib.redirects.models import Redirect

        Redirect.objects.filter(redirect_page_id=page.pk).delete()


def _forget_unused_tags(tag_ids) -> None:
    """A tag only an anonymised or removed case carried goes too: its name is the case's text
    (and the admin's tag autocompletion would still offer it)."""
    from taggit.models import Tag

    # The "tagged item" tables (one per tagged model) point at the tag with a foreign key.
    links = [rel for rel in Tag._meta.related_objects if rel.one_to_many]
    for tag in Tag.objects.filter(pk__in=tag_ids):
        if not any(
            rel.related_model._default_manager.filter(**{rel.field.name: tag}).exists()
            for rel in links
        ):
            tag.delete()


def cases_apply_retention(*, today=None, delete: bool = False) -> int:
    """Anonymise (or delete) every case whose retention date has passed; returns how many."""
    today = today or timezone.localdate()
    expired = CasePage.objects.filter(retention_date__lt=today).exclude(situation=ANONYMISED)
    count = 0
    for case in expired:
        if delete:
            with transaction.atomic():
                live_streams_delete(keys=[case_stream(case.pk)])
                notifications_forget_subject(
                    url=case.url or "", old_title=case.title, new_title=_("a removed case")
                )
                tag_ids = list(case.tags.values_list("pk", flat=True))
                case.delete()
                _forget_unused_tags(tag_ids)
        else:
            case_anonymise(case=case)
        count += 1
    return count
