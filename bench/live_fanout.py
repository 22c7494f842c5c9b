"""Fan-out benchmark of the live updates: one stream, many websocket clients, 1-N Daphnes.

What it measures
    Starts one Daphne process (``--daphnes N``: N, the clients spread round-robin over them, the
    control websocket on the first; more than one needs a Redis layer, which carries the events
    to the others) on 127.0.0.1 serving ``bench/fanout_asgi.py`` (the site's websocket
    routes plus two bench-only routes) against a fresh SQLite database in a temporary folder,
    then runs two phases with the same number of clients, events, pacing and frame size:

    * ``live``: N clients open ``/ws/live/case/<id>/`` as a logged-in member (session cookie,
      Origin header) and wait for ``ready``; then E events are published with the real
      ``casework.live.publisher.publish()`` (persist in SQLite, broadcast on commit) and every
      client must receive every event;
    * ``echo``: the baseline. N clients open ``/bench/echo/``, a bare ``AsyncWebsocketConsumer``
      in one Channels group that forwards each group message's text; E bare ``group_send`` calls
      carry a frame of the same shape and size as the live one.

    Publishing is triggered *inside* Daphne through a control websocket (``/bench/control/``):
    the in-memory channel layer only exists in that process. Each event carries
    ``{"sent": <time.time() just before the control message is sent>, "n": i}``; a client's
    latency for an event is its receive time minus ``sent`` (same machine, same clock).

    For each phase it prints p50 / p99 delivery latency, throughput (deliveries per second from the
    first send to the last delivery), lost deliveries (must be 0), connect time (all N clients
    connected and ``ready``), and the CPU used by Daphne and by the client loop meanwhile.

Pacing
    Default, open loop: event i is sent at ``start + i * interval`` (``--interval-ms``, default
    20 ms: 100 events in 2 s), not after the previous one is acknowledged, so a slow server cannot
    slow down the offered load (no coordinated omission); a backlog shows up as latency. With
    1,000 clients this offers 50,000 deliveries/s, far more than one Daphne process delivers, so
    the run measures the saturated server: throughput is its delivery capacity and p50 / p99 are
    mostly time spent queued (p50 is roughly half the drain time). Other modes:
    ``--interval-ms 0``: closed loop, each event once the control consumer acknowledged the
    previous one (it acks once the send has been handed to the channel layer);
    ``--lockstep``: each event once every client has the previous one: no queueing between
    events, so the latency is the time one event takes to reach all N clients.

How to read it
    The figure is the ratio live / echo, measured in the same run on the same machine: how much
    our mechanism (permission check on connect, persisting each event, the thread hop of
    ``database_sync_to_async``, on-commit broadcast, per-consumer id bookkeeping and gap filling)
    costs on top of what Channels and Daphne cost anyway. A latency ratio near 1x and a throughput
    ratio near 1x mean the mechanism adds little; the absolute numbers mostly measure Daphne and
    the channel layer (the in-memory layer's cost grows with members x messages, see
    /work/shared/NOTES.md), and change with the machine.

    The N clients run in ONE asyncio loop in this process and share the machine's cores with
    Daphne (and redis-server). Both phases pay that cost equally; the printed CPU figures show
    which side was busy (a client loop near 100 % of a core would mean the clients, not the
    server, set the pace). Measured on 2 cores: the client loop used 4-9 % of a core, Daphne
    85-100 %: the server sets the pace, so the clients were not split across processes.

How to run
    .venv/bin/python bench/live_fanout.py [--clients 1000] [--events 100] [--layer redis]

    ``--layer redis`` starts a throwaway ``redis-server`` on a free 127.0.0.1 port
    (tests/servers.py) and gives Daphne ``REDIS_URL``: the layer ``redis_channel_layer()``
    recommends (channels_redis pub/sub); ``--layer redis-core`` uses channels_redis' core layer
    for comparison (ADR 0015: 1,000 clients, ``--lockstep --daphnes 2``: pub/sub p99 237 ms,
    1.49x the echo's throughput). Heartbeat frames are not counted. Bounded by ``--timeout``
    (default 300 s) overall; every wait has a timeout, and on exit (normal, error, Ctrl-C,
    SIGTERM) Daphne and redis-server are stopped and the temporary folder is removed. A phase that
    hits its limit (``--phase-timeout``, default 180 s, or what is left of ``--timeout``) is
    reported as TIMED OUT with what it delivered. At the defaults one Daphne process delivers
    about 1,000 frames/s, so a full run (about 30 s migrating, 35 s connecting, two times
    100,000 deliveries) needs 4-5 minutes on a quiet 2-core machine; on a busy one give it
    ``--timeout 480``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.servers import free_port, redis_server, stop, wait_for_port  # noqa: E402

ORIGIN = "http://127.0.0.1"
CONNECT_CONCURRENCY = 50  # handshakes in flight at once (Daphne's accept backlog stays small)
CLOSE_RESERVE = 25.0  # seconds of the run kept for closing clients, stopping servers, reporting
WARMUP_EVENTS = 3
LAYERS = {
    "memory": "in-memory channel layer",
    "redis": "Redis pub/sub channel layer (channels_redis.pubsub)",
    "redis-core": "Redis core channel layer (channels_redis.core)",
}
CLK_TCK = os.sysconf("SC_CLK_TCK")
STARTED = time.monotonic()

SETUP_CODE = """
import json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
call_command("leernetwerk_setup", verbosity=0)
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.casework.models import CaseIndexPage, CasePage
from leernetwerk.kernel.roles import Role, role_group

user = User.objects.create_user("bench-member", email="bench@example.invalid")
user.groups.add(role_group(Role.PROFESSIONAL))
case = CaseIndexPage.objects.get().add_child(
    instance=CasePage(
        title="Fan-out benchmark",
        slug="fan-out-benchmark",
        situation="A case followed by many members at once.",
        knelpunt="None: it only carries benchmark events.",
        consent_given=True,  # a case without the resident's consent starts as a draft
    )
)
client = Client()
client.force_login(user)
name = settings.SESSION_COOKIE_NAME
print(json.dumps({
    "case_id": case.pk,
    "stream": case_stream(case.pk),
    "cookie": f"{name}={client.cookies[name].value}",
}))
"""


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.start = time.monotonic()
        self.end = self.start + seconds

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def left(self, cap: float | None = None) -> float:
        """Seconds left (at most ``cap``); TimeoutError once the deadline has passed."""
        left = self.remaining()
        if left <= 0:
            raise TimeoutError("out of time")
        return left if cap is None else min(left, cap)


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


# --- processes -----------------------------------------------------------------------------------


def raise_open_file_limit() -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def django_env(database: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "LEERNETWERK_LIVE_DB": str(database),
        "PYTHONPATH": os.pathsep.join([str(REPO / "site"), str(REPO)]),
    }
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)  # the benchmark's own SQLite file, never a configured database
    return env


def run_checked(command: list[str], env: dict[str, str], timeout: float) -> str:
    result = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:3])} failed:\n{(result.stderr or '')[-3000:]}")
    return result.stdout


def set_up_database(env: dict[str, str], deadline: Deadline) -> dict:
    """Migrate a fresh database; create a member, a live case and a session for the member."""
    output = run_checked([sys.executable, "-c", SETUP_CODE], env, deadline.left(240))
    return json.loads(output.strip().splitlines()[-1])


@contextlib.contextmanager
def daphne_server(env: dict[str, str], log_path: Path, deadline: Deadline):
    """Daphne serving bench.fanout_asgi; yields (process, port). Stopped on exit."""
    port = free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "--verbosity",
                "0",
                "--websocket_connect_timeout",
                "60",
                "--endpoint",
                f"tcp:port={port}:interface=127.0.0.1:backlog=1024",
                "bench.fanout_asgi:application",
            ],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                wait_for_port(port, process, timeout=deadline.left(60))
            except RuntimeError:
                raise RuntimeError(f"Daphne did not start:\n{server_log_tail(log_path)}") from None
            yield process, port
        finally:
            stop(process)


def server_log_tail(log_path: Path, chars: int = 3000) -> str:
    try:
        return log_path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def servers_cpu_seconds(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


# --- one phase -----------------------------------------------------------------------------------


@dataclass
class Progress:
    """Deliveries so far, across all clients of a phase."""

    target: int
    count: int = 0
    closed: int = 0  # clients whose connection closed before they had every event
    abandoned: int = 0  # the deliveries those clients will never get
    done: asyncio.Event = field(default_factory=asyncio.Event)
    _threshold: int = 0
    _reached: asyncio.Event | None = None

    @property
    def settled(self) -> int:
        return self.count + self.abandoned

    def _check(self) -> None:
        if self._reached is not None and self.settled >= self._threshold:
            self._reached.set()
            self._reached = None
        if self.settled >= self.target:
            self.done.set()

    def tick(self) -> None:
        self.count += 1
        self._check()

    def give_up(self, deliveries: int) -> None:
        self.closed += 1
        self.abandoned += deliveries
        self._check()

    async def reach(self, threshold: int, timeout: float) -> None:
        if self.settled >= threshold:
            return
        self._threshold, self._reached = threshold, asyncio.Event()
        await asyncio.wait_for(self._reached.wait(), timeout)


@dataclass
class PhaseResult:
    name: str
    clients: int
    events: int
    connect_s: float
    latencies_ms: list[float]
    delivered: int
    missing: int
    duplicates: int
    out_of_order: int
    closed: int
    window_s: float
    publish_span_s: float
    server_cpu_s: float
    client_cpu_s: float
    server_rss_mb: float
    timed_out: bool

    def percentile(self, q: float) -> float:
        """Nearest-rank percentile of the latencies (ms)."""
        if not self.latencies_ms:
            return float("nan")
        rank = max(1, math.ceil(q / 100 * len(self.latencies_ms)))
        return self.latencies_ms[rank - 1]

    @property
    def throughput(self) -> float:
        return self.delivered / self.window_s if self.window_s > 0 else float("nan")

    def row(self) -> str:
        def share(cpu: float) -> str:
            return f"{cpu:>5.1f} s {100 * cpu / self.window_s:>3.0f}%"

        return (
            f"{self.name:<6} {self.percentile(50):>9.1f} {self.percentile(99):>9.1f} "
            f"{self.percentile(100):>9.1f} {self.throughput:>13,.0f} {self.missing:>6} "
            f"{self.duplicates:>4} {self.out_of_order:>5} {self.closed:>6} {self.connect_s:>10.1f} "
            f"{self.window_s:>9.2f} {self.publish_span_s:>7.2f} {share(self.server_cpu_s)} "
            f"{share(self.client_cpu_s)} {self.server_rss_mb:>7.0f}"
            + ("  TIMED OUT" if self.timed_out else "")
        )


async def open_client(url: str, headers: dict[str, str], deadline: Deadline) -> ClientConnection:
    websocket = await connect(
        url,
        additional_headers=headers,
        origin=ORIGIN,
        compression=None,
        proxy=None,
        open_timeout=deadline.left(60),
        ping_interval=None,
        close_timeout=2,
        max_size=2**20,
        max_queue=1024,
    )
    try:
        first = json.loads(await asyncio.wait_for(websocket.recv(), deadline.left(60)))
        if first.get("type") != "ready":
            raise RuntimeError(f"{url}: expected 'ready', got {first}")
    except BaseException:
        await websocket.close()
        raise
    return websocket


async def open_clients(
    urls: list[str],
    headers: dict[str, str],
    count: int,
    opened: list[ClientConnection],
    deadline: Deadline,
) -> None:
    """Open ``count`` clients (a bounded number of handshakes at once) into ``opened``, spread
    round-robin over ``urls`` (one per Daphne process)."""
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(url: str) -> None:
        async with gate:
            opened.append(await open_client(url, headers, deadline))

    await asyncio.gather(*(one(urls[i % len(urls)]) for i in range(count)))


async def close_clients(clients: list[ClientConnection]) -> None:
    if not clients:
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(
            asyncio.gather(*(c.close() for c in clients), return_exceptions=True), 15
        )
    for client in clients:  # whatever did not close in time
        client.transport.abort()
    clients.clear()


async def read_events(
    websocket: ClientConnection, inbox: list[tuple[float, str]], expected: int, progress: Progress
) -> None:
    """Record (receive time, frame) until ``expected`` frames arrived or the socket closes."""
    try:
        while len(inbox) < expected:
            text = await websocket.recv()
            if '"heartbeat"' in text[:24]:  # the stream's heartbeat, not a delivery
                continue
            inbox.append((time.time(), text))
            progress.tick()
    except ConnectionClosed:  # the server closed it: what it did not get is lost, not late
        progress.give_up(expected - len(inbox))


def control_message(mode: str, stream: str, n: int, id_base: int) -> tuple[str, float]:
    """The control message for event ``n`` and its ``sent`` time, taken just before sending."""
    sent = time.time()
    data = {"sent": sent, "n": n}
    if mode == "live":
        message = {"mode": "live", "n": n, "stream": stream, "event": "bench", "data": data}
        return json.dumps(message), sent
    # The same frame the live consumer sends (same keys, stream key and size), built by hand.
    frame = {
        "type": "event",
        "stream": stream,
        "id": id_base + n + 1,
        "event": "bench",
        "data": data,
    }
    text = json.dumps(frame, separators=(",", ":"))
    return json.dumps({"mode": "echo", "n": n, "text": text}), sent


async def send_events(
    control: ClientConnection,
    mode: str,
    stream: str,
    args: argparse.Namespace,
    id_base: int,
    progress: Progress,
    deadline: Deadline,
) -> tuple[float, asyncio.Task]:
    """Send the phase's control messages, paced; return (first send time, task awaiting acks).

    Raises TimeoutError when ``deadline`` passes while waiting (closed loop or lockstep)."""
    events, interval = args.events, args.interval_ms / 1000
    acked: asyncio.Queue[int] = asyncio.Queue()

    async def read_acks() -> float:
        for _ in range(events):
            reply = json.loads(await control.recv())
            if "ack" not in reply:
                raise RuntimeError(f"control socket: {reply}")
            acked.put_nowait(reply["ack"])
        return time.time()

    acks = asyncio.create_task(read_acks())
    first_send = float("nan")
    start = time.perf_counter()
    for n in range(events):
        if interval > 0 and not args.lockstep:
            delay = start + n * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        message, sent = control_message(mode, stream, n, id_base)
        if n == 0:
            first_send = sent
        await control.send(message)
        if args.lockstep:  # the next event once every client has this one
            await progress.reach((n + 1) * args.clients, deadline.left())
        elif interval <= 0:  # closed loop: the next event once this one is acknowledged
            await asyncio.wait_for(acked.get(), deadline.left())
    return first_send, acks


def analyse(
    name: str, inboxes: list[list[tuple[float, str]]], events: int, live: bool
) -> tuple[list[float], int, int, int, float]:
    """Latencies (sorted, ms), missing, duplicates, out-of-order frames and last receive time."""
    latencies: list[float] = []
    missing = duplicates = out_of_order = 0
    last_receive = 0.0
    for inbox in inboxes:
        seen: set[int] = set()
        previous_id = None
        for received, text in inbox:
            frame = json.loads(text)
            if frame.get("type") != "event":
                continue
            data = frame["data"]
            n = data["n"]
            if n in seen:
                duplicates += 1
                continue
            seen.add(n)
            if live and previous_id is not None and frame["id"] != previous_id + 1:
                out_of_order += 1
            previous_id = frame["id"]
            latencies.append((received - data["sent"]) * 1000)
            last_receive = max(last_receive, received)
        missing += events - len(seen)
    latencies.sort()
    return latencies, missing, duplicates, out_of_order, last_receive


async def run_phase(
    name: str,
    *,
    base_urls: list[str],
    path: str,
    headers: dict[str, str],
    stream: str,
    id_base: int,
    args: argparse.Namespace,
    daphne_pids: list[int],
    deadline: Deadline,
) -> PhaseResult:
    mode = "live" if name == "live" else "echo"
    clients: list[ClientConnection] = []
    control: ClientConnection | None = None
    readers: list[asyncio.Task] = []
    acks: asyncio.Task | None = None
    try:
        say(f"{name}: connecting {args.clients} clients to {path}")
        started = time.perf_counter()
        urls = [base_url + path for base_url in base_urls]
        await open_clients(urls, headers, args.clients, clients, deadline)
        connect_s = time.perf_counter() - started
        server_rss = sum(rss_mb(pid) for pid in daphne_pids)
        # Events are published in the first process; a Redis layer carries them to the others.
        control = await connect(
            base_urls[0] + "/bench/control/",
            additional_headers=headers,
            origin=ORIGIN,
            compression=None,
            proxy=None,
            open_timeout=deadline.left(30),
            ping_interval=None,
            close_timeout=2,
        )
        await asyncio.sleep(0.5)  # let Daphne settle after the connection storm
        say(f"{name}: {len(clients)} ready in {connect_s:.1f} s; sending {args.events} events")

        progress = Progress(target=args.clients * args.events)
        inboxes: list[list[tuple[float, str]]] = [[] for _ in clients]
        readers = [
            asyncio.create_task(read_events(c, inbox, args.events, progress))
            for c, inbox in zip(clients, inboxes, strict=True)
        ]
        server_cpu0, client_cpu0 = servers_cpu_seconds(daphne_pids), time.process_time()
        # The phase's own bound, within what is left of the run (kept for closing and report).
        phase_deadline = Deadline(min(args.phase_timeout, deadline.remaining() - CLOSE_RESERVE))
        first_send, timed_out = float("nan"), False
        try:
            first_send, acks = await send_events(
                control, mode, stream, args, id_base, progress, phase_deadline
            )
            wait = phase_deadline.left()
            await asyncio.wait_for(progress.done.wait(), wait)
        except TimeoutError:
            timed_out = True
        for reader in readers:  # what arrived by now is what this phase delivered
            reader.cancel()
        await asyncio.gather(*readers, return_exceptions=True)
        say(
            f"{name}: {progress.count}/{progress.target} deliveries"
            + (f", {progress.closed} clients closed by the server" if progress.closed else "")
            + (" (timed out)" if timed_out else "")
            + "; closing"
        )
        server_cpu = servers_cpu_seconds(daphne_pids) - server_cpu0
        client_cpu = time.process_time() - client_cpu0
        last_ack = float("nan")
        if acks is not None:
            try:
                last_ack = await asyncio.wait_for(acks, 1 if timed_out else 10)
            except (TimeoutError, ConnectionClosed, RuntimeError):
                acks.cancel()
                await asyncio.gather(acks, return_exceptions=True)
    finally:
        for task in [*readers, *([acks] if acks is not None else [])]:
            task.cancel()
        await asyncio.gather(
            *readers, *([acks] if acks is not None else []), return_exceptions=True
        )
        await close_clients(clients + ([control] if control is not None else []))
    await asyncio.sleep(1.0)  # let Daphne run the disconnects (group_discard) before what follows

    latencies, missing, duplicates, out_of_order, last_receive = analyse(
        name, inboxes, args.events, live=mode == "live"
    )
    return PhaseResult(
        name=name,
        clients=args.clients,
        events=args.events,
        connect_s=connect_s,
        latencies_ms=latencies,
        delivered=len(latencies),
        missing=missing,
        duplicates=duplicates,
        out_of_order=out_of_order,
        closed=progress.closed,
        window_s=(last_receive - first_send) if latencies else float("nan"),
        publish_span_s=last_ack - first_send,
        server_cpu_s=server_cpu,
        client_cpu_s=client_cpu,
        server_rss_mb=server_rss,
        timed_out=timed_out,
    )


async def warm_up(
    base_urls: list[str], headers: dict[str, str], stream: str, live_path: str, deadline: Deadline
) -> None:
    """One client per route and process, a few events each (imports, first DB connection,
    caches, the channel layer's connections)."""
    for mode, path in (("live", live_path), ("echo", "/bench/echo/")):
        clients = [await open_client(url + path, headers, deadline) for url in base_urls]
        async with connect(
            base_urls[0] + "/bench/control/",
            additional_headers=headers,
            origin=ORIGIN,
            proxy=None,
            open_timeout=deadline.left(30),
        ) as control:
            for n in range(WARMUP_EVENTS):
                await control.send(control_message(mode, stream, n, 0)[0])
                await asyncio.wait_for(control.recv(), deadline.left(30))
                for client in clients:
                    await asyncio.wait_for(client.recv(), deadline.left(30))
        for client in clients:
            await client.close()


async def run_benchmark(
    ports: list[int],
    setup: dict,
    args: argparse.Namespace,
    daphne_pids: list[int],
    deadline: Deadline,
    results: list[PhaseResult],
) -> None:
    """Warm up, then the live phase and the echo phase; results go into ``results`` as they come."""
    base_urls = [f"ws://127.0.0.1:{port}" for port in ports]
    headers = {"Cookie": setup["cookie"]}
    stream = setup["stream"]
    live_path = f"/ws/live/case/{setup['case_id']}/"
    await warm_up(base_urls, headers, stream, live_path, deadline)
    for name, path in (("live", live_path), ("echo", "/bench/echo/")):
        results.append(
            await run_phase(
                name,
                base_urls=base_urls,
                path=path,
                headers=headers,
                stream=stream,
                id_base=WARMUP_EVENTS,
                args=args,
                daphne_pids=daphne_pids,
                deadline=deadline,
            )
        )
        say(f"{name} done:\n{HEADER}\n{results[-1].row()}")


# --- report --------------------------------------------------------------------------------------

HEADER = (
    f"{'phase':<6} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'deliveries/s':>13} {'lost':>6} "
    f"{'dup':>4} {'order':>5} {'closed':>6} {'connect s':>10} {'window s':>9} {'acks s':>7} "
    f"{'server CPU':>11} {'client CPU':>11} {'RSS MB':>7}"
)


def ratio(a: float, b: float) -> float:
    return a / b if b else float("nan")


def daphnes_text(args: argparse.Namespace) -> str:
    return "one Daphne process" if args.daphnes == 1 else f"{args.daphnes} Daphne processes"


def pacing_text(args: argparse.Namespace) -> str:
    if args.lockstep:
        return "lockstep, next event once every client has the previous one"
    if args.interval_ms > 0:
        return f"open loop, one event every {args.interval_ms:g} ms"
    return "closed loop, next event on the previous ack"


def report(results: list[PhaseResult], args: argparse.Namespace, log_errors: int | None) -> str:
    lines = [
        "",
        f"Fan-out: {args.clients} clients x {args.events} events on one stream, "
        f"{LAYERS[args.layer]}, {daphnes_text(args)}; pacing: {pacing_text(args)}",
        "",
        HEADER,
        *(r.row() for r in results),
        "(lost = deliveries missing at the end, 'TIMED OUT' if the phase hit its time limit; "
        "dup / order = duplicate and out-of-order frames; closed = client connections the server "
        "closed during the phase; window = first send to last delivery; "
        "acks = first send to the control socket's last ack; CPU % of the window (server: all "
        "Daphne processes together, so up to 100 % per process); RSS = Daphne (all processes) "
        "with all clients connected)",
        f"Daphne log: {'?' if log_errors is None else log_errors} exception(s)",
        "",
    ]
    by_name = {r.name: r for r in results}
    live, echo = by_name.get("live"), by_name.get("echo")
    if live is None:
        lines.append("live_fanout: no result (the live phase did not finish)")
        return "\n".join(lines)
    if echo is not None:
        p50_ratio = ratio(live.percentile(50), echo.percentile(50))
        p99_ratio = ratio(live.percentile(99), echo.percentile(99))
        tp_ratio = ratio(live.throughput, echo.throughput)
        lines.append(
            f"ratio live/echo: p50 {p50_ratio:.2f}x, p99 {p99_ratio:.2f}x, throughput "
            f"{tp_ratio:.2f}x, connect {ratio(live.connect_s, echo.connect_s):.2f}x"
            + ("  (a phase timed out: not comparable)" if live.timed_out or echo.timed_out else "")
        )
        vs_echo = [
            f" ({p50_ratio:.2f}x echo)",
            f" ({p99_ratio:.2f}x echo)",
            f" ({tp_ratio:.2f}x echo)",
        ]
    else:
        lines.append("ratio live/echo: no echo result (the echo phase did not finish)")
        vs_echo = [" (no echo)"] * 3
    lines.append(
        f"live_fanout: {args.clients} clients x {args.events} events ({args.layer} layer, "
        f"{daphnes_text(args)}), "
        f"p50 {live.percentile(50):.1f} ms{vs_echo[0]}, "
        f"p99 {live.percentile(99):.1f} ms{vs_echo[1]}, "
        f"throughput {live.throughput:,.0f}/s{vs_echo[2]}, "
        + (
            f"{live.missing} undelivered when the phase hit its time limit"
            if live.timed_out
            else f"lost {live.missing}"
        )
    )
    if any(r.timed_out for r in results):
        lines.append(
            "(a phase was cut short by --phase-timeout / --timeout: its percentiles leave out "
            "what was still queued; give it more time, e.g. --timeout 480)"
        )
    return "\n".join(lines)


def count_log_errors(log_path: Path) -> int:
    text = server_log_tail(log_path, chars=10**7)
    return text.count("Traceback (most recent call last)")


# --- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000, help="websocket clients (1000)")
    parser.add_argument("--events", type=int, default=100, help="events per phase (100)")
    parser.add_argument(
        "--layer",
        choices=sorted(LAYERS),
        default="memory",
        help="memory; redis: the layer redis_channel_layer() recommends (channels_redis pub/sub); "
        "redis-core: channels_redis.core.RedisChannelLayer, a Redis list per member channel",
    )
    parser.add_argument(
        "--daphnes",
        type=int,
        default=1,
        help="Daphne processes; clients are spread over them, events are published in the "
        "first (1; more than one needs a Redis layer)",
    )
    parser.add_argument(
        "--interval-ms",
        type=float,
        default=20.0,
        help="open-loop pacing between events (20); 0 = closed loop, next event on previous ack",
    )
    parser.add_argument(
        "--lockstep",
        action="store_true",
        help="send each event once every client has the previous one (unqueued fan-out latency)",
    )
    parser.add_argument(
        "--phase-timeout",
        type=float,
        default=180.0,
        help="max time from a phase's first event to its last delivery (180 s)",
    )
    parser.add_argument("--timeout", type=float, default=600.0, help="overall hard bound (600 s)")
    return parser.parse_args(argv)


def _exit_on_signal(signum: int, _frame) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    try:
        return run(parse_args(argv))
    except KeyboardInterrupt:
        print("live_fanout: interrupted; Daphne and redis-server stopped", file=sys.stderr)
        return 130


def run(args: argparse.Namespace) -> int:
    # Everything but stopping the servers happens within this; the rest of --timeout is theirs.
    deadline = Deadline(args.timeout - 10)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    signal.signal(signal.SIGALRM, _exit_on_signal)
    signal.alarm(int(args.timeout) + 15)  # backstop, should anything hang outside the deadline
    if args.daphnes < 1 or (args.daphnes > 1 and args.layer == "memory"):
        print("--daphnes > 1 needs a Redis layer (--layer redis)", file=sys.stderr)
        return 2
    needed = 2 * args.clients + 200
    limit = raise_open_file_limit()
    if limit < needed:
        print(f"open file limit {limit} < {needed}: lower --clients", file=sys.stderr)
        return 2
    results: list[PhaseResult] = []
    log_errors: int | None = None
    failure: BaseException | None = None
    try:
        with contextlib.ExitStack() as stack:
            tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="live-fanout-")))
            env = django_env(tmp / "bench.sqlite3")
            say(f"migrating a fresh database in {tmp}")
            setup = set_up_database(env, deadline)
            if args.layer.startswith("redis"):
                env["REDIS_URL"] = stack.enter_context(redis_server())
                env["BENCH_REDIS_LAYER"] = "core" if args.layer == "redis-core" else "pubsub"
                say(f"redis-server at {env['REDIS_URL']}")
            log_paths = [tmp / f"daphne-{n}.log" for n in range(args.daphnes)]
            servers = [
                stack.enter_context(daphne_server(env, log_path, deadline))
                for log_path in log_paths
            ]
            pids = [process.pid for process, _port in servers]
            ports = [port for _process, port in servers]
            say(
                f"Daphne (pids {', '.join(map(str, pids))}) on 127.0.0.1:"
                f"{', '.join(map(str, ports))}, case {setup['case_id']}"
            )
            try:
                asyncio.run(
                    asyncio.wait_for(
                        run_benchmark(ports, setup, args, pids, deadline, results),
                        deadline.left(),
                    )
                )
            except TimeoutError as error:  # out of --timeout: report what was measured
                failure = error
            log_errors = sum(count_log_errors(log_path) for log_path in log_paths)
            if log_errors or failure is not None:
                for log_path in log_paths:
                    print(
                        f"--- {log_path.name} (tail) ---\n{server_log_tail(log_path)}",
                        file=sys.stderr,
                    )
            say("stopping what was started")
    finally:
        signal.alarm(0)
    print(report(results, args, log_errors))
    if failure is not None:
        print(f"live_fanout: ran out of time (--timeout {args.timeout:g} s)", file=sys.stderr)
    print(f"(total {time.monotonic() - STARTED:.0f} s; Daphne and redis-server stopped)")
    live = results[0] if results else None
    return 1 if failure is not None or live is None or live.missing or live.timed_out else 0


if __name__ == "__main__":
    sys.exit(main())
