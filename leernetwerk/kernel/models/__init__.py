"""Models of the kernel."""

from leernetwerk.kernel.live.models import LiveEvent, LiveStream
from leernetwerk.kernel.models.members import (
    ErasureRequest,
    Invitation,
    InvitationState,
    MemberProfile,
    Perspective,
)
from leernetwerk.kernel.models.notifications import Notification
from leernetwerk.kernel.models.roles import RoleGroup
from leernetwerk.kernel.models.vocabularies import (
    EnglishTitleMixin,
    Organisation,
    OrganisationKind,
    SensitiveName,
    VocabularyItem,
)

__all__ = [
    "EnglishTitleMixin",
    "ErasureRequest",
    "Invitation",
    "InvitationState",
    "LiveEvent",
    "LiveStream",
    "MemberProfile",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "Perspective",
    "RoleGroup",
    "SensitiveName",
    "VocabularyItem",
]
