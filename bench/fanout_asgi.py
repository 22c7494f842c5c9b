"""Bench-only ASGI app for ``bench/live_fanout.py``: the site's websocket routes plus a baseline.

Never part of the site. It serves, behind the same stack as ``config/asgi.py``
(``AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(...)))``):

* every route of ``config.routing.websocket_urlpatterns`` (``/ws/live/case/<id>/`` ...);
* ``/bench/echo/``: a bare ``AsyncWebsocketConsumer`` that joins the group ``bench.echo``, says
  ``{"type":"ready"}`` and forwards the ``text`` of each group message to its client: what
  Channels costs with nothing of ours in the path;
* ``/bench/control/``: triggers sends *inside* this process (the in-memory channel layer lives
  here). ``{"mode":"echo","n":i,"text":...}`` does a bare ``group_send`` to ``bench.echo``;
  ``{"mode":"live","n":i,"stream":...,"event":...,"data":{...}}`` calls the real
  ``casework.live.publisher.publish`` inside ``transaction.atomic()``, as a service would.
  Each message is answered with ``{"ack": i}`` once the send has been handed to the layer.

With ``REDIS_URL`` set, ``BENCH_REDIS_LAYER=core`` swaps the recommended pub/sub layer for
channels_redis' core layer (``bench/live_fanout.py --layer redis-core``).

Run it as ``PYTHONPATH=site:. daphne bench.fanout_asgi:application`` (the benchmark does).
"""

import json
import os

from config.paths import ensure_on_path

ensure_on_path()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

from django.core.asgi import get_asgi_application  # noqa: E402

# Load Django (and its apps) before anything that imports models, as config/asgi.py does.
django_asgi_app = get_asgi_application()

if os.environ.get("REDIS_URL") and os.environ.get("BENCH_REDIS_LAYER"):
    # The benchmark compares the pub/sub layer (the recommended one) with channels_redis' core
    # layer: set before the first use of the channel layer in this process.
    from django.conf import settings  # noqa: E402

    from leernetwerk.kernel.conf import redis_channel_layer  # noqa: E402

    settings.CHANNEL_LAYERS = redis_channel_layer(
        os.environ["REDIS_URL"], pubsub=os.environ["BENCH_REDIS_LAYER"] != "core"
    )

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.db import database_sync_to_async  # noqa: E402
from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import path  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from leernetwerk.kernel.live.publisher import publish  # noqa: E402

ECHO_GROUP = "bench.echo"


class EchoConsumer(AsyncWebsocketConsumer):
    """The baseline: join one group, forward each group message's text unchanged."""

    async def connect(self) -> None:
        await self.accept()
        await self.channel_layer.group_add(ECHO_GROUP, self.channel_name)
        await self.send(text_data='{"type":"ready"}')

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(ECHO_GROUP, self.channel_name)

    async def bench_echo(self, message: dict) -> None:
        await self.send(text_data=message["text"])


def _publish_live(stream: str, event_type: str, data: dict) -> int:
    # As a service does it: publish() inside the caller's transaction, broadcast on commit.
    with transaction.atomic():
        event = publish(stream, event_type, data)
    return event.seq


class ControlConsumer(AsyncWebsocketConsumer):
    """Triggers one send per message, in the order received, and acknowledges it."""

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        message = json.loads(text_data or "{}")
        mode = message.get("mode")
        if mode == "echo":
            await self.channel_layer.group_send(
                ECHO_GROUP, {"type": "bench.echo", "text": message["text"]}
            )
        elif mode == "live":
            await database_sync_to_async(_publish_live)(
                message["stream"], message.get("event", "bench"), message["data"]
            )
        else:
            await self.send(text_data=json.dumps({"error": f"unknown mode {mode!r}"}))
            return
        await self.send(text_data=json.dumps({"ack": message.get("n")}))


bench_urlpatterns = [
    path("bench/echo/", EchoConsumer.as_asgi()),
    path("bench/control/", ControlConsumer.as_asgi()),
]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter([*bench_urlpatterns, *websocket_urlpatterns]))
        ),
    }
)
