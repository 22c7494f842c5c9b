"""Members: the directory, one's own profile, and leaving the network."""

import pytest
from channels.db import database_sync_to_async
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from leernetwerk.kernel.members import services
from leernetwerk.kernel.models import MemberProfile, Organisation, OrganisationKind, Perspective
from leernetwerk.kernel.roles import Role
from tests.conftest import PASSWORD
from tests.websocket import connect


@pytest.fixture
def organisation(db):
    kind = OrganisationKind.objects.get(name="Wijkteam")
    return Organisation.objects.create(name="Wijkteam Oost", kind=kind)


@pytest.mark.django_db
def test_directory_filters_by_organisation_and_perspective(client, make_user, organisation):
    wijkteam = Perspective.objects.get(name="Wijkteam")
    anna = make_user(first_name="Anna", last_name="Oost")
    MemberProfile.objects.create(
        user=anna, display_name="Anna Oost", organisation=organisation, perspective=wijkteam
    )
    bert = make_user(first_name="Bert", last_name="Elders")
    MemberProfile.objects.create(user=bert, display_name="Bert Elders")
    gone = make_user(first_name="Gerrit", last_name="Weg", is_active=False)
    client.force_login(make_user())
    html = client.get(reverse("leernetwerk_members:directory")).content.decode()
    assert "Anna Oost" in html and "Bert Elders" in html and "Gerrit" not in html
    html = client.get(
        reverse("leernetwerk_members:directory"), {"organisatie": organisation.pk}
    ).content.decode()
    assert "Anna Oost" in html and "Bert Elders" not in html
    html = client.get(
        reverse("leernetwerk_members:directory"), {"perspectief": wijkteam.pk}
    ).content.decode()
    assert "Anna Oost" in html and "Bert Elders" not in html
    assert gone.pk  # inactive members are left out of "wie is wie"


@pytest.mark.django_db
def test_directory_lists_no_user_of_the_host_without_a_role(client, make_user):
    """A host's own users (its editors, a host group "Managers") are not network members."""
    host_user = make_user(None, first_name="Hester", last_name="Host")
    MemberProfile.objects.create(user=host_user, display_name="Hester Host")
    client.force_login(make_user())
    html = client.get(reverse("leernetwerk_members:directory")).content.decode()
    assert "Hester Host" not in html


@pytest.mark.django_db
def test_directory_is_for_members_only(client, make_user):
    url = reverse("leernetwerk_members:directory")
    assert client.get(url).status_code == 302
    client.force_login(make_user(None))
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_member_edits_own_profile_and_language(client, professional, organisation):
    client.force_login(professional)
    response = client.post(
        reverse("leernetwerk_members:profile"),
        {
            "display_name": "Pim Professional",
            "organisation": organisation.pk,
            "function": "Klantmanager",
            "perspective": Perspective.objects.get(name="UWV").pk,
            "preferred_language": "en",
        },
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    profile = MemberProfile.objects.get(user=professional)
    assert (profile.display_name, profile.organisation, profile.function) == (
        "Pim Professional",
        organisation,
        "Klantmanager",
    )
    assert "Pim Professional" in client.get("/").content.decode()


@pytest.mark.django_db
def test_bad_profile_input_is_refused_clearly(client, professional):
    client.force_login(professional)
    response = client.post(
        reverse("leernetwerk_members:profile"),
        {"display_name": "", "organisation": "abc", "preferred_language": "xx"},
    )
    assert response.status_code == 200
    assert response.content.decode().count('class="ln-errorlist"') >= 2


@pytest.mark.django_db
def test_deactivated_member_is_refused_at_login_and_on_every_page(
    client, make_user, make_case, manager
):
    member = make_user(Role.PROFESSIONAL, first_name="Lot", last_name="Vertrokken")
    case = make_case(owner=member)
    client.force_login(member)
    assert client.get(case.url).status_code == 200

    services.member_deactivate(member=member, by=manager)

    # The open session is gone: every page now asks to log in again…
    for url in (
        case.url,
        "/casussen/",
        reverse("leernetwerk_casework:case_create"),
        reverse("leernetwerk_members:profile"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    # …and logging in is refused.
    response = client.post("/accounts/login/", {"username": member.username, "password": PASSWORD})
    assert response.status_code == 200
    assert 'class="ln-form-errors"' in response.content.decode()
    assert client.get(case.url).status_code == 302
    # Their contributions stay, marked as a former member.
    client.force_login(manager)
    assert "Lot Vertrokken (oud-lid)" in client.get(case.url).content.decode()


@pytest.mark.django_db
def test_only_managers_deactivate(make_user, professional):
    other = make_user()
    with pytest.raises(PermissionDenied):
        services.member_deactivate(member=other, by=professional)


@pytest.mark.django_db(transaction=True)
async def test_deactivation_closes_open_websockets_and_refuses_new_ones(make_user, network):
    member, manager = await database_sync_to_async(
        lambda: (make_user(Role.PROFESSIONAL), make_user(Role.MANAGER))
    )()
    communicator = await connect("/ws/live/board/", member)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"

    await database_sync_to_async(services.member_deactivate)(member=member, by=manager)

    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}
    again = await connect("/ws/live/board/", member)
    assert await again.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


@pytest.mark.django_db(transaction=True)
async def test_websockets_need_the_second_factor_where_the_role_requires_it(
    make_user, network, settings
):
    settings.LEERNETWERK_2FA_REQUIRED_ROLES = ["Managers"]
    manager, professional = await database_sync_to_async(
        lambda: (make_user(Role.MANAGER), make_user(Role.PROFESSIONAL))
    )()
    unverified = await connect("/ws/live/board/", manager)
    assert await unverified.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}
    fine = await connect("/ws/live/board/", professional)
    assert (await fine.receive_json_from(timeout=5))["type"] == "ready"
    await fine.disconnect()


@pytest.mark.django_db
def test_nobody_deactivates_someone_with_more_rights(make_user):
    session_admin = make_user(Role.SESSION_ADMIN)
    with pytest.raises(PermissionDenied):
        services.member_deactivate(member=make_user(Role.MANAGER), by=session_admin)
    with pytest.raises(PermissionDenied):
        services.member_deactivate(
            member=make_user(None, is_superuser=True), by=make_user(Role.MANAGER)
        )
    services.member_deactivate(member=make_user(Role.PROFESSIONAL), by=session_admin)


@pytest.mark.django_db(transaction=True)
async def test_logging_out_closes_the_members_websockets(make_user, network):
    from django.test import Client

    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    communicator = await connect("/ws/live/board/", member)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"

    def log_out():
        client = Client()
        client.force_login(member)
        assert client.post("/accounts/logout/").status_code == 302

    await database_sync_to_async(log_out)()
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


@pytest.mark.django_db(transaction=True)
async def test_a_strange_cookie_does_not_break_the_socket(make_user, network):
    from channels.testing import WebsocketCommunicator
    from django.conf import settings as django_settings

    from config.asgi import application
    from tests.websocket import ORIGIN, session_cookie

    member = await database_sync_to_async(make_user)(Role.PROFESSIONAL)
    cookie = await database_sync_to_async(session_cookie)(member)
    headers = [
        ORIGIN,
        (b"host", b"testserver"),
        (
            b"cookie",
            f"a@b=1; {django_settings.SESSION_COOKIE_NAME}={cookie}; django_language=en".encode(),
        ),
    ]
    communicator = WebsocketCommunicator(application, "/ws/live/board/", headers=headers)
    assert (await communicator.connect())[0]
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"
    await communicator.send_json_to({"type": "dance"})
    assert (await communicator.receive_json_from(timeout=5))["message"] == "Unknown message type."
    await communicator.disconnect()
