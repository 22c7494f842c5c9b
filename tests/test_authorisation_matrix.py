"""Every route of the plugin, for every role: who is let in and who is refused.

The matrix below must name every URL pattern of ``casework``, ``patterns`` and ``learning`` and
every websocket route: a new route without an entry fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from casework import services
from casework.roles import Role
from tests.websocket import connect

ANON, NO_ROLE = "anonymous", "no role"
ROLES = [
    ANON,
    NO_ROLE,
    Role.PROFESSIONAL,
    Role.MANAGER,
    Role.SESSION_ADMIN,
    Role.STUURGROEP,
    Role.EDITOR,
]
MEMBERS = {Role.PROFESSIONAL, Role.MANAGER, Role.SESSION_ADMIN, Role.STUURGROEP, Role.EDITOR}

# route name -> (method, set of roles allowed). Everyone else is refused: anonymous visitors are
# sent to the login page, logged-in users without the right get 403.
HTTP_MATRIX: dict[str, tuple[str, set]] = {
    "casework:case_create": ("GET", MEMBERS),
    "casework:my_cases": ("GET", MEMBERS),
    "casework:case_edit": ("GET", {Role.MANAGER, "author"}),
    "casework:case_access": ("GET", {Role.MANAGER}),
    "casework:comment_create": ("POST", MEMBERS),
    "casework:recognition_toggle": ("POST", MEMBERS),
    "casework:comment_edit": ("GET", {"comment author"}),
    "casework:comment_remove": ("POST", {"comment author"}),
    "casework:comment_hide": ("POST", {Role.MANAGER}),
}
PAGE_MATRIX: dict[str, set] = {
    "home": set(ROLES),
    "lessons": set(ROLES),
    "sessions": set(ROLES),
    "cases": MEMBERS,
    "board": MEMBERS,
    "case": MEMBERS,
}
WEBSOCKET_MATRIX: dict[str, set] = {
    "ws/live/case/<int:case_id>/": MEMBERS,
    "ws/live/notifications/": MEMBERS | {NO_ROLE},
    "ws/live/board/": MEMBERS,
    "ws/live/session/<int:session_id>/": MEMBERS,
}


def _names(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _names(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_route_is_in_the_matrix():
    plugin_routes = {
        name
        for name in _names(get_resolver().url_patterns)
        if name.split(":")[0] in {"casework", "patterns", "learning"}
    }
    assert plugin_routes == set(HTTP_MATRIX)
    from config.routing import websocket_urlpatterns

    assert {str(p.pattern) for p in websocket_urlpatterns} == set(WEBSOCKET_MATRIX)


@pytest.fixture
def world(network, make_user, make_case):
    author = make_user(Role.PROFESSIONAL)
    case = make_case(owner=author)
    commenter = make_user(Role.PROFESSIONAL)
    comment = services.comment_create(case=case, author=commenter, body="Reactie")
    from django.utils import timezone

    from learning.models import LearningSessionPage

    session = network["sessions"].add_child(
        instance=LearningSessionPage(
            title="Sessie",
            slug="sessie",
            level="uitvoering",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timezone.timedelta(hours=2),
        )
    )
    return {
        "author": author,
        "case": case,
        "commenter": commenter,
        "comment": comment,
        "session": session,
    }


def _login_as(client, role, world, make_user):
    if role == ANON:
        return None
    if role == "author":
        user = world["author"]
    elif role == "comment author":
        user = world["commenter"]
    else:
        user = make_user(None if role == NO_ROLE else role)
    client.force_login(user)
    return user


def _url(name, world):
    if name in {
        "casework:case_edit",
        "casework:case_access",
        "casework:comment_create",
        "casework:recognition_toggle",
    }:
        return reverse(name, args=[world["case"].pk])
    if name.startswith("casework:comment_"):
        return reverse(name, args=[world["comment"].pk])
    return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "author", "comment author"])
@pytest.mark.parametrize("name", sorted(HTTP_MATRIX))
def test_http_routes(client, world, make_user, name, role):
    method, allowed = HTTP_MATRIX[name]
    _login_as(client, role, world, make_user)
    url = _url(name, world)
    data = {"body": "Nog een reactie", "reason": "Moderatie", "note": ""}
    response = client.post(url, data) if method == "POST" else client.get(url)
    # The author and the comment's author are professionals: allowed where they are named, or
    # where professionals are.
    is_allowed = role in allowed or (
        role in {"author", "comment author"} and Role.PROFESSIONAL in allowed
    )
    if is_allowed:
        assert response.status_code in (200, 302), (name, role, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == ANON:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGE_MATRIX))
def test_pages(client, world, network, make_user, page, role):
    _login_as(client, role, world, make_user)
    url = {
        "home": "/",
        "lessons": network["lessons"].url,
        "sessions": network["sessions"].url,
        "cases": network["cases"].url,
        "board": network["board"].url,
        "case": world["case"].url,
    }[page]
    response = client.get(url)
    if role in PAGE_MATRIX[page]:
        assert response.status_code == 200
    elif role == ANON:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", sorted(WEBSOCKET_MATRIX))
async def test_websocket_routes(network, make_user, make_case, route):
    @database_sync_to_async
    def setup():
        from django.utils import timezone

        from learning.models import LearningSessionPage

        case = make_case()
        session = network["sessions"].add_child(
            instance=LearningSessionPage(
                title="Sessie",
                slug="sessie-ws",
                level="uitvoering",
                starts_at=timezone.now(),
                ends_at=timezone.now() + timezone.timedelta(hours=2),
            )
        )
        users = {
            role: None if role == ANON else make_user(None if role == NO_ROLE else role)
            for role in ROLES
        }
        return case.pk, session.pk, users

    case_id, session_id, users = await setup()
    path = "/" + route.replace("<int:case_id>", str(case_id)).replace(
        "<int:session_id>", str(session_id)
    )
    for role in ROLES:
        communicator = await connect(path, users[role])
        first = await communicator.receive_output(timeout=5)
        if role in WEBSOCKET_MATRIX[route]:
            assert first["type"] == "websocket.send", (route, role, first)
            await communicator.disconnect()
        else:
            assert first == {"type": "websocket.close", "code": 4403}, (route, role, first)
