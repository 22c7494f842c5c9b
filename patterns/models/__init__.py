"""Models of the patterns app."""

from .core import (
    Decision,
    LearningTable,
    Pattern,
    PatternBoardPage,
    PatternCase,
    PatternEvent,
    PatternTag,
)
from .suggestions import (
    CasePatternSuggestion,
    PatternCandidate,
    SignalDoc,
    SignalIndexStats,
    SignalPosting,
    SignalTerm,
)

__all__ = [
    "CasePatternSuggestion",
    "Decision",
    "LearningTable",
    "Pattern",
    "PatternBoardPage",
    "PatternCandidate",
    "PatternCase",
    "PatternEvent",
    "PatternTag",
    "SignalDoc",
    "SignalIndexStats",
    "SignalPosting",
    "SignalTerm",
]
