"""Websocket routes of the casework app."""

websocket_urlpatterns: list = []
