"""The production channel layer sharded over two Redis servers (``CHANNEL_REDIS_URLS``).

Four Daphne processes run the production settings against two redis-server processes; members
follow four cases' streams (two on each shard), spread over the four processes, while events are
published on all four. Every follower holds every event of its stream exactly once and in id
order, and both Redis servers carried the streams' traffic.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil

import pytest
import redis
from channels.db import database_sync_to_async
from channels.layers import channel_layers
from channels_redis.utils import _consistent_hash
from django.conf import settings
from django.db import transaction
from websockets.asyncio.client import connect

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.conf import redis_channel_layer
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.streams import case_stream, group_name
from tests.servers import daphne, redis_server
from tests.websocket import session_cookie

pytestmark = [
    pytest.mark.production,
    pytest.mark.redis,
    pytest.mark.timeout(240),
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="redis-server is not installed"
    ),
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")),
        reason="runs once, in the SQLite pass: the Daphne processes share the SQLite test file",
    ),
]

DAPHNES = 4
STREAMS_PER_SHARD = 2
FOLLOWERS_PER_DAPHNE = 2  # per stream and process: 4 streams x 4 processes x 2 = 32 followers
EVENTS = 20  # per stream


class Follower:
    """Follows one stream like live.js: records events, asks for what a heartbeat announces."""

    def __init__(self, address: str, path: str, cookie: str) -> None:
        self.address, self.path, self.cookie = address, path, cookie
        self.last_id: int | None = None
        self.ids: list[int] = []
        self.ready = asyncio.Event()

    async def run(self) -> None:
        headers = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={self.cookie}"}
        async with connect(
            f"ws://{self.address}{self.path}",
            origin=f"http://{self.address}",
            additional_headers=headers,
            proxy=None,
            open_timeout=30,
        ) as socket:
            async for text in socket:
                frame = json.loads(text)
                if frame["type"] == "ready":
                    self.last_id = frame["id"] if self.last_id is None else self.last_id
                    self.ready.set()
                elif frame["type"] == "event":
                    self.ids.append(frame["id"])  # duplicates and gaps stay visible here
                    self.last_id = max(self.last_id or 0, frame["id"])
                elif frame["type"] == "heartbeat" and frame["id"] > (self.last_id or 0):
                    await socket.send(json.dumps({"type": "resume", "since": self.last_id}))


def shard_of(stream: str, shards: int) -> int:
    """The shard channels_redis' pub/sub layer uses for the stream's group."""
    return _consistent_hash(f"asgi__group__{group_name(stream)}", shards)


def publish_count(url: str) -> tuple[int, list[bytes]]:
    client = redis.Redis.from_url(url)
    try:
        calls = client.info("commandstats").get("cmdstat_publish", {}).get("calls", 0)
        return calls, client.pubsub_channels("asgi__group__live.casework.case.*")
    finally:
        client.close()


async def test_every_follower_gets_every_event_with_the_layer_on_two_redis_shards(
    network, make_user
):
    @database_sync_to_async
    def setup() -> tuple[list[int], str]:
        by_shard: dict[int, list[int]] = {0: [], 1: []}
        n = 0
        while min(len(ids) for ids in by_shard.values()) < STREAMS_PER_SHARD:
            n += 1
            case = network["cases"].add_child(
                instance=CasePage(
                    title=f"Casus {n}",
                    slug=f"casus-{n}",
                    situation="s",
                    knelpunt="k",
                    consent_given=True,
                )
            )
            ids = by_shard[shard_of(case_stream(case.pk), 2)]
            if len(ids) < STREAMS_PER_SHARD:
                ids.append(case.pk)
        return [*by_shard[0], *by_shard[1]], session_cookie(make_user())

    case_ids, cookie = await setup()
    database = str(settings.DATABASES["default"]["NAME"])
    with contextlib.ExitStack() as stack:
        shards = [stack.enter_context(redis_server()) for _ in range(2)]
        env = {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": settings.SECRET_KEY,  # the sessions were signed with it
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": shards[0],
            "CHANNEL_REDIS_URLS": ",".join(shards),
        }
        addresses = [stack.enter_context(daphne(database, extra_env=env)) for _ in range(DAPHNES)]
        before = [publish_count(url)[0] for url in shards]

        followers = {
            case_id: [
                Follower(address, f"/ws/live/case/{case_id}/", cookie)
                for address in addresses
                for _ in range(FOLLOWERS_PER_DAPHNE)
            ]
            for case_id in case_ids
        }
        everyone = [f for group in followers.values() for f in group]
        tasks = [asyncio.create_task(f.run()) for f in everyone]
        try:
            await asyncio.wait_for(asyncio.gather(*(f.ready.wait() for f in everyone)), 60)
            subscribed = [publish_count(url)[1] for url in shards]

            # This process publishes through the same sharded layer as the production settings.
            settings.CHANNEL_LAYERS = redis_channel_layer(shards)
            channel_layers.backends.clear()

            @database_sync_to_async
            def publish_all() -> None:
                for n in range(EVENTS):
                    for case_id in case_ids:
                        with transaction.atomic():
                            publish(case_stream(case_id), "comment.created", {"n": n})

            await publish_all()
            async with asyncio.timeout(60):
                while any(f.last_id != EVENTS for f in everyone):
                    await asyncio.sleep(0.1)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            channel_layers.backends.clear()
        after = [publish_count(url)[0] for url in shards]

    for group in followers.values():
        for follower in group:
            assert follower.ids == list(range(1, EVENTS + 1))
    # Both Redis servers carried streams: each held two groups' subscriptions and publishes.
    for shard in range(2):
        assert len(subscribed[shard]) == STREAMS_PER_SHARD, subscribed
        assert after[shard] - before[shard] >= STREAMS_PER_SHARD * EVENTS
