"""Who may deactivate (and reactivate) whom, as literal scenarios (ADR 0012):

* a session administrator manages professionals only;
* a manager manages professionals and session administrators;
* stuurgroep members, mandate holders, editors, managers, superusers and users outside the
  network are managed by a superuser only;
* nobody deactivates themselves.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from leernetwerk.kernel.members import services
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db


def _still_active(user) -> bool:
    user.refresh_from_db()
    return user.is_active


def test_a_session_administrator_deactivates_a_professional(make_user):
    session_admin = make_user(Role.SESSION_ADMIN)
    professional = make_user(Role.PROFESSIONAL)
    services.member_deactivate(member=professional, by=session_admin)
    assert not _still_active(professional)


@pytest.mark.parametrize(
    "role",
    [
        Role.STUURGROEP,
        Role.MANDATE_HOLDER,
        Role.EDITOR,
        Role.SESSION_ADMIN,
        Role.MANAGER,
    ],
)
def test_a_session_administrator_may_not_deactivate(make_user, role):
    session_admin = make_user(Role.SESSION_ADMIN)
    member = make_user(role)
    with pytest.raises(PermissionDenied):
        services.member_deactivate(member=member, by=session_admin)
    assert _still_active(member)


def test_a_professional_who_is_also_an_editor_is_out_of_a_session_administrators_reach(
    make_user,
):
    from leernetwerk.kernel.roles import role_group

    session_admin = make_user(Role.SESSION_ADMIN)
    member = make_user(Role.PROFESSIONAL)
    member.groups.add(role_group(Role.EDITOR))
    with pytest.raises(PermissionDenied):
        services.member_deactivate(member=member, by=session_admin)
    assert _still_active(member)


def test_a_manager_deactivates_professionals_and_session_administrators(make_user):
    manager = make_user(Role.MANAGER)
    professional = make_user(Role.PROFESSIONAL)
    session_admin = make_user(Role.SESSION_ADMIN)
    services.member_deactivate(member=professional, by=manager)
    services.member_deactivate(member=session_admin, by=manager)
    assert not _still_active(professional)
    assert not _still_active(session_admin)


@pytest.mark.parametrize("role", [Role.STUURGROEP, Role.MANDATE_HOLDER, Role.EDITOR, Role.MANAGER])
def test_a_manager_may_not_deactivate(make_user, role):
    manager = make_user(Role.MANAGER)
    member = make_user(role)
    with pytest.raises(PermissionDenied):
        services.member_deactivate(member=member, by=manager)
    assert _still_active(member)


def test_a_manager_may_not_deactivate_a_user_outside_the_network_or_a_superuser(make_user):
    manager = make_user(Role.MANAGER)
    host_user = make_user(None)
    superuser = make_user(None, is_superuser=True)
    for member in (host_user, superuser):
        with pytest.raises(PermissionDenied):
            services.member_deactivate(member=member, by=manager)
        assert _still_active(member)


@pytest.mark.parametrize(
    "role",
    [Role.STUURGROEP, Role.MANDATE_HOLDER, Role.EDITOR, Role.MANAGER, Role.SESSION_ADMIN],
)
def test_a_superuser_deactivates_every_role(make_user, role):
    superuser = make_user(None, is_superuser=True)
    member = make_user(role)
    services.member_deactivate(member=member, by=superuser)
    assert not _still_active(member)


@pytest.mark.parametrize("role", [Role.SESSION_ADMIN, Role.MANAGER, None])
def test_nobody_deactivates_themselves(make_user, role):
    me = make_user(role, is_superuser=role is None)
    with pytest.raises(PermissionDenied):
        services.member_deactivate(member=me, by=me)
    assert _still_active(me)


def test_a_session_administrator_may_not_bring_back_a_deactivated_manager(make_user):
    superuser = make_user(None, is_superuser=True)
    manager = make_user(Role.MANAGER)
    services.member_deactivate(member=manager, by=superuser)
    with pytest.raises(PermissionDenied):
        services.member_reactivate(member=manager, by=make_user(Role.SESSION_ADMIN))
    assert not _still_active(manager)
    services.member_reactivate(member=manager, by=superuser)
    assert _still_active(manager)


def test_a_manager_brings_back_a_deactivated_professional(make_user):
    manager = make_user(Role.MANAGER)
    professional = make_user(Role.PROFESSIONAL)
    services.member_deactivate(member=professional, by=manager)
    services.member_reactivate(member=professional, by=manager)
    assert _still_active(professional)


def test_the_page_refuses_a_session_administrator_deactivating_a_stuurgroep_member(
    client, make_user
):
    session_admin = make_user(Role.SESSION_ADMIN)
    stuurgroep_member = make_user(Role.STUURGROEP)
    client.force_login(session_admin)
    response = client.post(
        reverse("leernetwerk_members:deactivate", args=[stuurgroep_member.pk]),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    assert response.status_code == 403
    assert _still_active(stuurgroep_member)


def test_the_page_deactivates_a_professional_for_a_session_administrator(client, make_user):
    session_admin = make_user(Role.SESSION_ADMIN)
    professional = make_user(Role.PROFESSIONAL)
    client.force_login(session_admin)
    response = client.post(reverse("leernetwerk_members:deactivate", args=[professional.pk]))
    assert response.status_code == 302
    assert not _still_active(professional)


def test_the_page_refuses_deactivating_oneself(client, make_user):
    manager = make_user(Role.MANAGER)
    client.force_login(manager)
    response = client.post(reverse("leernetwerk_members:deactivate", args=[manager.pk]))
    assert response.status_code == 403
    assert _still_active(manager)
