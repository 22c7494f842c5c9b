"""Models of the casework app."""

from leernetwerk.casework.models.audit import CaseAccess, PrivacyOverride
from leernetwerk.casework.models.discussion import Comment, Recognition
from leernetwerk.casework.models.doorbraak import Doorbraak
from leernetwerk.casework.models.following import CaseFollow, CaseVisit
from leernetwerk.casework.models.pages import CaseIndexPage, CasePage, CasePageTag
from leernetwerk.casework.models.vocabularies import KnelpuntType, Law, LifeDomain

__all__ = [
    "CaseAccess",
    "CaseFollow",
    "CaseIndexPage",
    "CasePage",
    "CasePageTag",
    "CaseVisit",
    "Comment",
    "Doorbraak",
    "KnelpuntType",
    "Law",
    "LifeDomain",
    "PrivacyOverride",
    "Recognition",
]
