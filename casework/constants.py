"""Choices of the casework app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_DISCUSSION = "in_discussion", _("Under discussion")
    CLOSED = "closed", _("Completed")


class Window(models.TextChoices):
    """The four windows on integrated working: where a knelpunt sits."""

    RESIDENT = "resident", _("Burger")
    PROFESSIONAL = "professional", _("Professional")
    ORGANISATION = "organisation", _("Organisatie")
    POLICY = "policy", _("Beleid/bestuur")


class MaatwerkOutcome(models.TextChoices):
    WORKED = "worked", _("It worked")
    PARTLY = "partly", _("Partly")
    DID_NOT_WORK = "did_not_work", _("It did not work")
    UNKNOWN = "unknown", _("Not known yet")


class CaseSort(models.TextChoices):
    NEWEST = "newest", _("Newest")
    RECOGNISED = "recognised", _("Most recognised")
    DISCUSSED = "discussed", _("Most discussed")


class DoorbraakKind(models.TextChoices):
    """What a professional asks a mandate holder for (doorzettingsmacht)."""

    DEVIATION = "deviation", _("Gemotiveerd afwijken: deviate from a rule or procedure")
    BRIDGING = "bridging", _("Overbrugging: a bridging solution, the bill settled later")


class DoorbraakStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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
