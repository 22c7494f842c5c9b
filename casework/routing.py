"""Websocket routes of the casework app."""

from django.urls import path

from .consumers import CaseStreamConsumer, NotificationStreamConsumer

websocket_urlpatterns = [
    path("ws/live/case/<int:case_id>/", CaseStreamConsumer.as_asgi()),
    path("ws/live/notifications/", NotificationStreamConsumer.as_asgi()),
]
