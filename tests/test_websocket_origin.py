"""The websocket Origin check compares scheme, host and port (a cross-site page must not open a
member's live streams with their session).

Allowed: the site's public origin (``LEERNETWERK_PUBLIC_ORIGIN`` / ``WAGTAILADMIN_BASE_URL``),
``CSRF_TRUSTED_ORIGINS``, and the request's own origin (its scheme — https behind the TLS proxy
that sets ``SECURE_PROXY_SSL_HEADER`` —, its Host, which must be in ``ALLOWED_HOSTS``, and port).
"""

from __future__ import annotations

import itertools

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from leernetwerk.kernel.roles import Role, role_group
from tests.websocket import session_cookie

pytestmark = pytest.mark.django_db(transaction=True)

SITE = "https://leernetwerk.example"
_counter = itertools.count(1)


@pytest.fixture
def https_site(settings):
    """Production-like: the public origin is https, nginx terminates TLS and says so."""
    settings.ALLOWED_HOSTS = ["leernetwerk.example"]
    settings.LEERNETWERK_PUBLIC_ORIGIN = SITE
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    return settings


async def _open(
    origin: str | None,
    *,
    host: str = "leernetwerk.example",
    proxy_says_https: bool = True,
    scheme: str = "ws",
) -> bool:
    """Open the board's live stream as a member; True when the socket was accepted."""
    from config.asgi import application

    def make_member():
        user = get_user_model().objects.create_user(username=f"ws-lid-{next(_counter)}")
        user.groups.add(role_group(Role.PROFESSIONAL))
        return session_cookie(user)

    cookie = await database_sync_to_async(make_member)()
    session = f"{django_settings.SESSION_COOKIE_NAME}={cookie}"
    headers = [(b"host", host.encode()), (b"cookie", session.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if proxy_says_https:
        headers.append((b"x-forwarded-proto", b"https"))
    communicator = WebsocketCommunicator(application, "/ws/live/board/", headers=headers)
    communicator.scope["scheme"] = scheme
    connected, _code = await communicator.connect(timeout=5)
    if connected:
        assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"
        await communicator.disconnect()
    return connected


async def test_the_sites_own_https_origin_is_accepted(https_site, network):
    assert await _open(SITE)


async def test_the_same_host_over_plain_http_is_refused(https_site, network):
    assert not await _open("http://leernetwerk.example")


async def test_the_same_host_on_another_port_is_refused(https_site, network):
    assert not await _open("https://leernetwerk.example:8443")


async def test_the_same_host_over_http_is_refused_on_a_direct_tls_socket(https_site, network):
    assert not await _open("http://leernetwerk.example", proxy_says_https=False, scheme="wss")


async def test_another_site_is_refused(https_site, network):
    assert not await _open("https://kwaad.example")
    assert not await _open("https://leernetwerk.example.kwaad.example")


async def test_a_missing_or_garbled_origin_is_refused(https_site, network):
    assert not await _open(None)
    assert not await _open("null")
    assert not await _open("https://leernetwerk.example:99999")


async def test_a_host_outside_allowed_hosts_is_refused_even_as_its_own_origin(https_site, network):
    assert not await _open("https://kwaad.example", host="kwaad.example")


async def test_a_trusted_origin_with_subdomains(https_site, network):
    https_site.CSRF_TRUSTED_ORIGINS = ["https://*.gemeente.example"]
    https_site.ALLOWED_HOSTS = ["leernetwerk.example", ".gemeente.example"]
    assert await _open("https://leernetwerk.gemeente.example", host="leernetwerk.gemeente.example")
    assert not await _open(
        "http://leernetwerk.gemeente.example", host="leernetwerk.gemeente.example"
    )


async def test_development_over_plain_http_on_its_own_port(settings, network):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.LEERNETWERK_PUBLIC_ORIGIN = "http://127.0.0.1:8000"
    settings.CSRF_TRUSTED_ORIGINS = []
    settings.SECURE_PROXY_SSL_HEADER = None
    # The site as a test server or a second runserver on another port: its own origin.
    assert await _open("http://127.0.0.1:8123", host="127.0.0.1:8123", proxy_says_https=False)
    assert await _open("http://127.0.0.1:8000", host="127.0.0.1:8000", proxy_says_https=False)
    # Another port than the one the request came to is another site.
    assert not await _open("http://127.0.0.1:9999", host="127.0.0.1:8123", proxy_says_https=False)
    assert not await _open("https://127.0.0.1:8123", host="127.0.0.1:8123", proxy_says_https=False)
