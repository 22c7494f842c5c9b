"""Models of the learning app."""

from leernetwerk.learning.models.pages import (
    LearningSessionPage,
    LessonIndexPage,
    LessonPage,
    SessionIndexPage,
)
from leernetwerk.learning.models.series import SessionSeries
from leernetwerk.learning.models.sessions import (
    ActionCheck,
    AgendaMinute,
    CalendarFeed,
    Dilemma,
    Registration,
    SessionAction,
    SessionRun,
)

__all__ = [
    "ActionCheck",
    "AgendaMinute",
    "CalendarFeed",
    "Dilemma",
    "LearningSessionPage",
    "LessonIndexPage",
    "LessonPage",
    "Registration",
    "SessionAction",
    "SessionIndexPage",
    "SessionRun",
    "SessionSeries",
]
