"""A case's discussion, rendered once per thread and kept in the cache (issue #19).

A thread (a comment and its replies) is rendered in the template's ``shared`` mode: the same
HTML for every reader, with a marker where readers differ (the reader's own edit and remove
controls, a manager's "hide", the "new" badge since the reader's last visit, the CSRF token).
Each page fills in the markers for its reader. The marker holds a secret derived from
``SECRET_KEY``, so text in a comment can never pose as one.

The cache key holds everything the thread's HTML shows (bodies, edit/remove/hide state, the
authors' names and handles, the edit window, the language), so a stale thread is never shown.
A copy of text that was edited, removed, hidden or erased must not stay in the cache either
(it may be what the privacy guard missed): every change to a comment drops all of its case's
threads (``comment_changed``, on ``Comment`` saves and deletes; ``kernel.fragments``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, pgettext

from leernetwerk.casework.models import Comment
from leernetwerk.kernel import conf, fragments
from leernetwerk.kernel.members.names import member_name

COMMENT_TEMPLATE = "leernetwerk_casework/includes/comment.html"


def _marker() -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), b"leernetwerk-thread", hashlib.sha256)
    return "data-ln-" + digest.hexdigest()[:16]


def _comment_state(comment: Comment) -> tuple:
    author = comment.author
    return (
        comment.pk,
        comment.parent_id,
        comment.case_id,
        comment.body,
        comment.created_at.isoformat(),
        str(comment.edited_at),
        str(comment.removed_at),
        str(comment.hidden_at),
        comment.hidden_reason,
        comment.author_id,
        member_name(author) if author is not None else "",
        author.get_username() if author is not None else "",
        author.is_active if author is not None else None,
    )


def comment_changed(sender, instance: Comment, **kwargs) -> None:
    """``post_save`` / ``post_delete`` of a comment (connected in ``CaseworkConfig.ready``)."""
    fragments.forget(_group(instance.case_id))


def forget_threads(case_ids: Iterable[int]) -> None:
    """Drop the cached threads of ``case_ids`` (a change the signals do not see: an erased
    member's name and handle, written with ``update()``)."""
    for case_id in set(case_ids):
        fragments.forget(_group(case_id))


def _group(case_id: int) -> str:
    return f"case-threads:{case_id}"


def _threads(comments: list[Comment], marker: str) -> str:
    language = get_language()
    edit_minutes = conf.get("LEERNETWERK_COMMENT_EDIT_MINUTES")
    keys = {
        top.pk: fragments.fragment_key(
            "thread",
            ([_comment_state(c) for c in (top, *top.replies.all())], language, edit_minutes),
        )
        for top in comments
    }
    found = fragments.read(keys.values())
    fresh, parts = {}, []
    for top in comments:
        html = found.get(keys[top.pk])
        if html is None:
            html = render_to_string(
                COMMENT_TEMPLATE, {"comment": top, "shared": True, "marker": marker}
            )
            fresh[keys[top.pk]] = html
        parts.append(html)
    if comments:
        fragments.store(_group(comments[0].case_id), fresh)
    return "".join(parts)


def discussion_html(request, comments: list[Comment], *, is_manager: bool, last_seen) -> SafeString:
    """The discussion's threads as ``request.user`` sees them (the template's non-shared
    rendering, from cached threads)."""
    marker = _marker()
    html = _threads(comments, marker)
    user_id = str(request.user.pk)
    new_ones = _new_since(comments, last_seen, request.user.pk)
    badge = format_html(
        '<span class="ln-badge ln-badge--count">{}</span>', pgettext("unread", "new")
    )
    token = get_token(request)
    m = re.escape(marker)
    markers = re.compile(
        rf' {m}-owner="(?P<owner>\d+)"|(?P<manager> {m}-manager)'
        rf"|<!--{m}:new:(?P<new>\d+)-->|{m}-csrf"
    )

    def fill(match: re.Match) -> str:
        if match.group("owner") is not None:
            return "" if match.group("owner") == user_id else " hidden"
        if match.group("manager") is not None:
            return "" if is_manager else " hidden"
        if match.group("new") is not None:
            return badge if int(match.group("new")) in new_ones else ""
        return token

    # Our own template's output, with fixed strings put where the markers were.
    return mark_safe(markers.sub(fill, html))  # noqa: S308


def _new_since(comments: Iterable[Comment], last_seen, user_pk) -> set[int]:
    if not last_seen:
        return set()
    return {
        comment.pk
        for top in comments
        for comment in (top, *top.replies.all())
        if comment.created_at > last_seen and comment.author_id != user_pk
    }
