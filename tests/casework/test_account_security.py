"""Account security: two-factor authentication (django-otp), login rate limiting (django-axes),
password self-service and idle session expiry."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leernetwerk.kernel.members.security import is_sufficiently_verified
from leernetwerk.kernel.members.services import profile_for
from leernetwerk.kernel.roles import Role
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

FRONT_END = ["/casussen/", "/netwerk/casussen/nieuw/"]
ADMIN = "/admin/"
NEW_PASSWORD = "a-fresh-and-long-passphrase-42"


@pytest.fixture
def security(settings):
    """Two-factor authentication required for managers; django-axes on; the English interface
    (the assertions read English messages)."""
    settings.LEERNETWERK_2FA_REQUIRED_ROLES = [str(Role.MANAGER)]
    settings.AXES_ENABLED = True
    # django-otp's exponential back-off (1 s, 2 s, 4 s ...) has a test of its own below.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    return settings


def new_client() -> Client:
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def password_login(client, user, password=PASSWORD, next_url="/", url=None):
    return client.post(
        url or reverse("login"),
        {"username": user.get_username(), "password": password, "next": next_url},
    )


class OtpClock:
    """The clock django-otp reads when it checks a code, set by the test: the middle of a time
    step, so no test depends on when in the 30 seconds it runs (or how slow the machine is)."""

    def __init__(self):
        self.now = 1_800_000_015.0  # 15 s into a 30 s step

    def time(self) -> float:
        return self.now

    def next_step(self, steps: int = 1) -> None:
        self.now += 30 * steps


@pytest.fixture(autouse=True)
def otp_clock(monkeypatch):
    import django_otp.plugins.otp_totp.models as totp_models

    clock = OtpClock()
    monkeypatch.setattr(totp_models, "time", clock)
    return clock


def code_for(device: TOTPDevice, ahead: int = 0) -> str:
    """The authenticator app's code at the test's clock (``otp_clock``); ``ahead`` time steps
    later for a second login within the same step (django-otp refuses a code of an already
    used time step)."""
    import django_otp.plugins.otp_totp.models as totp_models

    device.refresh_from_db()
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead)
    token.time = totp_models.time.time()
    return f"{token.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


def enroll(client, user, next_url="/"):
    """Set up the authenticator app through the enrolment page; returns the confirmed device."""
    response = client.get(reverse("two_factor_enroll"), {"next": next_url})
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(
        reverse("two_factor_enroll"), {"code": code_for(device), "next": next_url}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    device.refresh_from_db()
    assert device.confirmed
    return device, response


def enrolled_manager(make_user, **fields):
    """A manager who set up two-factor authentication earlier (in another session)."""
    manager = make_user(Role.MANAGER, **fields)
    client = new_client()
    assert password_login(client, manager).status_code == 302
    device, _response = enroll(client, manager)
    return manager, device


def failures(user) -> int:
    return sum(
        AccessAttempt.objects.filter(username=user.get_username()).values_list(
            "failures_since_start", flat=True
        )
    )


def redirect_path(response) -> str:
    assert response.status_code == 302, response.status_code
    return response["Location"].split("?")[0]


# --- two-factor authentication ----------------------------------------------------------------


def test_manager_enrolls_before_reaching_the_front_end_and_the_admin(security, make_user):
    manager = make_user(Role.MANAGER)
    client = new_client()
    response = password_login(client, manager, next_url="/casussen/")
    assert response.status_code == 302 and response["Location"] == "/casussen/"

    for url in [*FRONT_END, ADMIN]:
        response = client.get(url)
        assert redirect_path(response) == reverse("two_factor_enroll"), url
        assert f"next={url.replace('/', '%2F')}" in response["Location"]
    # A script gets a JSON refusal rather than a redirect.
    response = client.get(FRONT_END[1], headers={"accept": "application/json"})
    assert response.status_code == 403
    assert response.json()["two_factor_url"] == reverse("two_factor_enroll")

    page = client.get(reverse("two_factor_enroll"), {"next": "/casussen/"})
    html = page.content.decode()
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert device.name == "Authenticator"
    assert "<svg" in html and 'id="totp-secret"' in html
    from leernetwerk.kernel.members.twofactor import secret_for_manual_entry

    assert secret_for_manual_entry(device)[:4] in html

    # A wrong code is refused, with a message, and counted by django-axes.
    response = client.post(
        reverse("two_factor_enroll"), {"code": wrong_code(device), "next": "/casussen/"}
    )
    assert response.status_code == 200
    assert "This code is not valid" in response.content.decode()
    assert failures(manager) == 1
    assert client.get("/casussen/").status_code == 302

    response = client.post(
        reverse("two_factor_enroll"), {"code": code_for(device), "next": "/casussen/"}
    )
    assert redirect_path(response) == reverse("two_factor_recovery_codes")
    device.refresh_from_db()
    assert device.confirmed
    # The recovery codes are shown once.
    html = client.get(response["Location"]).content.decode()
    tokens = list(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert len(tokens) == 10
    assert all(token in html for token in tokens)
    assert "shown only this once" in html
    assert 'href="/casussen/"' in html
    assert not any(
        token in client.get(reverse("two_factor_recovery_codes")).content.decode()
        for token in tokens
    )

    for url in FRONT_END:
        assert client.get(url).status_code == 200, url
    assert client.get(ADMIN).status_code == 200


def test_a_later_session_needs_the_code_again(security, make_user, otp_clock):
    manager, device = enrolled_manager(make_user)
    client = new_client()
    assert password_login(client, manager).status_code == 302
    for url in [*FRONT_END, ADMIN]:
        assert redirect_path(client.get(url)) == reverse("two_factor_verify"), url
    # A password alone cannot replace the authenticator.
    assert redirect_path(client.get(reverse("two_factor_enroll"))) == reverse("two_factor_verify")

    response = client.post(
        reverse("two_factor_verify"), {"code": code_for(device, ahead=1), "next": ADMIN}
    )
    assert response.status_code == 302 and response["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    for url in FRONT_END:
        assert client.get(url).status_code == 200, url
    # The code cannot be replayed in yet another session: not in the same time step, and not
    # in the next one either (where it still lies within the tolerance of one step).
    used = code_for(device)
    replay = new_client()
    password_login(replay, manager)
    response = replay.post(reverse("two_factor_verify"), {"code": used})
    assert response.status_code == 200 and "not valid" in response.content.decode()
    otp_clock.next_step()
    response = replay.post(reverse("two_factor_verify"), {"code": used})
    assert response.status_code == 200 and "not valid" in response.content.decode()
    # The next code is accepted (the refusals above were the replay, not a broken device).
    response = replay.post(reverse("two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 302


def test_superusers_need_two_factor_when_any_role_does(security, make_user):
    admin = make_user(None, is_superuser=True, is_staff=True)
    client = new_client()
    password_login(client, admin)
    assert redirect_path(client.get(ADMIN)) == reverse("two_factor_enroll")


def test_a_recovery_code_works_once(security, make_user):
    manager, _device = enrolled_manager(make_user)
    code = StaticToken.objects.filter(device__user=manager).first().token

    client = new_client()
    password_login(client, manager)
    response = client.post(
        reverse("two_factor_verify"), {"code": code.upper(), "next": "/casussen/"}
    )
    assert response.status_code == 302 and response["Location"] == "/casussen/"
    page = client.get("/casussen/")
    assert page.status_code == 200
    assert "9 recovery codes are left" in page.content.decode()
    assert StaticToken.objects.filter(device__user=manager).count() == 9

    other = new_client()
    password_login(other, manager)
    response = other.post(reverse("two_factor_verify"), {"code": code})
    assert response.status_code == 200
    assert "not valid" in response.content.decode()
    assert redirect_path(other.get("/casussen/")) == reverse("two_factor_verify")


def test_wrong_codes_are_counted_and_lock_the_member_out(security, make_user):
    manager, device = enrolled_manager(make_user)
    client = new_client()
    password_login(client, manager)
    assert failures(manager) == 0  # a successful password login resets the count
    limit = django_settings.AXES_FAILURE_LIMIT
    for attempt in range(1, limit):
        response = client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()
        assert "This code is not valid" in response.content.decode()
        assert failures(manager) == attempt

    response = client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html and "Try again in an hour" in html
    assert reverse("password_reset") in html
    # Logged out ...
    assert redirect_path(client.get("/casussen/")) == reverse("login")
    # ... and the password does not let them back in for now (even with the right password).
    response = password_login(client, manager)
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_django_otp_throttling_also_applies(security, make_user):
    security.OTP_TOTP_THROTTLE_FACTOR = 30
    manager, device = enrolled_manager(make_user)
    client = new_client()
    password_login(client, manager)
    client.post(reverse("two_factor_verify"), {"code": wrong_code(device)})
    # Right away the right code is not even checked: django-otp's back-off (and axes counts it).
    response = client.post(reverse("two_factor_verify"), {"code": code_for(device, ahead=1)})
    assert response.status_code == 200
    assert "Too many wrong codes in a row" in response.content.decode()
    assert failures(manager) == 2
    device.refresh_from_db()
    assert device.throttling_failure_count == 1


def test_members_outside_the_listed_roles_are_not_asked(security, make_user):
    professional = make_user(Role.PROFESSIONAL)
    client = new_client()
    password_login(client, professional)
    assert client.get("/casussen/").status_code == 200
    assert client.get("/netwerk/casussen/nieuw/").status_code == 200


def test_nobody_is_asked_when_no_role_requires_two_factor(security, make_user):
    security.LEERNETWERK_2FA_REQUIRED_ROLES = []
    manager = make_user(Role.MANAGER)
    client = new_client()
    password_login(client, manager)
    for url in FRONT_END:
        assert client.get(url).status_code == 200, url
    assert client.get(ADMIN).status_code == 200


def test_a_voluntary_authenticator_is_asked_for_too(security, make_user):
    professional = make_user(Role.PROFESSIONAL)
    client = new_client()
    password_login(client, professional)
    device, _response = enroll(client, professional)
    other = new_client()
    password_login(other, professional)
    assert redirect_path(other.get("/casussen/")) == reverse("two_factor_verify")
    # ... and may be turned off again (no role requires it).
    assert client.post(reverse("two_factor_disable")).status_code == 302
    assert not TOTPDevice.objects.filter(user=professional).exists()
    assert other.get("/casussen/").status_code == 200
    assert device.pk


def test_two_factor_cannot_be_turned_off_when_a_role_requires_it(security, make_user):
    manager = make_user(Role.MANAGER)
    client = new_client()
    password_login(client, manager)
    enroll(client, manager)
    response = client.post(reverse("two_factor_disable"))
    assert response.status_code == 403
    assert "cannot be turned off" in response.content.decode()
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
    assert (
        'href="/accounts/2fa/disable/"'
        not in client.get(reverse("two_factor_manage")).content.decode()
    )


def test_recovery_codes_can_be_replaced(security, make_user):
    manager = make_user(Role.MANAGER)
    client = new_client()
    password_login(client, manager)
    enroll(client, manager)
    client.get(reverse("two_factor_recovery_codes"))  # the first set, shown once
    old = set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    response = client.post(reverse("two_factor_recovery_codes"))
    assert redirect_path(response) == reverse("two_factor_recovery_codes")
    html = client.get(response["Location"]).content.decode()
    new = set(StaticToken.objects.filter(device__user=manager).values_list("token", flat=True))
    assert len(new) == 10 and not old & new
    assert all(token in html for token in new)


def test_next_must_stay_on_the_site(security, make_user):
    manager = make_user(Role.MANAGER)
    client = new_client()
    password_login(client, manager)
    _device, response = enroll(client, manager, next_url="https://evil.example/")
    html = client.get(response["Location"]).content.decode()
    assert "evil.example" not in html


def test_is_sufficiently_verified_for_websocket_consumers(security, make_user):
    from django.contrib.auth.models import AnonymousUser

    manager = make_user(Role.MANAGER)
    professional = make_user(Role.PROFESSIONAL)
    client = new_client()
    password_login(client, manager)
    assert not is_sufficiently_verified(manager, client.session)
    enroll(client, manager)
    session = client.session
    assert DEVICE_ID_SESSION_KEY in session
    assert is_sufficiently_verified(manager, session)
    # A session verified by somebody else's device does not count.
    assert not is_sufficiently_verified(make_user(Role.MANAGER), session)
    assert is_sufficiently_verified(professional, {})
    assert not is_sufficiently_verified(AnonymousUser(), {})


def test_wagtail_admin_login_is_rate_limited_and_followed_by_two_factor(security, make_user):
    manager = make_user(Role.MANAGER)
    client = new_client()
    admin_login = reverse("wagtailadmin_login")
    response = password_login(client, manager, next_url=ADMIN, url=admin_login)
    assert response.status_code == 302
    assert redirect_path(client.get(ADMIN)) == reverse("two_factor_enroll")
    enroll(client, manager)
    assert client.get(ADMIN).status_code == 200

    intruder = new_client()
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        response = password_login(intruder, manager, password="wrong", url=admin_login)
    assert response.status_code == 429
    response = password_login(intruder, manager, url=admin_login)
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()


# --- login rate limiting and password self-service --------------------------------------------


def test_login_is_rate_limited_with_a_clear_message(security, make_user):
    member = make_user(Role.PROFESSIONAL)
    client = new_client()
    limit = django_settings.AXES_FAILURE_LIMIT
    for _attempt in range(limit - 1):
        response = password_login(client, member, password="wrong")
        assert response.status_code == 200
        assert 'role="alert"' in response.content.decode()
    response = password_login(client, member, password="wrong")
    assert response.status_code == 429
    response = password_login(client, member)  # the right password, too late
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html and "Try again in an hour" in html
    assert "_auth_user_id" not in client.session


def test_a_new_password_lifts_the_lockout(security, make_user, mailoutbox):
    member = make_user(Role.PROFESSIONAL)
    client = new_client()
    for _attempt in range(django_settings.AXES_FAILURE_LIMIT):
        password_login(client, member, password="wrong")
    assert password_login(client, member).status_code == 429

    client.post(reverse("password_reset"), {"email": member.email})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = password_login(client, member, password=NEW_PASSWORD)
    assert response.status_code == 302


def test_password_reset_by_e_mail(security, make_user, mailoutbox):
    member = make_user(Role.PROFESSIONAL, email="anna@example.test")
    client = new_client()
    login_page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in login_page and "Forgot your password?" in login_page

    response = client.post(reverse("password_reset"), {"email": "anna@example.test"})
    assert redirect_path(response) == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["anna@example.test"]
    assert "\n" not in mail.subject and "Leernetwerk" in mail.subject
    assert member.username in mail.body
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", mail.body).group(1)

    # No account enumeration: an unknown address gets the same answer and no e-mail.
    response = client.post(reverse("password_reset"), {"email": "nobody@example.test"})
    assert redirect_path(response) == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    assert (
        "If an account uses this e-mail address"
        in client.get(reverse("password_reset_done")).content.decode()
    )

    response = client.get(link)  # Django moves the token into the session
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.status_code == 200 and 'name="new_password1"' in page.content.decode()
    # The password validators apply.
    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert 'class="ln-errorlist"' in response.content.decode()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert redirect_path(response) == reverse("password_reset_complete")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    # The link works once.
    assert "does not work" in client.get(link, follow=True).content.decode()


def test_password_change_needs_the_old_password(security, make_user):
    member = make_user(Role.PROFESSIONAL)
    client = new_client()
    password_login(client, member)
    url = reverse("password_change")
    response = client.post(
        url,
        {"old_password": "not-it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    member.refresh_from_db()
    assert member.check_password(PASSWORD)
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert redirect_path(response) == reverse("password_change_done")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert client.get("/casussen/").status_code == 200  # still logged in


def test_password_change_needs_a_verified_session_when_two_factor_is_required(security, make_user):
    manager = make_user(Role.MANAGER)
    client = new_client()
    password_login(client, manager)
    assert redirect_path(client.get(reverse("password_change"))) == reverse("two_factor_enroll")
    # Password reset (for logged-out members) is not in the way.
    assert client.get(reverse("password_reset")).status_code == 200


def test_preferred_language_is_applied_on_login(make_user):
    member = make_user(Role.PROFESSIONAL)
    profile = profile_for(member)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    response = password_login(client, member, next_url="/casussen/")
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/casussen/").content.decode()

    dutch = make_user(Role.PROFESSIONAL)
    profile_for(dutch)
    other = Client()
    password_login(other, dutch)
    assert other.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "nl"
    without_profile = make_user(Role.PROFESSIONAL)
    third = Client()
    response = password_login(third, without_profile)
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_sessions_expire_after_the_idle_time(make_user):
    assert django_settings.SESSION_COOKIE_AGE == (
        django_settings.LEERNETWERK_SESSION_IDLE_MINUTES * 60
    )
    member = make_user(Role.PROFESSIONAL)
    client = Client()
    password_login(client, member)
    key = client.session.session_key
    # A request right after logging in does not write the session again (at most once a minute).
    response = client.get("/casussen/")
    assert response.status_code == 200
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    # Pretend the member was idle for 59 minutes: the session would end within a minute ...
    session = Session.objects.get(pk=key)
    data = session.get_decoded()
    data["_leernetwerk_renewed"] = int(time.time()) - 59 * 60
    Session.objects.filter(pk=key).update(
        session_data=SessionStore().encode(data),
        expire_date=timezone.now() + timedelta(minutes=1),
    )
    response = client.get("/casussen/")
    assert response.status_code == 200
    # ... and the next request renews it for the full idle time.
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == django_settings.SESSION_COOKIE_AGE
    session = Session.objects.get(pk=client.cookies[django_settings.SESSION_COOKIE_NAME].value)
    remaining = session.expire_date - timezone.now()
    assert remaining > timedelta(seconds=django_settings.SESSION_COOKIE_AGE - 60)
    # Past the idle time the session is over.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert redirect_path(client.get("/casussen/")) == reverse("login")


def test_inactive_accounts_do_not_log_in(make_user):
    member = make_user(Role.PROFESSIONAL)
    get_user_model().objects.filter(pk=member.pk).update(is_active=False)
    response = password_login(Client(), member)
    assert response.status_code == 200


def test_each_session_gets_its_own_secret(security, make_user):
    """A secret seen by one session (someone who knows the password) never becomes the
    authenticator another session confirms."""
    manager = make_user(Role.MANAGER)
    first, second = new_client(), new_client()
    password_login(first, manager)
    password_login(second, manager)
    first.get(reverse("two_factor_enroll"))
    seen = TOTPDevice.objects.get(user=manager, confirmed=False)
    assert first.get(reverse("two_factor_enroll")).status_code == 200  # a reload keeps it
    assert TOTPDevice.objects.get(user=manager, confirmed=False).pk == seen.pk
    _device, _response = enroll(second, manager)
    assert not TOTPDevice.objects.filter(pk=seen.pk).exists()
    response = first.post(reverse("two_factor_enroll"), {"code": code_for(_device, ahead=1)})
    assert redirect_path(response) == reverse("two_factor_verify")
