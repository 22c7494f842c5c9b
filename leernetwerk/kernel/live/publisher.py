"""The one helper that publishes live events: persist first, broadcast after commit."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import translation

from leernetwerk.kernel.live import renderers
from leernetwerk.kernel.live.models import LiveEvent, LiveStream
from leernetwerk.kernel.live.streams import STREAM_KEY, group_name

logger = logging.getLogger(__name__)

#: The message type consumers handle (``live_event``).
BROADCAST_TYPE = "live.event"


@dataclass(frozen=True)
class Frame:
    """What a client receives for one event."""

    stream: str
    id: int
    event: str
    data: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(
            {
                "type": "event",
                "stream": self.stream,
                "id": self.id,
                "event": self.event,
                "data": self.data,
            },
            cls=DjangoJSONEncoder,
            separators=(",", ":"),
        )


def _take_next_id(stream: str) -> tuple[int, int] | None:
    """``(stream row id, next event id)`` in one statement that also locks the row until the
    transaction ends (one round trip instead of a locking read and a write, on every event);
    None when the stream has no row yet or the database cannot return from an UPDATE."""
    if connection.vendor not in ("postgresql", "sqlite") or not (
        connection.features.can_return_columns_from_insert  # SQLite >= 3.35: RETURNING
    ):
        return None
    meta, quote = LiveStream._meta, connection.ops.quote_name
    last_id, key, pk = (quote(meta.get_field(name).column) for name in ("last_id", "key", "id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {last_id} = {last_id} + 1 "  # noqa: S608 - names
            f"WHERE {key} = %s RETURNING {pk}, {last_id}",
            [stream],
        )
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def publish(stream: str, event_type: str, data: dict[str, Any] | None = None) -> LiveEvent:
    """Persist an event on ``stream`` and broadcast it once the surrounding transaction commits.

    Called from services inside their ``transaction.atomic`` block: a rolled-back transaction
    leaves neither an event nor a broadcast. ``data`` must be JSON-serialisable; its ``ops``
    (DOM operations the browser client applies) show objects by reference
    (``"ref": renderers.ref(kind, key)``), never as stored HTML: the broadcast carries the
    fragments rendered once here, a replay renders them again as the objects are then (ADR 0009).
    Ids and counts may travel as plain data; a member's text never does.
    """
    if not STREAM_KEY.match(stream):
        raise ValueError(f"Invalid stream key {stream!r}")
    payload = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    renderers.check_storable(payload)
    # Inside a service's transaction this joins it (no savepoint round trips): the event and the
    # change it reports commit or roll back together.
    with transaction.atomic(savepoint=False):
        # Lock the stream row: ids are handed out one at a time per stream, in commit order.
        taken = _take_next_id(stream)
        if taken is None:  # the stream's first event (or a database without UPDATE RETURNING)
            live_stream = LiveStream.objects.select_for_update().filter(key=stream).first()
            if live_stream is None:
                LiveStream.objects.get_or_create(key=stream)
                live_stream = LiveStream.objects.select_for_update().get(key=stream)
            live_stream.last_id += 1
            live_stream.save(update_fields=["last_id"])
            taken = (live_stream.pk, live_stream.last_id)
        stream_id, seq = taken
        event = LiveEvent.objects.create(
            stream_id=stream_id, seq=seq, type=event_type, payload=payload
        )
    # Rendered once per publish and language, not per follower (a reader gets the fragments in
    # their own language, never the actor's); the log keeps only the references.
    frames = {}
    for language in broadcast_languages():
        with translation.override(language):
            (shown,) = renderers.resolve([payload], strict=True)
        frames[language] = Frame(stream=stream, id=event.seq, event=event_type, data=shown)

    def committed() -> None:
        from leernetwerk.kernel.member_cache import stream_moved

        stream_moved(stream, event.seq)  # pages render the new position from the cache
        broadcast(stream, event.seq, frames)

    transaction.on_commit(committed)
    return event


def disconnect_member(user_id: int) -> None:
    """After the transaction commits, close every websocket ``user_id`` has open."""
    from leernetwerk.kernel.live.streams import member_group_name

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        try:
            async_to_sync(layer.group_send)(
                member_group_name(user_id), {"type": "member.disconnect"}
            )
        except Exception:  # the member is refused on every reconnect anyway
            logger.exception("Could not close the sockets of member %s", user_id)

    transaction.on_commit(send)


def recheck_members(user_ids: Iterable[int]) -> None:
    """After the transaction commits, ask every websocket of ``user_ids`` to check its session
    and access again; those no longer valid close with 4403, the others stay (issue 16)."""
    user_ids = sorted({int(pk) for pk in user_ids if pk is not None})
    if not user_ids:
        return
    from leernetwerk.kernel.live.streams import member_group_name

    def send() -> None:
        layer = get_channel_layer()
        if layer is None:
            return
        for user_id in user_ids:
            try:
                async_to_sync(layer.group_send)(
                    member_group_name(user_id), {"type": "member.recheck"}
                )
            except Exception:  # every resume and reconnect checks the session anyway
                logger.exception("Could not ask the sockets of member %s to recheck", user_id)

    transaction.on_commit(send)


def broadcast_languages() -> list[str]:
    """The languages a broadcast is rendered in: the site's default and the interface languages
    the plugin translates that the site offers (a reader in another language renders the event
    from the log in theirs)."""
    offered = {code for code, _name in settings.LANGUAGES}
    default = settings.LANGUAGE_CODE
    return [default, *(code for code in ("nl", "en") if code in offered and code != default)]


def broadcast(stream: str, event_id: int, frames: dict[str, Frame]) -> None:
    """Send a persisted event to the stream's group, as one frame per language. Losing it here
    loses nothing: clients detect the gap by id and fetch the event from the log."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group_name(stream),
            {
                "type": BROADCAST_TYPE,
                "id": event_id,
                "texts": {language: frame.to_json() for language, frame in frames.items()},
            },
        )
    except Exception:  # a failing layer must not fail the request that already committed
        logger.exception("Broadcast of %s#%s failed; clients will catch up", stream, event_id)
