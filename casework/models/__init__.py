"""Models of the casework app."""

from leernetwerk.casework.models.agreements import Agreement, AgreementCheck
from leernetwerk.casework.models.audit import CaseAccess, PrivacyOverride
from leernetwerk.casework.models.discussion import Comment, Recognition
from leernetwerk.casework.models.doorbraak import Doorbraak
from leernetwerk.casework.models.following import CaseFollow, CaseVisit
from leernetwerk.casework.models.mandates import Mandate
from leernetwerk.casework.models.outcomes import CaseClosing, ResidentScore
from leernetwerk.casework.models.pages import CaseIndexPage, CasePage, CasePageTag
from leernetwerk.casework.models.precedents import Precedent
from leernetwerk.casework.models.vocabularies import KnelpuntType, Law, LifeDomain, Transition

__all__ = [
    "Agreement",
    "AgreementCheck",
    "CaseAccess",
    "CaseClosing",
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
    "Mandate",
    "Precedent",
    "PrivacyOverride",
    "Recognition",
    "ResidentScore",
    "Transition",
]
