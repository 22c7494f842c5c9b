"""Models of the casework app."""

from ..live.models import LiveEvent, LiveStream
from .audit import CaseAccess, PrivacyOverride
from .discussion import Comment, Recognition
from .doorbraak import Doorbraak
from .members import ErasureRequest, Invitation, InvitationState, MemberProfile, Perspective
from .notifications import Notification
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
    "Doorbraak",
    "ErasureRequest",
    "Invitation",
    "InvitationState",
    "MemberProfile",
    "Notification",
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
