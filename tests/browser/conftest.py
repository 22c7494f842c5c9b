"""Browser tests: Debian's Chromium, driven by Playwright, against a live Daphne process.

Daphne runs in its own process on 127.0.0.1 and shares this worker's file-backed test database,
so the tests create their data with the ORM (committed: ``transactional_db``) and then drive the
browser. Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM
calls as "async unsafe"; the ORM work here is plain synchronous test setup, so the check is
switched off for browser tests only.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.servers import REPO, daphne

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
]

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server_url(live_network):
    """A Daphne process serving the ASGI app on 127.0.0.1 against this worker's test database.

    One per test: the database is flushed between transactional tests, and a long-lived server
    would keep stale in-process caches (content type ids) across the flush.
    """
    from django.conf import settings

    with daphne(str(settings.DATABASES["default"]["NAME"])) as address:
        yield f"http://{address}"


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip(
            f"{CHROMIUM} is missing: install Debian's chromium package (./dev.sh test does)"
        )
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture
def new_page(chromium, request):
    """``new_page()`` opens a fresh browser context (its own cookies); failures save screenshots."""
    contexts = []

    def open_page():
        context = chromium.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    if failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        for n, context in enumerate(contexts):
            for m, page in enumerate(context.pages):
                page.screenshot(path=str(ARTIFACTS / f"{name}-{n}-{m}.png"), full_page=True)
    for context in contexts:
        context.close()


def off_the_loop(function, *args, **kwargs):
    """Run ``function`` in a worker thread: Playwright's event loop occupies this thread, and
    code that bridges to async (``async_to_sync``: publishing live events) refuses to run here."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def call():
        try:
            return function(*args, **kwargs)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result(timeout=60)


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


@pytest.fixture
def live_network(transactional_db, network):
    """The page tree, committed so the live server sees it."""
    return network


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
