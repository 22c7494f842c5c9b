"""All websocket routes of the site: the plugin's (the demo host adds none of its own)."""

from leernetwerk.routing import websocket_urlpatterns

__all__ = ["websocket_urlpatterns"]
