"""A tiny TCP pass-through proxy for the production profile: one port in front of several Daphne
processes, round-robin per connection.

    python scripts/proxy.py --listen 127.0.0.1:8000 \
        --backend 127.0.0.1:8001 --backend 127.0.0.1:8002

It copies bytes both ways and never parses them, so HTTP keep-alive, request bodies and websocket
upgrades pass unchanged (a connection, with everything on it, stays on the backend it was given).
A backend that refuses the connection (a Daphne process that died or is restarting) is skipped
and the next one tried; when the backend closes, the client's connection is closed too, so a
websocket client sees the drop and reconnects (to a live process). It is a stand-in for nginx or
HAProxy in local runs, tests and benchmarks: no TLS, no X-Forwarded-* headers, no health checks.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import resource
import signal

HIGH_WATER = 256 * 1024


class Pipe(asyncio.Protocol):
    """One side of a proxied connection; forwards what it receives to its peer's transport."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.peer: Pipe | None = None
        self.pending: list[bytes] = []  # data that arrived before the peer was connected

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        transport.set_write_buffer_limits(high=HIGH_WATER)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        peer = self.peer
        if peer is None or peer.transport is None:
            self.pending.append(data)
            return
        peer.transport.write(data)

    def eof_received(self) -> bool:
        # Half-close: pass the end of the stream on, keep reading the other direction.
        if self.peer is not None and self.peer.transport is not None:
            if self.peer.transport.can_write_eof():
                self.peer.transport.write_eof()
                return True
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.close()

    # Flow control: when the peer cannot keep up, stop reading from this side.
    def pause_writing(self) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.pause_reading()

    def resume_writing(self) -> None:
        if self.peer is not None and self.peer.transport is not None:
            self.peer.transport.resume_reading()


class Proxy:
    def __init__(self, backends: list[tuple[str, int]], connect_timeout: float = 2.0) -> None:
        self.backends = backends
        self.turn = itertools.cycle(range(len(backends)))
        self.connect_timeout = connect_timeout

    def client_protocol(self) -> Pipe:
        client = Pipe()
        asyncio.get_running_loop().create_task(self.attach(client))
        return client

    async def attach(self, client: Pipe) -> None:
        loop = asyncio.get_running_loop()
        first = next(self.turn)
        for offset in range(len(self.backends)):
            host, port = self.backends[(first + offset) % len(self.backends)]
            try:
                _transport, backend = await asyncio.wait_for(
                    loop.create_connection(Pipe, host, port), self.connect_timeout
                )
            except (OSError, TimeoutError):
                continue  # down or restarting: try the next one
            if client.transport is None or client.transport.is_closing():
                backend.transport.close()
                return
            client.peer, backend.peer = backend, client
            for chunk in client.pending:
                backend.transport.write(chunk)
            client.pending.clear()
            return
        if client.transport is not None:
            client.transport.close()  # no backend is up


def parse_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    return host or "127.0.0.1", int(port)


async def serve(listen: tuple[str, int], backends: list[tuple[str, int]]) -> None:
    proxy = Proxy(backends)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(proxy.client_protocol, listen[0], listen[1], backlog=1024)
    stopped = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopped.set)
    async with server:
        await stopped.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", required=True, help="host:port to listen on")
    parser.add_argument("--backend", action="append", required=True, help="host:port (repeat)")
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)  # two sockets per connection
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    asyncio.run(serve(parse_address(args.listen), [parse_address(b) for b in args.backend]))


if __name__ == "__main__":
    main()
