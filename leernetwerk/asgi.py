"""The ASGI application of a host site with Leernetwerk: HTTP to Django, websockets to the
plugin's live streams behind the origin check and the session login.

A host's ``asgi.py`` sets ``DJANGO_SETTINGS_MODULE`` and imports ``application`` from here; a host
with websocket routes of its own builds it with ``build_application(extra_routes)``.
"""

from urllib.parse import urlsplit

from django.core.asgi import get_asgi_application

# Django must be set up before the routes are imported (they import models).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import WebsocketDenier  # noqa: E402
from django.conf import settings  # noqa: E402
from django.http.request import is_same_domain, split_domain_port, validate_host  # noqa: E402

from leernetwerk.kernel import conf  # noqa: E402
from leernetwerk.routing import websocket_urlpatterns  # noqa: E402

DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]


def parse_origin(value: str) -> Origin | None:
    """``(scheme, host, port)`` of an origin such as ``https://host[:port]``; None when it is
    not one (``null``, another scheme, a path, a bad port)."""
    try:
        parts = urlsplit(value.strip())
        scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    if scheme not in DEFAULT_PORTS or not host or parts.path not in ("", "/") or parts.query:
        return None
    return scheme, host, port


def _matches(origin: Origin, allowed: Origin) -> bool:
    """``allowed``'s host may be ``*.domain`` (as in ``CSRF_TRUSTED_ORIGINS``)."""
    scheme, host, port = allowed
    if origin[0] != scheme or origin[2] != port:
        return False
    return origin[1] == host or (host.startswith("*.") and is_same_domain(origin[1], host[1:]))


def _own_origin(scope) -> Origin | None:
    """The origin the request itself came to: its Host (which must be one of ``ALLOWED_HOSTS``),
    and https when the socket is TLS or the TLS proxy says so (``SECURE_PROXY_SSL_HEADER``, as
    Django's ``request.is_secure()``)."""
    headers = {name.decode("latin1").lower(): value for name, value in scope.get("headers", [])}
    host_header = headers.get("host", b"").decode("latin1").strip().lower()
    domain, port = split_domain_port(host_header)
    if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
        return None
    secure = scope.get("scheme") in ("wss", "https")
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if not secure and proxy_header:
        name, expected = proxy_header
        name = name.removeprefix("HTTP_").lower().replace("_", "-")
        sent = headers.get(name, b"").decode("latin1").split(",", 1)[0].strip()
        secure = sent == expected
    scheme = "https" if secure else "http"
    return scheme, domain.strip("[]"), int(port) if port else DEFAULT_PORTS[scheme]


def origin_allowed(scope) -> bool:
    """The websocket's ``Origin`` is the site's: scheme, host and port equal to the public origin
    (``LEERNETWERK_PUBLIC_ORIGIN``), ``WAGTAILADMIN_BASE_URL``, one of
    ``CSRF_TRUSTED_ORIGINS``, or to the origin the request came to. Channels'
    ``AllowedHostsOriginValidator`` compares host names only, so ``http://host`` or
    ``https://host:8443`` passed for ``https://host``."""
    values = [value for name, value in scope.get("headers", []) if name.lower() == b"origin"]
    if len(values) != 1:
        return False
    origin = parse_origin(values[0].decode("latin1"))
    if origin is None:
        return False
    # The configured public origin only: ``conf.public_origin()`` may read the database, which
    # this async code must not do (the request's own origin covers the rest).
    allowed = [
        conf.get("LEERNETWERK_PUBLIC_ORIGIN"),
        getattr(settings, "WAGTAILADMIN_BASE_URL", None),
        *getattr(settings, "CSRF_TRUSTED_ORIGINS", ()),
    ]
    for candidate in (parse_origin(str(value)) for value in allowed if value):
        if candidate is not None and _matches(origin, candidate):
            return True
    return origin == _own_origin(scope)


class SiteOriginValidator:
    """Refuse a websocket whose ``Origin`` is not the site's (``origin_allowed``): a page of
    another site must not open a member's live streams with their session cookie."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket" and not origin_allowed(scope):
            return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)


def build_application(extra_websocket_routes=()):
    """HTTP through Django; the plugin's (and ``extra_websocket_routes``) websockets."""
    return ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": SiteOriginValidator(
                AuthMiddlewareStack(URLRouter([*websocket_urlpatterns, *extra_websocket_routes]))
            ),
        }
    )


application = build_application()
