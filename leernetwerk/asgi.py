"""The ASGI application of a host site with Leernetwerk: HTTP to Django, websockets to the
plugin's live streams behind the origin check and the session login.

A host's ``asgi.py`` sets ``DJANGO_SETTINGS_MODULE`` and imports ``application`` from here; a host
with websocket routes of its own builds it with ``build_application(extra_routes)``.
"""

from django.core.asgi import get_asgi_application

# Django must be set up before the routes are imported (they import models).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from leernetwerk.routing import websocket_urlpatterns  # noqa: E402


def build_application(extra_websocket_routes=()):
    """HTTP through Django; the plugin's (and ``extra_websocket_routes``) websockets."""
    return ProtocolTypeRouter(
        {
            "http": django_asgi_app,
            "websocket": AllowedHostsOriginValidator(
                AuthMiddlewareStack(URLRouter([*websocket_urlpatterns, *extra_websocket_routes]))
            ),
        }
    )


application = build_application()
