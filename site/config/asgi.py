"""ASGI entry point of the demo host: the plugin's application (``leernetwerk.asgi``), as the
README's install section tells any host to use it.

Run it with the ``site/`` folder on the path:
``PYTHONPATH=site daphne config.asgi:application``.
"""

import os

from config.paths import ensure_on_path

ensure_on_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

from leernetwerk.asgi import application  # noqa: E402

__all__ = ["application"]
