"""All websocket routes of the site: each plugin app contributes ``websocket_urlpatterns``."""

from casework.routing import websocket_urlpatterns as casework_routes
from learning.routing import websocket_urlpatterns as learning_routes
from patterns.routing import websocket_urlpatterns as patterns_routes

websocket_urlpatterns = [*casework_routes, *patterns_routes, *learning_routes]
