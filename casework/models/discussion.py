"""The discussion of a case: comments (one level of replies) and "herken ik" recognitions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel import conf


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
