"""The benchmarks' baseline: a vanilla Wagtail site, a fresh ``wagtail start`` project with
nothing of the plugin in it, measured next to ours (``bench/pages.py``, ``bench/load.py``).

What it builds
    In a temporary folder: ``wagtail start mysite`` with the ``wagtail`` command of this
    virtualenv (as ``scripts/plugin-install-check.sh`` makes its host), its ``requirements.txt``
    pinned to the Django of this virtualenv (``wagtail start`` writes ``Django>=6.1``, which
    needs Python >= 3.12: NOTES.md) and checked against what is installed here (the project runs
    in our .venv; nothing is installed for it). Three files are added, all a deployment of any
    Wagtail site writes:

    * ``mysite/settings/bench.py``: the project's own ``production`` settings (DEBUG off,
      ManifestStaticFilesStorage) plus the environment: ``SECRET_KEY``, ``ALLOWED_HOSTS``,
      ``DATABASE_URL`` (SQLite in the folder when empty; PostgreSQL with the same per-process
      connection pool as our production settings) and the cache (``VANILLA_REDIS_URL``: Redis
      like our production profile, with a key prefix of its own; else LocMemCache);
    * ``config/asgi.py``: Django's ``get_asgi_application()`` (``wagtail start`` writes only a
      WSGI module). It is named like our site's entry point so the production profile's Daphne
      command line (``scripts/production.py``'s ``Daphne``) serves it unchanged.

    Then ``migrate`` (Wagtail's migration makes the home page, served by the project's own
    ``home_page.html`` and ``base.html``: the Wagtail welcome page) and ``collectstatic``.

    With a PostgreSQL ``DATABASE_URL`` the vanilla site gets a database of its own on the same
    server (``CREATE DATABASE``; dropped afterwards), never the one of ours.

Measuring
    * In-process (``bench/pages.py``): ``InProcess`` runs this file as a subprocess (other
      settings, other ``home`` app than ours) that logs in a plain user (no admin access, so the
      Wagtail user bar shows nothing: the same session and user look-ups as our member's
      requests) and answers blocks of requests through the project's ASGI application, one at
      a time, timed in the child; the parent asks for a block between its own rounds.
    * Over HTTP (``bench/load.py``): ``member_sessions`` makes logged-in sessions straight
      through the ORM; the caller serves the project with Daphne.

How to run it alone (a look at the baseline; prints the home page's req/s and queries)
    .venv/bin/python bench/vanilla.py [--requests 200] [--database-url URL]
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
PROJECT = "mysite"
WAGTAIL = Path(sys.executable).parent / "wagtail"

SETTINGS = '''"""Written by bench/vanilla.py: the production settings and the environment."""

import os

from .production import *  # noqa: F403

SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = ["*"]
if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # As our production settings: a connection pool per process, no persistent connections.
        DATABASES["default"]["OPTIONS"] = {"pool": {"min_size": 2, "max_size": 20, "timeout": 30}}
if os.environ.get("VANILLA_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["VANILLA_REDIS_URL"],
            "KEY_PREFIX": "vanilla",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
'''

ASGI = '''"""Written by bench/vanilla.py: Django's ASGI entry point (wagtail start has none)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings.bench")
application = get_asgi_application()
'''

#: Plain users (no group, no admin access) with a logged-in session each; prints the keys.
SESSIONS_CODE = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.backends.db import SessionStore
User = get_user_model()
prefix, count = {prefix!r}, {count}
hashed = make_password(None)
User.objects.bulk_create(User(username=f"{{prefix}}{{i}}", password=hashed) for i in range(count))
keys = []
for user in User.objects.filter(username__startswith=prefix).order_by("pk"):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(json.dumps(keys))
"""


def say(message: str) -> None:
    print(f"[vanilla] {message}", file=sys.stderr, flush=True)


@dataclass
class VanillaSite:
    """A migrated ``wagtail start`` project in ``folder`` and the environment to run it."""

    folder: Path
    env: dict[str, str]

    @property
    def database_url(self) -> str:
        return self.env["DATABASE_URL"]

    def run(self, *args: str, timeout: float = 600) -> str:
        """A Python command in the project (``manage.py ...`` or ``-c CODE``); its stdout."""
        result = subprocess.run(  # noqa: S603 - fixed argument list
            [sys.executable, *args],
            cwd=self.folder,
            env=self.process_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"vanilla site: {args[:2]} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def process_env(self) -> dict[str, str]:
        """This environment minus anything of our site's (its PYTHONPATH, settings, URLs)."""
        keep = {
            k: v
            for k, v in os.environ.items()
            if k not in {"PYTHONPATH", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
        }
        return {**keep, **self.env}

    def django_json(self, code: str):
        """Run ORM ``code`` in the project; it prints one JSON document last."""
        out = self.run("-c", "import django\ndjango.setup()\n" + code)
        return json.loads(out.strip().splitlines()[-1])

    def member_sessions(self, count: int, prefix: str = "vanilla-") -> list[str]:
        """``count`` logged-in sessions of plain users (no admin access); their keys."""
        return self.django_json(SESSIONS_CODE.format(prefix=prefix, count=count))


def create_project(folder: Path) -> Path:
    """``wagtail start`` in ``folder``/project, requirements pinned to this virtualenv."""
    project = folder / "project"
    project.mkdir(parents=True)
    subprocess.run(  # noqa: S603 - fixed argument list
        [str(WAGTAIL), "start", PROJECT, str(project)], check=True, capture_output=True
    )
    pin_requirements(project / "requirements.txt")
    (project / PROJECT / "settings" / "bench.py").write_text(SETTINGS, encoding="utf-8")
    (project / "config").mkdir()
    (project / "config" / "__init__.py").write_text("", encoding="utf-8")
    (project / "config" / "asgi.py").write_text(ASGI, encoding="utf-8")
    return project


def pin_requirements(path: Path) -> None:
    """Pin Django to this virtualenv's minor release (NOTES.md: ``wagtail start`` writes
    ``Django>=6.1``, which Python 3.11 cannot run) and check every requirement is installed."""
    from packaging.requirements import Requirement

    django = metadata.version("django")
    major_minor = ".".join(django.split(".")[:2])
    upper = f"{major_minor.split('.')[0]}.{int(major_minor.split('.')[1]) + 1}"
    lines = []
    for line in path.read_text().splitlines():
        if re.match(r"^\s*django\s*[<>=!~]", line, re.IGNORECASE):
            line = f"Django>={major_minor},<{upper}"
        lines.append(line)
    path.write_text("\n".join(lines) + "\n")
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = Requirement(line)
        installed = metadata.version(requirement.name)
        if not requirement.specifier.contains(installed, prereleases=True):
            raise RuntimeError(f"vanilla site: {requirement} but {installed} is installed")


@contextlib.contextmanager
def own_database(database_url: str) -> Iterator[str]:
    """A database of its own on ``database_url``'s PostgreSQL server (dropped afterwards)."""
    import psycopg
    from psycopg import sql

    name = f"vanilla_{secrets.token_hex(4)}"
    with psycopg.connect(database_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(database_url)._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(database_url, autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@contextlib.contextmanager
def vanilla_site(*, database_url: str = "", redis_url: str = "") -> Iterator[VanillaSite]:
    """Create, migrate and collect the static files of a vanilla site; remove it afterwards.
    ``database_url``: a PostgreSQL server to make its own database on (else SQLite);
    ``redis_url``: its cache (else LocMemCache)."""
    folder = Path(tempfile.mkdtemp(prefix="leernetwerk-vanilla-"))
    try:
        with contextlib.ExitStack() as stack:
            started = time.monotonic()
            project = create_project(folder)
            if database_url.startswith(("postgres://", "postgresql://")):
                url = stack.enter_context(own_database(database_url))
            else:
                url = f"sqlite:///{project / 'db.sqlite3'}"
            env = {
                "DJANGO_SETTINGS_MODULE": f"{PROJECT}.settings.bench",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "DATABASE_URL": url,
                "PYTHONPATH": str(project),
            }
            if redis_url:
                env["VANILLA_REDIS_URL"] = redis_url
            site = VanillaSite(project, env)
            site.run("manage.py", "migrate", "--noinput", "-v", "0")
            site.run("manage.py", "collectstatic", "--noinput", "-v", "0")
            vendor = url.split(":", 1)[0]
            say(
                f"wagtail start {PROJECT}, migrated ({vendor}) "
                f"in {time.monotonic() - started:.0f} s"
            )
            yield site
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- in-process measuring (bench/pages.py) ----------------------------------------------------


async def asgi_get(application, path: str, cookie: bytes) -> tuple[int, int]:
    """One GET through an ASGI application in this process; (status, body bytes)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"cookie", cookie)],
        "client": ("127.0.0.1", 40000),
        "server": ("127.0.0.1", 8000),
    }
    sent = False
    disconnected = asyncio.Event()

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await disconnected.wait()
        return {"type": "http.disconnect"}

    status, size = 0, 0

    async def send(message):
        nonlocal status, size
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            size += len(message.get("body", b""))

    await application(scope, receive, send)
    disconnected.set()
    return status, size


class InProcess:
    """The vanilla home page measured in a child process, one block of requests at a time."""

    def __init__(self, site: VanillaSite) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
            [sys.executable, str(Path(__file__).resolve()), "serve-in-process"],
            cwd=site.folder,
            env=site.process_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ask({"do": "hello"})

    def ask(self, command: dict) -> dict:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the vanilla child exited ({self.process.wait()})")
        return json.loads(line)

    def queries(self) -> int:
        return self.ask({"do": "queries"})["queries"]

    def time(self, count: int) -> tuple[list[float], list[int]]:
        """``count`` timed requests (one at a time); (seconds each, HTTP statuses)."""
        answer = self.ask({"do": "time", "count": count})
        return answer["times"], answer["statuses"]

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.ask({"do": "stop"})
        self.process.wait(timeout=30)


def serve_in_process() -> None:
    """The child of :class:`InProcess`: JSON commands on stdin, one JSON answer per line."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from config.asgi import application

    user = get_user_model().objects.create_user("vanilla-member", password=None)
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    loop = asyncio.new_event_loop()

    def block(count: int) -> dict:
        times, statuses = [], []
        for _ in range(count):
            start = time.perf_counter()
            status, _size = loop.run_until_complete(asgi_get(application, "/", cookie))
            times.append(time.perf_counter() - start)
            statuses.append(status)
        return {"times": times, "statuses": statuses}

    out = sys.stdout
    for line in sys.stdin:
        command = json.loads(line)
        if command["do"] == "stop":
            out.write("{}\n")
            out.flush()
            return
        if command["do"] == "queries":
            client.get("/")
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/")
            answer = {"queries": len(captured.captured_queries), "status": response.status_code}
        elif command["do"] == "time":
            answer = block(command["count"])
        else:
            answer = {"ok": True}
        out.write(json.dumps(answer) + "\n")
        out.flush()


def main(argv: list[str]) -> int:
    import argparse
    import statistics

    if argv[:1] == ["serve-in-process"]:
        serve_in_process()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server (else SQLite)")
    args = parser.parse_args(argv)
    with vanilla_site(database_url=args.database_url) as site:
        child = InProcess(site)
        try:
            queries = child.queries()
            child.time(10)
            times, statuses = child.time(args.requests)
        finally:
            child.close()
    print(
        f"vanilla wagtail start home page: {len(times) / sum(times):.1f} req/s, p50 "
        f"{statistics.median(times) * 1000:.1f} ms, {queries} queries, statuses "
        f"{sorted(set(statuses))}"
    )
    return 0 if set(statuses) == {200} else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
