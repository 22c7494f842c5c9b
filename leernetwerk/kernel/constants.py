"""Choices of the kernel: how members receive notifications."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationDelivery(models.TextChoices):
    """How a member wants their notifications: always in the network, and perhaps by e-mail."""

    IN_APP = "in_app", _("Only in the network")
    IMMEDIATE = "immediate", _("Also by e-mail, straight away")
    DIGEST = "digest", _("Also by e-mail, once a day in a digest")


class NotificationCategory(models.TextChoices):
    """What a member can mute, derived from a notification's ``kind`` prefix (see
    ``casework.notifications.notification_category``)."""

    DISCUSSION = "discussion", _("Discussion of my cases (comments, replies, herken ik)")
    PATTERNS = "patterns", _("Patterns (my cases linked, decisions, suggestions)")
    SESSIONS = "sessions", _("Leersessies (changes, cancellations, free places)")


class NotificationEmail(models.TextChoices):
    """Where a notification stands as an e-mail: each is mailed at most once."""

    NONE = "", _("Not e-mailed")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENT = "sent", _("E-mailed")
