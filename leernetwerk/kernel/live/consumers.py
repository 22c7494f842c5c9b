"""The websocket consumer every live stream uses.

Protocol (JSON text frames):

* client → server: ``{"type": "ping"}``, ``{"type": "resume", "since": <id>}``
* server → client: ``{"type": "ready", "stream", "id"}`` once caught up,
  ``{"type": "event", "stream", "id", "event", "data"}`` per event (ids increase by one),
  ``{"type": "heartbeat", "stream", "id"}`` every ``LEERNETWERK_LIVE_HEARTBEAT_SECONDS`` with the
  stream's last id in the log, ``{"type": "pong"}``, ``{"type": "reload", "reason"}`` when the
  log no longer holds what the client missed, and ``{"type": "error", "code", "message"}`` for a
  bad message.

The heartbeat is how the last event of a stream is never lost silently: a broadcast that never
arrived is noticed by the next event's id (the gap is filled from the log), but when no event
follows, only the heartbeat's id shows the client it is behind; it then sends ``resume`` from
its last id, as it would on reconnecting (ADR 0015).

A user who may not see the stream is accepted and closed at once with code 4403, before any data,
so the browser can tell "no access" from a network failure. A socket lives no longer than the
session it was opened with: logging out, a new password (changed, reset or set by an
administrator), losing one's role or being deactivated closes it with 4403 too (the kernel
asks the member's sockets to recheck; ``revocation``), and every resume or gap filled from the
log checks the session first. A frame over 4 KB is answered with an error and closed with 1008
(policy violation: browsers and Autobahn refuse 1009 from a server); JSON nested too deep for
the parser gets an error frame. Events are sent strictly in id order:
a broadcast that skips ids (a lost or reordered message) is filled in from the log first.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http.cookie import parse_cookie
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel import conf
from leernetwerk.kernel.converters import MAX_ID_DIGITS
from leernetwerk.kernel.live.selectors import events_after, stream_position
from leernetwerk.kernel.live.streams import group_name, member_group_name

logger = logging.getLogger(__name__)

CLOSE_FORBIDDEN = 4403
#: Policy violation: the frame was too large (1009 is for endpoints that cannot receive it,
#: and clients such as Autobahn refuse it from a server).
CLOSE_TOO_BIG = 1008
REPLAY_BATCH = 500


#: The client's messages are flat objects ({"type": "resume", "since": 12}); anything nested
#: deeper than this is not one of ours.
MAX_JSON_DEPTH = 8


#: A stream's last id as this process last read it: ``{stream: (monotonic time, last id)}``.
#: The heartbeats of all sockets on one stream share a read younger than a quarter of the
#: interval (at most a second), instead of each reading the database.
_last_ids: dict[str, tuple[float, int]] = {}


async def _last_id(stream: str, max_age: float) -> int:
    now = time.monotonic()
    cached = _last_ids.get(stream)
    if cached is not None and now - cached[0] < max_age:
        return cached[1]
    last_id, _pruned_through = await database_sync_to_async(stream_position)(stream)
    _last_ids[stream] = (time.monotonic(), last_id)
    return last_id


def _nesting_depth(text: str) -> int:
    """The deepest nesting of ``[``/``{`` in JSON text, outside strings (one pass, ≤ 4 KB)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


class LiveStreamConsumer(AsyncJsonWebsocketConsumer):
    """Base consumer: subclasses say which stream a connection follows and who may follow it."""

    max_message_bytes: int = 4096

    # --- what a subclass provides -------------------------------------------------------------
    def get_stream_key(self) -> str:
        raise NotImplementedError

    def has_permission(self, user) -> bool:
        """The same rule as the page the stream belongs to (runs in a thread: ORM allowed)."""
        raise NotImplementedError

    def route_id(self, name: str) -> int:
        """The id ``name`` in the route; LookupError for a number no row can have (SQLite cannot
        even compare one beyond 64 bits), so the connection is refused like an unknown id."""
        value = int(self.scope["url_route"]["kwargs"][name])
        if value >= 10**MAX_ID_DIGITS:
            raise LookupError(f"{name} {value} is out of range")
        return value

    # --- connection ---------------------------------------------------------------------------
    async def connect(self) -> None:
        self.stream: str | None = None
        self.last_sent: int | None = None
        self.closing = False
        self.heartbeat_task: asyncio.Task | None = None
        user = self.scope.get("user")
        try:
            stream = self.get_stream_key()
            allowed = user is not None and await database_sync_to_async(self._may_follow)(user)
        except (LookupError, ValueError):
            allowed = False
        await self.accept()
        if not allowed:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.stream = stream
        if getattr(user, "is_authenticated", False):
            self.member_group = member_group_name(user.pk)
            await self.channel_layer.group_add(self.member_group, self.channel_name)
        # Join before reading the log: whatever commits after this is broadcast to us, and
        # whatever committed before is in the log; duplicates are dropped by id.
        await self.channel_layer.group_add(group_name(stream), self.channel_name)
        await self.resume(self._since_from_query())
        if not self.closing:
            self.heartbeat_task = asyncio.create_task(self._send_heartbeats())

    async def disconnect(self, code: int) -> None:
        if getattr(self, "heartbeat_task", None) is not None:
            self.heartbeat_task.cancel()
        if getattr(self, "stream", None):
            await self.channel_layer.group_discard(group_name(self.stream), self.channel_name)
        if getattr(self, "member_group", None):
            await self.channel_layer.group_discard(self.member_group, self.channel_name)

    async def member_disconnect(self, message: dict) -> None:
        """The member was deactivated or erased: close every socket they have open."""
        await self.forbid()

    async def member_recheck(self, message: dict) -> None:
        """Something about the member changed (password, roles, active): stay only while the
        session this socket was opened with is still valid and may still follow the stream."""
        if self.stream is not None and not await self.session_still_allowed():
            await self.forbid()

    async def forbid(self) -> None:
        """Close with 4403 and send nothing more."""
        if getattr(self, "closing", False):
            return
        self.closing = True
        self.last_sent = None
        await self.close(code=CLOSE_FORBIDDEN)

    async def session_still_allowed(self) -> bool:
        return await database_sync_to_async(self._session_still_allowed)()

    def _session_still_allowed(self) -> bool:
        """The session, read afresh: still there, still this member's, and signed with their
        current password (Django's session auth hash); the member still active and allowed."""
        from leernetwerk.kernel.live.revocation import session_user

        opened_by = self.scope.get("user")
        session = self.scope.get("session")
        if not getattr(opened_by, "is_authenticated", False) or session is None:
            # An anonymous follower (a public stream) has no session to lose.
            return opened_by is not None and self.has_permission(opened_by)
        user, store = session_user(session)
        if user is None or user.pk != opened_by.pk:
            return False
        return self._may_follow(user, store)

    def _may_follow(self, user, session=None) -> bool:
        """The page's rule, and a second factor where the member's role requires one."""
        from leernetwerk.kernel.members.security import is_sufficiently_verified

        if not self.has_permission(user):
            return False
        return is_sufficiently_verified(
            user, session if session is not None else self.scope.get("session")
        )

    def _since_from_query(self) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        return _parse_id(query.get("since", [None])[0])

    # --- catching up --------------------------------------------------------------------------
    async def resume(self, since: int | None) -> None:
        last_id, pruned_through = await database_sync_to_async(stream_position)(self.stream)
        if since is None:
            since = last_id
        elif since < pruned_through or since > last_id:
            # The log no longer holds what the client missed (or the id is not ours).
            await self.send_json({"type": "reload", "reason": "expired"})
            self.last_sent = last_id
            return
        self.last_sent = since
        await self._send_from_log(until=None)
        if not self.closing:
            await self.send_json({"type": "ready", "stream": self.stream, "id": self.last_sent})

    async def _send_from_log(self, until: int | None) -> None:
        while not self.closing:
            # Rendered now, in the reader's language: what was removed or changed since
            # replays as it is (ADR 0009).
            frames = await database_sync_to_async(events_after)(
                self.stream,
                self.last_sent,
                until=until,
                limit=REPLAY_BATCH,
                language=self._language(),
            )
            for frame in frames:
                await self.send(text_data=frame.to_json())
                self.last_sent = frame.id
            if len(frames) < REPLAY_BATCH:
                return

    async def _send_heartbeats(self) -> None:
        """Every interval, the stream's last id in the log: the client fetches what it lacks."""
        interval = float(conf.get("LEERNETWERK_LIVE_HEARTBEAT_SECONDS"))
        # The first beat somewhere in the second half of the interval: sockets that opened
        # together (a reconnect storm, a benchmark) do not beat together.
        delay = interval * (0.5 + random.random() / 2)  # noqa: S311 - spreading, not secrecy
        while True:
            await asyncio.sleep(delay)
            delay = interval
            if self.closing or self.last_sent is None or self.stream is None:
                return
            try:
                last_id = await _last_id(self.stream, max_age=min(1.0, interval / 4))
            except Exception:  # the database is away for a moment: the next beat tries again
                logger.exception("Heartbeat of %s could not read the stream", self.stream)
                continue
            if self.closing:
                return
            await self.send_json({"type": "heartbeat", "stream": self.stream, "id": last_id})

    # --- live events --------------------------------------------------------------------------
    async def dispatch(self, message: dict) -> None:
        # Channels closes stale database connections before every handler, a hop through the
        # one shared sync thread that publishing also occupies. Forwarding a broadcast needs no
        # ORM (filling a gap goes through database_sync_to_async, which does its own cleanup),
        # so live events skip that hop: measured 0.69x -> 1.26x the bare echo's throughput.
        if message.get("type") == "live.event":
            await self.live_event(message)
            return
        await super().dispatch(message)

    async def live_event(self, message: dict) -> None:
        if self.last_sent is None or self.closing:
            return
        event_id = message["id"]
        if event_id <= self.last_sent:
            return  # already sent (replayed from the log)
        if event_id > self.last_sent + 1:
            # Filling a gap replays the log: only for a session that is still valid.
            if not await self.session_still_allowed():
                await self.forbid()
                return
            await self._send_from_log(until=event_id - 1)
            if self.last_sent is None or event_id <= self.last_sent:
                return
        text = message["texts"].get(self._language())
        if text is None:  # a language the broadcast was not rendered in: from the log
            await self._send_from_log(until=event_id)
            return
        await self.send(text_data=text)
        self.last_sent = event_id

    # --- messages from the client -------------------------------------------------------------
    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.stream is None or self.closing:
            return
        size = len(text_data.encode("utf-8")) if text_data is not None else len(bytes_data or b"")
        if size > self.max_message_bytes:
            await self.send_error("too_big", _("The message is too large."))
            self.closing = True
            await self.close(code=CLOSE_TOO_BIG)
            return
        if text_data is None:
            await self.send_error("invalid_json", _("Send JSON text messages only."))
            return
        try:
            if _nesting_depth(text_data) > MAX_JSON_DEPTH:
                raise ValueError("nested too deeply")
            content = json.loads(text_data)
        except (ValueError, RecursionError):
            # Our messages are flat; deep nesting is refused the same way on every Python
            # (3.11's parser raises RecursionError at a few KB of "[[[[", 3.13's does not).
            await self.send_error("invalid_json", _("The message is not valid JSON."))
            return
        if not isinstance(content, dict):
            await self.send_error("invalid_json", _("The message must be a JSON object."))
            return
        await self.receive_json(content)

    async def receive_json(self, content: dict, **kwargs) -> None:
        message_type = content.get("type")
        if message_type == "ping":
            await self.send_json({"type": "pong"})
        elif message_type == "resume":
            since = _parse_id(content.get("since"))
            if since is None:
                await self.send_error("invalid_since", _("Resume needs a whole number 'since'."))
                return
            # A replay only for a session that is still valid (a changed password, a lost role).
            if not await self.session_still_allowed():
                await self.forbid()
                return
            await self.resume(since)
        else:
            await self.send_error("unknown_type", _("Unknown message type."))

    async def send_error(self, code: str, message) -> None:
        with translation.override(self._language()):
            await self.send_json({"type": "error", "code": code, "message": str(message)})

    def _language(self) -> str:
        """The reader's interface language (their language cookie, else the site's), read once
        per connection."""
        language = getattr(self, "_reader_language", None)
        if language is None:
            language = settings.LANGUAGE_CODE
            for name, value in self.scope.get("headers", []):
                if name == b"cookie":
                    cookies = parse_cookie(value.decode("latin-1"))
                    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
                    if chosen in dict(settings.LANGUAGES):
                        language = chosen
                        break
            self._reader_language = language
        return language


def _parse_id(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isdigit() and len(value) < 19:
        return int(value)
    return None
