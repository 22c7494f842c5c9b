"""Records the AVG asks for: who looked at a case, and every override of the privacy guard."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseAccess(models.Model):
    """One view of a case by a member (AVG: access to case data is logged)."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="access_log"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), default=timezone.now)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [models.Index(fields=["case", "-viewed_at"])]
        verbose_name = _("case access")
        verbose_name_plural = _("case access log")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id} {self.viewed_at:%Y-%m-%d %H:%M}"


class PrivacyOverride(models.Model):
    """A manager let text through the privacy guard: who, when, where, why and which kinds of data
    (the categories only; the matched text itself is not stored again)."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="privacy_overrides",
    )
    comment = models.ForeignKey(
        "leernetwerk_casework.Comment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="privacy_overrides",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("reason"))
    categories = models.JSONField(_("kinds of data"), default=list)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reason=""), name="privacy_override_needs_reason"
            )
        ]
        verbose_name = _("privacy guard override")
        verbose_name_plural = _("privacy guard overrides")

    def __str__(self) -> str:
        return f"{self.manager_id} {self.created_at:%Y-%m-%d}: {', '.join(self.categories)}"
