"""Privacy rights of members (AVG): professionals are data subjects too.

- ``member_export``: everything the network holds about one member and what they contributed, as
  JSON-serialisable data, without any other person's personal data (art. 15 and 20 AVG). Other
  apps add their parts through the ``leernetwerk_member_export`` Wagtail hook.
- ``erasure_request_create`` / ``erasure_confirm``: a member asks for erasure (art. 17), an
  administrator confirms it. The personal data goes; the contributions stay for the network,
  attributed to a pseudonym ("Voormalig lid 3fa9c2") that is the same on all of them.

Other apps that hold personal data of members register ``leernetwerk_member_erase``
(``fn(user, *, pseudonym: str, old: dict[str, str])``, called inside the erasure transaction, after
the account itself was pseudonymised; ``old`` holds the former username, e-mail address and names
so an app can scrub copies it made of them).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from ..access import has_role
from ..live.models import LiveEvent, LiveStream
from ..live.publisher import disconnect_member
from ..live.streams import case_stream, user_stream
from ..models import (
    CaseAccess,
    CasePage,
    Comment,
    Doorbraak,
    ErasureRequest,
    Invitation,
    MemberProfile,
    Notification,
    Recognition,
)
from ..roles import MEMBER_ROLES, Role
from ..sanitize import plain_text
from .services import end_sessions, profile_for

__all__ = [
    "ERASE_HOOK",
    "EXPORT_HOOK",
    "erasure_confirm",
    "erasure_request_create",
    "erasure_request_withdraw",
    "may_confirm_erasure",
    "member_export",
    "member_pseudonym",
    "open_erasure_request",
    "pseudonym_code",
]

logger = logging.getLogger(__name__)

#: ``fn(user) -> dict``: an app's part of a member's data export (merged into the top level).
EXPORT_HOOK = "leernetwerk_member_export"
#: ``fn(user, *, pseudonym, old)``: an app removes its copies of an erased member's personal data.
ERASE_HOOK = "leernetwerk_member_erase"

PSEUDONYM_PREFIX = "Voormalig lid"
ERASED_USERNAME_PREFIX = "erased-"
ERASED_EMAIL_DOMAIN = "erased.invalid"
EXPORT_FORMAT = "leernetwerk.member-export"
EXPORT_VERSION = 1


# --- pseudonyms --------------------------------------------------------------------------------


def pseudonym_code(user_pk: int, *, length: int = 6) -> str:
    """A short code derived from the user's id with an HMAC keyed by ``SECRET_KEY``: the same
    for the same person every time, not guessable from the id without the key."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"leernetwerk.member-pseudonym.{int(user_pk)}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return digest[:length]


def member_pseudonym(user) -> str:
    """The name an erased member's contributions carry: the stored pseudonym once erased;
    before that the one erasure will store (the shortest code no other member carries)."""
    stored = (
        MemberProfile.objects.filter(user_id=user.pk)
        .exclude(pseudonym="")
        .values_list("pseudonym", flat=True)
        .first()
    )
    if stored:
        return stored
    for length in range(6, 65, 2):
        candidate = f"{PSEUDONYM_PREFIX} {pseudonym_code(user.pk, length=length)}"
        if not MemberProfile.objects.filter(pseudonym=candidate).exclude(user_id=user.pk).exists():
            return candidate
    raise RuntimeError("No free pseudonym")  # pragma: no cover (64 hex digits always differ)


def _erased_username(user, code: str) -> str:
    User = get_user_model()
    full = pseudonym_code(user.pk, length=64)
    for length in range(len(code), 65, 2):
        candidate = f"{ERASED_USERNAME_PREFIX}{full[:length]}"
        if not User.objects.filter(username=candidate).exclude(pk=user.pk).exists():
            return candidate
    return f"{ERASED_USERNAME_PREFIX}{user.pk}-{full[:12]}"  # pragma: no cover


# --- export ------------------------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _names(items) -> list[str]:
    return [str(item) for item in items]


def _export_profile(user, profile: MemberProfile | None) -> dict[str, Any]:
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "display_name": profile.display_name if profile else "",
        "organisation": str(profile.organisation) if profile and profile.organisation else None,
        "function": profile.function if profile else "",
        "perspective": str(profile.perspective) if profile and profile.perspective else None,
        "preferred_language": profile.preferred_language if profile else None,
        "notification_delivery": profile.notification_delivery if profile else None,
        "muted_notifications": list(profile.muted_categories) if profile else [],
        "roles": sorted(user.groups.filter(name__in=MEMBER_ROLES).values_list("name", flat=True)),
        "is_active": user.is_active,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "left_at": _iso(profile.left_at) if profile else None,
        "erased_at": _iso(profile.erased_at) if profile else None,
        "pseudonym": profile.pseudonym if profile else "",
    }


def _export_cases(user) -> list[dict[str, Any]]:
    cases = []
    queryset = (
        CasePage.objects.filter(owner=user)
        .select_related("knelpunt_type")
        .prefetch_related("life_domains", "laws", "organisations", "tags")
        .order_by("pk")
    )
    for case in queryset:
        # A draft's latest text lives in its newest revision.
        current = case.get_latest_revision_as_object() if case.has_unpublished_changes else case
        cases.append(
            {
                "id": case.pk,
                "title": current.title,
                "status": current.status,
                "live": case.live,
                "has_unpublished_changes": case.has_unpublished_changes,
                "texts": {
                    field: getattr(current, field)
                    for field in (
                        "situation",
                        "ik_wil",
                        "ik_kan",
                        "ik_heb_nodig",
                        "knelpunt",
                        "maatwerk",
                        "consent_purpose",
                    )
                },
                "knelpunt_type": str(case.knelpunt_type) if case.knelpunt_type else None,
                "window": current.window,
                "maatwerk_outcome": current.maatwerk_outcome,
                "life_domains": _names(case.life_domains.all()),
                "laws": _names(case.laws.all()),
                "organisations": _names(case.organisations.all()),
                "tags": _names(case.tags.all()),
                "consent_given": current.consent_given,
                "retention_date": _iso(current.retention_date),
                "first_published_at": _iso(case.first_published_at),
                "last_published_at": _iso(case.last_published_at),
                "latest_revision_created_at": _iso(case.latest_revision_created_at),
                # Counts only: who commented or recognised it is other people's data.
                "comment_count": case.comments.filter(removed_at=None, hidden_at=None).count(),
                "recognition_count": case.recognitions.count(),
            }
        )
    return cases


def _export_comments(user) -> list[dict[str, Any]]:
    comments = Comment.objects.filter(author=user).select_related("case").order_by("created_at")
    return [
        {
            "id": comment.pk,
            "case": {"id": comment.case_id, "title": comment.case.title},
            # The id only: the parent's author is another person.
            "reply_to": comment.parent_id,
            "body": plain_text(comment.body),
            "created_at": _iso(comment.created_at),
            "edited_at": _iso(comment.edited_at),
            "removed_at": _iso(comment.removed_at),
            "hidden_at": _iso(comment.hidden_at),
            "hidden_reason": comment.hidden_reason,
        }
        for comment in comments
    ]


def _export_recognitions(user) -> list[dict[str, Any]]:
    recognitions = Recognition.objects.filter(user=user).select_related("case")
    return [
        {
            "case": {"id": item.case_id, "title": item.case.title},
            "note": item.note,
            "created_at": _iso(item.created_at),
        }
        for item in recognitions.order_by("created_at")
    ]


def _export_case_views(user) -> list[dict[str, Any]]:
    views = CaseAccess.objects.filter(user=user).order_by("viewed_at", "pk")
    return [
        {"case": {"id": case_id, "title": title}, "viewed_at": _iso(viewed_at)}
        for case_id, title, viewed_at in views.values_list("case_id", "case__title", "viewed_at")
    ]


def _export_invitations(user) -> list[dict[str, Any]]:
    # Who invited them is another person's data: left out.
    invitations = Invitation.objects.filter(accepted_by=user).select_related("organisation")
    return [
        {
            "email": invitation.email,
            "organisation": str(invitation.organisation),
            "role": invitation.role,
            "created_at": _iso(invitation.created_at),
            "accepted_at": _iso(invitation.accepted_at),
        }
        for invitation in invitations.order_by("created_at")
    ]


def _export_erasure_requests(user) -> list[dict[str, Any]]:
    return [
        {
            "requested_at": _iso(item.requested_at),
            "reason": item.reason,
            "confirmed_at": _iso(item.confirmed_at),
        }
        for item in ErasureRequest.objects.filter(user=user).order_by("requested_at")
    ]


def _export_notifications(user) -> list[dict[str, Any]]:
    return [
        {
            "kind": item.kind,
            "title": item.title,
            "text": item.body,
            "link": item.url,
            "created_at": _iso(item.created_at),
            "read_at": _iso(item.read_at),
            "emailed_at": _iso(item.emailed_at),
        }
        for item in Notification.objects.filter(user=user).order_by("created_at", "pk")
    ]


def _export_doorbraken(user) -> dict[str, list[dict[str, Any]]]:
    """The doorbraken a member asked for, and the decisions they took as a mandate holder
    (without the other person's name)."""
    asked = Doorbraak.objects.filter(requested_by=user).select_related("case")
    decided = Doorbraak.objects.filter(decided_by=user).select_related("case")
    return {
        "requested": [
            {
                "case": {"id": item.case_id, "title": item.case.title},
                "kind": item.kind,
                "rule": item.rule,
                "proposal": item.proposal,
                "reasons": item.reasons,
                "settlement": item.settlement,
                "requested_at": _iso(item.requested_at),
                "status": item.status,
                "decision_reason": item.decision_reason,
                "decided_at": _iso(item.decided_at),
            }
            for item in asked.order_by("requested_at", "pk")
        ],
        "decided": [
            {
                "case": {"id": item.case_id, "title": item.case.title},
                "status": item.status,
                "decision_reason": item.decision_reason,
                "decided_at": _iso(item.decided_at),
            }
            for item in decided.order_by("decided_at", "pk")
        ],
    }


def member_export(*, user) -> dict[str, Any]:
    """What the network holds about ``user`` and what they contributed. Contains no other
    person's personal data: others' comments and recognitions are left out (counts at most),
    replies refer to the comment's id, invitations leave out who sent them."""
    profile = (
        MemberProfile.objects.filter(user=user)
        .select_related("organisation", "perspective")
        .first()
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": _iso(timezone.now()),
        "profile": _export_profile(user, profile),
        "cases": _export_cases(user),
        "comments": _export_comments(user),
        "recognitions": _export_recognitions(user),
        "case_views": _export_case_views(user),
        "invitations": _export_invitations(user),
        "erasure_requests": _export_erasure_requests(user),
        "notifications": _export_notifications(user),
        "doorbraken": _export_doorbraken(user),
        "notes": {
            "case_views": _(
                "Every time you opened a case it was logged (the AVG asks for an access log)."
            ),
        },
    }
    for fn in hooks.get_hooks(EXPORT_HOOK):
        data.update(fn(user))
    return data


# --- erasure -----------------------------------------------------------------------------------


def open_erasure_request(user) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(user=user, confirmed_at__isnull=True).first()


@transaction.atomic
def erasure_request_create(*, user, reason: str = "") -> ErasureRequest:
    """A member asks for their personal data to be erased; one open request at a time (asking
    again returns the open one)."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    # Serialise concurrent requests of the same member on their user row.
    get_user_model().objects.select_for_update().filter(pk=user.pk).exists()
    if profile_for(user).erased_at:
        raise PermissionDenied
    existing = open_erasure_request(user)
    if existing is not None:
        return existing
    request = ErasureRequest(user=user, reason=(reason or "").strip()[:2000])
    request.full_clean()
    request.save()
    _tell_managers(request)
    return request


def _tell_managers(request: ErasureRequest) -> None:
    """The managers who confirm erasures hear of a new request (the member's name is not in the
    message: the list of requests shows who asked)."""
    from django.urls import reverse
    from django.utils.translation import gettext_lazy

    from ..notifications import notification_send

    managers = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.MANAGER)
        .select_related("member_profile")
        .distinct()
    )
    notification_send(
        users=managers,
        exclude=[request.user],
        kind="member.erasure_request",
        title=gettext_lazy("A member asks for their personal data to be erased"),
        body=gettext_lazy("Confirm it in the list of erasure requests."),
        url=reverse("members:erasure_requests"),
    )


@transaction.atomic
def erasure_request_withdraw(*, user) -> bool:
    """The member changed their mind before an administrator confirmed."""
    deleted, _by_model = ErasureRequest.objects.filter(
        user=user, confirmed_at__isnull=True
    ).delete()
    return bool(deleted)


def may_confirm_erasure(actor, request: ErasureRequest) -> bool:
    """Administrators (managers, superusers) confirm, never their own request."""
    return has_role(actor, Role.MANAGER) and request.user_id != actor.pk


@transaction.atomic
def erasure_confirm(*, request: ErasureRequest, by) -> ErasureRequest:
    """An administrator confirms: the member's personal data is removed, their contributions
    stay under their pseudonym. Confirming again changes nothing."""
    if not may_confirm_erasure(by, request):
        raise PermissionDenied
    request = ErasureRequest.objects.select_for_update().get(pk=request.pk)
    if request.confirmed_at is not None:
        return request
    member = get_user_model().objects.select_for_update().get(pk=request.user_id)
    profile = profile_for(member)
    if profile.erased_at is None:
        _erase(member, profile)
    # Every open request of this member is answered by this erasure; the reasons (free text
    # about the member) go, the fact and date of the erasure stay (accountability, art. 5(2)).
    ErasureRequest.objects.filter(user=member, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now(), confirmed_by=by, reason=""
    )
    request.refresh_from_db()
    return request


def _old_identifiers(member, profile: MemberProfile) -> dict[str, str]:
    return {
        "username": member.get_username(),
        "email": member.email,
        "first_name": member.first_name,
        "last_name": member.last_name,
        "full_name": member.get_full_name().strip(),
        "display_name": profile.display_name,
    }


def _erase(member, profile: MemberProfile) -> None:
    old = _old_identifiers(member, profile)
    pseudonym = member_pseudonym(member)
    code = pseudonym.rsplit(" ", 1)[-1]
    now = timezone.now()

    _forget_login_traces(old)
    _delete_devices(member)

    member.first_name = ""
    member.last_name = ""
    member.email = ""
    member.username = _erased_username(member, code)
    member.set_unusable_password()
    member.is_active = False
    member.save()

    profile.display_name = ""
    profile.function = ""
    profile.organisation = None
    profile.perspective = None
    profile.pseudonym = pseudonym
    profile.erased_at = now
    profile.left_at = profile.left_at or now
    profile.save()
    member.member_profile = profile

    _scrub_notifications(member, old, pseudonym)
    invitation_ids = _scrub_invitations(member, old, now=now)
    _scrub_wagtail(member, profile, invitation_ids, old, pseudonym)
    _rerender_live_comments(member)
    _rerender_live_doorbraken(member)

    end_sessions(member)
    disconnect_member(member.pk)
    for fn in hooks.get_hooks(ERASE_HOOK):
        fn(member, pseudonym=pseudonym, old=dict(old))


def _scrub_notifications(member, old: dict[str, str], pseudonym: str) -> None:
    """The member's own notifications go; in other members' notifications their name (as it
    was rendered into the text) becomes the pseudonym."""
    Notification.objects.filter(user=member).delete()
    LiveStream.objects.filter(key=user_stream(member.pk)).delete()
    names = sorted(
        {old[key] for key in ("full_name", "display_name") if old.get(key)}, key=len, reverse=True
    )
    if not names:
        return
    mentions = Q()
    for name in names:
        mentions |= Q(title__contains=name) | Q(body__contains=name)
    for item in Notification.objects.filter(mentions):
        item.title = _replace_in(item.title, names, pseudonym)
        item.body = _replace_in(item.body, names, pseudonym)
        item.save(update_fields=["title", "body"])


def _forget_login_traces(old: dict[str, str]) -> None:
    """django-axes keeps login attempts and logins by username (with IP address and browser)."""
    if not apps.is_installed("axes"):
        return
    from axes import models as axes_models

    names = Q()
    for value in {old["username"], old["email"]} - {""}:
        names |= Q(username__iexact=value)
    if not names:
        return
    for name in ("AccessAttempt", "AccessLog", "AccessFailureLog"):
        model = getattr(axes_models, name, None)
        if model is not None:
            model.objects.filter(names).delete()


def _delete_devices(member) -> None:
    """Two-factor devices (TOTP, backup codes, any other django-otp device)."""
    if not apps.is_installed("django_otp"):
        return
    from django_otp import devices_for_user

    for device in list(devices_for_user(member, confirmed=None)):
        device.delete()


def _scrub_invitations(member, old: dict[str, str], *, now) -> list[int]:
    """Invitations carry the e-mail address: replaced by an address that reaches nobody; an
    invitation still open for it is revoked."""
    matches = Q(accepted_by=member)
    if old["email"]:
        matches |= Q(email__iexact=old["email"])
    invitations = Invitation.objects.filter(matches)
    ids = list(invitations.values_list("pk", flat=True))
    if ids:
        Invitation.objects.filter(
            pk__in=ids, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        Invitation.objects.filter(pk__in=ids).update(
            email=f"{member.username}@{ERASED_EMAIL_DOMAIN}"
        )
    return ids


def _replace_in(value, old_values: list[str], new: str):
    if isinstance(value, str):
        for old_value in old_values:
            value = value.replace(old_value, new)
        return value
    if isinstance(value, list):
        return [_replace_in(item, old_values, new) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in(item, old_values, new) for key, item in value.items()}
    return value


def _scrub_wagtail(member, profile, invitation_ids, old: dict[str, str], pseudonym: str) -> None:
    """Wagtail's audit log refers to the acting user by foreign key only (shown through the now
    pseudonymised account), and page log entries store no user names in ``data``. What does
    carry names: the ``label`` of entries *about* the user, their profile or their invitations
    (``str(instance)`` when it was logged). Those labels and data are rewritten. An avatar, if
    one was uploaded in the admin, is removed."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    # Longest first, so a full name is replaced before its parts.
    old_values = sorted(
        {value for value in old.values() if value and len(value) >= 3}, key=len, reverse=True
    )
    targets = [(get_user_model(), [member.pk], pseudonym), (MemberProfile, [profile.pk], pseudonym)]
    invitations = {inv.pk: str(inv) for inv in Invitation.objects.filter(pk__in=invitation_ids)}
    targets.append((Invitation, invitation_ids, None))
    for model, pks, label in targets:
        if not pks:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        entries = ModelLogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in pks]
        )
        for entry in entries:
            entry.label = label or invitations.get(int(entry.object_id), entry.label)
            entry.data = _replace_in(entry.data, old_values, pseudonym)
            # ``save`` would run full_clean on actions of apps that may be gone: update instead.
            ModelLogEntry.objects.filter(pk=entry.pk).update(label=entry.label, data=entry.data)

    from wagtail.users.models import UserProfile

    wagtail_profile = UserProfile.objects.filter(user=member).first()
    if wagtail_profile is not None and wagtail_profile.avatar:
        storage, name = wagtail_profile.avatar.storage, wagtail_profile.avatar.name
        wagtail_profile.avatar = ""
        wagtail_profile.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(name))


def _render_comment(comment: Comment) -> str:
    return render_to_string("casework/includes/comment.html", {"comment": comment, "live": True})


def _rerender_live_comments(member) -> None:
    """The event log replays server-rendered comment HTML, which shows the author's name: the
    events about the member's comments (and about the threads their replies sit in) are
    rendered again, now under the pseudonym."""
    own = Comment.objects.filter(author=member)
    targets = set(own.values_list("pk", flat=True)) | set(
        own.exclude(parent=None).values_list("parent_id", flat=True)
    )
    if not targets:
        return
    comments = {
        comment.pk: comment
        for comment in Comment.objects.filter(pk__in=targets).select_related(
            "author__member_profile"
        )
    }
    streams = [case_stream(case_id) for case_id in {c.case_id for c in comments.values()}]
    rendered: dict[int, str] = {}
    for event in LiveEvent.objects.filter(stream__key__in=streams).iterator(chunk_size=500):
        payload = event.payload if isinstance(event.payload, dict) else {}
        comment_id = payload.get("comment")
        if comment_id not in comments:
            continue
        changed = False
        for op in payload.get("ops") or []:
            if isinstance(op, dict) and "html" in op:
                if comment_id not in rendered:
                    rendered[comment_id] = _render_comment(comments[comment_id])
                op["html"] = rendered[comment_id]
                changed = True
        if changed:
            LiveEvent.objects.filter(pk=event.pk).update(payload=payload)


def _rerender_live_doorbraken(member) -> None:
    """Doorbraak events replay HTML with the requester's, mandate holder's and decider's names:
    those the member appears in are rendered again under the pseudonym."""
    doorbraken = {
        item.pk: item
        for item in Doorbraak.objects.filter(
            Q(requested_by=member) | Q(mandate_holder=member) | Q(decided_by=member)
        ).select_related(
            "requested_by__member_profile",
            "mandate_holder__member_profile",
            "decided_by__member_profile",
        )
    }
    if not doorbraken:
        return
    streams = [case_stream(case_id) for case_id in {d.case_id for d in doorbraken.values()}]
    for event in LiveEvent.objects.filter(stream__key__in=streams).iterator(chunk_size=500):
        payload = event.payload if isinstance(event.payload, dict) else {}
        doorbraak = doorbraken.get(payload.get("doorbraak"))
        if doorbraak is None:
            continue
        html = render_to_string(
            "casework/includes/doorbraak.html", {"doorbraak": doorbraak, "live": True}
        )
        for op in payload.get("ops") or []:
            if isinstance(op, dict) and "html" in op:
                op["html"] = html
        LiveEvent.objects.filter(pk=event.pk).update(payload=payload)
