"""Choices of the learning app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionLevel(models.TextChoices):
    """Oss's three levels: what one level cannot solve goes up to the next."""

    UITVOERING = "uitvoering", _("Front line (professionals)")
    MANAGEMENT = "management", _("Management")
    BESTUUR = "bestuur", _("Bestuur")
