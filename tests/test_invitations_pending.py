"""Invitations by state, written out literally: four invitations — one in each state — and each
filter of the list shows exactly its own (the review broke the "pending" filter unnoticed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leernetwerk.kernel.members import invitations as services
from leernetwerk.kernel.models import Invitation, Organisation, OrganisationKind
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db

PENDING = "wacht@example.test"
EXPIRED = "verlopen@example.test"
REVOKED = "ingetrokken@example.test"
ACCEPTED = "geaccepteerd@example.test"
ALL = {PENDING, EXPIRED, REVOKED, ACCEPTED}


@pytest.fixture
def four_invitations(manager, django_capture_on_commit_callbacks):
    organisation = Organisation.objects.create(
        name="Gemeente Heuvelstad", kind=OrganisationKind.objects.first()
    )
    made = {}
    with django_capture_on_commit_callbacks(execute=True):
        for email in ALL:
            made[email] = services.invitation_create(
                email=email, organisation=organisation, role=Role.PROFESSIONAL, invited_by=manager
            )
    # Expired a second ago; an invitation expiring in a minute is still pending.
    Invitation.objects.filter(pk=made[EXPIRED].pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    Invitation.objects.filter(pk=made[PENDING].pk).update(
        expires_at=timezone.now() + timedelta(minutes=1)
    )
    services.invitation_revoke(invitation=made[REVOKED], by=manager)
    Invitation.objects.filter(pk=made[ACCEPTED].pk).update(accepted_at=timezone.now())
    return made


def _listed(client, state=None) -> set[str]:
    params = {"state": state} if state is not None else {}
    response = client.get(reverse("leernetwerk_members:invitation_list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    return {email for email in ALL if email in html}


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        ("pending", {PENDING}),
        ("expired", {EXPIRED}),
        ("revoked", {REVOKED}),
        ("accepted", {ACCEPTED}),
        ("", ALL),
        (None, ALL),
        ("nonsense", ALL),
    ],
)
def test_each_filter_shows_exactly_its_own(client, manager, four_invitations, state, shown):
    client.force_login(manager)
    assert _listed(client, state) == shown


def test_the_state_each_invitation_shows(four_invitations):
    states = {
        email: Invitation.objects.get(pk=invitation.pk).state
        for email, invitation in four_invitations.items()
    }
    assert states == {
        PENDING: "pending",
        EXPIRED: "expired",
        REVOKED: "revoked",
        ACCEPTED: "accepted",
    }


def test_a_revoked_and_an_accepted_invitation_cannot_be_sent_again(manager, four_invitations):
    for email in (REVOKED, ACCEPTED):
        with pytest.raises(ValidationError):
            services.invitation_resend(invitation=four_invitations[email], by=manager)
        with pytest.raises(ValidationError):
            services.invitation_revoke(invitation=four_invitations[email], by=manager)


def test_inviting_again_refreshes_the_open_one_and_leaves_closed_ones_alone(
    manager, four_invitations, django_capture_on_commit_callbacks
):
    organisation = Organisation.objects.get(name="Gemeente Heuvelstad")
    with django_capture_on_commit_callbacks(execute=True):
        again = {
            email: services.invitation_create(
                email=email, organisation=organisation, role=Role.PROFESSIONAL, invited_by=manager
            )
            for email in ALL
        }
    # Pending and expired were still open: the same invitation is refreshed (and pending again).
    assert again[PENDING].pk == four_invitations[PENDING].pk
    assert again[EXPIRED].pk == four_invitations[EXPIRED].pk
    assert Invitation.objects.get(pk=again[EXPIRED].pk).state == "pending"
    # A revoked or accepted invitation stays as it was; a new one is made.
    assert again[REVOKED].pk != four_invitations[REVOKED].pk
    assert again[ACCEPTED].pk != four_invitations[ACCEPTED].pk
    assert Invitation.objects.get(pk=four_invitations[REVOKED].pk).state == "revoked"
    assert Invitation.objects.get(pk=four_invitations[ACCEPTED].pk).state == "accepted"
    assert Invitation.objects.count() == 6
