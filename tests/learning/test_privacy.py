"""Members' data in the leersessies: in their export, and gone (or pseudonymised) on erasure."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.members.privacy import erasure_confirm, member_export
from leernetwerk.kernel.models import ErasureRequest, MemberProfile
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.models import CalendarFeed
from leernetwerk.learning.sessions import services

pytestmark = pytest.mark.django_db


def test_export_and_erasure_of_a_members_session_data(make_session, make_user, admin):
    member = make_user(first_name="Zebedeus", last_name="Quastenbroek")
    MemberProfile.objects.create(user=member, display_name="Zebedeus Quastenbroek")
    session = make_session(title="Leersessie april")
    services.registration_create(session=session, user=member)
    services.attendance_mark(session=session, user=admin, member=member, attended=True)
    services.action_record(session=session, user=admin, text="Kaart bijwerken", owner=member)
    services.calendar_feed_for(member)

    data = member_export(user=member)
    assert [(r["session"]["title"], r["attended"]) for r in data["registrations"]] == [
        ("Leersessie april", True)
    ]
    assert [a["text"] for a in data["session_actions"]] == ["Kaart bijwerken"]
    assert data["calendar_feed"] is True
    assert "token" not in str(data["calendar_feed"])

    def replay() -> str:
        return str([frame.data for frame in events_after(f"learning.session.{session.pk}", 0)])

    assert "Zebedeus" in replay()
    erasure_confirm(request=ErasureRequest.objects.create(user=member), by=make_user(Role.MANAGER))
    assert not CalendarFeed.objects.filter(user=member).exists()
    pseudonym = MemberProfile.objects.get(user=member).pseudonym
    assert "Zebedeus" not in replay() and "Quastenbroek" not in replay()
    assert pseudonym in replay()
    for event in LiveEvent.objects.filter(stream__key__startswith="learning."):
        assert "Zebedeus" not in str(event.payload) and "Quastenbroek" not in str(event.payload)
    # The session's record stays, under the pseudonym.
    assert session.registrations.get(user=member).attended is True
    assert session.actions.get().owner == member
