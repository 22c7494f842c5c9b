"""Websocket routes of the learning app."""

from django.urls import path

from leernetwerk.learning.sessions.consumers import SessionStreamConsumer

websocket_urlpatterns = [
    path("ws/live/session/<int:session_id>/", SessionStreamConsumer.as_asgi()),
]
