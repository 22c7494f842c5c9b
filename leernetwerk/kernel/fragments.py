"""Rendered fragments of a page kept in the cache (issue #19): a case's threads, the board's
cards.

A fragment's key is a digest of everything it shows (``fragment_key``), so a stale fragment is
never read. A copy of text that changed must not stay in the cache either (it may be what the
privacy guard missed, or what a member asked to erase): fragments are stored in a *group* (a
case's threads, the board) whose keys are listed under the group, and the change drops the
whole group (``forget``). A cache that is down makes pages slower, never broken.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

#: Seconds an unused fragment stays in the cache.
TTL = 60 * 60


def fragment_key(kind: str, state) -> str:
    """The key of a fragment of ``kind`` that shows ``state`` (anything with a stable repr)."""
    return f"leernetwerk:fragment:{kind}:" + hashlib.sha256(repr(state).encode()).hexdigest()[:32]


def _index(group: str) -> str:
    return f"leernetwerk:fragment-index:{group}"


def read(keys: Iterable[str]) -> dict[str, object]:
    """The fragments of ``keys`` that are in the cache."""
    try:
        return cache.get_many(list(keys))
    except Exception:
        logger.warning("Cache unavailable: fragments are rendered afresh")
        return {}


def store(group: str, fragments: dict[str, object], *, ttl: int = TTL) -> None:
    """Keep ``fragments`` (key: HTML or any picklable value) in ``group`` for ``ttl`` seconds."""
    if not fragments:
        return
    try:
        cache.set_many(fragments, ttl)
        index = _index(group)
        cache.set(index, sorted(set(cache.get(index) or ()) | set(fragments)), max(ttl, TTL))
    except Exception:
        logger.warning("Cache unavailable: fragments of %s are not kept", group)


def forget(group: str) -> None:
    """Drop every fragment of ``group``: now and again after the commit (a reader in between
    may have stored what it read before the change)."""

    def drop() -> None:
        try:
            index = _index(group)
            cache.delete_many([*(cache.get(index) or ()), index])
        except Exception:
            logger.warning("Cache unavailable: fragments of %s are not dropped", group)

    drop()
    transaction.on_commit(drop)


def on_page_change(receiver, *, uid: str) -> None:
    """Call ``receiver(**kwargs)`` whenever a Wagtail page is published, unpublished, moved or
    deleted (what a cache of pages or of their URLs must follow)."""
    from django.db.models.signals import post_delete
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for name, signal in (
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("moved", post_page_move),
    ):
        signal.connect(receiver, weak=False, dispatch_uid=f"{uid}_{name}")

    def page_deleted(sender, instance, **kwargs) -> None:
        if isinstance(instance, Page):
            receiver(sender=sender, instance=instance)

    post_delete.connect(page_deleted, weak=False, dispatch_uid=f"{uid}_deleted")
