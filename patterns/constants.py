"""Choices of the patterns app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LearningOrder(models.IntegerChoices):
    """Tilburg's orders of learning; the national signal is an optional rung above the third."""

    FIRST = 1, _("First order (maatwerk in the case)")
    SECOND = 2, _("Second order (werktafel)")
    THIRD = 3, _("Third order (stuurgroep)")
    NATIONAL = 4, _("Landelijk signaal")


class PatternStatus(models.TextChoices):
    SIGNALLED = "signalled", _("Signalled")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved in practice")
    ESCALATED = "escalated", _("Escalated")
    DECIDED = "decided", _("Decision taken")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    PatternStatus.SIGNALLED,
    PatternStatus.IN_PROGRESS,
    PatternStatus.ESCALATED,
)
