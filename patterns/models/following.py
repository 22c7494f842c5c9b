"""Who follows a pattern's way up the learning tables."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PatternFollow(models.Model):
    """A member's own choice to follow a pattern ("Volgen") or to stop ("Niet meer volgen").

    Its owner and the member who signalled it follow without a row; a row with
    ``following=False`` is their stop."""

    pattern = models.ForeignKey(
        "leernetwerk_patterns.Pattern", on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pattern_follows"
    )
    following = models.BooleanField(_("following"), default=True)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pattern", "user"], name="pattern_follow_one_per_user")
        ]
        verbose_name = _("pattern follower")
        verbose_name_plural = _("pattern followers")

    def __str__(self) -> str:
        return f"{self.user_id} {'volgt' if self.following else 'volgt niet'} {self.pattern_id}"
