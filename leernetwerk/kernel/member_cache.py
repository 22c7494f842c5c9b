"""What every page shows about the member, from the cache (issue #19).

The header of every page needs the member's roles, whether they may open the admin, whether
they must pass a second factor, their display name, the bell's unread count and where their
live stream stands. Read from the database, that is eight queries on every page; here they are
one cache read (``cache.get_many``) in the steady state.

Every fact is dropped by the events that change it, never left to expire:

* a member's own facts (roles, admin access, authenticator, name) when the member is saved,
  their groups, permissions, TOTP devices or profile change (``forget``);
* everyone's facts (``bump_generation``) when a role is linked to another group, a group or a
  group's permissions change: rare administrative events that touch many members at once;
* the bell's count is stored with the position of the member's live stream it was counted at:
  every change of the unread set publishes on that stream (a new notification, a read one), and
  the publisher moves the cached position on commit (``stream_moved``), so a count of an older
  position is never shown; a "no longer current" check (``register_still_current``) names the
  models it reads and their changes bump the notifications generation.

The time-to-live (``TTL``) is a safety net for a write the application does not see (a raw SQL
update), not the invalidation. Django's dummy cache (the test settings) makes every read a
database read: the behaviour is the same, only slower.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

#: Seconds a cached fact may live when no event dropped it.
TTL = 300

_PREFIX = "leernetwerk:member"
_GENERATION = f"{_PREFIX}:generation"
_NOTIFICATIONS_GENERATION = f"{_PREFIX}:notifications-generation"


def _facts_key(user_id: int) -> str:
    return f"{_PREFIX}:facts:{user_id}"


def _bell_key(user_id: int) -> str:
    return f"{_PREFIX}:bell:{user_id}"


def _stream_key(stream: str) -> str:
    return f"{_PREFIX}:stream:{stream}"


def _safe(function: Callable[..., Any], *args, default=None):
    """A cache that is down makes pages slower, never broken."""
    try:
        return function(*args)
    except Exception:
        logger.warning("Cache unavailable for %s", getattr(function, "__name__", function))
        return default


def _bump(key: str) -> None:
    def bump() -> None:
        # A new value, never an increment: a missing key and a restarted cache are both fine.
        _safe(cache.set, key, time.time_ns(), None)

    transaction.on_commit(bump)


def bump_generation() -> None:
    """Every member's facts are stale (after the transaction commits)."""
    _bump(_GENERATION)


def bump_notifications_generation() -> None:
    """Every member's bell count is stale (a "still current" check's data changed)."""
    _bump(_NOTIFICATIONS_GENERATION)


def forget(user_ids: Iterable[int]) -> None:
    """The facts of ``user_ids`` are stale: dropped now and again after the commit (a reader
    between the two may have stored what it read before the change)."""
    keys = [_facts_key(int(pk)) for pk in user_ids if pk is not None]
    if not keys:
        return
    _safe(cache.delete_many, keys)
    transaction.on_commit(lambda: _safe(cache.delete_many, keys))


def stream_moved(stream: str, last_id: int) -> None:
    """The publisher's note after a commit: ``stream`` now ends at ``last_id``."""
    key = _stream_key(stream)
    current = _safe(cache.get, key)
    if current is None or current < last_id:
        _safe(cache.set, key, last_id, TTL)


def _member_facts(user) -> dict:
    """Computed from the database: what ``facts`` caches."""
    from leernetwerk.kernel.access import _roles_from_database
    from leernetwerk.kernel.members.names import member_name
    from leernetwerk.kernel.members.security import has_authenticator

    return {
        "roles": sorted(_roles_from_database(user)),
        "admin": user.has_perm("wagtailadmin.access_admin"),
        "authenticator": has_authenticator(user),
        "name": member_name(user),
    }


def facts(user) -> dict:
    """``roles``, ``admin``, ``authenticator`` and ``name`` of a logged-in, active ``user``;
    read once per request (kept on the user object) and from the cache across requests."""
    memo = getattr(user, "_leernetwerk_facts", None)
    if memo is not None:
        return memo
    found = _safe(cache.get_many, [_GENERATION, _facts_key(user.pk)], default={})
    generation = found.get(_GENERATION)
    cached = found.get(_facts_key(user.pk))
    if cached is not None and generation is not None and cached.get("generation") == generation:
        memo = cached
    else:
        memo = _member_facts(user)
        if generation is None:
            generation = time.time_ns()
            _safe(cache.add, _GENERATION, generation, None)
            generation = _safe(cache.get, _GENERATION, default=generation)
        _safe(cache.set, _facts_key(user.pk), {**memo, "generation": generation}, TTL)
    user._leernetwerk_facts = memo
    return memo


def _stream_position(stream: str, cached) -> int:
    """``cached`` (the stream's position read from the cache) or, when missing, the log's."""
    if cached is not None:
        return cached
    from leernetwerk.kernel.live.selectors import last_event_id

    last_id = last_event_id(stream)
    _safe(cache.add, _stream_key(stream), last_id, TTL)
    return last_id


def stream_last_id(stream: str) -> int:
    """Where ``stream`` ends, as a page renders it into ``data-live-since``."""
    return _stream_position(stream, _safe(cache.get, _stream_key(stream)))


def bell(user) -> tuple[int, int]:
    """``(unread count, the member's live stream position)`` for the member bar: one cache
    read in the steady state."""
    from leernetwerk.kernel.live.streams import user_stream
    from leernetwerk.kernel.notifications import unread_count

    stream = user_stream(user.pk)
    keys = [_stream_key(stream), _bell_key(user.pk), _NOTIFICATIONS_GENERATION]
    found = _safe(cache.get_many, keys, default={})
    position = _stream_position(stream, found.get(_stream_key(stream)))
    generation = found.get(_NOTIFICATIONS_GENERATION, 0)
    cached = found.get(_bell_key(user.pk))
    if cached is not None and cached[:2] == (position, generation):
        return cached[2], position
    count = unread_count(user)
    _safe(cache.set, _bell_key(user.pk), (position, generation, count), TTL)
    return count, position


# --- the events that change the facts -------------------------------------------------------


def _user_saved(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    if created or (update_fields and set(update_fields) <= {"last_login"}):
        return
    forget([instance.pk])


def _user_links_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    """A member's groups or own permissions (from the member's side: forget them; from the
    group's or permission's side: everyone, a rare administrative change)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        bump_generation()
    else:
        forget([instance.pk])


def _everyone(sender, **kwargs) -> None:
    """Roles linked to groups, groups, group permissions: everyone's facts."""
    if kwargs.get("action", "post_").startswith("post_"):
        bump_generation()


def _owner_changed(sender, instance, **kwargs) -> None:
    """A TOTP device or a member profile: its member's facts."""
    forget([instance.user_id])


def _notifications_stale(sender, **kwargs) -> None:
    bump_notifications_generation()


def watch_for_notifications(*models) -> None:
    """The bell's counts depend on ``models`` (a "still current" check reads them)."""
    from django.db.models.signals import post_delete, post_save

    for model in models:
        uid = f"leernetwerk_bell_{model._meta.label_lower}"
        post_save.connect(_notifications_stale, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_notifications_stale, sender=model, weak=False, dispatch_uid=uid)


def connect_receivers() -> None:
    """Called once by the kernel's ``AppConfig.ready``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from wagtail.signals import page_published, page_unpublished

    from leernetwerk.kernel.models import MemberProfile, RoleGroup

    user_model = get_user_model()
    post_save.connect(_user_saved, sender=user_model, weak=False, dispatch_uid="ln_mc_user")
    for through in (user_model.groups.through, user_model.user_permissions.through):
        m2m_changed.connect(
            _user_links_changed, sender=through, weak=False, dispatch_uid=f"ln_mc_{through}"
        )
    m2m_changed.connect(
        _everyone, sender=Group.permissions.through, weak=False, dispatch_uid="ln_mc_group_perms"
    )
    for model in (RoleGroup, Group):
        post_save.connect(_everyone, sender=model, weak=False, dispatch_uid=f"ln_mc_{model}")
        post_delete.connect(_everyone, sender=model, weak=False, dispatch_uid=f"ln_mc_{model}")
    for model in (TOTPDevice, MemberProfile):
        post_save.connect(_owner_changed, sender=model, weak=False, dispatch_uid=f"ln_mc_{model}")
        post_delete.connect(_owner_changed, sender=model, weak=False, dispatch_uid=f"ln_mc_{model}")
    # "Still current" checks also ask whether the page a notification is about is live.
    for signal in (page_published, page_unpublished):
        signal.connect(_notifications_stale, weak=False, dispatch_uid=f"ln_mc_bell_{signal}")
