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
from django.utils import timezone
from wagtail import hooks

from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.live.publisher import disconnect_member
from leernetwerk.kernel.live.services import live_streams_delete
from leernetwerk.kernel.live.streams import user_stream
from leernetwerk.kernel.members.services import end_sessions, profile_for
from leernetwerk.kernel.models import (
    ErasureRequest,
    Invitation,
    MemberProfile,
    Notification,
    RoleGroup,
)
from leernetwerk.kernel.roles import Role, role_members

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
        "roles": sorted(RoleGroup.objects.filter(group__user=user).values_list("role", flat=True)),
        "is_active": user.is_active,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "left_at": _iso(profile.left_at) if profile else None,
        "erased_at": _iso(profile.erased_at) if profile else None,
        "pseudonym": profile.pseudonym if profile else "",
    }


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
        "invitations": _export_invitations(user),
        "erasure_requests": _export_erasure_requests(user),
        "notifications": _export_notifications(user),
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

    from leernetwerk.kernel.notifications import notification_send

    managers = role_members(Role.MANAGER).select_related("member_profile")
    notification_send(
        users=managers,
        exclude=[request.user],
        kind="member.erasure_request",
        title=gettext_lazy("A member asks for their personal data to be erased"),
        body=gettext_lazy("Confirm it in the list of erasure requests."),
        url=reverse("leernetwerk_members:erasure_requests"),
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

    end_sessions(member)
    disconnect_member(member.pk)
    for fn in hooks.get_hooks(ERASE_HOOK):
        fn(member, pseudonym=pseudonym, old=dict(old))


def _scrub_notifications(member, old: dict[str, str], pseudonym: str) -> None:
    """The member's own notifications go; in other members' notifications their name (as it
    was rendered into the text) becomes the pseudonym."""
    Notification.objects.filter(user=member).delete()
    live_streams_delete(keys=[user_stream(member.pk)])
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


def _scrub_revisions(old: dict[str, str], pseudonym: str) -> None:
    """Revisions (of any page or snippet) that typed the member's name — a session agenda's
    presenter, say — name the pseudonym instead: the page history and "compare" show them."""
    import json

    from wagtail.models import Revision

    names = sorted(
        {old[key] for key in ("full_name", "display_name", "email", "username") if old.get(key)},
        key=len,
        reverse=True,
    )
    names = [name for name in names if len(name) >= 3]
    if not names:
        return
    mentions = Q()
    for name in names:
        # JSON keeps non-ASCII letters escaped: look for both spellings.
        mentions |= Q(content__icontains=name) | Q(content__icontains=json.dumps(name)[1:-1])
    for revision in Revision.objects.filter(mentions).iterator():
        content = _replace_in(revision.content, names, pseudonym)
        if content != revision.content:
            Revision.objects.filter(pk=revision.pk).update(content=content)


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

    _scrub_revisions(old, pseudonym)

    from wagtail.users.models import UserProfile

    wagtail_profile = UserProfile.objects.filter(user=member).first()
    if wagtail_profile is not None and wagtail_profile.avatar:
        storage, name = wagtail_profile.avatar.storage, wagtail_profile.avatar.name
        wagtail_profile.avatar = ""
        wagtail_profile.save(update_fields=["avatar"])
        transaction.on_commit(lambda: storage.delete(name))
