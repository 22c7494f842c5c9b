"""Websocket routes of the patterns app."""

websocket_urlpatterns: list = []
