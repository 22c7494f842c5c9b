"""A manager in a profile that requires two-factor authentication: nothing is reachable, front
end nor Wagtail admin, before an authenticator app is set up with a valid code."""

from __future__ import annotations

import base64

import pytest
from django.conf import settings
from django_otp.oath import totp

from leernetwerk.kernel.roles import Role
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.servers import daphne

ENROLL = "/accounts/2fa/setup/"


@pytest.fixture
def two_factor_server_url(live_network):
    """A live server on which managers must use two-factor authentication."""
    with daphne(
        str(settings.DATABASES["default"]["NAME"]),
        extra_env={"LEERNETWERK_2FA_REQUIRED_ROLES": "Managers"},
    ) as address:
        yield f"http://{address}"


def code_from_secret(secret: str) -> str:
    """What the authenticator app shows for the key typed in by hand."""
    key = secret.replace(" ", "").upper()
    key += "=" * (-len(key) % 8)
    return f"{totp(base64.b32decode(key)):06d}"


def test_manager_sets_up_two_factor_before_reaching_the_site(
    two_factor_server_url, make_user, new_page
):
    base = two_factor_server_url
    manager = make_user(Role.MANAGER, username="manager-2fa")

    page = new_page()
    login(page, base, manager.username, PASSWORD)
    assert ENROLL in page.url

    # Neither the front end nor the Wagtail admin is reachable yet.
    page.goto(base + "/casussen/")
    assert ENROLL in page.url and "next=%2Fcasussen%2F" in page.url
    page.goto(base + "/admin/")
    assert ENROLL in page.url and "next=%2Fadmin%2F" in page.url

    assert page.locator("div[role=img] svg").is_visible()
    secret = page.locator("#totp-secret").inner_text()
    right = code_from_secret(secret)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"

    # A wrong code is refused with a message.
    page.locator("#id_code").fill(wrong)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert ENROLL in page.url
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert alert.inner_text().strip()
    assert page.locator("#id_code").get_attribute("aria-invalid") == "true"

    # django-otp waits a second after a wrong code; a person typing takes longer anyway.
    page.wait_for_timeout(1200)
    page.locator("#id_code").fill(code_from_secret(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/recovery-codes/" in page.url
    codes = page.locator("#recovery-codes li")
    assert codes.count() == 10
    assert all(len(code.strip()) == 8 for code in codes.all_inner_texts())

    # Continue to where the manager was going: the Wagtail admin.
    page.locator("main a.ln-button").click()
    page.wait_for_load_state()
    assert page.url == base + "/admin/"
    # The admin dashboard itself (not the admin's login page).
    assert page.locator("body#wagtail main.content-wrapper").count() == 1

    response = page.goto(base + "/casussen/")
    assert response.status == 200
    assert page.url == base + "/casussen/"
    assert page.get_by_role("heading", level=1).inner_text() == "Casussen"
