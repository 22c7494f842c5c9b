"""Writes about members: profiles, leaving the network."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
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
    "may_manage_member",
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
    # Through the session engine, so a cached session (``cached_db``, ``cache``) ends too.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in ended:
        store(session_key=key).delete()
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


#: Who manages (deactivates, reactivates) whom: the roles each managing role reaches (ADR 0012).
#: A member is within reach only when *every* role they hold is; the other roles (stuurgroep,
#: mandate holders, editors, managers), superusers and users outside the network are managed
#: by a superuser only, and nobody manages themselves.
MANAGED_ROLES: dict[str, frozenset[str]] = {
    Role.SESSION_ADMIN: frozenset({Role.PROFESSIONAL}),
    Role.MANAGER: frozenset({Role.PROFESSIONAL, Role.SESSION_ADMIN}),
}


def _may_manage_members(actor) -> bool:
    return has_role(actor, *MANAGED_ROLES)


def _held_roles(member) -> frozenset[str]:
    """The member's roles, also while the account is inactive (``user_roles`` is then empty)."""
    from leernetwerk.kernel.models import RoleGroup

    return frozenset(RoleGroup.objects.filter(group__user=member).values_list("role", flat=True))


def may_manage_member(actor, member) -> bool:
    """May ``actor`` deactivate or reactivate ``member``? (The rule above, for views too.)"""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    if member.pk == actor.pk:
        return False
    if actor.is_superuser:
        return True
    if member.is_superuser or not _may_manage_members(actor):
        return False
    held = _held_roles(member)
    if not held:
        return False  # not a network member: the host's user, not ours to manage
    reach = frozenset().union(
        *(roles for role, roles in MANAGED_ROLES.items() if has_role(actor, role))
    )
    return held <= reach


@transaction.atomic
def member_deactivate(*, member, by) -> None:
    """A member leaves: no more logins, open sessions end, open websockets close. Their
    contributions stay, attributed to their name with "(oud-lid)"."""
    if not may_manage_member(by, member):
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
    """A former member comes back; the same rule as leaving decides who may bring them back."""
    if not may_manage_member(by, member):
        raise PermissionDenied
    profile = profile_for(member)
    if profile.erased_at:
        raise PermissionDenied  # erased members cannot come back under the same account
    member.is_active = True
    member.save(update_fields=["is_active"])
    profile.left_at = None
    profile.save(update_fields=["left_at"])
