"""Who follows a case's discussion, and when a member last opened a case (unread markers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseFollow(models.Model):
    """A member's own choice to follow a case ("Volgen") or to stop ("Niet meer volgen").

    The case's author and everyone who commented follow without a row; a row with
    ``following=False`` is a stop that outlasts their next comment, so the choice is the
    member's, not the code's."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_follows"
    )
    following = models.BooleanField(_("following"), default=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_follow_one_per_user")
        ]
        verbose_name = _("case follower")
        verbose_name_plural = _("case followers")

    def __str__(self) -> str:
        return f"{self.user_id} {'volgt' if self.following else 'volgt niet'} {self.case_id}"


class CaseVisit(models.Model):
    """When a member last opened a case: what is new to them on the cases index. One row per
    member per case, written with one upsert on every view."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="visits"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_visits"
    )
    seen_at = models.DateTimeField(_("last seen at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="case_visit_one_per_user")
        ]
        verbose_name = _("case visit")
        verbose_name_plural = _("case visits")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.case_id} {self.seen_at:%Y-%m-%d %H:%M}"
