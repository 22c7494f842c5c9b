"""Writes about members: profiles, leaving the network."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.constants import NotificationDelivery, NotificationEmail
from leernetwerk.kernel.live.publisher import disconnect_member
from leernetwerk.kernel.models import MemberProfile, Notification
from leernetwerk.kernel.roles import Role

__all__ = [
    "member_deactivate",
    "member_reactivate",
    "profile_for",
    "profile_update",
    "end_sessions",
]

PROFILE_FIELDS = (
    "display_name",
    "organisation",
    "function",
    "perspective",
    "preferred_language",
    "notification_delivery",
    "muted_categories",
)


def profile_for(user) -> MemberProfile:
    """The member's profile, created on first use."""
    profile, _created = MemberProfile.objects.get_or_create(
        user=user, defaults={"display_name": user.get_full_name()}
    )
    return profile


@transaction.atomic
def profile_update(*, user, data: dict) -> MemberProfile:
    """A member edits their own profile."""
    profile = profile_for(user)
    if profile.erased_at:
        raise PermissionDenied
    was_digest = profile.notification_delivery == NotificationDelivery.DIGEST
    for field in PROFILE_FIELDS:
        if field in data and (data[field] or field != "notification_delivery"):
            setattr(profile, field, data[field])
    if "muted_categories" in data:
        profile.muted_categories = sorted(set(data["muted_categories"] or ()))
    profile.full_clean()
    profile.save()
    if was_digest and profile.notification_delivery != NotificationDelivery.DIGEST:
        # No stale digest later: what waited for it stays in the network only.
        Notification.objects.filter(user=user, email_state=NotificationEmail.DIGEST).update(
            email_state=NotificationEmail.NONE
        )
    return profile


def end_sessions(user) -> int:
    """Log ``user`` out everywhere (sessions are few; the table is scanned in batches)."""
    ended = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=500):
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            ended.append(session.pk)
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def _may_manage_members(actor) -> bool:
    return has_role(actor, Role.MANAGER, Role.SESSION_ADMIN)


@transaction.atomic
def member_deactivate(*, member, by) -> None:
    """A member leaves: no more logins, open sessions end, open websockets close. Their
    contributions stay, attributed to their name with "(oud-lid)"."""
    if not _may_manage_members(by) or member.pk == by.pk:
        raise PermissionDenied
    # Nobody deactivates someone with more rights than they have.
    if member.is_superuser and not by.is_superuser:
        raise PermissionDenied
    if has_role(member, Role.MANAGER) and not has_role(by, Role.MANAGER):
        raise PermissionDenied
    member.is_active = False
    member.save(update_fields=["is_active"])
    profile = profile_for(member)
    profile.left_at = timezone.now()
    profile.save(update_fields=["left_at"])
    end_sessions(member)
    disconnect_member(member.pk)


@transaction.atomic
def member_reactivate(*, member, by) -> None:
    if not _may_manage_members(by):
        raise PermissionDenied
    profile = profile_for(member)
    if profile.erased_at:
        raise PermissionDenied  # erased members cannot come back under the same account
    member.is_active = True
    member.save(update_fields=["is_active"])
    profile.left_at = None
    profile.save(update_fields=["left_at"])
