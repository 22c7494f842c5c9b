"""Open websockets live no longer than the session they were opened with (issue 16).

A page request checks its session every time (Django's session auth hash: a new password
invalidates every other session); a websocket checked it once, when it connected. So whatever
can end a member's access asks the member's open sockets to check again (``member.recheck`` to
the member's group, after commit): a new password (changed, reset, or set by an administrator),
a change of the user row (deactivated, no longer a superuser), joining or leaving a group, a
role linked to another group or a group deleted. Each socket then reads its session afresh
(``session_user``) and applies the stream's rule again; one that no longer passes closes with
4403, as after logging out. The consumer does the same before every resume and every gap it
fills from the log, so even a change no signal reports (a queryset update) replays nothing.

The price: a recheck costs each open socket of the member a session read and the stream's
permission query; it happens on changes to members, which are rare next to live events.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
    load_backend,
)
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.utils.crypto import constant_time_compare

from leernetwerk.kernel.live.publisher import recheck_members

__all__ = ["connect_receivers", "session_user"]


def session_user(session):
    """``(user, store)``: the user ``session`` is logged in as *now*, read afresh from the
    session store — None when the session ended, its backend or user is gone, the user may not
    log in (inactive), or it was signed with a password the user no longer has."""
    key = getattr(session, "session_key", None)
    if not key:
        return None, None
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    try:
        user_id = get_user_model()._meta.pk.to_python(store[SESSION_KEY])
        backend_path = store[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None, store
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None, store
    user = load_backend(backend_path).get_user(user_id)
    if user is None:
        return None, store
    if hasattr(user, "get_session_auth_hash"):
        session_hash = store.get(HASH_SESSION_KEY) or ""
        secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        if not session_hash or not any(
            constant_time_compare(session_hash, user._get_session_auth_hash(secret=secret))
            for secret in secrets
        ):
            return None, store
    return user, store


# --- what makes sockets recheck -----------------------------------------------------------------


def _user_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    """A password set (``set_password`` then ``save``: the change and reset views, the admin),
    deactivation, a superuser no more: any save but a login's ``last_login``."""
    if created or (update_fields and set(update_fields) <= {"last_login"}):
        return
    recheck_members([instance.pk])


def _groups_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """User.groups changed, from the user's side or the group's (``group.user_set``)."""
    if action == "pre_clear" and reverse:
        instance._leernetwerk_clearing = list(instance.user_set.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        recheck_members([instance.pk])
    elif action == "post_clear":
        recheck_members(getattr(instance, "_leernetwerk_clearing", []))
    else:
        recheck_members(pk_set or [])


def _members_of(*group_ids) -> list[int]:
    return list(
        get_user_model()
        .objects.filter(groups__in=[pk for pk in group_ids if pk is not None])
        .values_list("pk", flat=True)
    )


def _role_link_changing(sender, instance, **kwargs) -> None:
    """A role moves to another group: the old group's members lose it."""
    if instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values_list("group_id", flat=True).first()
    if old is not None and old != instance.group_id:
        recheck_members(_members_of(old))


def _role_link_deleted(sender, instance, **kwargs) -> None:
    recheck_members(_members_of(instance.group_id))


def _group_deleted(sender, instance, **kwargs) -> None:
    """Deleting a group removes its members' links without an m2m signal."""
    recheck_members(_members_of(instance.pk))


def connect_receivers() -> None:
    """Called once by the kernel's ``AppConfig.ready``."""
    from leernetwerk.kernel.models import RoleGroup

    user_model = get_user_model()
    post_save.connect(
        _user_saved, sender=user_model, weak=False, dispatch_uid="leernetwerk_recheck_user"
    )
    m2m_changed.connect(
        _groups_changed,
        sender=user_model.groups.through,
        weak=False,
        dispatch_uid="leernetwerk_recheck_groups",
    )
    pre_save.connect(
        _role_link_changing,
        sender=RoleGroup,
        weak=False,
        dispatch_uid="leernetwerk_recheck_role_link",
    )
    pre_delete.connect(
        _role_link_deleted,
        sender=RoleGroup,
        weak=False,
        dispatch_uid="leernetwerk_recheck_role_unlinked",
    )
    pre_delete.connect(
        _group_deleted, sender=Group, weak=False, dispatch_uid="leernetwerk_recheck_group_deleted"
    )
