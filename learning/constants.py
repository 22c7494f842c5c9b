"""Choices of the learning app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionLevel(models.TextChoices):
    """Oss's three levels: what one level cannot solve goes up to the next."""

    UITVOERING = "uitvoering", _("Front line (professionals)")
    MANAGEMENT = "management", _("Management")
    BESTUUR = "bestuur", _("Bestuur")


#: Levels in the order dilemmas climb: what one level cannot solve goes to the next.
LEVEL_LADDER = (SessionLevel.UITVOERING, SessionLevel.MANAGEMENT, SessionLevel.BESTUUR)


def level_above(level: str) -> str | None:
    """The level a dilemma of ``level`` goes to (``None`` for the bestuur: the top)."""
    try:
        index = LEVEL_LADDER.index(level)
    except ValueError:
        return None
    return LEVEL_LADDER[index + 1] if index + 1 < len(LEVEL_LADDER) else None


class SeriesFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly, on a weekday of the month (e.g. every first Tuesday)")
    WEEKS = "weeks", _("Every few weeks on a weekday (e.g. every four weeks)")


class Weekday(models.IntegerChoices):
    MONDAY = 0, pgettext_lazy("weekday of a series", "Monday")
    TUESDAY = 1, pgettext_lazy("weekday of a series", "Tuesday")
    WEDNESDAY = 2, pgettext_lazy("weekday of a series", "Wednesday")
    THURSDAY = 3, pgettext_lazy("weekday of a series", "Thursday")
    FRIDAY = 4, pgettext_lazy("weekday of a series", "Friday")


class WeekOfMonth(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Unregistered")


class RunState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", pgettext_lazy("leersessie", "In progress")
    ENDED = "ended", _("Ended")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")


class CheckOutcome(models.TextChoices):
    """The six-week check of an action."""

    DONE = "done", _("Done")
    NOT_DONE = "not_done", _("Not done")
    CARRIED_OVER = "carried_over", _("Carried over")


class DilemmaStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a session of the level above")
    ON_AGENDA = "on_agenda", _("On the agenda of the level above")
    DISCUSSED = "discussed", _("Discussed")


def _level_roles():
    from leernetwerk.kernel.roles import Role

    return {
        # Every member of the network takes part in the front line's sessions.
        SessionLevel.UITVOERING: None,
        SessionLevel.MANAGEMENT: (
            Role.MANAGER,
            Role.SESSION_ADMIN,
            Role.STUURGROEP,
            Role.MANDATE_HOLDER,
        ),
        SessionLevel.BESTUUR: (Role.STUURGROEP, Role.MANAGER, Role.SESSION_ADMIN),
    }


#: Who may register for a session of each level (``None``: every network member).
LEVEL_ROLES = _level_roles()
