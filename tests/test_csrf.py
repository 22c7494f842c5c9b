"""CSRF protection is on for every route of the plugin that takes a POST.

The routes are walked from the URL patterns (like ``tests/test_authorisation_matrix.py``), so a
new route is covered without an entry here. The only views mounted CSRF-exempt are the documented
ones: ``set_language`` (docs/decisions/0005-public-lessons.md: it changes nothing but a cookie,
so public pages carry no token and stay cacheable) and the read-only lessons API (Wagtail's API
views are Django REST framework views: exempt for Django, they check the token themselves for a
logged-in member, and answer no POST).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from leernetwerk.kernel.roles import Role
from tests.test_authorisation_matrix import (
    ANON,
    HTTP_MATRIX,
    _login_as,
    _plugin_routes,
    _url,
)
from tests.test_authorisation_matrix import world as world  # noqa: F401 - the fixture
from tests.test_bad_input import changed, row_counts

DOCUMENTED_EXEMPT = {
    "set_language",
    "leernetwerk_api:lessons:listing",
    "leernetwerk_api:lessons:detail",
    "leernetwerk_api:lessons:find",
}
DECISION = Path(__file__).resolve().parents[1] / "docs" / "decisions" / "0005-public-lessons.md"


def _all_routes(patterns, namespace=""):
    """(name, view) of every route of the site except the Wagtail admin (Wagtail's own)."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern) == "admin/":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _all_routes(entry.url_patterns, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or entry.pattern}", entry.callback


def test_the_csrf_exempt_views_are_exactly_the_documented_ones():
    exempt = {
        name
        for name, view in _all_routes(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False)
    }
    assert exempt == DOCUMENTED_EXEMPT
    decision = DECISION.read_text(encoding="utf-8")
    assert "`set_language` is mounted CSRF-exempt" in decision
    assert "lessons API" in decision and "CSRF" in decision


def _allowed_role(name: str):
    _method, allowed = HTTP_MATRIX[name]
    for role in ("author", "comment author", *sorted(map(str, allowed))):
        if role in allowed or (
            role in {"author", "comment author"} and Role.PROFESSIONAL in allowed
        ):
            return role
    return ANON


def _csrf_refusal(response) -> bool:
    return response.status_code == 403 and b"CSRF" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", sorted(set(_plugin_routes(get_resolver().url_patterns)) - DOCUMENTED_EXEMPT)
)
def test_a_post_without_a_token_is_refused(name, request, make_user):
    """Logged in as someone the route lets in: without the token 403 and nothing saved; with
    the token the same post is not a CSRF refusal (so it was the token that was missing)."""
    world = request.getfixturevalue("world")
    client = Client(enforce_csrf_checks=True)
    _login_as(client, _allowed_role(name), world, make_user)
    url = _url(name, world)
    data = {"body": "Een reactie", "reason": "Een reden", "text": "Een tekst", "confirm": "on"}
    before = row_counts()
    response = client.post(url, data)
    assert _csrf_refusal(response), (name, response.status_code)
    assert changed(before, row_counts()) == {}

    client.get("/")  # the home page sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = client.post(url, {**data, "csrfmiddlewaretoken": token})
    assert not _csrf_refusal(response), name


@pytest.mark.django_db
def test_posts_to_pages_need_the_token_too(network, make_case, make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.PROFESSIONAL))
    for url in ["/", network["cases"].url, make_case().url, network["lessons"].url]:
        assert _csrf_refusal(client.post(url, {"q": "x"})), url


@pytest.mark.django_db
def test_the_exempt_views_change_nothing_but_the_language(network, make_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.PROFESSIONAL))
    before = row_counts()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302 and client.cookies["django_language"].value == "en"
    for path in ["/api/v2/lessons/", "/api/v2/lessons/1/", "/api/v2/lessons/find/?id=1"]:
        # Django REST framework checks the token itself for a logged-in member ...
        response = client.post(path, {"title": "x"})
        assert response.status_code == 403 and b"CSRF" in response.content, path
        # ... and the API takes no POST at all.
        assert Client(enforce_csrf_checks=True).post(path, {}).status_code == 405, path
    assert changed(before, row_counts()) == {}
