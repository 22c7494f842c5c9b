"""System checks of a host's settings (``manage.py check``; ``check --deploy`` for production).

Errors (``leernetwerk.E…``) name what :func:`leernetwerk.configure` would have added and is
missing: the plugin does not work without it. Warnings (``leernetwerk.W…``) are choices a host
should make on purpose; the production ones run with ``--deploy`` and only when ``DEBUG`` is
off, so a development site set up as the README says shows nothing of ours.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning

from leernetwerk import hostconfig
from leernetwerk.kernel import conf

HINT = (
    "Call leernetwerk.configure(globals()) at the end of your settings module (README, Settings)."
)

#: Reserved example domains (RFC 2606): ``wagtail start`` sets ``http://example.com``.
PLACEHOLDER_DOMAINS = ("example.com", "example.net", "example.org")

IN_MEMORY_LAYER = "channels.layers.InMemoryChannelLayer"
#: The layer whose capacity and expiry drop events (the pub/sub layer has neither).
REDIS_LAYER = "channels_redis.core.RedisChannelLayer"


def check_host_settings(app_configs=None, **kwargs) -> list:
    """What the plugin cannot work without (E001–E007), and two orderings (W005, W006).
    Registered in ``KernelConfig.ready()``."""
    return [
        *_check_apps(),
        *_check_middleware(),
        *_check_backends(),
        *_check_templates(),
        *_check_channels(),
        *_check_origin_format(),
    ]


def check_production_settings(app_configs=None, **kwargs) -> list:
    """What a production site should have chosen (W001–W004): a deploy check, silent while
    ``DEBUG`` is on. Registered in ``KernelConfig.ready()``."""
    if settings.DEBUG:
        return []
    return [*_check_public_origin(), *_check_two_factor(), *_check_channel_layer()]


def _installed_app_names() -> list[str]:
    """The installed apps' module names, in ``INSTALLED_APPS`` order (AppConfig paths resolved)."""
    return [config.name for config in apps.get_app_configs()]


def _check_apps() -> list:
    names = _installed_app_names()
    errors = [
        Error(
            f"{name!r} is not in INSTALLED_APPS; Leernetwerk needs it.",
            hint=HINT,
            id="leernetwerk.E001",
        )
        for name in (hostconfig.DAPHNE, *hostconfig.APPS)
        if name not in names
    ]
    if (
        hostconfig.DAPHNE in names
        and "django.contrib.staticfiles" in names
        and names.index(hostconfig.DAPHNE) > names.index("django.contrib.staticfiles")
    ):
        errors.append(
            Warning(
                "'daphne' comes after 'django.contrib.staticfiles' in INSTALLED_APPS, so "
                "runserver is not Daphne's and serves no websockets (live updates).",
                hint="Put 'daphne' first in INSTALLED_APPS.",
                id="leernetwerk.W005",
            )
        )
    return errors


def _check_middleware() -> list:
    middleware = list(settings.MIDDLEWARE)
    errors = []
    chain = (
        hostconfig.AUTHENTICATION_MIDDLEWARE,
        hostconfig.OTP_MIDDLEWARE,
        hostconfig.TWO_FACTOR_MIDDLEWARE,
    )
    missing = [name for name in (*chain, hostconfig.AXES_MIDDLEWARE) if name not in middleware]
    if missing:
        errors.append(
            Error(
                "MIDDLEWARE lacks " + ", ".join(repr(name) for name in missing) + ".",
                hint=HINT,
                id="leernetwerk.E002",
            )
        )
    else:
        positions = [middleware.index(name) for name in chain]
        if positions != sorted(positions):
            errors.append(
                Error(
                    "MIDDLEWARE must run AuthenticationMiddleware, then django-otp's "
                    "OTPMiddleware, then TwoFactorRequiredMiddleware (each needs the one before).",
                    hint="Place OTPMiddleware and TwoFactorRequiredMiddleware right after "
                    "AuthenticationMiddleware.",
                    id="leernetwerk.E002",
                )
            )
        if middleware[-1] != hostconfig.AXES_MIDDLEWARE:
            errors.append(
                Warning(
                    "django-axes' AxesMiddleware is not the last MIDDLEWARE, as django-axes "
                    "asks (it turns a locked-out login into the lockout page).",
                    hint="Move 'axes.middleware.AxesMiddleware' to the end of MIDDLEWARE.",
                    id="leernetwerk.W006",
                )
            )
    return errors


def _check_backends() -> list:
    backends = list(getattr(settings, "AUTHENTICATION_BACKENDS", ()))
    if any(backend.startswith("axes.backends.") for backend in backends):
        return []
    return [
        Error(
            "AUTHENTICATION_BACKENDS has no django-axes backend: logins are not rate-limited.",
            hint=f"Put {hostconfig.AXES_BACKEND!r} first in AUTHENTICATION_BACKENDS. " + HINT,
            id="leernetwerk.E003",
        )
    ]


def _check_templates() -> list:
    engines = [e for e in settings.TEMPLATES if e.get("BACKEND") == hostconfig.DJANGO_TEMPLATES]
    processors = set()
    for engine in engines:
        processors.update(engine.get("OPTIONS", {}).get("context_processors", ()))
    missing = [name for name in hostconfig.CONTEXT_PROCESSORS if name not in processors]
    if not missing:
        return []
    return [
        Error(
            "The DjangoTemplates backend lacks the context processor(s) "
            + ", ".join(repr(name) for name in missing)
            + " that the plugin's templates use.",
            hint=HINT,
            id="leernetwerk.E004",
        )
    ]


def _check_channels() -> list:
    errors = []
    if not getattr(settings, "ASGI_APPLICATION", None):
        errors.append(
            Error(
                "ASGI_APPLICATION is not set: Daphne cannot serve the live updates.",
                hint=f"ASGI_APPLICATION = {hostconfig.DEFAULTS['ASGI_APPLICATION']!r}. " + HINT,
                id="leernetwerk.E005",
            )
        )
    if "default" not in (getattr(settings, "CHANNEL_LAYERS", None) or {}):
        errors.append(
            Error(
                "CHANNEL_LAYERS has no 'default' layer: live updates cannot be sent.",
                hint="The in-memory layer for one process, "
                "leernetwerk.kernel.conf.redis_channel_layer(url) for several. " + HINT,
                id="leernetwerk.E006",
            )
        )
    return errors


def _check_origin_format() -> list:
    origin = conf.get("LEERNETWERK_PUBLIC_ORIGIN")
    if not origin:
        return []
    parts = urlsplit(str(origin))
    if parts.scheme in ("http", "https") and parts.netloc and parts.path in ("", "/"):
        if not (parts.query or parts.fragment):
            return []
    return [
        Error(
            f"LEERNETWERK_PUBLIC_ORIGIN {origin!r} is not an origin.",
            hint='Scheme and host only, e.g. "https://leernetwerk.gemeente.nl".',
            id="leernetwerk.E007",
        )
    ]


def _check_public_origin() -> list:
    origin = conf.public_origin()
    host = (urlsplit(origin).hostname or "").lower()
    placeholder = any(host == d or host.endswith(f".{d}") for d in PLACEHOLDER_DOMAINS)
    if origin and not placeholder:
        return []
    problem = f"The public origin is a placeholder ({origin})" if origin else "No public origin"
    return [
        Warning(
            f"{problem}: links in e-mails, feeds, the lessons API and calendar files "
            "do not lead to this site.",
            hint='Set LEERNETWERK_PUBLIC_ORIGIN (e.g. "https://leernetwerk.gemeente.nl") or '
            "WAGTAILADMIN_BASE_URL.",
            id="leernetwerk.W001",
        )
    ]


def _check_two_factor() -> list:
    if conf.get("LEERNETWERK_2FA_REQUIRED_ROLES"):
        return []
    return [
        Warning(
            "LEERNETWERK_2FA_REQUIRED_ROLES is empty: no role must use two-factor "
            "authentication, not even the roles that reach the Wagtail admin.",
            hint='LEERNETWERK_2FA_REQUIRED_ROLES = ["Managers", "Sessiebeheerders", '
            '"Stuurgroepleden", "Redacteuren"] (the admin roles), or silence '
            "leernetwerk.W002 if that is a decision.",
            id="leernetwerk.W002",
        )
    ]


def _check_channel_layer() -> list:
    layer = (getattr(settings, "CHANNEL_LAYERS", None) or {}).get("default")
    if not layer:
        return []  # E006
    backend = layer.get("BACKEND", "")
    if backend == IN_MEMORY_LAYER:
        return [
            Warning(
                "The in-memory channel layer reaches one process only: with several server "
                "processes live updates get lost, and it slows down as followers grow.",
                hint="CHANNEL_LAYERS = leernetwerk.kernel.conf.redis_channel_layer(REDIS_URL)",
                id="leernetwerk.W003",
            )
        ]
    if backend != REDIS_LAYER:
        return []
    config = layer.get("CONFIG", {})
    short = []
    if config.get("capacity", 100) < conf.REDIS_CAPACITY:
        short.append(f"capacity {config.get('capacity', 100)} (recommended {conf.REDIS_CAPACITY})")
    if config.get("expiry", 60) < conf.REDIS_EXPIRY:
        short.append(f"expiry {config.get('expiry', 60)} s (recommended {conf.REDIS_EXPIRY})")
    for host in config.get("hosts", ()):
        if not isinstance(host, dict) or "max_connections" not in host:
            short.append("a host without max_connections")
            break
    if not short:
        return []
    return [
        Warning(
            "The Redis channel layer drops live events under load: " + ", ".join(short) + ".",
            hint="CHANNEL_LAYERS = leernetwerk.kernel.conf.redis_channel_layer(REDIS_URL)",
            id="leernetwerk.W004",
        )
    ]
