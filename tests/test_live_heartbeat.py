"""The last event of a stream is never lost silently: the heartbeat carries the stream's last id.

A broadcast that never reaches a socket is noticed by the next event's id (the consumer fills the
gap from the log); when no event follows, only the heartbeat shows the client it is behind, and
the client asks for the rest with ``resume``, as it would on reconnecting. The browser side is
driven in Node against a stand-in socket (no browser needed)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.db import transaction

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.live import publisher
from leernetwerk.kernel.live.streams import case_stream
from tests.websocket import connect

REPO = Path(__file__).resolve().parents[1]
LIVE_JS = REPO / "leernetwerk" / "kernel" / "static" / "leernetwerk_kernel" / "live.js"
HEARTBEAT = 0.2


@pytest.fixture
def case(network, make_user):
    return network["cases"].add_child(
        instance=CasePage(
            title="Casus", slug="casus", situation="s", knelpunt="k", consent_given=True
        )
    )


@pytest.fixture
def short_heartbeat(settings):
    settings.LEERNETWERK_LIVE_HEARTBEAT_SECONDS = HEARTBEAT


@database_sync_to_async
def publish_one(stream: str, n: int) -> int:
    with transaction.atomic():
        return publisher.publish(stream, "comment.created", {"n": n}).seq


async def next_of_type(communicator, kind: str, *, timeout: float = 5) -> dict:
    """The next frame of type ``kind`` (heartbeats before it are skipped)."""
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        if frame["type"] == kind:
            return frame
        assert frame["type"] == "heartbeat", frame


@pytest.mark.django_db(transaction=True)
async def test_a_heartbeat_shows_the_last_event_whose_broadcast_was_lost(
    case, professional, short_heartbeat, monkeypatch
):
    stream = case_stream(case.pk)
    await publish_one(stream, 0)
    communicator = await connect(f"/ws/live/case/{case.pk}/", professional)
    ready = await communicator.receive_json_from(timeout=5)
    assert ready == {"type": "ready", "stream": stream, "id": 1}
    beat = await next_of_type(communicator, "heartbeat")
    assert beat == {"type": "heartbeat", "stream": stream, "id": 1}  # nothing missed

    # The event is persisted, but its broadcast never reaches the socket (a lost pub/sub
    # message) and no later event reveals the gap.
    monkeypatch.setattr(publisher, "broadcast", lambda *_args: None)
    assert await publish_one(stream, 1) == 2
    assert await communicator.receive_nothing(timeout=0.1)

    beat = await next_of_type(communicator, "heartbeat", timeout=HEARTBEAT * 10)
    assert beat == {"type": "heartbeat", "stream": stream, "id": 2}
    # The client asks for what it lacks, as after a reconnect, and gets exactly that.
    await communicator.send_json_to({"type": "resume", "since": 1})
    event = await next_of_type(communicator, "event")
    assert (event["id"], event["data"]) == (2, {"n": 1})
    assert await next_of_type(communicator, "ready") == {"type": "ready", "stream": stream, "id": 2}
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_heartbeats_stop_with_the_socket(case, professional, short_heartbeat):
    communicator = await connect(f"/ws/live/case/{case.pk}/", professional)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"
    assert (await communicator.receive_json_from(timeout=5))["type"] == "heartbeat"
    await communicator.disconnect()
    # The consumer's application task ended cleanly: no heartbeat task left running into it.
    await communicator.wait(timeout=1)


@pytest.mark.django_db(transaction=True)
async def test_a_refused_socket_gets_no_heartbeat(case, short_heartbeat):
    communicator = await connect(f"/ws/live/case/{case.pk}/")  # anonymous: no access
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}
    assert await communicator.receive_nothing(timeout=HEARTBEAT * 3)


NODE_HARNESS = r"""
const fs = require("fs");
const timers = [];
const sent = [];
let socket = null;
function FakeSocket(url) { socket = this; this.url = url; this.readyState = 1; }
FakeSocket.OPEN = 1;
FakeSocket.prototype.send = function (text) { sent.push(JSON.parse(text)); };
FakeSocket.prototype.close = function () {};
const root = {
  attrs: { "data-live-url": "/ws/live/case/1/", "data-live-since": "4" },
  getAttribute(name) { return this.attrs[name] === undefined ? null : this.attrs[name]; },
  setAttribute(name, value) { this.attrs[name] = value; },
  querySelector() { return null; },
  dispatchEvent() {},
};
global.CustomEvent = function (type, init) { this.type = type; this.detail = init.detail; };
global.navigator = { onLine: true };
global.document = {
  readyState: "complete",
  querySelectorAll(selector) { return selector === "[data-live]" ? [root] : []; },
  querySelector() { return null; },
};
global.WebSocket = FakeSocket;
global.window = {
  location: { protocol: "http:", host: "testserver" },
  WebSocket: FakeSocket,
  addEventListener() {},
  setInterval() { return 0; },
  clearInterval() {},
  setTimeout(fn, ms) { timers.push(fn); return timers.length; },
  clearTimeout(id) { if (id) { timers[id - 1] = null; } },
};
eval(fs.readFileSync(process.argv[2], "utf8"));
const receive = (frame) => socket.onmessage({ data: JSON.stringify(frame) });
const runTimers = () => timers.splice(0).forEach((fn) => fn && fn());
socket.onopen();
receive({ type: "ready", stream: "s", id: 4 });
receive({ type: "heartbeat", stream: "s", id: 4 });  // up to date: nothing to ask
runTimers();
const upToDate = sent.filter((frame) => frame.type === "resume").length;
receive({ type: "heartbeat", stream: "s", id: 6 });  // the stream is ahead
receive({ type: "event", stream: "s", id: 5, event: "x", data: {} });  // one was in flight
runTimers();
console.log(JSON.stringify({ url: socket.url, upToDate, sent }));
"""


def test_the_browser_client_asks_for_what_the_heartbeat_announces(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    harness = tmp_path / "harness.js"
    harness.write_text(NODE_HARNESS)
    result = subprocess.run(  # noqa: S603 - fixed argument list
        [node, str(harness), str(LIVE_JS)], capture_output=True, text=True, timeout=30, check=True
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["url"] == "ws://testserver/ws/live/case/1/?since=4"
    assert outcome["upToDate"] == 0
    # After the grace period it still lacks event 6: it resumes from the last one it has.
    assert outcome["sent"] == [{"type": "resume", "since": 5}]
