"""Notifications: persisted per member, shown live (the member's own stream) and e-mailed.

Other apps notify through ``notification_send``; its texts are (lazy) translatable strings with
``%(name)s`` placeholders, rendered in each recipient's own language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme

from .live.publisher import publish
from .live.streams import user_stream
from .models import Notification

__all__ = [
    "notification_list",
    "notification_mark_read",
    "notification_send",
    "notifications_mark_all_read",
    "safe_notification_url",
    "unread_count",
]

logger = logging.getLogger(__name__)


def _language(user) -> str:
    profile = getattr(user, "member_profile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _wants_email(user) -> bool:
    profile = getattr(user, "member_profile", None)
    return bool(user.email) and (profile is None or profile.email_notifications)


def _render(text, params: dict[str, Any]) -> str:
    rendered = str(text)
    return rendered % params if params else rendered


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def safe_notification_url(url: str) -> str:
    """Only links into this site are followed (a notification never sends anyone away)."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None) and url.startswith("/"):
        return url
    return ""


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()


def notification_list(user, *, limit: int = 100) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")[:limit]


def render_notification(notification: Notification, *, language: str | None = None) -> str:
    """One notification as the list item pages show (live and replayed)."""
    with translation.override(language or _language(notification.user)):
        return render_to_string(
            "casework/includes/notification.html", {"notification": notification, "live": True}
        )


def _publish(notification: Notification, *, language: str) -> None:
    html = render_notification(notification, language=language)
    count = str(unread_count(notification.user))
    publish(
        user_stream(notification.user_id),
        "notification.created",
        {
            "notification": notification.pk,
            "kind": notification.kind,
            "title": notification.title,
            "url": notification.url,
            "ops": [
                {
                    "op": "prepend",
                    "target": "#notification-list",
                    "id": notification.dom_id,
                    "html": html,
                },
                {
                    "op": "prepend",
                    "target": "#notification-flash",
                    "id": f"flash-{notification.dom_id}",
                    "html": html.replace(f'id="{notification.dom_id}"', ""),
                },
                {"op": "text", "target": "#notification-count", "text": count},
            ],
        },
    )


@transaction.atomic(savepoint=False)
def notification_send(
    *,
    users: Iterable,
    kind: str,
    title,
    body="",
    url: str = "",
    params: dict[str, Any] | None = None,
    email: bool = True,
    exclude: Iterable = (),
) -> list[Notification]:
    """Tell ``users`` (active members, each once, except ``exclude``) what changed: stored,
    shown live, and (``email``) sent by e-mail after the transaction commits."""
    params = params or {}
    skip = {getattr(user, "pk", user) for user in exclude}
    recipients, seen = [], set()
    for user in users:
        if user is None or user.pk in seen or user.pk in skip or not user.is_active:
            continue
        seen.add(user.pk)
        recipients.append(user)
    created, mails = [], []
    for user in recipients:
        language = _language(user)
        with translation.override(language):
            rendered_title = _render(title, params)[:300]
            rendered_body = _render(body, params) if body else ""
            notification = Notification.objects.create(
                user=user, kind=kind, title=rendered_title, body=rendered_body, url=url
            )
            _publish(notification, language=language)
            if email and _wants_email(user):
                text = render_to_string(
                    "casework/notifications/email_body.txt",
                    {"notification": notification, "link": absolute_url(url)},
                )
                mails.append(
                    EmailMessage(
                        subject=f"[Leernetwerk] {rendered_title}"[:250],
                        body=text,
                        to=[user.email],
                    )
                )
        created.append(notification)
    if mails:
        transaction.on_commit(lambda: _send_mails(mails))
    return created


def _send_mails(mails: list[EmailMessage]) -> None:
    try:
        with get_connection() as connection:
            connection.send_messages(mails)
    except Exception:  # the notification is stored and shown; a mail server hiccup must not fail
        logger.exception("Could not send %d notification e-mail(s)", len(mails))


@transaction.atomic
def notification_mark_read(*, notification: Notification, user) -> Notification:
    if notification.user_id != user.pk:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _publish_count(user)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    marked = Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
    if marked:
        _publish_count(user)
    return marked


def _publish_count(user) -> None:
    publish(
        user_stream(user.pk),
        "notification.read",
        {"ops": [{"op": "text", "target": "#notification-count", "text": str(unread_count(user))}]},
    )
