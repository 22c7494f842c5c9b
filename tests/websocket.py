"""Helpers for websocket tests: a logged-in communicator on the real ASGI application."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

ORIGIN = (b"origin", b"http://testserver")


def session_cookie(user) -> str:
    """A real session for ``user`` (as after logging in)."""
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def connect(path: str, user=None, *, language: str | None = None) -> WebsocketCommunicator:
    """Open a websocket to ``path`` through the site's full ASGI stack (origin check, session
    auth, routing) as ``user`` (anonymous when None)."""
    from config.asgi import application

    headers = [ORIGIN, (b"host", b"testserver")]
    cookies = []
    if user is not None:
        cookies.append(
            f"{settings.SESSION_COOKIE_NAME}={await database_sync_to_async(session_cookie)(user)}"
        )
    if language:
        cookies.append(f"{settings.LANGUAGE_COOKIE_NAME}={language}")
    if cookies:
        headers.append((b"cookie", "; ".join(cookies).encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator
