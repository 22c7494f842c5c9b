"""Production: PostgreSQL, Redis, several Daphne processes; everything secret comes from the
environment, and the site refuses to start without a secret key."""

import os

import dj_database_url
from csp.constants import SELF
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from leernetwerk.kernel.conf import redis_channel_layer


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", "postgres://leernetwerk@127.0.0.1:5432/leernetwerk"),
        # Under ASGI, Django's docs say: no persistent connections, pool instead (below).
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and DATABASES["default"]["CONN_MAX_AGE"] == 0
    and _env_bool("DATABASE_POOL", True)
):
    # Daphne runs every request in a thread of its own, each with its own connection: 200
    # members at once made PostgreSQL refuse connections ("too many clients", bench/load.py).
    # A pool per process bounds them; a request waits for a free connection instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "20")),
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT", "30")),
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's full-text fields and indexes there, which Django 6
    # refuses unless django.contrib.postgres is installed (check postgres.E005). The app needs
    # psycopg, so it is added only for PostgreSQL.
    INSTALLED_APPS += ["django.contrib.postgres"]

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# The plugin's recommended Redis layer: channels_redis pub/sub (one PUBLISH per event, each
# process fans out to its own sockets; ADR 0015), a connection pool of 2,000 and no read
# timeout. CHANNEL_REDIS_URLS (comma-separated) shards it over several Redis servers.
CHANNEL_LAYERS = redis_channel_layer(_env_list("CHANNEL_REDIS_URLS") or [REDIS_URL])

# Shared by all Daphne processes: Wagtail caches site roots and rendered fragments here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_CACHE_URL", REDIS_URL),
    }
}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")

# HTTPS: the site runs behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    # Both are a decision for the municipality's whole domain, not for this site: off by
    # default, switched on with the environment variables above (see README, "Production").
    "security.W005",
    "security.W021",
    # Wagtail's editor shows the live preview of a page in a same-origin iframe: SAMEORIGIN,
    # not DENY (no other site may frame this one).
    "security.W019",
]

# Live updates: 'self' covers the site's own wss:// in CSP 3 browsers; older ones need it named.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["connect-src"] = [  # noqa: F405
    SELF,
    *(f"wss://*{host}" if host.startswith(".") else f"wss://{host}" for host in ALLOWED_HOSTS),
]

LEERNETWERK_2FA_REQUIRED_ROLES = _env_list(
    "LEERNETWERK_2FA_REQUIRED_ROLES",
    "Managers,Stuurgroepleden,Sessiebeheerders,Redacteuren,Beleidsmedewerkers",
)
LEERNETWERK_SESSION_IDLE_MINUTES = int(os.environ.get("LEERNETWERK_SESSION_IDLE_MINUTES", "30"))
# The login rate limit counts the client's address from X-Forwarded-For only when the request
# comes from one of these proxies (addresses or networks; default: nginx on this machine,
# deploy/nginx/leernetwerk.conf.template). Every proxy layer in front (another nginx host, a load
# balancer) is one more entry: the header is walked from the right past all of them
# (docs/deployment.md). Daphne runs without --proxy-headers, so REMOTE_ADDR stays nginx's.
LEERNETWERK_TRUSTED_PROXIES = _env_list("LEERNETWERK_TRUSTED_PROXIES", "127.0.0.1,::1")
SESSION_COOKIE_AGE = LEERNETWERK_SESSION_IDLE_MINUTES * 60

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")  # noqa: F405
