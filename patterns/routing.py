"""Websocket routes of the patterns app."""

from django.urls import path

from leernetwerk.patterns.consumers import BoardStreamConsumer, PolicyStreamConsumer

websocket_urlpatterns = [
    path("ws/live/board/", BoardStreamConsumer.as_asgi()),
    path("ws/live/beleid/", PolicyStreamConsumer.as_asgi()),
]
