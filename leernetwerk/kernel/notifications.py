"""Notifications: persisted per member, shown live (the member's own stream) and e-mailed —
straight away or in a daily digest, as the member chose; categories a member muted are skipped.

Other apps notify through ``notification_send``; its texts are (lazy) translatable strings with
``%(name)s`` placeholders, rendered in each recipient's own language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.http import url_has_allowed_host_and_scheme

from leernetwerk.kernel import conf
from leernetwerk.kernel.constants import (
    NotificationCategory,
    NotificationDelivery,
    NotificationEmail,
)
from leernetwerk.kernel.live import renderers
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.streams import user_stream
from leernetwerk.kernel.mail import mail_connection
from leernetwerk.kernel.models import Notification

__all__ = [
    "ALWAYS_DELIVERED",
    "notification_category",
    "notification_list",
    "notification_mark_read",
    "notification_send",
    "notifications_mark_all_read",
    "notifications_forget_subject",
    "notifications_retitle_subject",
    "notifications_send_digests",
    "safe_notification_url",
    "unread_count",
]

# A notification's category is the prefix of its ``kind``; a member may mute a category.
CATEGORY_PREFIXES = {
    "case.": NotificationCategory.DISCUSSION,
    "pattern.": NotificationCategory.PATTERNS,
    "session.": NotificationCategory.SESSIONS,
}
# What asks the member to do something is delivered even in a muted category (and the kinds
# outside the categories — doorbraken, member administration — are never muted).
ALWAYS_DELIVERED = frozenset(
    {
        "pattern.request_info",
        "session.action",
        "session.action_due",
        "session.action_overdue",
    }
)

logger = logging.getLogger(__name__)


def _language(user) -> str:
    profile = getattr(user, "member_profile", None)
    language = getattr(profile, "preferred_language", "") or settings.LANGUAGE_CODE
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _delivery(user) -> str:
    """How ``user`` gets notifications by e-mail (nothing without an address)."""
    if not user.email:
        return NotificationDelivery.IN_APP
    profile = getattr(user, "member_profile", None)
    return profile.notification_delivery if profile is not None else NotificationDelivery.IMMEDIATE


def notification_category(kind: str) -> str | None:
    """The category a member can mute ``kind`` under (None: it cannot be muted)."""
    if kind in ALWAYS_DELIVERED:
        return None
    for prefix, category in CATEGORY_PREFIXES.items():
        if kind.startswith(prefix):
            return category
    return None


def _muted(user, kind: str) -> bool:
    category = notification_category(kind)
    profile = getattr(user, "member_profile", None)
    return category is not None and profile is not None and category in profile.muted_categories


def _render(text, params: dict[str, Any]) -> str:
    rendered = str(text)
    return rendered % params if params else rendered


def _sources(title, body, params: dict[str, Any]) -> tuple[tuple[str, str], dict[str, Any]]:
    """What a notification is written from, so it can be shown in each reader's language at
    display time: the English source strings of translatable texts (a plain string has none:
    it is shown as sent) and the values, as JSON."""
    with translation.override(None):  # no language active: a lazy text gives its source
        title_source = str(title) if isinstance(title, Promise) else ""
        body_source = str(body) if isinstance(body, Promise) else ""
    plain = all(isinstance(v, int | float | str | bool) or v is None for v in params.values())
    if not (title_source or body_source) or not plain:
        return ("", ""), {}  # a translatable or other value: shown as sent, never half-translated
    return (title_source[:300], body_source), dict(params)


def absolute_url(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return conf.public_origin() + path


def safe_notification_url(url: str) -> str:
    """Only links into this site are followed (a notification never sends anyone away)."""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts=None) and url.startswith("/"):
        return url
    return ""


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at=None).count()


def notification_list(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """A member's notifications, newest first (the list page paginates them)."""
    qs = Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at=None)
    return qs.order_by("-created_at", "-pk")


def notifications_per_page() -> int:
    return conf.get("LEERNETWERK_NOTIFICATIONS_PER_PAGE")


def render_notification(notification: Notification, *, language: str | None = None) -> str:
    """One notification as the list item pages show (live and replayed)."""
    with translation.override(language or _language(notification.user)):
        return render_to_string(
            "leernetwerk_kernel/includes/notification.html",
            {"notification": notification, "live": True},
        )


@renderers.register("kernel.notification")
def render_notifications(keys: list[int]) -> dict[int, str]:
    """Live renderer: notifications as they are now, each in its recipient's language."""
    items = Notification.objects.filter(pk__in=keys).select_related("user__member_profile")
    return {item.pk: render_notification(item) for item in items}


def _as_flash(pk, html: str) -> str:
    """The list item for the flash area (without the list item's id)."""
    return html.replace(f'id="notification-{pk}"', "")


# Rendered once for both places an event shows it.
renderers.register_derived("kernel.notification_flash", "kernel.notification", _as_flash)


def _publish(notification: Notification) -> None:
    count = str(unread_count(notification.user))
    publish(
        user_stream(notification.user_id),
        "notification.created",
        {
            "notification": notification.pk,
            "kind": notification.kind,
            "ops": [
                {
                    "op": "prepend",
                    "target": "#notification-list",
                    "id": notification.dom_id,
                    "ref": renderers.ref("kernel.notification", notification.pk),
                },
                {
                    "op": "prepend",
                    "target": "#notification-flash",
                    "id": f"flash-{notification.dom_id}",
                    "ref": renderers.ref("kernel.notification_flash", notification.pk),
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
    key: str = "",
) -> list[Notification]:
    """Tell ``users`` (active members, each once, except ``exclude`` and those who muted this
    kind's category) what changed: stored, shown live and — when ``email`` and as each member
    chose — e-mailed after the transaction commits or queued for their daily digest. With a
    ``key``, a member who already got a notification with that key is not told again."""
    params = params or {}
    skip = {getattr(user, "pk", user) for user in exclude}
    recipients, seen = [], set()
    for user in users:
        if user is None or user.pk in seen or user.pk in skip or not user.is_active:
            continue
        seen.add(user.pk)
        if _muted(user, kind):
            continue
        recipients.append(user)
    if key and recipients:
        told = set(
            Notification.objects.filter(key=key, user__in=recipients).values_list(
                "user_id", flat=True
            )
        )
        recipients = [user for user in recipients if user.pk not in told]
    sources, stored_params = _sources(title, body, params)
    created, mails = [], []
    for user in recipients:
        language = _language(user)
        delivery = _delivery(user) if email else NotificationDelivery.IN_APP
        with translation.override(language):
            rendered_title = _render(title, params)[:300]
            rendered_body = _render(body, params) if body else ""
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=rendered_title,
                body=rendered_body,
                url=url,
                key=key,
                title_source=sources[0],
                body_source=sources[1],
                params=stored_params,
                email_state=NotificationEmail.DIGEST
                if delivery == NotificationDelivery.DIGEST
                else NotificationEmail.NONE,
            )
            _publish(notification)
            if delivery == NotificationDelivery.IMMEDIATE:
                text = render_to_string(
                    "leernetwerk_kernel/notifications/email_body.txt",
                    {"notification": notification, "link": absolute_url(url)},
                )
                mails.append(
                    (
                        notification.pk,
                        EmailMessage(
                            subject=f"[Leernetwerk] {rendered_title}"[:250],
                            body=text,
                            to=[user.email],
                        ),
                    )
                )
        created.append(notification)
    if mails:
        transaction.on_commit(lambda: _send_mails(mails))
    return created


def _send_mails(mails: list[tuple[int, EmailMessage]]) -> None:
    try:
        with mail_connection() as connection:
            connection.send_messages([mail for _pk, mail in mails])
    except Exception:  # the notification is stored and shown; a mail server hiccup must not fail
        logger.exception("Could not send %d notification e-mail(s)", len(mails))
        return
    Notification.objects.filter(pk__in=[pk for pk, _mail in mails]).update(
        email_state=NotificationEmail.SENT, emailed_at=timezone.now()
    )


# --- the daily digest --------------------------------------------------------------------------


def _digest_message(user, items: list[Notification]) -> EmailMessage:
    limit = conf.get("LEERNETWERK_DIGEST_MAX_ITEMS")
    with translation.override(_language(user)):
        from django.urls import reverse
        from django.utils.translation import ngettext

        subject = ngettext(
            "[Leernetwerk] %(count)d new notification",
            "[Leernetwerk] %(count)d new notifications",
            len(items),
        ) % {"count": len(items)}
        body = render_to_string(
            "leernetwerk_kernel/notifications/digest_body.txt",
            {
                "items": [(item, absolute_url(item.url)) for item in items[:limit]],
                "more": max(0, len(items) - limit),
                "list_link": absolute_url(reverse("leernetwerk_members:notifications")),
                "profile_link": absolute_url(reverse("leernetwerk_members:profile")),
            },
        )
    return EmailMessage(subject=subject[:250], body=body, to=[user.email])


def notifications_send_digests() -> tuple[int, int]:
    """Mail each digest member one e-mail with their notifications not mailed yet (cron, daily).
    Each notification is mailed at most once: it is claimed under a row lock and marked in the
    same transaction as the send, so a failed send is retried on the next run. Queued
    notifications of members who no longer want the digest (or left, or have no address) leave
    the queue unsent. Returns (e-mails sent, notifications in them)."""
    from django.contrib.auth import get_user_model

    queued = Notification.objects.filter(email_state=NotificationEmail.DIGEST)
    user_ids = sorted(set(queued.values_list("user_id", flat=True)))
    users = get_user_model().objects.filter(pk__in=user_ids).select_related("member_profile")
    sent = items_sent = 0
    with mail_connection() as connection:
        for user in users:
            with transaction.atomic():
                mine = list(
                    queued.filter(user=user).select_for_update().order_by("created_at", "pk")
                )
                if not mine:
                    continue
                if not user.is_active or _delivery(user) != NotificationDelivery.DIGEST:
                    Notification.objects.filter(pk__in=[n.pk for n in mine]).update(
                        email_state=NotificationEmail.NONE
                    )
                    continue
                connection.send_messages([_digest_message(user, mine)])
                Notification.objects.filter(pk__in=[n.pk for n in mine]).update(
                    email_state=NotificationEmail.SENT, emailed_at=timezone.now()
                )
            sent += 1
            items_sent += len(mine)
    return sent, items_sent


@transaction.atomic
def notification_mark_read(*, notification: Notification, user) -> Notification:
    """The member read one of their own notifications."""
    if notification.user_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _publish_count(user, read=notification)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Everything the member has not read yet is read now (one count update on their stream)."""
    marked = Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
    if marked:
        _publish_count(user)
    return marked


def _publish_count(user, *, read: Notification | None = None) -> None:
    """The new unread count (and the item that was read, for the member's other open pages)."""
    ops = [{"op": "text", "target": "#notification-count", "text": str(unread_count(user))}]
    if read is not None:
        ops.insert(
            0,
            {
                "op": "replace",
                "target": f"#{read.dom_id}",
                "ref": renderers.ref("kernel.notification", read.pk),
            },
        )
    publish(user_stream(user.pk), "notification.read", {"ops": ops})


@transaction.atomic
def notifications_forget_subject(
    *, url: str, old_title: str, new_title: str, new_url: str = ""
) -> int:
    """Notifications about something that is anonymised or removed (a case: its title, a
    doorbraak's texts) keep no copy of it: its title becomes ``new_title`` and the body goes
    (their live events refer to them, so a replay shows them so too). Returns how many."""
    about = Notification.objects.filter(title__contains=old_title)
    if url:
        about = about | Notification.objects.filter(url__startswith=url)
    changed = 0
    for notification in about:
        notification.title = notification.title.replace(old_title, new_title)[:300]
        notification.body = ""
        # Nothing left to write it again from: shown as it now reads, in no language but this.
        notification.title_source, notification.body_source, notification.params = "", "", {}
        fields = ["title", "body", "title_source", "body_source", "params"]
        if new_url and url and notification.url.startswith(url):
            # The subject moved (an anonymised case's address holds no title any more).
            notification.url = new_url + notification.url[len(url) :]
            fields.append("url")
        notification.save(update_fields=fields)
        changed += 1
    return changed


@transaction.atomic
def notifications_retitle_subject(
    *,
    url: str,
    old_titles: Iterable[str],
    new_title: str,
    user_id: int | None = None,
    kinds: Iterable[str] = (),
) -> int:
    """Something was renamed (a case's title edited out): notifications about it — those whose
    link leads into ``url``, and those of ``kinds`` sent to ``user_id`` (which link elsewhere) —
    keep no copy of an earlier name. Each of ``old_titles`` in their title or text becomes
    ``new_title`` (their live events refer to them, so a replay shows the new name as well, and
    a digest mailed later). Returns how many."""
    old_titles = sorted({t for t in old_titles if t and t != new_title}, key=len, reverse=True)
    if not old_titles or not url:
        return 0
    about = Notification.objects.filter(url__startswith=url)
    if user_id is not None and kinds:
        about = about | Notification.objects.filter(user_id=user_id, kind__in=list(kinds))
    changed = 0
    for notification in about.distinct():
        title, body = notification.title, notification.body
        params = dict(notification.params or {})
        for old in old_titles:
            title, body = title.replace(old, new_title), body.replace(old, new_title)
            params = {
                name: value.replace(old, new_title) if isinstance(value, str) else value
                for name, value in params.items()
            }
        if (title, body, params) != (notification.title, notification.body, notification.params):
            notification.title, notification.body, notification.params = title[:300], body, params
            notification.save(update_fields=["title", "body", "params"])
            changed += 1
    return changed
