"""Notifications: persisted per member, shown live (the member's own stream) and e-mailed —
straight away or in a daily digest, as the member chose; categories a member muted are skipped.

Other apps notify through ``notification_send``; its texts are (lazy) translatable strings with
``%(name)s`` placeholders, rendered in each recipient's own language.

The list shows one group per *subject*: a notification's link without its ``#fragment`` (every
message about one case, pattern or leersessie is one group; one without a link is a group of its
own). A group shows its newest message, how many there are, and the others folded away.

A notification can stop being current before it is read: "this case may belong to pattern X"
once the case was linked or the suggestion dismissed. The app that sends such a kind registers
which of them are still current (``register_still_current``, when Django is ready; the kernel
imports no app, ADR 0008); the list, the unread count and the digest leave out the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.core.mail import EmailMessage
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Max,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Concat, Left, RowNumber, StrIndex
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
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
    "NotificationGroup",
    "StillCurrent",
    "notification_category",
    "notification_group_page",
    "notification_list",
    "notification_mark_read",
    "notification_send",
    "notification_subject",
    "notifications_mark_all_read",
    "notifications_mark_subject_read",
    "notifications_forget_subject",
    "notifications_retitle_subject",
    "notifications_send_digests",
    "register_still_current",
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


# --- which notifications are still current ------------------------------------------------------

#: Given a member, selects among their notifications of one kind those that are still current
#: (a ``Q`` on ``Notification``'s fields, e.g. ``Q(url__in=[...])``); the others are left out.
StillCurrent = Callable[[Any], Q]

_still_current: dict[str, StillCurrent] = {}


def register_still_current(kind: str, check: StillCurrent | None = None, *, reads=()):
    """Register which notifications of ``kind`` are still current (usable as a decorator; an
    app registers its own kinds when Django is ready). ``check(user)`` returns a ``Q`` selecting
    the member's current ones of that kind, in a constant number of queries (not one per
    notification): it runs for every list page and unread count that has such a notification.
    ``reads`` names the models the check reads: a change to one of them makes the cached bell
    counts stale (``kernel.member_cache``)."""
    if reads:
        from leernetwerk.kernel.member_cache import watch_for_notifications

        watch_for_notifications(*reads)

    def add(function: StillCurrent) -> StillCurrent:
        existing = _still_current.get(kind)
        if existing is not None and existing is not function:
            raise ImproperlyConfigured(
                f"Which {kind!r} notifications are current is known already."
            )
        _still_current[kind] = function
        return function

    return add(check) if check is not None else add


def _current(qs: QuerySet[Notification], user, kinds: Iterable[str] | None = None):
    """``qs`` without the notifications that are no longer current (of ``kinds``: all kinds
    with a check). A check that fails leaves its kind as it is: the list must still open."""
    for kind in _still_current if kinds is None else kinds:
        try:
            current = _still_current[kind](user)
        except Exception:
            logger.exception("Could not tell which %r notifications are still current", kind)
            continue
        qs = qs.exclude(Q(kind=kind) & ~current)
    return qs


def unread_count(user) -> int:
    """What the bell shows: the member's unread notifications that are still current — each
    message, not each group (as Discourse counts; the list says per group how many are unread)."""
    unread = Notification.objects.filter(user=user, read_at=None)
    if not _still_current:
        return unread.count()
    per_kind = dict(unread.order_by().values_list("kind").annotate(n=Count("pk")))
    checked = [kind for kind in per_kind if kind in _still_current]
    total = sum(n for kind, n in per_kind.items() if kind not in checked)
    if checked:
        total += _current(unread.filter(kind__in=checked), user, checked).count()
    return total


def notification_list(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """A member's current notifications, newest first (one by one; the page shows groups)."""
    qs = _current(Notification.objects.filter(user=user), user)
    if unread_only:
        qs = qs.filter(read_at=None)
    return qs.order_by("-created_at", "-pk")


# --- groups: one per subject -------------------------------------------------------------------

#: The most messages of one group the list shows (the rest: "And 12 more.", on the subject).
GROUP_SHOWN = 10


def _subject_expression() -> Case:
    """``notification_subject`` in SQL, so the database groups and pages."""
    return Case(
        When(url="", then=Concat(Value("#"), Cast("pk", output_field=CharField()))),
        When(url__contains="#", then=Left("url", StrIndex("url", Value("#")) - 1)),
        default=F("url"),
        output_field=CharField(),
    )


def notification_subject(notification: Notification) -> str:
    """What a notification is about: its link without the ``#fragment`` (a case's comment and
    its recognitions are one subject); ``#<pk>`` for one without a link (a group of its own)."""
    if not notification.url:
        return f"#{notification.pk}"
    return notification.url.partition("#")[0]


def group_dom_id(subject: str) -> str:
    """The list element of a subject's group. Live events store it, so it holds no text of the
    link (a case's address is made from its title): a keyed digest, which nobody can test a
    guessed title against without the site's secret key."""
    digest = salted_hmac("leernetwerk.notification-group", subject, algorithm="sha256")
    return "notification-group-" + digest.hexdigest()[:12]


@dataclass
class NotificationGroup:
    """A subject's notifications as the list shows them: the newest first."""

    subject: str
    total: int
    unread: int
    items: list[Notification] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return group_dom_id(self.subject)

    @property
    def head(self) -> Notification | None:
        return self.items[0] if self.items else None

    @property
    def others(self) -> list[Notification]:
        return self.items[1:]

    @property
    def not_shown(self) -> int:
        return max(0, self.total - len(self.items))


def _groups_filled(base: QuerySet[Notification], rows: list[dict]) -> list[NotificationGroup]:
    """The groups of ``rows`` (subject, total, unread) with their newest messages: one query."""
    groups = [NotificationGroup(row["subject"], row["total"], row["unread"]) for row in rows]
    if not groups:
        return groups
    by_subject = {group.subject: group for group in groups}
    items = (
        base.annotate(
            subject=_subject_expression(),
            rank=Window(
                RowNumber(),
                partition_by=[F("subject")],
                order_by=[F("created_at").desc(), F("pk").desc()],
            ),
        )
        .filter(subject__in=list(by_subject), rank__lte=GROUP_SHOWN)
        .order_by("-created_at", "-pk")
    )
    for item in items:
        by_subject[item.subject].items.append(item)
    return [group for group in groups if group.items]


def _group_rows(base: QuerySet[Notification]) -> QuerySet:
    return (
        base.annotate(subject=_subject_expression())
        .values("subject")
        .annotate(
            latest=Max("created_at"),
            last_pk=Max("pk"),
            total=Count("pk"),
            unread=Count("pk", filter=Q(read_at=None)),
        )
        .order_by("-latest", "-last_pk")
    )


def notification_group_page(
    user, *, page: str | int | None = None, unread_only: bool = False
) -> tuple[Page, list[NotificationGroup]]:
    """One page of a member's current notifications grouped per subject, the group with the
    newest message first (``unread_only``: the unread ones). Three queries, however many
    notifications there are (the page's count, its groups, their messages), and the
    still-current checks of the kinds that have one."""
    base = _current(Notification.objects.filter(user=user), user)
    if unread_only:
        base = base.filter(read_at=None)
    paged = Paginator(_group_rows(base), notifications_per_page()).get_page(page)
    return paged, _groups_filled(base, list(paged.object_list))


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


def _subjects_now(notifications: list[Notification]) -> dict[int, NotificationGroup]:
    """Per notification, its subject's group as the member's list shows it now (two queries per
    member, whatever the number of notifications)."""
    by_user: dict[int, list[Notification]] = {}
    for notification in notifications:
        by_user.setdefault(notification.user_id, []).append(notification)
    found: dict[int, NotificationGroup] = {}
    for mine in by_user.values():
        user = mine[0].user
        base = _current(Notification.objects.filter(user=user), user)
        subjects = {notification_subject(n) for n in mine}
        rows = _group_rows(base).filter(subject__in=list(subjects))
        groups = {group.subject: group for group in _groups_filled(base, list(rows))}
        for notification in mine:
            group = groups.get(notification_subject(notification))
            if group is not None:
                found[notification.pk] = group
    return found


@renderers.register("kernel.notification_group")
def render_notification_groups(keys: list[int]) -> dict[int, str]:
    """Live renderer: the group of each notification's subject as it is now (left out: a
    notification that is gone or no longer current), in its recipient's language."""
    notifications = list(
        Notification.objects.filter(pk__in=keys).select_related("user__member_profile")
    )
    groups = _subjects_now(notifications)
    rendered = {}
    for notification in notifications:
        group = groups.get(notification.pk)
        if group is None:
            continue
        with translation.override(_language(notification.user)):
            rendered[notification.pk] = render_to_string(
                "leernetwerk_kernel/includes/notification_group.html",
                {"group": group, "live": True},
            )
    return rendered


def _publish(notification: Notification) -> None:
    count = str(unread_count(notification.user))
    group = group_dom_id(notification_subject(notification))
    publish(
        user_stream(notification.user_id),
        "notification.created",
        {
            "notification": notification.pk,
            "kind": notification.kind,
            "ops": [
                # The subject's group moves to the top with this message as its newest.
                {"op": "remove", "target": f"#{group}"},
                {
                    "op": "prepend",
                    "target": "#notification-list",
                    "id": group,
                    "ref": renderers.ref("kernel.notification_group", notification.pk),
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


def _still_current_of(queued: list[Notification], user) -> list[Notification]:
    """``queued`` without what stopped being current before the digest went (those leave the
    queue unsent)."""
    kinds = {n.kind for n in queued} & set(_still_current)
    if not kinds:
        return queued
    ids = [n.pk for n in queued]
    current = set(
        _current(Notification.objects.filter(pk__in=ids), user, kinds).values_list("pk", flat=True)
    )
    stale = [pk for pk in ids if pk not in current]
    if stale:
        Notification.objects.filter(pk__in=stale).update(email_state=NotificationEmail.NONE)
    return [n for n in queued if n.pk in current]


def notifications_send_digests() -> tuple[int, int]:
    """Mail each digest member one e-mail with their notifications not mailed yet (cron, daily).
    Each notification is mailed at most once: it is claimed under a row lock and marked in the
    same transaction as the send, so a failed send is retried on the next run. Queued
    notifications of members who no longer want the digest (or left, or have no address), and
    those no longer current, leave the queue unsent. Returns (e-mails sent, notifications in
    them)."""
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
                mine = _still_current_of(mine, user)
                if not mine:
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
def notifications_mark_subject_read(*, notification: Notification, user) -> int:
    """The member read everything about the subject of one of their notifications (its group
    in the list: "mark all 3 as read"). Returns how many."""
    if notification.user_id != user.pk:
        raise PermissionDenied
    about = Notification.objects.filter(user=user, read_at=None)
    subject = notification_subject(notification)
    if notification.url and subject:
        about = about.filter(Q(url=subject) | Q(url__startswith=f"{subject}#"))
    else:
        about = about.filter(pk=notification.pk)
    marked = about.update(read_at=timezone.now())
    if marked:
        _publish_count(user, read=notification, group=True)
    return marked


@transaction.atomic
def notifications_mark_all_read(*, user) -> int:
    """Everything the member has not read yet is read now (one count update on their stream)."""
    marked = Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())
    if marked:
        _publish_count(user)
    return marked


def _publish_count(user, *, read: Notification | None = None, group: bool = False) -> None:
    """The new unread count, and for the member's other open pages the item that was read and
    its group (with ``group``: the whole group was read)."""
    ops = [{"op": "text", "target": "#notification-count", "text": str(unread_count(user))}]
    if read is not None:
        replace = [
            {
                "op": "replace",
                "target": f"#{group_dom_id(notification_subject(read))}",
                "ref": renderers.ref("kernel.notification_group", read.pk),
            }
        ]
        if not group:
            replace.insert(
                0,
                {
                    "op": "replace",
                    "target": f"#{read.dom_id}",
                    "ref": renderers.ref("kernel.notification", read.pk),
                },
            )
        ops[:0] = replace
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
