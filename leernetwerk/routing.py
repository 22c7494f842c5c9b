"""Every websocket route of the plugin, for a host's ASGI application (see ``leernetwerk.asgi``)."""

from leernetwerk.casework.routing import websocket_urlpatterns as casework_routes
from leernetwerk.kernel.routing import websocket_urlpatterns as kernel_routes
from leernetwerk.learning.routing import websocket_urlpatterns as learning_routes
from leernetwerk.patterns.routing import websocket_urlpatterns as patterns_routes

websocket_urlpatterns = [*kernel_routes, *casework_routes, *patterns_routes, *learning_routes]
