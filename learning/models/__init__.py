"""Models of the learning app: the leersessies (``sessions``, ``series``) and the lessons
learned (``lessons``). One app label, ``leernetwerk_learning``."""

from leernetwerk.learning.models.lessons import LessonIndexPage, LessonPage
from leernetwerk.learning.models.series import SessionSeries
from leernetwerk.learning.models.sessions import (
    ActionCheck,
    AgendaMinute,
    CalendarFeed,
    Dilemma,
    LearningSessionPage,
    Registration,
    SessionAction,
    SessionIndexPage,
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
