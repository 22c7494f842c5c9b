"""Registering for a leersessie: capacity and the waiting list, perspectives, who may."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from leernetwerk.kernel.models import MemberProfile, Perspective
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.constants import RegistrationStatus
from leernetwerk.learning.sessions import services
from leernetwerk.learning.sessions.selectors import missing_perspectives

pytestmark = pytest.mark.django_db


def test_past_capacity_members_go_on_the_waiting_list_and_move_up_in_order(make_session, make_user):
    session = make_session(capacity=2)
    first, second, third, fourth = (make_user() for _ in range(4))
    for member in (first, second):
        assert services.registration_create(session=session, user=member).status == (
            RegistrationStatus.REGISTERED
        )
    assert services.registration_create(session=session, user=third).status == (
        RegistrationStatus.WAITING
    )
    assert services.registration_create(session=session, user=fourth).status == (
        RegistrationStatus.WAITING
    )
    services.registration_cancel(session=session, user=first)
    statuses = dict(session.registrations.values_list("user", "status"))
    assert statuses[third.pk] == RegistrationStatus.REGISTERED  # first on the list
    assert statuses[fourth.pk] == RegistrationStatus.WAITING
    assert statuses[first.pk] == RegistrationStatus.CANCELLED
    assert third.notifications.get().kind == "session.place"
    assert not fourth.notifications.exists()
    # Leaving the waiting list frees nothing and promotes nobody.
    services.registration_cancel(session=session, user=fourth)
    assert session.registrations.filter(status=RegistrationStatus.REGISTERED).count() == 2


def test_coming_back_after_unregistering_joins_the_end_of_the_queue(make_session, make_user):
    session = make_session(capacity=1)
    member, other = make_user(), make_user()
    services.registration_create(session=session, user=member)
    services.registration_cancel(session=session, user=member)
    services.registration_create(session=session, user=other)
    again = services.registration_create(session=session, user=member)
    assert again.status == RegistrationStatus.WAITING
    with pytest.raises(ValidationError):
        services.registration_create(session=session, user=member)


def test_no_limit_without_capacity(make_session, make_user):
    session = make_session(capacity=None)
    for _ in range(5):
        assert services.registration_create(session=session, user=make_user()).status == (
            RegistrationStatus.REGISTERED
        )


@pytest.mark.parametrize(
    ("state", "message"),
    [("past", "not open"), ("cancelled", "not open"), ("draft", "not open")],
)
def test_past_cancelled_and_draft_sessions_take_no_registrations(
    make_session, make_user, admin, state, message
):
    if state == "past":
        session = make_session(starts_at=timezone.now() - timedelta(days=2))
    elif state == "draft":
        session = make_session(live=False)
    else:
        session = make_session()
        services.session_cancel(session=session, user=admin, reason="Ziek")
    with pytest.raises(ValidationError) as error:
        services.registration_create(session=session, user=make_user())
    assert "niet open" in str(error.value) or message in str(error.value)


@pytest.mark.parametrize(
    ("level", "role", "allowed"),
    [
        ("uitvoering", Role.PROFESSIONAL, True),
        ("uitvoering", Role.EDITOR, True),
        ("management", Role.PROFESSIONAL, False),
        ("management", Role.MANAGER, True),
        ("management", Role.MANDATE_HOLDER, True),
        ("bestuur", Role.MANAGER, True),
        ("bestuur", Role.STUURGROEP, True),
        ("bestuur", Role.PROFESSIONAL, False),
        ("uitvoering", None, False),
    ],
)
def test_who_may_register_per_level(make_session, make_user, level, role, allowed):
    session = make_session(level)
    user = make_user(role)
    if allowed:
        assert services.registration_create(session=session, user=user)
    else:
        with pytest.raises(PermissionDenied):
            services.registration_create(session=session, user=user)


def test_a_registration_records_the_perspective_and_the_missing_ones_show(
    make_session, make_user, client
):
    wijkteam = Perspective.objects.get(name="Wijkteam")
    uwv = Perspective.objects.get(name="UWV")
    session = make_session()
    member = make_user()
    MemberProfile.objects.create(user=member, perspective=wijkteam)
    registration = services.registration_create(session=session, user=member)
    assert registration.perspective == wijkteam  # from the profile
    other = services.registration_create(session=session, user=make_user(), perspective=uwv)
    assert other.perspective == uwv
    missing = {p.name for p in missing_perspectives(session)}
    assert "Wijkteam" not in missing and "UWV" not in missing and "Schuldhulp" in missing
    client.force_login(member)
    page = client.get(session.url).content.decode()
    assert "Schuldhulp" in page.split('id="session-attendance"')[1]


def test_registering_through_the_page(client, make_session, make_user):
    session = make_session(capacity=1)
    first, second = make_user(), make_user()
    client.force_login(first)
    response = client.post(reverse("leernetwerk_learning:register", args=[session.pk]), follow=True)
    assert "Je bent aangemeld." in response.content.decode()
    client.force_login(second)
    page = client.get(session.url).content.decode()
    assert "wachtlijst" in page.lower()
    response = client.post(reverse("leernetwerk_learning:register", args=[session.pk]), follow=True)
    assert "wachtlijst" in response.content.decode()
    # A bad perspective id is ignored, never an error page.
    client.force_login(make_user())
    response = client.post(
        reverse("leernetwerk_learning:register", args=[session.pk]), {"perspective": "x"}
    )
    assert response.status_code == 302
