"""The production profile on one machine: Redis, migrations, several Daphne processes behind
nginx, all on 127.0.0.1. Run it through ``scripts/production.sh``, which starts PostgreSQL first
(``scripts/with-postgres.sh``) and hands this script ``DATABASE_URL``.

    scripts/production.sh [--port 8000] [--daphnes 2] [--demo] [--state-file FILE]

Settings are ``config.settings.production`` with the environment a real deployment sets
(README, "Production profile"), adapted to plain HTTP on 127.0.0.1: a fresh random
``SECRET_KEY`` per run, ``ALLOWED_HOSTS=127.0.0.1,localhost``, no HTTPS redirect and no HSTS
(a browser would remember HSTS for 127.0.0.1), mail printed to the Daphne logs. Every Daphne
process shares the Redis channel layer and cache and the PostgreSQL database.

nginx (Debian's package) is the front, as in production: its site is
``deploy/nginx/leernetwerk.conf.template`` rendered with the Daphne ports, ``STATIC_ROOT`` and
``MEDIA_ROOT`` (served from disk) and ``127.0.0.1:--port``, inside a small main configuration of
this script's own (pid, temporary files and logs in a temporary directory). It runs in the
foreground (``daemon off``) as a supervised child; if it exits, the stack stops.

The script supervises the Daphne processes like a service manager would (``Restart=always``): a
process that exits is started again on the same port after ``--restart-delay`` seconds. Tests
and benchmarks use that to kill one mid-stream (``tests/production_stack.py``). ``--state-file``
writes a JSON description of the running stack (``url``: nginx; the Django environment; nginx's
pid, port and logs; each Daphne's port and pid), rewritten after every restart. Ctrl-C, SIGTERM
or the end of the script stop it all.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NGINX_SITE_TEMPLATE = REPO / "deploy" / "nginx" / "leernetwerk.conf.template"
sys.path.insert(0, str(REPO))

from tests.servers import free_port, redis_server, wait_for_port  # noqa: E402


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def django_env(*, database_url: str, redis_url: str, port: int) -> dict[str, str]:
    """The environment of every Django process of the stack (servers and commands)."""
    origins = [f"http://127.0.0.1:{port}", f"http://localhost:{port}"]
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": os.pathsep.join([str(REPO / "site"), str(REPO)]),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost"),
        "CSRF_TRUSTED_ORIGINS": os.environ.get("CSRF_TRUSTED_ORIGINS", ",".join(origins)),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS, no HSTS the browser would keep.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "WAGTAILADMIN_BASE_URL": origins[0],
        "EMAIL_BACKEND": os.environ.get(
            "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
        ),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**os.environ, **env},
        check=True,
    )


class Daphne:
    """One supervised Daphne process on a fixed port."""

    def __init__(self, index: int, port: int, env: dict[str, str], log_dir: Path) -> None:
        self.index = index
        self.port = port
        self.env = env
        self.log_path = log_dir / f"daphne-{index}.log"
        self.process: subprocess.Popen | None = None
        self.restarts = 0
        self.down_since: float | None = None

    def start(self) -> None:
        self.spawn()
        self.wait()

    def spawn(self) -> None:
        log = open(self.log_path, "a")  # the child keeps it open
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
            [
                sys.executable,
                "-m",
                "daphne",
                "--verbosity",
                "0",
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "config.asgi:application",
            ],
            cwd=REPO,
            env={**os.environ, **self.env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()

    def wait(self) -> None:
        try:
            wait_for_port(self.port, self.process, timeout=60)
        except RuntimeError:
            raise RuntimeError(
                f"Daphne {self.index} did not start:\n{self.log_path.read_text()[-3000:]}"
            ) from None
        self.down_since = None

    def describe(self) -> dict:
        return {
            "index": self.index,
            "port": self.port,
            "pid": self.process.pid if self.process else None,
            "restarts": self.restarts,
            "log": str(self.log_path),
        }


def django_paths(env: dict[str, str]) -> dict[str, str]:
    """STATIC_ROOT and MEDIA_ROOT as the stack's settings define them (nginx serves both)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'static': str(s.STATIC_ROOT), 'media': str(s.MEDIA_ROOT)}))"
    )
    result = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def render_site(values: dict[str, str], template: Path = NGINX_SITE_TEMPLATE) -> str:
    """The nginx site: the template with every ``@NAME@`` outside comments replaced (an unknown
    name is an error; the comments that document the names stay as they are)."""

    def fill(match: re.Match) -> str:
        if match.group(1) not in values:
            raise KeyError(f"{template.name}: no value for @{match.group(1)}@")
        return values[match.group(1)]

    return "".join(
        line if line.lstrip().startswith("#") else re.sub(r"@([A-Z_]+)@", fill, line)
        for line in template.read_text().splitlines(keepends=True)
    )


MAIN_CONF = """\
# Written by scripts/production.py for one run; the site is deploy/nginx/leernetwerk.conf.template.
worker_processes {workers};
worker_rlimit_nofile {nofile};
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{
    worker_connections {connections};
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/leernetwerk.conf;
}}
"""


class Nginx:
    """nginx in the foreground with a configuration of its own, in front of the Daphnes."""

    def __init__(
        self, port: int, daphnes: list[Daphne], paths: dict[str, str], folder: Path
    ) -> None:
        self.port = port
        # Readable by nginx's unprivileged workers (they write their temporary files here).
        self.dir = folder
        self.dir.chmod(0o755)
        self.conf = self.dir / "nginx.conf"
        self.access_log = self.dir / "access.log"
        self.error_log = self.dir / "error.log"
        servers = "\n".join(
            f"    server 127.0.0.1:{d.port} max_fails=1 fail_timeout=2s;" for d in daphnes
        )
        site = render_site(
            {
                "APP_SERVERS": servers,
                "LISTEN": f"127.0.0.1:{port}",
                "SERVER_NAME": "127.0.0.1 localhost",
                "STATIC_ROOT": paths["static"].rstrip("/") + "/",
                "MEDIA_ROOT": paths["media"].rstrip("/") + "/",
                "ACCESS_LOG": str(self.access_log),
            }
        )
        (self.dir / "leernetwerk.conf").write_text(site)
        # Two sockets per proxied connection (client and Daphne); as many as the limit allows.
        nofile = min(resource.getrlimit(resource.RLIMIT_NOFILE)[1], 65536)
        self.conf.write_text(
            MAIN_CONF.format(dir=self.dir, workers=2, nofile=nofile, connections=nofile // 2)
        )
        self.process: subprocess.Popen | None = None

    def command(self, *extra: str) -> list[str]:
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        return [
            binary,
            "-p",
            f"{self.dir}/",
            "-e",
            str(self.error_log),
            "-c",
            str(self.conf),
            *extra,
        ]

    def start(self) -> None:
        subprocess.run(  # noqa: S603 - fixed argument list; a broken config fails here, clearly
            self.command("-t", "-q"), check=True
        )
        self.process = subprocess.Popen(  # noqa: S603 - fixed argument list
            self.command("-g", "daemon off;")
        )
        try:
            wait_for_port(self.port, self.process, timeout=30)
        except RuntimeError:
            raise RuntimeError(f"nginx did not start:\n{self.errors()}") from None

    def errors(self) -> str:
        return self.error_log.read_text()[-3000:] if self.error_log.exists() else ""

    def describe(self) -> dict:
        return {
            "pid": self.process.pid if self.process else None,
            "port": self.port,
            "conf": str(self.conf),
            "access_log": str(self.access_log),
            "error_log": str(self.error_log),
        }


def write_state(path: Path | None, state: dict) -> None:
    if path is None:
        return
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # holds the secret key
    with os.fdopen(fd, "w") as handle:
        json.dump(state, handle, indent=2)
    os.replace(tmp, path)


def stop_all(processes: list[subprocess.Popen | None]) -> None:
    """SIGTERM them all at once, then wait; SIGKILL whatever is still running after 10 s."""
    running = [p for p in processes if p is not None and p.poll() is None]
    started = time.monotonic()
    for process in running:
        process.terminate()
    for process in running:
        try:
            process.wait(timeout=max(0.1, 10 - (time.monotonic() - started)))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    say(f"Stopped {len(running)} processes in {time.monotonic() - started:.1f} s")


class Stopped(Exception):
    pass


def on_signal(signum, frame) -> None:
    raise Stopped(signal.Signals(signum).name)


def supervise(args, port, database_url, redis_url, env, daphnes, nginx, paths) -> None:
    """Restart any Daphne process that exits, until a signal stops the script."""
    url = f"http://127.0.0.1:{port}"

    def state() -> dict:
        return {
            "url": url,
            "runner_pid": os.getpid(),
            "database_url": database_url,
            "redis_url": redis_url,
            "env": env,
            "nginx": nginx.describe(),
            "static_root": paths["static"],
            "media_root": paths["media"],
            "daphnes": [d.describe() for d in daphnes],
        }

    write_state(args.state_file, state())
    say(f"Leernetwerk (production profile) on {url}  - Ctrl-C stops everything")
    while True:
        time.sleep(0.2)
        if nginx.process.poll() is not None:
            code = nginx.process.returncode
            raise RuntimeError(f"nginx exited with code {code}:\n{nginx.errors()}")
        for daphne in daphnes:
            code = daphne.process.poll()
            if code is None:
                continue
            now = time.monotonic()
            if daphne.down_since is None:
                daphne.down_since = now
                say(f"Daphne {daphne.index} (pid {daphne.process.pid}) exited ({code}); restarting")
            if now - daphne.down_since >= args.restart_delay:
                daphne.restarts += 1
                daphne.start()
                pid = daphne.process.pid
                say(f"Daphne {daphne.index} is back on 127.0.0.1:{daphne.port} (pid {pid})")
                write_state(args.state_file, state())


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the production profile on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=8000, help="nginx's port (0: any free)")
    parser.add_argument("--daphnes", type=int, default=2, help="number of Daphne processes")
    parser.add_argument("--demo", action="store_true", help="load the demo content (load_demo)")
    parser.add_argument("--state-file", type=Path, help="write the stack's description here")
    parser.add_argument("--restart-delay", type=float, default=1.0, help="seconds before restart")
    parser.add_argument(
        "--keep-logs", action="store_true", help="keep the Daphne and nginx logs on exit"
    )
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL")
    if not database_url:
        parser.error("DATABASE_URL is not set: run scripts/production.sh (it starts PostgreSQL)")
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    port = args.port or free_port()
    log_dir = Path(tempfile.mkdtemp(prefix="leernetwerk-production-"))
    nginx_dir = Path(tempfile.mkdtemp(prefix="leernetwerk-nginx-"))
    daphnes: list[Daphne] = []
    nginx: Nginx | None = None
    try:
        with redis_server() as redis_url:
            try:
                say(f"Redis on {redis_url}")
                env = django_env(database_url=database_url, redis_url=redis_url, port=port)
                say("Migrating")
                manage(env, "migrate", "--noinput", "-v", "0")
                manage(env, "leernetwerk_setup", "-v", "0")
                manage(env, "collectstatic", "--noinput", "-v", "0")
                if args.demo:
                    say("Loading the demo content (public passwords: never on a real network)")
                    manage(env, "load_demo", "--allow-production")
                daphnes.extend(Daphne(i, free_port(), env, log_dir) for i in range(args.daphnes))
                for daphne in daphnes:  # start them side by side, then wait for each
                    daphne.spawn()
                for daphne in daphnes:
                    daphne.wait()
                    say(f"Daphne {daphne.index} on 127.0.0.1:{daphne.port} (log {daphne.log_path})")
                paths = django_paths(env)
                nginx = Nginx(port, daphnes, paths, nginx_dir)
                nginx.start()
                say(f"nginx on 127.0.0.1:{port} (config {nginx.conf})")
                supervise(args, port, database_url, redis_url, env, daphnes, nginx, paths)
            except Stopped as why:
                say(f"Stopping ({why})")
            finally:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                stop_all([nginx.process if nginx else None, *(d.process for d in daphnes)])
    finally:
        if args.state_file is not None:
            args.state_file.unlink(missing_ok=True)
        if args.keep_logs:
            say(f"Logs kept in {log_dir} and {nginx_dir}")
        else:
            shutil.rmtree(log_dir, ignore_errors=True)
            shutil.rmtree(nginx_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
