"""WSGI entry point, for serving plain HTTP with a WSGI worker server (websockets need ASGI)."""

import os

from config.paths import ensure_on_path

ensure_on_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
