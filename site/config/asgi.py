"""ASGI entry point: HTTP goes to Django, websockets to the plugin apps' consumers.

Run it with the ``site/`` folder on the path:
``PYTHONPATH=site daphne config.asgi:application``.
"""

import os

from config.paths import ensure_on_path

ensure_on_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from django.core.asgi import get_asgi_application  # noqa: E402

# Load Django (and its apps) before anything that imports models: routing and consumers do.
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
