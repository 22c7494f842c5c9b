"""Models of the casework app."""

from ..live.models import LiveEvent, LiveStream
from .audit import CaseAccess, PrivacyOverride
from .discussion import Comment, Recognition
from .members import ErasureRequest, Invitation, InvitationState, MemberProfile, Perspective
from .pages import CaseIndexPage, CasePage, CasePageTag
from .vocabularies import (
    KnelpuntType,
    Law,
    LifeDomain,
    Organisation,
    OrganisationKind,
    SensitiveName,
)

__all__ = [
    "CaseAccess",
    "CaseIndexPage",
    "CasePage",
    "CasePageTag",
    "Comment",
    "ErasureRequest",
    "Invitation",
    "InvitationState",
    "MemberProfile",
    "Perspective",
    "KnelpuntType",
    "Law",
    "LifeDomain",
    "LiveEvent",
    "LiveStream",
    "Organisation",
    "OrganisationKind",
    "PrivacyOverride",
    "Recognition",
    "SensitiveName",
]
