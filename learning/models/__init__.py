"""Models of the learning app."""

from .pages import LearningSessionPage, LessonIndexPage, LessonPage, SessionIndexPage
from .series import SessionSeries
from .sessions import (
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
