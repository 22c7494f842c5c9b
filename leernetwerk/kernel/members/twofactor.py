"""Two-factor authentication (TOTP with django-otp): enrolment, verification, recovery codes.

Services first, then the views (mounted under ``/accounts/2fa/`` by ``urls_accounts``).

* An authenticator app is a ``TOTPDevice``; it is confirmed once the member typed a first valid
  code. Enrolling anew (a new phone) replaces the previous authenticator on confirmation.
* Recovery codes are the tokens of one ``StaticDevice``: ten single-use codes (a used code is
  deleted), shown once, replaceable by a fresh set.
* Every wrong code (also one refused by django-otp's own throttling) is reported to django-axes
  as a failed login for the member's username from this address, so the second factor shares
  the password's rate limit: at ``AXES_FAILURE_LIMIT`` the member is logged out and locked out.
"""

from __future__ import annotations

import math
from base64 import b32encode

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from leernetwerk.kernel.members.security import (
    has_authenticator,
    two_factor_required,
    two_factor_required_by_role,
)

__all__ = [
    "RECOVERY_CODE_COUNT",
    "confirm_authenticator",
    "disable",
    "enroll",
    "manage",
    "pending_authenticator",
    "recovery_codes",
    "remove_two_factor",
    "replace_recovery_codes",
    "verify",
]

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator"
RECOVERY_DEVICE_NAME = "Recovery codes"
#: New recovery codes wait here (in the session) to be shown exactly once.
NEW_CODES_SESSION_KEY = "leernetwerk_2fa_new_recovery_codes"
#: The unconfirmed authenticator this session is setting up.
PENDING_DEVICE_SESSION_KEY = "leernetwerk_2fa_pending_device"
TEMPLATES = "leernetwerk_kernel/members/two_factor/"


# --- services ---------------------------------------------------------------------------------


def authenticator_for(user) -> TOTPDevice | None:
    """The member's confirmed authenticator (TOTP device), if any."""
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("-pk").first()


def pending_authenticator(user, session, *, create: bool = True) -> TOTPDevice | None:
    """The unconfirmed authenticator being set up in this session.

    Each session gets a fresh secret (earlier unconfirmed devices are removed): a secret shown
    to one session can never become the authenticator another session confirms. Reloading the
    page keeps the secret.
    """
    pk = session.get(PENDING_DEVICE_SESSION_KEY)
    device = None
    if pk is not None:
        device = TOTPDevice.objects.filter(pk=pk, user_id=user.pk, confirmed=False).first()
    if device is None and create:
        TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
        session[PENDING_DEVICE_SESSION_KEY] = device.pk
    return device


@transaction.atomic
def confirm_authenticator(device: TOTPDevice) -> None:
    """Confirm ``device`` (a valid first code was typed); it replaces any earlier authenticator."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()


@transaction.atomic
def replace_recovery_codes(user, count: int = RECOVERY_CODE_COUNT) -> list[str]:
    """A fresh set of single-use recovery codes; earlier codes stop working."""
    StaticDevice.objects.filter(user_id=user.pk).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = []
    while len(codes) < count:
        code = StaticToken.random_token()
        # Never all digits: a code of digits only is taken for the authenticator app's code.
        if code not in codes and not code.isdigit():
            codes.append(code)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


@transaction.atomic
def remove_two_factor(user) -> None:
    """Remove the member's authenticator and recovery codes."""
    TOTPDevice.objects.filter(user_id=user.pk).delete()
    StaticDevice.objects.filter(user_id=user.pk).delete()


def normalise_code(raw: str) -> str:
    """Codes are typed with spaces or dashes now and then; recovery codes are lower case."""
    return "".join(raw.split()).replace("-", "").lower()


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The secret in base32, as authenticator apps ask for it when typed in by hand."""
    return b32encode(device.bin_key).decode("ascii").rstrip("=")


def _grouped(secret: str) -> str:
    """``ABCD EFGH ...``: easier to read and type; authenticator apps ignore the spaces."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The ``otpauth://`` URL of ``device`` as an inline SVG QR code (segno)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, border=4)


def _throttle_seconds(info: dict | None) -> int:
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, math.ceil((locked_until - timezone.now()).total_seconds()))


def check_code(user, code: str) -> tuple[object | None, int]:
    """Verify ``code`` against the member's authenticator (digits) or recovery codes.

    Returns ``(device, 0)`` on success; ``(None, seconds)`` when django-otp's throttling refused
    to check (wait ``seconds``); ``(None, 0)`` for a wrong code.
    """
    if code.isdigit():
        devices = list(TOTPDevice.objects.filter(user_id=user.pk, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user_id=user.pk, confirmed=True))
    wait = 0
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed:
            wait = max(wait, _throttle_seconds(info))
            continue
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified, 0
    return None, wait


def _axes_enabled() -> bool:
    return getattr(settings, "AXES_ENABLED", True)


def _credentials(user) -> dict:
    from axes.helpers import get_credentials

    return get_credentials(user.get_username())


def is_locked_out(request: HttpRequest, user) -> bool:
    """Has django-axes locked this username out from this address?"""
    if not _axes_enabled():
        return False
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.is_locked(request, _credentials(user))


def record_failed_code(request: HttpRequest, user) -> bool:
    """Report a wrong second-factor code to django-axes; True when that locked the user out."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    return bool(getattr(request, "axes_locked_out", False)) or is_locked_out(request, user)


def lockout_response(request: HttpRequest, user) -> HttpResponse:
    """Log the member out and show django-axes' lockout page (``AXES_LOCKOUT_TEMPLATE``)."""
    from axes.helpers import get_lockout_response

    credentials = _credentials(user)
    auth_logout(request)
    return get_lockout_response(request, None, credentials)


def safe_next(request: HttpRequest) -> str:
    """The ``next`` parameter when it points into this site, else ``LOGIN_REDIRECT_URL``."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # A path of this site only: ``redirect()`` would try to reverse anything else as a URL name.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _complete_verification(request: HttpRequest, device) -> None:
    request.session.cycle_key()  # a new session key for the more trusted session
    django_otp.login(request, device)


# --- forms ------------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )

    def __init__(self, *args, numeric: bool = False, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.help_text = help_text
        if numeric:
            field.widget.attrs.update({"inputmode": "numeric", "pattern": "[0-9 ]*"})


def _wrong_code_message(wait: int) -> str:
    if wait:
        return ngettext(
            "Too many wrong codes in a row. Wait %(seconds)d second and try again.",
            "Too many wrong codes in a row. Wait %(seconds)d seconds and try again.",
            wait,
        ) % {"seconds": wait}
    return _("This code is not valid. Check the code in your app (it changes every 30 seconds).")


# --- views ------------------------------------------------------------------------------------


@never_cache
@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """Overview: is two-factor authentication on, is it required, what can be done."""
    user = request.user
    return render(
        request,
        TEMPLATES + "manage.html",
        {
            "has_authenticator": has_authenticator(user),
            "required": two_factor_required_by_role(user),
            "remaining_codes": remaining_recovery_codes(user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: QR code and secret, then the first code confirms it."""
    user = request.user
    next_url = safe_next(request)
    if has_authenticator(user) and not user.is_verified():
        # A password alone may not replace an existing second factor.
        return redirect(_with_next("two_factor_verify", next_url))
    if is_locked_out(request, user):
        return lockout_response(request, user)
    device = pending_authenticator(user, request.session, create=request.method == "GET")
    if device is None:  # a POST without a set-up in progress (expired, or another tab)
        return redirect(_with_next("two_factor_enroll", next_url))
    help_text = _("The six-digit code your authenticator app shows for Leernetwerk.")
    form = CodeForm(
        request.POST if request.method == "POST" else None, numeric=True, help_text=help_text
    )
    if request.method == "POST" and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        allowed, info = device.verify_is_allowed()
        wait = 0 if allowed else _throttle_seconds(info)
        if allowed and code.isdigit() and device.verify_token(code):
            confirm_authenticator(device)
            request.session.pop(PENDING_DEVICE_SESSION_KEY, None)
            codes = replace_recovery_codes(user)
            _complete_verification(request, device)
            request.session[NEW_CODES_SESSION_KEY] = codes
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(_with_next("two_factor_recovery_codes", next_url))
        if record_failed_code(request, user):
            return lockout_response(request, user)
        form.add_error("code", _wrong_code_message(wait))
    return render(
        request,
        TEMPLATES + "enroll.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": mark_safe(qr_code_svg(device)),  # noqa: S308 - SVG generated by segno
            "secret": _grouped(secret_for_manual_entry(device)),
            "replacing": has_authenticator(user),
            "required": two_factor_required_by_role(user),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the authenticator app, or a recovery code."""
    user = request.user
    next_url = safe_next(request)
    if user.is_verified():
        return redirect(next_url)
    if not has_authenticator(user):
        if two_factor_required(user):
            return redirect(_with_next("two_factor_enroll", next_url))
        return redirect(next_url)
    if is_locked_out(request, user):
        return lockout_response(request, user)
    help_text = _(
        "The six-digit code your authenticator app shows for Leernetwerk, or one of your "
        "recovery codes."
    )
    form = CodeForm(request.POST if request.method == "POST" else None, help_text=help_text)
    if request.method == "POST" and form.is_valid():
        device, wait = check_code(user, normalise_code(form.cleaned_data["code"]))
        if device is not None:
            _complete_verification(request, device)
            if isinstance(device, StaticDevice):
                left = remaining_recovery_codes(user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code; it cannot be used again. "
                        "%(count)d recovery code is left.",
                        "You used a recovery code; it cannot be used again. "
                        "%(count)d recovery codes are left.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
        if record_failed_code(request, user):
            return lockout_response(request, user)
        form.add_error("code", _wrong_code_message(wait))
    return render(request, TEMPLATES + "verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes are shown here once; a POST replaces the set."""
    user = request.user
    next_url = safe_next(request)
    if not has_authenticator(user):
        return redirect("two_factor_manage")
    if not user.is_verified():
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    if request.method == "POST":
        request.session[NEW_CODES_SESSION_KEY] = replace_recovery_codes(user)
        messages.success(request, _("You have new recovery codes; the old ones no longer work."))
        return redirect(_with_next("two_factor_recovery_codes", next_url))
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    return render(
        request,
        TEMPLATES + "recovery_codes.html",
        {"codes": codes, "remaining": remaining_recovery_codes(user), "next": next_url},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def disable(request: HttpRequest) -> HttpResponse:
    """Remove two-factor authentication: only when no role of the member requires it."""
    user = request.user
    if not has_authenticator(user):
        return redirect("two_factor_manage")
    if not user.is_verified():
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    required = two_factor_required_by_role(user)
    if request.method == "POST" and not required:
        remove_two_factor(user)
        messages.success(request, _("Two-factor authentication is off for your account."))
        return redirect("two_factor_manage")
    return render(
        request, TEMPLATES + "disable.html", {"required": required}, status=403 if required else 200
    )
