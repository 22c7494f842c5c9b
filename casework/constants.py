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


class AgreementParty(models.TextChoices):
    """Who carries out an agreement made at the MDO (the resident and their network are
    parties too)."""

    ORGANISATION = "organisation", _("An organisation")
    RESIDENT = "resident", _("The resident")
    NETWORK = "network", _("The resident's network")


class AgreementStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the check")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class CheckOutcome(models.TextChoices):
    """What the six-week check found."""

    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    CHANGED = "changed", _("Changed (checked again later)")


class SolutionType(models.TextChoices):
    """What kind of solution a case found: most turn out to be an existing offer used
    differently rather than the ontschotte budget."""

    EXISTING_OFFER = "existing_offer", _("An existing offer used differently")
    BUDGET = "budget", _("Maatwerk budget or ontschot budget")
    NEW_OFFER = "new_offer", _("A new offer")
    DOORBRAAK = "doorbraak", _("Doorbraak with a mandate")
    NONE = "none", _("No solution")


class ScoreMoment(models.TextChoices):
    """When the resident gives their life a mark (Oss: at the start, at the solution and after
    a year)."""

    INTAKE = "intake", _("At the start")
    SOLUTION = "solution", _("At the solution")
    ONE_YEAR = "one_year", _("After one year")


class PrecedentSource(models.TextChoices):
    """What a precedent generalises: a maatwerk choice or a doorbraak decision."""

    MAATWERK = "maatwerk", _("A maatwerk choice")
    DOORBRAAK = "doorbraak", _("A doorbraak decision")
