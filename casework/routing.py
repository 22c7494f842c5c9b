"""Websocket routes of the casework app."""

from django.urls import path

from leernetwerk.casework.consumers import CaseStreamConsumer

websocket_urlpatterns = [
    path("ws/live/case/<int:case_id>/", CaseStreamConsumer.as_asgi()),
]
