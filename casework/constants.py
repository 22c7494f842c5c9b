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
    ACTIVITY = "activity", _("Latest activity")


class DoorbraakKind(models.TextChoices):
    """What a professional asks a mandate holder for (doorzettingsmacht)."""

    DEVIATION = "deviation", _("Gemotiveerd afwijken: deviate from a rule or procedure")
    BRIDGING = "bridging", _("Overbrugging: a bridging solution, the bill settled later")


class DoorbraakStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
