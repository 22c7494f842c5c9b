"""The production profile's channel layer: an event published in one process reaches a client
connected to another Daphne process through Redis."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from channels.db import database_sync_to_async
from django.conf import settings
from django.db import transaction

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.streams import case_stream
from tests.servers import daphne
from tests.websocket import session_cookie

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]


async def _follow(address: str, path: str, cookie: str, count: int) -> list[dict]:
    headers = {"Origin": f"http://{address}", "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}"}
    async with websockets.connect(f"ws://{address}{path}", additional_headers=headers) as socket:
        ready = json.loads(await asyncio.wait_for(socket.recv(), 10))
        assert ready["type"] == "ready"
        return [json.loads(await asyncio.wait_for(socket.recv(), 10)) for _ in range(count)]


async def test_event_published_here_reaches_a_client_of_two_other_daphne_processes(
    redis_url, redis_layer, network, make_user
):
    @database_sync_to_async
    def setup():
        case = network["cases"].add_child(
            instance=CasePage(
                title="Casus", slug="casus", situation="s", knelpunt="k", consent_given=True
            )
        )
        return case.pk, session_cookie(make_user())

    case_id, cookie = await setup()
    database = str(settings.DATABASES["default"]["NAME"])
    path = f"/ws/live/case/{case_id}/"
    with (
        daphne(database, extra_env={"REDIS_URL": redis_url}) as first,
        daphne(database, extra_env={"REDIS_URL": redis_url}) as second,
    ):
        followers = [
            asyncio.create_task(_follow(first, path, cookie, 3)),
            asyncio.create_task(_follow(second, path, cookie, 3)),
        ]
        await asyncio.sleep(1.5)  # both clients connected and caught up

        @database_sync_to_async
        def publish_three():
            for n in range(3):
                with transaction.atomic():
                    publish(case_stream(case_id), "comment.created", {"n": n})

        await publish_three()
        results = await asyncio.wait_for(asyncio.gather(*followers), 30)
    for events in results:
        assert [(e["id"], e["data"]["n"]) for e in events] == [(1, 0), (2, 1), (3, 2)]
