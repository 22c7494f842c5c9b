"""Choices of the learning app."""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SessionLevel(models.TextChoices):
    """Oss's three levels: what one level cannot solve goes up to the next."""

    UITVOERING = "uitvoering", _("Front line (professionals)")
    MANAGEMENT = "management", _("Management")
    BESTUUR = "bestuur", _("Bestuur")


@dataclass(frozen=True)
class Level:
    """One level of leersessies as this network configured it."""

    value: str
    label: object
    #: Who may register (``Role`` values); ``None``: every member of the network.
    roles: tuple | None
    #: On the ladder dilemmas climb (a residents' level may stand beside it).
    ladder: bool = True


def _builtin_roles() -> dict:
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


def _label(label) -> object:
    """A level's label: a string (or lazy translation), or ``{"nl": …, "en": …}`` read in the
    active language (the default language's, else the first, when there is none for it)."""
    if not isinstance(label, dict):
        return label
    from django.conf import settings
    from django.utils.translation import get_language

    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    default = settings.LANGUAGE_CODE.split("-")[0]
    return label.get(language) or label.get(default) or next(iter(label.values()), "")


def session_levels() -> tuple[Level, ...]:
    """The levels of this network in ladder order (``LEERNETWERK_SESSION_LEVELS``): a built-in
    level by its value, or ``{"value", "label", "roles", "ladder"}`` for one of the host's own
    (e.g. residents as a fourth level). Checked by the system check ``leernetwerk.E010``."""
    from leernetwerk.kernel import conf

    builtin_roles = _builtin_roles()
    labels = dict(SessionLevel.choices)
    levels = []
    for entry in conf.get("LEERNETWERK_SESSION_LEVELS"):
        if isinstance(entry, str):
            levels.append(Level(entry, labels.get(entry, entry), builtin_roles.get(entry)))
        else:
            value = entry["value"]
            roles = entry.get("roles", builtin_roles.get(value))
            levels.append(
                Level(
                    value,
                    _label(entry.get("label", labels.get(value, value))),
                    tuple(roles) if roles is not None else None,
                    bool(entry.get("ladder", True)),
                )
            )
    return tuple(levels)


def check_session_levels(app_configs=None, **kwargs) -> list:
    """``leernetwerk.E008``: ``LEERNETWERK_SESSION_LEVELS`` names each level once, a level of the
    host's own has a value that fits the database (20 characters) and a label, and at least one
    level is on the ladder."""
    from django.core.checks import Error

    from leernetwerk.kernel import conf
    from leernetwerk.kernel.roles import Role

    problems, seen = [], set()
    entries = conf.get("LEERNETWERK_SESSION_LEVELS")
    for entry in entries:
        if isinstance(entry, str):
            value = entry
            if value not in SessionLevel.values:
                problems.append(f"{value!r} is not a built-in level: give it a label in a dict")
        elif isinstance(entry, dict) and isinstance(entry.get("value"), str):
            value = entry["value"]
            if value not in SessionLevel.values and not entry.get("label"):
                problems.append(f"the level {value!r} has no label")
            problems += [
                f"{role!r} is not a role (one of {', '.join(Role.values)})"
                for role in entry.get("roles") or ()
                if role not in Role.values
            ]
        else:
            problems.append(f"{entry!r} is neither a level's value nor a dict with a 'value'")
            continue
        if not value or len(value) > 20 or not value.replace("-", "").replace("_", "").isalnum():
            problems.append(f"{value!r} is not a short slug (at most 20 letters, digits, - or _)")
        if value in seen:
            problems.append(f"the level {value!r} is named twice")
        seen.add(value)
    if not problems and not any(isinstance(e, str) or e.get("ladder", True) for e in entries):
        problems.append("no level is on the ladder")
    return [
        Error(
            f"LEERNETWERK_SESSION_LEVELS: {problem}.",
            hint='e.g. ("uitvoering", "management", "bestuur", {"value": "inwoners", "label": '
            '{"nl": "Inwoners", "en": "Residents"}, "roles": None, "ladder": False}); roles are '
            'Role values such as "Managers"',
            id="leernetwerk.E008",
        )
        for problem in problems
    ]


def level_choices() -> list[tuple[str, object]]:
    """The levels as choices (the ``level`` field of sessions and series; the calendar filter)."""
    return [(level.value, level.label) for level in session_levels()]


def level_values() -> list[str]:
    return [level.value for level in session_levels()]


def level_label(value: str) -> object:
    return next((level.label for level in session_levels() if level.value == value), value)


def level_roles(value: str) -> tuple | None:
    """Who may register for a session of the level ``value`` (``None``: every member)."""
    return next((level.roles for level in session_levels() if level.value == value), ())


def ladder() -> tuple[str, ...]:
    """The levels in the order dilemmas climb."""
    return tuple(level.value for level in session_levels() if level.ladder)


def top_level() -> str | None:
    """The level a pattern at a stuurgroep table is put before ("bestuurders agenderen
    systeemknelpunten"): the top of the ladder."""
    steps = ladder()
    return steps[-1] if steps else None


def level_above(level: str) -> str | None:
    """The level a dilemma of ``level`` goes to (``None`` at the top, or off the ladder)."""
    steps = ladder()
    try:
        index = steps.index(level)
    except ValueError:
        return None
    return steps[index + 1] if index + 1 < len(steps) else None


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
