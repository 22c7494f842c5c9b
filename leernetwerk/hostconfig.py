"""``configure(globals())``: what a host's settings need for Leernetwerk, added in one call.

A host ends its settings module with::

    from leernetwerk import configure

    configure(globals())

The call is **additive and idempotent**: it adds what is missing and never replaces a host's
list or value, never duplicates an entry (a host that lists ``wagtail.api.v2`` or an SSO
backend keeps it, once), and a second call changes nothing. What it adds is the README's
"Settings" table; the system checks (``leernetwerk.kernel.checks``) report what a host that does
not call it has missing. This module imports nothing of Django: it runs while settings load.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

#: Before ``django.contrib.staticfiles``, so ``runserver`` is Daphne's (HTTP and websockets).
DAPHNE = "daphne"

#: The apps the plugin needs besides Daphne, in this order. ``wagtail.contrib.routable_page``
#: serves the lessons index's feeds, ``wagtail.api.v2`` the lessons API; django-otp is two-factor
#: authentication, django-axes the login rate limit. (``wagtail.contrib.settings`` is not used.)
APPS = (
    "leernetwerk.learning",
    "leernetwerk.patterns",
    "leernetwerk.casework",
    "leernetwerk.kernel",
    "channels",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
)

AUTHENTICATION_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"
OTP_MIDDLEWARE = "django_otp.middleware.OTPMiddleware"
TWO_FACTOR_MIDDLEWARE = "leernetwerk.kernel.members.security.TwoFactorRequiredMiddleware"
#: Last, as django-axes asks: it turns a lockout into the lockout page.
AXES_MIDDLEWARE = "axes.middleware.AxesMiddleware"

#: First, as django-axes asks: it refuses a locked-out login before any password is checked.
AXES_BACKEND = "axes.backends.AxesStandaloneBackend"
DEFAULT_BACKENDS = ("django.contrib.auth.backends.ModelBackend",)

DJANGO_TEMPLATES = "django.template.backends.django.DjangoTemplates"
#: What the plugin's templates use: ``request``, ``user`` and the member's notifications.
CONTEXT_PROCESSORS = (
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "leernetwerk.kernel.context_processors.notifications",
)

#: Django's default ``LOGIN_REDIRECT_URL``: a page no Wagtail site has (a 404 after logging in).
DJANGO_LOGIN_REDIRECT_URL = "/accounts/profile/"

#: Set only where the host set nothing.
DEFAULTS: dict[str, Any] = {
    # The plugin's ASGI application: HTTP to Django, websockets to the live streams. A host
    # needs no asgi.py of its own (``daphne leernetwerk.asgi:application`` serves it).
    "ASGI_APPLICATION": "leernetwerk.asgi.application",
    # One process; production shares a Redis layer (leernetwerk.kernel.conf.redis_channel_layer).
    "CHANNEL_LAYERS": {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
    # The plugin's login page (``/accounts/login/``), by route name.
    "LOGIN_URL": "login",
    # Without it, logging out renders Django admin's "logged out" page, which a Wagtail site lacks.
    "LOGOUT_REDIRECT_URL": "/",
    # Wagtail's private pages ask for the same login (Wagtail resolves a route name here too).
    "WAGTAIL_FRONTEND_LOGIN_URL": "login",
    # The Wagtail admin shows no Gravatar images: they would send a hash of every member's
    # e-mail address to a third party. A host may set a provider (or its own) explicitly.
    "WAGTAIL_GRAVATAR_PROVIDER_URL": None,
    # Login rate limiting: five failures per username and address lock for an hour (axes'
    # own default would lock an address for good after three); wrong two-factor codes count.
    "AXES_FAILURE_LIMIT": 5,
    "AXES_COOLOFF_TIME": 1,  # hours
    "AXES_LOCKOUT_PARAMETERS": [["username", "ip_address"]],
    # The client's address, from X-Forwarded-For only behind a trusted proxy
    # (LEERNETWERK_TRUSTED_PROXIES): behind nginx every client would otherwise share one.
    "AXES_CLIENT_IP_CALLABLE": "leernetwerk.kernel.clientip.client_ip_address",
    # A correct password must not wipe the count of wrong two-factor codes (they share the limit).
    "AXES_RESET_ON_SUCCESS": False,
    "AXES_LOCKOUT_TEMPLATE": "leernetwerk_kernel/registration/locked_out.html",
}


def configure(settings: MutableMapping[str, Any]) -> None:
    """Add to a host's settings (``globals()`` of its settings module) what Leernetwerk needs;
    keep everything the host set."""
    _configure_apps(settings)
    _configure_middleware(settings)
    _configure_backends(settings)
    _configure_templates(settings)
    for name, value in DEFAULTS.items():
        if name not in settings:
            settings[name] = _copy(value)
    if settings.get("LOGIN_REDIRECT_URL", DJANGO_LOGIN_REDIRECT_URL) == DJANGO_LOGIN_REDIRECT_URL:
        settings["LOGIN_REDIRECT_URL"] = "/"
    # Authenticator apps list the account under this name.
    settings.setdefault("OTP_TOTP_ISSUER", settings.get("WAGTAIL_SITE_NAME") or "Leernetwerk")


def app_listed(installed: list[str], name: str) -> bool:
    """True when ``name`` is in ``installed`` as a module or as one of its AppConfig classes."""
    return any(entry == name or entry.startswith(f"{name}.apps.") for entry in installed)


def _as_list(settings: MutableMapping[str, Any], name: str, default=()) -> list:
    """The host's list ``name``, as a list that may be changed in place (a tuple is copied)."""
    value = settings.get(name)
    if value is None:
        value = list(default)
    elif not isinstance(value, list):
        value = list(value)
    settings[name] = value
    return value


def _configure_apps(settings: MutableMapping[str, Any]) -> None:
    installed = _as_list(settings, "INSTALLED_APPS")
    if not app_listed(installed, DAPHNE):
        installed.insert(0, DAPHNE)
    missing = [name for name in APPS if not app_listed(installed, name)]
    # After the host's own apps (whose templates and translations may override ours) and before
    # Wagtail's and Django's (ours then win over theirs for the plugin's Dutch texts).
    at = next(
        (
            i
            for i, entry in enumerate(installed)
            if entry == "wagtail" or entry.startswith(("wagtail.", "django."))
        ),
        len(installed),
    )
    installed[at:at] = missing


def _configure_middleware(settings: MutableMapping[str, Any]) -> None:
    middleware = _as_list(settings, "MIDDLEWARE")
    for name, after in (
        (OTP_MIDDLEWARE, AUTHENTICATION_MIDDLEWARE),
        (TWO_FACTOR_MIDDLEWARE, OTP_MIDDLEWARE),
    ):
        if name in middleware:
            continue
        if after in middleware:
            middleware.insert(middleware.index(after) + 1, name)
        else:
            middleware.append(name)  # the system check reports the missing authentication
    if AXES_MIDDLEWARE not in middleware:
        middleware.append(AXES_MIDDLEWARE)


def _configure_backends(settings: MutableMapping[str, Any]) -> None:
    backends = _as_list(settings, "AUTHENTICATION_BACKENDS", DEFAULT_BACKENDS)
    if not any(backend.startswith("axes.backends.") for backend in backends):
        backends.insert(0, AXES_BACKEND)


def _configure_templates(settings: MutableMapping[str, Any]) -> None:
    for engine in settings.get("TEMPLATES") or ():
        if engine.get("BACKEND") == DJANGO_TEMPLATES:
            options = engine.setdefault("OPTIONS", {})
            processors = _as_list(options, "context_processors")
            processors += [name for name in CONTEXT_PROCESSORS if name not in processors]
            return


def _copy(value: Any) -> Any:
    """A fresh copy of a default (so no two settings modules share one mutable value)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value
