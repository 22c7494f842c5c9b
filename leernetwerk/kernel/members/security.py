"""Account security: who must use two-factor authentication, and the middleware that enforces it.

Two-factor authentication (TOTP, django-otp) is required for

* every user holding a role listed in ``LEERNETWERK_2FA_REQUIRED_ROLES`` (``Role`` values;
  superusers count as holding every role, so they are included whenever the list is non-empty),
* and every user who set up an authenticator anyway (voluntary 2FA is honoured: once enrolled,
  the code is asked at every login).

``TwoFactorRequiredMiddleware`` sends such a user, while their session is not verified, to the
enrolment page (no confirmed authenticator yet) or the verification page, for every request: the
front end *and* the Wagtail admin (``/admin/``). Wagtail's admin login authenticates through
Django's ``authenticate()`` (so django-axes rate-limits it) and then lands here like any other
request.

Websocket connections do not pass through Django's middleware: consumers call
:func:`is_sufficiently_verified` (or :func:`ais_sufficiently_verified` from async code) with
``scope["user"]`` and ``scope["session"]`` and refuse the connection when it returns ``False``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from asgiref.sync import sync_to_async
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY

from leernetwerk.kernel import conf

__all__ = [
    "TwoFactorRequiredMiddleware",
    "ais_sufficiently_verified",
    "has_authenticator",
    "is_sufficiently_verified",
    "two_factor_required",
    "two_factor_required_by_role",
]

#: Routes (view names) an unverified user may still use; static files and media too.
EXEMPT_VIEW_NAMES = frozenset(
    {
        "two_factor_enroll",
        "two_factor_verify",
        "logout",
        "wagtailadmin_logout",
        "set_language",
        # Password reset is for logged-out users: it grants nothing an anonymous visitor lacks
        # and a completed reset does not log in. Password *change* needs a verified session.
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def two_factor_required_by_role(user) -> bool:
    """True when ``user`` holds a role of ``LEERNETWERK_2FA_REQUIRED_ROLES`` (or is a superuser
    while that list is non-empty)."""
    roles = [str(role) for role in conf.get("LEERNETWERK_2FA_REQUIRED_ROLES")]
    if not roles or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    from leernetwerk.kernel.access import user_roles

    return bool(user_roles(user) & set(roles))


def has_authenticator(user) -> bool:
    """True when ``user`` has a confirmed TOTP device (an authenticator app)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not user.is_authenticated:
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def two_factor_required(user) -> bool:
    """True when ``user`` must pass a second factor: a required role, or an enrolled device."""
    if not user.is_authenticated:
        return False
    if two_factor_required_by_role(user):
        return True
    if not user.is_active:
        return has_authenticator(user)
    # On every request: from the member cache, dropped when a device is saved or deleted.
    from leernetwerk.kernel.member_cache import facts

    return facts(user)["authenticator"]


def _session_device(user, session):
    from django_otp.models import Device

    persistent_id = session.get(DEVICE_ID_SESSION_KEY) if session is not None else None
    if not persistent_id:
        return None
    device = Device.from_persistent_id(persistent_id)
    if device is None or device.user_id != user.pk or not device.confirmed:
        return None
    return device


def is_sufficiently_verified(user, session) -> bool:
    """May ``user`` (with ``session``) act without a further second factor?

    For websocket consumers, which bypass the HTTP middleware::

        from channels.db import database_sync_to_async
        ok = await database_sync_to_async(is_sufficiently_verified)(
            scope["user"], scope["session"]
        )

    Returns ``False`` for anonymous or inactive users; ``True`` when two-factor authentication
    is not required for the user; otherwise ``True`` only when the session holds a confirmed
    django-otp device of this user (``django_otp.DEVICE_ID_SESSION_KEY``, written by
    ``django_otp.login`` after a valid code). Runs database queries: call it from sync code or
    through ``database_sync_to_async`` (or use :func:`ais_sufficiently_verified`).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not two_factor_required(user):
        return True
    return _session_device(user, session) is not None


async def ais_sufficiently_verified(user, session) -> bool:
    """:func:`is_sufficiently_verified` for async code (websocket consumers)."""
    return await sync_to_async(is_sufficiently_verified, thread_sensitive=True)(user, session)


def _wants_json(request: HttpRequest) -> bool:
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return True
    accept = request.headers.get("accept", "")
    content_type = request.headers.get("content-type", "")
    if "application/json" in accept and "text/html" not in accept:
        return True
    return content_type.startswith("application/json") and "text/html" not in accept


class TwoFactorRequiredMiddleware:
    """Send a user who must use two-factor authentication, but has not passed it in this
    session, to the enrolment or verification page (``?next=`` keeps where they were going).

    JSON and XHR requests get a 403 JSON answer instead of a redirect. Installed after
    ``django_otp.middleware.OTPMiddleware`` (which provides ``request.user.is_verified()``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    @staticmethod
    def is_exempt(request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        # Static files never reach this middleware (WhiteNoise answers first); exempting paths
        # by prefix would also exempt Wagtail pages whose slug happens to be "static" or "media".
        return match is not None and match.view_name in EXEMPT_VIEW_NAMES

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        """Runs after URL resolution (so exemptions go by route name), before the view."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        verified = getattr(user, "is_verified", None)
        if callable(verified) and verified():
            return None
        if self.is_exempt(request) or not two_factor_required(user):
            return None
        target_name = "two_factor_verify" if has_authenticator(user) else "two_factor_enroll"
        target = reverse(target_name)
        if _wants_json(request):
            return JsonResponse(
                {
                    "detail": _("Two-factor authentication is required."),
                    "two_factor_url": target,
                },
                status=403,
            )
        next_url = request.get_full_path()
        return HttpResponseRedirect(f"{target}?{urlencode({'next': next_url})}")
