"""nginx is the production profile's front, and does a front's job.

One stack (``scripts/production.sh``): static files come from disk through nginx (they are
served while both Daphne processes are frozen with SIGSTOP), a live websocket upgrades through
nginx, and the client's own address reaches Django: a failed login from 127.0.0.2 (not a trusted
proxy) with a made-up X-Forwarded-For is recorded by django-axes under 127.0.0.2, not under
nginx's 127.0.0.1 nor the address the client wrote, and nginx's access log names it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import os
import re
import signal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from tests.production_stack import (
    Browser,
    Follower,
    production_marks,
    production_stack,
    setup_code,
)

pytestmark = production_marks()

CLIENT = "127.0.0.2"  # a loopback address that is not in LEERNETWERK_TRUSTED_PROXIES
ATTEMPTS = """
import json
from axes.models import AccessAttempt
print(json.dumps([[a.username, a.ip_address] for a in AccessAttempt.objects.all()]))
"""


def test_nginx_serves_static_upgrades_websockets_and_passes_the_client_address():
    with production_stack(daphnes=2) as stack:
        info = stack.django_json(setup_code(members=1, cases=1, prefix="voor"))
        host, port = urlsplit(stack.url).hostname, urlsplit(stack.url).port

        # 1. A static file while no Daphne can answer: only nginx can have served it.
        static_root = Path(stack.state["static_root"])
        hashed = next(
            css
            for css in static_root.rglob("*.css")
            if re.search(r"\.[0-9a-f]{12}\.css$", css.name) and Path(f"{css}.gz").exists()
        )
        path = "/static/" + hashed.relative_to(static_root).as_posix()
        pids = [d["pid"] for d in stack.daphnes]
        for pid in pids:
            os.kill(pid, signal.SIGSTOP)
        try:
            connection = http.client.HTTPConnection(host, port, timeout=10)
            connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
            answer = connection.getresponse()
            body = answer.read()
            connection.close()
        finally:
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)
        assert answer.status == 200
        assert "immutable" in answer.getheader("Cache-Control", "")
        assert answer.getheader("Content-Encoding") == "gzip"  # collectstatic's .gz copy
        assert len(body) == Path(f"{hashed}.gz").stat().st_size

        # 2. A live websocket through nginx (the Upgrade and Connection headers pass).
        asyncio.run(asyncio.wait_for(follow(stack, info), timeout=60))

        # 3. The client's address reaches django-axes (and nginx's access log).
        failed_login_from(CLIENT, host, port, username=info["members"][0])
        attempts = stack.django_json(ATTEMPTS)
        assert [info["members"][0], CLIENT] in attempts, attempts
        assert all(ip != "127.0.0.1" for _user, ip in attempts), attempts
        log = Path(stack.nginx["access_log"]).read_text()
        assert re.search(rf'^{re.escape(CLIENT)} .*"POST /accounts/login/', log, re.M), log[-2000:]


async def follow(stack, info) -> None:
    browser = Browser(stack.url)
    await browser.login(info["members"][0], info["password"])
    follower = Follower(browser, f"/ws/live/case/{info['cases'][0]['id']}/")
    follower.start()
    try:
        await asyncio.wait_for(follower.ready.wait(), 30)
        assert follower.last_id is not None
    finally:
        await follower.stop()
        await browser.close()


def failed_login_from(source: str, host: str, port: int, *, username: str) -> None:
    """GET the login form, then POST a wrong password, from ``source`` with a made-up
    X-Forwarded-For (which nginx appends the real address to)."""
    connection = http.client.HTTPConnection(host, port, timeout=30, source_address=(source, 0))
    origin = f"http://{host}:{port}"
    connection.request("GET", "/accounts/login/", headers={"Host": f"{host}:{port}"})
    page = connection.getresponse()
    html = page.read().decode()
    cookies = SimpleCookie()
    for value in page.headers.get_all("Set-Cookie") or []:
        cookies.load(value)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": "fout"})
    connection.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Host": f"{host}:{port}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={m.value}" for k, m in cookies.items()),
            "Origin": origin,
            "Referer": f"{origin}/accounts/login/",
            "X-Forwarded-For": "198.51.100.9",
        },
    )
    answer = connection.getresponse()
    answer.read()
    connection.close()
    assert answer.status == 200, answer.status  # the form again, with an error
