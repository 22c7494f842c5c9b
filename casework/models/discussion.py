"""The discussion of a case: comments (one level of replies) and "herken ik" recognitions."""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel import conf
from leernetwerk.kernel.sanitize import plain_text

#: ``@username`` mentions a member (usernames are unique; display names are not). A handle is
#: letters, digits and ``_ . + -`` (what Django allows in a username, without ``@``) and does not
#: end in a full stop, so "@jan." at the end of a sentence is "@jan".
MENTION = re.compile(r"(?<![\w@.+\-])@(\w(?:[\w.+\-]*[\w+\-])?)")
#: At most this many members are told about one comment (a list of handles is not a mailing list).
MAX_MENTIONS = 10
#: A quote takes at most this many characters of the comment it quotes.
QUOTE_LENGTH = 300
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z]+)")


def mentioned_handles(text: str) -> list[str]:
    """The handles ``@name`` in ``text`` (plain text), each once, in order, at most
    ``MAX_MENTIONS``."""
    handles: list[str] = []
    for handle in MENTION.findall(text or ""):
        if handle not in handles:
            handles.append(handle)
    return handles[:MAX_MENTIONS]


def mark_mentions(html: str) -> SafeString:
    """Sanitised comment HTML with every ``@handle`` in its text set apart. Every handle looks
    the same, whether a member carries it or not: the page never tells who exists. Text inside
    links and code is left alone, and so is every tag (attributes included)."""
    out, skip = [], 0
    for part in _TAG.split(html or ""):
        if part.startswith("<"):
            name = _TAG_NAME.match(part)
            if name and name.group(2).lower() in ("a", "code"):
                skip = max(0, skip - 1) if name.group(1) else skip + 1
            out.append(part)
        elif skip or "@" not in part:
            out.append(part)
        else:
            out.append(MENTION.sub(r'<span class="ln-mention">@\1</span>', part))
    # The input passed nh3 (``clean_comment_html``); only a fixed span is added around handles,
    # whose characters need no escaping.
    return mark_safe("".join(out))  # noqa: S308


class Comment(models.Model):
    """A contribution to a case's discussion. Never deleted: removal and moderation leave a stub,
    so replies keep their context and the record stays complete."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="case_comments"
    )
    body = models.TextField(_("comment"), help_text=_("Sanitised HTML."))
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True) | ~models.Q(hidden_reason=""),
                name="comment_hidden_needs_reason",
            )
        ]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.case_id}/{self.pk}"

    @property
    def is_visible(self) -> bool:
        return self.removed_at is None and self.hidden_at is None

    @property
    def dom_id(self) -> str:
        return f"comment-{self.pk}"

    @property
    def body_html(self) -> SafeString:
        """The body as the discussion shows it (mentions set apart)."""
        return mark_mentions(self.body)

    def quote_text(self) -> str:
        """What "Citeren" puts into a reply box: the author's handle and an excerpt as "> "
        lines (``comment_create`` turns those into a blockquote)."""
        excerpt = Truncator(" ".join(plain_text(self.body).split())).chars(QUOTE_LENGTH)
        author = self.author
        if author is not None and author.is_active:
            handle = gettext("@%(handle)s wrote:") % {"handle": author.get_username()}
            return f"{handle}\n> {excerpt}\n\n"
        return f"> {excerpt}\n\n"

    def editable_until(self):
        return self.created_at + timedelta(minutes=conf.get("LEERNETWERK_COMMENT_EDIT_MINUTES"))

    def can_edit(self, user) -> bool:
        return (
            self.is_visible
            and user.is_authenticated
            and self.author_id == user.pk
            and timezone.now() <= self.editable_until()
        )


class Recognition(models.Model):
    """ "Herken ik": a member saw the same obstacle elsewhere (a signal that it recurs)."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="recognitions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognitions"
    )
    note = models.CharField(_("where I saw this"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recognised at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "user"], name="recognition_one_per_user_per_case"
            )
        ]
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return f"{self.user_id} herkent {self.case_id}"
