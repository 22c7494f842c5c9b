"""Websocket routes of the kernel."""

from django.urls import path

from leernetwerk.kernel.consumers import NotificationStreamConsumer

websocket_urlpatterns = [
    path("ws/live/notifications/", NotificationStreamConsumer.as_asgi()),
]
