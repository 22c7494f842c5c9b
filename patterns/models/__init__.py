"""Models of the patterns app."""

from leernetwerk.patterns.models.core import (
    Decision,
    LearningTable,
    Pattern,
    PatternBoardPage,
    PatternCase,
    PatternEvent,
    PatternTag,
)
from leernetwerk.patterns.models.following import PatternFollow
from leernetwerk.patterns.models.policy import PolicyItem, PolicyWatch
from leernetwerk.patterns.models.proeftuin import (
    Proeftuin,
    ProeftuinCase,
    ProeftuinEntry,
    ProeftuinMeasure,
)
from leernetwerk.patterns.models.register import PolicyDocument, PolicyVersion
from leernetwerk.patterns.models.suggestions import (
    CasePatternSuggestion,
    PatternCandidate,
    SignalDoc,
    SignalIndexStats,
    SignalPosting,
    SignalTerm,
)
from leernetwerk.patterns.models.trends import NeedCategory, NeedSignal, TrendSubscription

__all__ = [
    "CasePatternSuggestion",
    "Decision",
    "LearningTable",
    "NeedCategory",
    "NeedSignal",
    "Pattern",
    "PatternBoardPage",
    "PatternCandidate",
    "PatternCase",
    "PatternEvent",
    "PatternFollow",
    "PatternTag",
    "PolicyDocument",
    "PolicyItem",
    "PolicyVersion",
    "PolicyWatch",
    "Proeftuin",
    "ProeftuinCase",
    "ProeftuinEntry",
    "ProeftuinMeasure",
    "SignalDoc",
    "SignalIndexStats",
    "SignalPosting",
    "SignalTerm",
    "TrendSubscription",
]
