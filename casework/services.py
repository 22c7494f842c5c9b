"""Writes of the casework app. Views, admin actions and consumers call these; they never set
status fields themselves. Each service validates, saves, and publishes its live event."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.casework.constants import DoorbraakKind, DoorbraakStatus
from leernetwerk.casework.models import (
    CaseAccess,
    CaseFollow,
    CaseIndexPage,
    CasePage,
    CaseVisit,
    Comment,
    Doorbraak,
    PrivacyOverride,
    Recognition,
)
from leernetwerk.casework.models.discussion import mentioned_handles
from leernetwerk.casework.models.pages import privacy_override
from leernetwerk.casework.publishers import (
    publish_comment,
    publish_doorbraak,
    publish_recognitions,
)
from leernetwerk.casework.signals import DOORBRAAK, RECOGNISED, send_case_signal_on_commit
from leernetwerk.kernel import guarded
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

__all__ = [
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
    "window",
    "maatwerk_outcome",
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
    """Doorzettingsmacht: members of the mandate holders' group (and superusers)."""
    return is_network_member(user) and has_role(user, Role.MANDATE_HOLDER)


@transaction.atomic
def doorbraak_request(
    *,
    case: CasePage,
    user,
    kind: str,
    rule: str,
    proposal: str,
    reasons: str,
    mandate_holder,
    settlement: str = "",
) -> Doorbraak:
    """The case's author asks a mandate holder for a doorbraak, with reasons. The request is
    recorded on the case, the mandate holder is told, and it counts as a signal that the rule
    does not fit."""
    if not case.live or not is_network_member(user):
        raise PermissionDenied
    if case.owner_id != user.pk and not has_role(user, Role.MANAGER):
        raise PermissionDenied
    doorbraak = Doorbraak(
        case=case,
        kind=kind,
        rule=(rule or "").strip(),
        proposal=(proposal or "").strip(),
        reasons=(reasons or "").strip(),
        settlement=(settlement or "").strip(),
        requested_by=user,
        mandate_holder=mandate_holder,
    )
    errors = {}
    if mandate_holder is None or not is_mandate_holder(mandate_holder):
        errors["mandate_holder"] = _("Choose someone with doorzettingsmacht (a mandate holder).")
    elif mandate_holder.pk == user.pk:
        errors["mandate_holder"] = _("You cannot grant your own doorbraak: ask someone else.")
    if kind == DoorbraakKind.BRIDGING and not doorbraak.settlement:
        errors["settlement"] = _("Say who pays for now and how the bill is settled later.")
    try:
        privacy_check({k: v for k, v in doorbraak.text_fields.items() if k != "decision_reason"})
    except ValidationError as error:
        errors.update({field: error.message_dict[field][0] for field in error.message_dict})
    if errors:
        raise ValidationError(errors)
    doorbraak.full_clean()
    doorbraak.save()
    publish_doorbraak(doorbraak, "doorbraak.requested", op="append")
    notification_send(
        users=[mandate_holder],
        kind="doorbraak.requested",
        title=gettext_lazy("Doorbraak requested in the case “%(case)s”"),
        body=gettext_lazy("The request is to deviate from: %(rule)s"),
        params={"case": case.title, "rule": doorbraak.rule},
        url=f"{case.url}#{doorbraak.dom_id}",
    )
    send_case_signal_on_commit(case_id=case.pk, kind=DOORBRAAK, user_id=user.pk)
    return doorbraak


@transaction.atomic
def doorbraak_decide(*, doorbraak: Doorbraak, user, grant: bool, reason: str) -> Doorbraak:
    """A mandate holder grants or refuses a doorbraak, always with reasons."""
    doorbraak = Doorbraak.objects.select_for_update().select_related("case").get(pk=doorbraak.pk)
    if not is_mandate_holder(user) or doorbraak.requested_by_id == user.pk:
        raise PermissionDenied
    if not doorbraak.case.live:
        raise ValidationError(_("The case is no longer shared with the network."))
    if not doorbraak.is_open:
        raise ValidationError(_("This doorbraak has already been decided or withdrawn."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": _("Give the reasons for your decision.")})
    privacy_check({"decision_reason": reason})
    doorbraak.status = DoorbraakStatus.GRANTED if grant else DoorbraakStatus.REFUSED
    doorbraak.decision_reason = reason
    doorbraak.decided_by = user
    doorbraak.decided_at = timezone.now()
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
    )
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
