"""The login lockout behind the documented proxy (nginx on 127.0.0.1 sets X-Forwarded-For).

Every request then comes from 127.0.0.1; django-axes must count the client's own address, taken
from X-Forwarded-For only when the request comes from a trusted proxy
(``LEERNETWERK_TRUSTED_PROXIES``), and lock a username only together with that address: an
attacker elsewhere cannot lock a member out.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from leernetwerk.kernel.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIMIT = 5  # AXES_FAILURE_LIMIT set by leernetwerk.configure()


@pytest.fixture(autouse=True)
def axes_on(settings):
    settings.AXES_ENABLED = True
    settings.LANGUAGE_CODE = "en"
    return settings


def _login(client: Client, user, password: str = PASSWORD, **headers):
    return client.post(
        reverse("login"),
        {"username": user.get_username(), "password": password, "next": "/"},
        **headers,
    )


def test_an_attacker_behind_the_proxy_does_not_lock_the_member_out(make_user):
    member = make_user(Role.PROFESSIONAL)
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _attempt in range(LIMIT):
        _login(attacker, member, password="wrong")
    assert _login(attacker, member).status_code == 429  # the attacker is locked out…

    at_work = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    response = _login(at_work, member)  # …the member, from their own address, is not
    assert response.status_code == 302
    assert at_work.session["_auth_user_id"] == str(member.pk)


def test_the_proxy_over_ipv6_is_trusted_too(make_user):
    member = make_user(Role.PROFESSIONAL)
    attacker = Client(REMOTE_ADDR="::1", HTTP_X_FORWARDED_FOR="2001:db8::66")
    for _attempt in range(LIMIT):
        _login(attacker, member, password="wrong")
    assert _login(attacker, member).status_code == 429
    member_client = Client(REMOTE_ADDR="::1", HTTP_X_FORWARDED_FOR="2001:db8::7")
    assert _login(member_client, member).status_code == 302


def test_a_forwarded_for_header_from_outside_is_ignored(make_user):
    """Straight to the site (not through the proxy): a made-up X-Forwarded-For per attempt does
    not give the attacker fresh addresses."""
    member = make_user(Role.PROFESSIONAL)
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for attempt in range(LIMIT):
        _login(attacker, member, password="wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    response = _login(attacker, member, HTTP_X_FORWARDED_FOR="198.51.100.200")
    assert response.status_code == 429


def test_addresses_the_client_put_before_the_proxys_own_are_ignored(make_user):
    """A proxy that appends ($proxy_add_x_forwarded_for): the address the proxy saw is the
    last one; what the client wrote before it is not believed."""
    member = make_user(Role.PROFESSIONAL)
    attacker = Client(REMOTE_ADDR="127.0.0.1")
    for attempt in range(LIMIT):
        _login(
            attacker,
            member,
            password="wrong",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}, 203.0.113.66",
        )
    response = _login(attacker, member, HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.66")
    assert response.status_code == 429
    member_client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _login(member_client, member).status_code == 302


def test_a_host_names_its_own_proxies(settings, make_user):
    settings.LEERNETWERK_TRUSTED_PROXIES = ["10.0.0.0/8"]
    member = make_user(Role.PROFESSIONAL)
    attacker = Client(REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _attempt in range(LIMIT):
        _login(attacker, member, password="wrong")
    assert _login(attacker, member).status_code == 429
    member_client = Client(REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _login(member_client, member).status_code == 302
    # 127.0.0.1 is no longer trusted: its forwarded addresses are ignored.
    local = Client(REMOTE_ADDR="127.0.0.1")
    for attempt in range(LIMIT):
        _login(local, member, password="wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}")
    assert _login(local, member, HTTP_X_FORWARDED_FOR="198.51.100.50").status_code == 429


def test_a_garbled_forwarded_for_is_no_crash(make_user):
    member = make_user(Role.PROFESSIONAL)
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address, ,\x00")
    assert _login(client, member, password="wrong").status_code == 200
    assert _login(client, member).status_code == 302


def test_the_site_settings_ask_axes_for_the_client_address_through_the_plugin():
    from django.conf import settings

    assert settings.AXES_CLIENT_IP_CALLABLE == "leernetwerk.kernel.clientip.client_ip_address"
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
