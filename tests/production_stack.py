"""The production profile as a library, for tests and benchmarks: ``scripts/production.sh`` in a
subprocess (PostgreSQL, Redis, Daphne processes behind nginx) and small asyncio clients that
talk to it like a browser does (HTTP/1.1 keep-alive with cookies and CSRF, live websockets).

    with production_stack() as stack:
        info = stack.django(SETUP_CODE)          # ORM code against the stack's database
        stack.kill_daphne(0)                     # SIGKILL; the script restarts it
        stack.wait_daphne_back(0)

Nothing here is mocked: the clients speak HTTP and the websocket protocol over TCP to nginx.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "production.sh"


def missing_services() -> str | None:
    """Why the production stack cannot start here (None when it can)."""
    has_pg = shutil.which("initdb") or any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not has_pg and os.geteuid() != 0:
        return "PostgreSQL (initdb) is not installed (scripts/production.sh installs it as root)"
    if shutil.which("redis-server") is None and os.geteuid() != 0:
        return "redis-server is not installed (scripts/production.sh installs it as root)"
    has_nginx = shutil.which("nginx") or Path("/usr/sbin/nginx").exists()
    if not has_nginx and os.geteuid() != 0:
        return "nginx is not installed (scripts/production.sh installs it as root)"
    return None


def production_marks() -> list:
    """The ``pytestmark`` of a test that starts the production stack."""
    import pytest

    return [
        pytest.mark.production,
        pytest.mark.timeout(240),
        pytest.mark.skipif(missing_services() is not None, reason=missing_services() or ""),
        # The stack brings its own PostgreSQL: the suite's rerun on PostgreSQL
        # (scripts/test-postgres.sh) would only repeat these tests.
        pytest.mark.skipif(
            bool(os.environ.get("DATABASE_URL")),
            reason="runs once, in the SQLite pass: the production stack starts its own PostgreSQL",
        ),
    ]


@dataclass
class Stack:
    """A running production stack (see ``scripts/production.py`` for the state file)."""

    state_file: Path
    process: subprocess.Popen
    log_path: Path
    state: dict = field(default_factory=dict)

    def refresh(self) -> dict:
        self.state = json.loads(self.state_file.read_text())
        return self.state

    @property
    def url(self) -> str:
        return self.state["url"]

    @property
    def env(self) -> dict[str, str]:
        return self.state["env"]

    @property
    def daphnes(self) -> list[dict]:
        return self.refresh()["daphnes"]

    @property
    def nginx(self) -> dict:
        """nginx's pid, port, configuration file and logs."""
        return self.state["nginx"]

    def django(self, code: str, *, timeout: float = 300) -> str:
        """Run Python ``code`` (after ``django.setup()``) with the stack's settings; its stdout."""
        result = subprocess.run(  # noqa: S603 - fixed argument list
            [sys.executable, "-c", "import django\ndjango.setup()\n" + code],
            cwd=REPO,
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"Django code failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def django_json(self, code: str, *, timeout: float = 300):
        """Like :meth:`django`, for code that prints one JSON document last."""
        return json.loads(self.django(code, timeout=timeout).strip().splitlines()[-1])

    def kill_daphne(self, index: int) -> int:
        """SIGKILL one Daphne process (no clean shutdown); returns its pid."""
        pid = self.daphnes[index]["pid"]
        os.kill(pid, signal.SIGKILL)
        return pid

    def wait_daphne_back(self, index: int, old_pid: int, timeout: float = 60) -> dict:
        """Wait until the script restarted Daphne ``index`` (new pid, port listening)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(FileNotFoundError, ValueError):
                daphne = self.daphnes[index]
                if daphne["pid"] != old_pid:
                    return daphne
            time.sleep(0.1)
        raise TimeoutError(f"Daphne {index} was not restarted within {timeout} s")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-5000:]


@contextlib.contextmanager
def production_stack(
    *, daphnes: int = 2, demo: bool = False, timeout: float = 240
) -> Iterator[Stack]:
    """Start ``scripts/production.sh`` on free ports; yield the running :class:`Stack`."""
    folder = Path(tempfile.mkdtemp(prefix="leernetwerk-stack-"))
    state_file = folder / "state.json"
    log_path = folder / "production.log"
    command = [str(SCRIPT), "--port", "0", "--daphnes", str(daphnes)]
    command += ["--state-file", str(state_file)] + (["--demo"] if demo else [])
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argument list
            command,
            cwd=REPO,
            env={**os.environ, "PYTHON": sys.executable},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped as a whole if need be
        )
    stack = Stack(state_file=state_file, process=process, log_path=log_path)
    try:
        deadline = time.monotonic() + timeout
        while not state_file.exists():
            if process.poll() is not None:
                raise RuntimeError(f"scripts/production.sh exited early:\n{stack.log()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the production stack did not start:\n{stack.log()}")
            time.sleep(0.2)
        stack.refresh()
        yield stack
    finally:
        _stop_stack(stack)
        shutil.rmtree(folder, ignore_errors=True)


def _stop_stack(stack: Stack) -> None:
    if stack.process.poll() is None:
        runner = stack.state.get("runner_pid")
        with contextlib.suppress(ProcessLookupError):
            if runner:
                os.kill(runner, signal.SIGTERM)  # the runner stops its children, bash stops PG
            else:
                os.killpg(stack.process.pid, signal.SIGTERM)
        try:
            stack.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(stack.process.pid, signal.SIGKILL)
            stack.process.wait(timeout=10)


# --- clients ---------------------------------------------------------------------------------


class HttpError(Exception):
    """The request may or may not have reached the server (connection lost mid-request)."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    """One member's browser: a keep-alive HTTP/1.1 connection, cookies, CSRF, websockets."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    async def request(
        self, method: str, path: str, *, data: dict | None = None, headers: dict | None = None
    ) -> Response:
        body = urlencode(data or {}).encode() if method == "POST" else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: leernetwerk-bench",
            "Accept-Language: nl",
        ]
        if self.cookies:
            lines.append(f"Cookie: {self.cookie_header()}")
        if method == "POST":
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: {self.base_url}",
                f"Referer: {self.base_url}{path}",
            ]
            if "csrftoken" in self.cookies:
                lines.append(f"X-CSRFToken: {self.cookies['csrftoken']}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        raw = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        for attempt in (1, 2):
            reused = self.writer is not None
            if not reused:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            try:
                self.writer.write(raw)
                await self.writer.drain()
                return await self._read_response()
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as error:
                await self.close()
                # A kept-alive connection the server had already closed: nothing reached it for
                # a GET; a POST may have been processed, so it is reported, never repeated.
                if attempt == 1 and reused and method == "GET":
                    continue
                raise HttpError(f"{method} {path}: {error!r}") from error
        raise AssertionError("unreachable")

    async def _read_response(self) -> Response:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        for line in header_lines:
            if not line:
                continue
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookie = SimpleCookie()
                cookie.load(value)
                for key, morsel in cookie.items():
                    if morsel.value and morsel["max-age"] != "0":
                        self.cookies[key] = morsel.value
                    else:
                        self.cookies.pop(key, None)
            headers[name] = value
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunks.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(chunk[:-2] for chunk in chunks)
        else:
            body = await self.reader.read()
            await self.close()
        if headers.get("connection", "").lower() == "close":
            await self.close()
        return Response(status, headers, body)

    async def get(self, path: str) -> Response:
        return await self.request("GET", path)

    async def post(self, path: str, data: dict, *, json_answer: bool = True) -> Response:
        headers = {"Accept": "application/json"} if json_answer else {}
        return await self.request("POST", path, data=data, headers=headers)

    async def login(self, username: str, password: str) -> Response:
        """Log in through the login form, as a person does (django-axes and all)."""
        page = await self.get("/accounts/login/")
        match = CSRF_INPUT.search(page.body)
        if page.status != 200 or match is None:
            raise HttpError(f"login page: HTTP {page.status}")
        answer = await self.request(
            "POST",
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": match.group(1).decode(),
                "username": username,
                "password": password,
            },
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise HttpError(f"login of {username} failed: HTTP {answer.status}")
        return answer

    def websocket_url(self, path: str) -> str:
        return f"ws://{self.host}:{self.port}{path}"


class Follower:
    """Follows one live stream over a websocket like ``live.js`` does: on a drop it reconnects
    with ``?since=<last seen id>``; records every event id and payload it receives."""

    def __init__(self, browser: Browser, path: str, *, reconnect_delay: float = 0.2) -> None:
        self.browser = browser
        self.path = path
        self.reconnect_delay = reconnect_delay
        self.last_id: int | None = None
        self.ready = asyncio.Event()
        self.events: list[dict] = []
        self.received_at: list[float] = []
        self.duplicates = 0
        self.gaps = 0
        self.reconnects = 0
        self.reloads = 0
        self._stop = False
        self._task: asyncio.Task | None = None
        self._socket = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        self._stop = True
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await self._socket.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    async def _run(self) -> None:
        from websockets.asyncio.client import connect
        from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

        while not self._stop:
            path = self.path if self.last_id is None else f"{self.path}?since={self.last_id}"
            try:
                async with connect(
                    self.browser.websocket_url(path),
                    origin=self.browser.base_url,
                    additional_headers={"Cookie": self.browser.cookie_header()},
                    open_timeout=30,
                    ping_interval=None,
                    max_queue=None,
                ) as socket:
                    self._socket = socket
                    async for text in socket:
                        self._handle(json.loads(text))
                    if socket.close_code == 4403:
                        raise PermissionError(f"{self.path}: no access (4403)")
            except (ConnectionClosed, InvalidHandshake, InvalidStatus, OSError, TimeoutError):
                pass
            if self._stop:
                return
            self.reconnects += 1
            await asyncio.sleep(self.reconnect_delay)

    def _handle(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "ready":
            if self.last_id is None:
                self.last_id = message["id"]
            self.ready.set()
        elif kind == "event":
            event_id = message["id"]
            if self.last_id is not None and event_id <= self.last_id:
                self.duplicates += 1
                return
            if self.last_id is not None and event_id != self.last_id + 1:
                self.gaps += 1
            self.last_id = event_id
            self.events.append(message)
            self.received_at.append(time.time())
        elif kind == "reload":
            self.reloads += 1


# --- fictional members and cases ------------------------------------------------------------

#: Creates ``members`` professionals (one password hash, computed once) and ``cases`` live cases
#: owned by a separate member, straight through the ORM; prints what the clients need.
SETUP_CODE = """
import json
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from leernetwerk.casework.models import CaseIndexPage, CasePage
from leernetwerk.kernel.roles import Role, role_group
from leernetwerk.learning.models import LessonIndexPage
from leernetwerk.patterns.models import PatternBoardPage

MEMBERS, CASES, PASSWORD, PREFIX = {members}, {cases}, {password!r}, {prefix!r}
group = role_group(Role.PROFESSIONAL)
hashed = make_password(PASSWORD)
users = User.objects.bulk_create(
    User(username=f"{{PREFIX}}{{i}}", email=f"{{PREFIX}}{{i}}@example.invalid",
         first_name="Lid", last_name=str(i), password=hashed)
    for i in range(MEMBERS + 1)
)
users = list(User.objects.filter(username__startswith=PREFIX).order_by("id"))
group.user_set.add(*users)
owner = users[0]
index = CaseIndexPage.objects.get()
cases = []
for n in range(CASES):
    page = CasePage(
        owner=owner, title=f"Belastingcasus {{PREFIX}} {{n}}", slug=f"{{PREFIX}}-casus-{{n}}",
        situation="Een huishouden loopt vast tussen twee regelingen.",
        knelpunt="De regels sluiten niet op elkaar aan.", consent_given=True,
    )
    index.add_child(instance=page)
    page.save_revision(user=owner).publish(user=owner, skip_permission_checks=True)
    cases.append({{"id": page.pk, "url": CasePage.objects.get(pk=page.pk).url}})
print(json.dumps({{
    "password": PASSWORD,
    "owner": owner.username,
    "members": [u.username for u in users[1:]],
    "cases": cases,
    "pages": {{
        "home": "/",
        "cases": index.url,
        "board": PatternBoardPage.objects.get().url,
        "lessons": LessonIndexPage.objects.get().url,
    }},
}}))
"""


def setup_code(*, members: int, cases: int, prefix: str = "lid") -> str:
    """ORM code (for :meth:`Stack.django_json`) that creates fictional members and cases."""
    return SETUP_CODE.format(
        members=members, cases=cases, password="leernetwerk-bench-wachtwoord", prefix=prefix
    )
