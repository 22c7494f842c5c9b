"""In-app notifications: what changed for a member (a decision on a pattern their case is in, a
doorbraak to decide, a leersessie action that is due). Shown live and e-mailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel.constants import NotificationEmail


class Notification(models.Model):
    """One message to one member, in the language they chose, with a link to what changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_state = models.CharField(
        _("e-mail"),
        max_length=10,
        choices=NotificationEmail.choices,
        default=NotificationEmail.NONE,
        blank=True,
    )
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    # What the title and text were written from (the English source strings and their values),
    # so each reader sees them in the language they read in now; ``title``/``body`` keep the
    # text as sent (e-mail, data export, and messages sent before 0.3).
    title_source = models.CharField(_("title (source)"), max_length=300, blank=True, default="")
    body_source = models.TextField(_("text (source)"), blank=True, default="")
    params = models.JSONField(_("values in the text"), default=dict, blank=True)
    key = models.CharField(
        _("once-only key"),
        max_length=120,
        blank=True,
        default="",
        help_text=_("A reminder with a key reaches each member at most once."),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at", "created_at"]),
            models.Index(
                fields=["email_state", "user"],
                condition=models.Q(email_state="digest"),
                name="notification_digest_queue",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="notification_once_per_key",
            )
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"

    def _shown(self, source: str, sent: str) -> str:
        if not source:
            return sent
        try:
            return gettext(source) % self.params if self.params else gettext(source)
        except (KeyError, TypeError, ValueError):  # a source string changed since: as sent
            return sent

    @property
    def shown_title(self) -> str:
        """The title in the active language (the reader's), else as it was sent."""
        return self._shown(self.title_source, self.title)

    @property
    def shown_body(self) -> str:
        return self._shown(self.body_source, self.body)

    @property
    def dom_id(self) -> str:
        return f"notification-{self.pk}"
