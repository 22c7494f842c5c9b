"""Smoke test of a fresh Wagtail project with the plugin installed as the README says, driven from
outside like a browser: HTTP and a websocket against the project's real server (Daphne on
127.0.0.1), never the project's Python objects.

Run by ``scripts/plugin-install-check.sh`` with the repository's virtualenv (it has
``websockets``), after ``scripts/plugin_install_host.py users`` wrote the accounts and URLs to the
state file:

1. a professional logs in through the login form and brings in a case through the case form
   (consent, retention date, the privacy guard passed), opens it, follows its websocket and
   receives the live event of a comment a second professional posts meanwhile through the comment
   form;
2. anonymous sees no case anywhere: the cases index, the case and its websocket are closed, the
   host's own ``/search/`` lists no case, the lessons index, its feed, the lessons API, the
   sessions index and the calendar hold no word of the case;
3. a manager logs in and sees the pattern board with its columns;
4. with a host group "Managers" (profile ``clash``): its member logs in and reaches no case, no
   board and no live stream, and no page of ours lists it.

Any failure exits 1 saying what failed.

Usage: python plugin_install_smoke.py BASE_URL STATE.json
"""

from __future__ import annotations

import asyncio
import http.client
import json
import re
import sys
import time
from datetime import date, timedelta
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urljoin, urlsplit

import websockets
from websockets.asyncio.client import connect

STARTED = time.monotonic()
#: A word no page of a fresh site has: the host's search must not find the case by it.
WORD = "Zonnebloemregeling"
CASE = {
    "title": f"{WORD}: wachttijd schuldhulp loopt uit",
    "situation": f"Een huishouden valt buiten de {WORD} en wacht op de schuldhulp.",
    "knelpunt": "De schuldhulp start pas na zes weken, de ontruiming eerder.",
    "maatwerk": "Met de verhuurder een betalingsregeling afgesproken.",
}
COMMENT = "Dit herken ik: de schuldhulp wacht op de stukken van de verhuurder."


def say(message: str) -> None:
    print(f"  [{time.monotonic() - STARTED:5.1f} s] {message}", flush=True)


def fail(message: str) -> None:
    print(f"plugin-install-check: FAIL: {message}", file=sys.stderr, flush=True)
    raise SystemExit(1)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status = status
        self.headers = headers
        self.text = body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class Browser:
    """One visitor: a cookie jar, no redirects followed (each hop is checked)."""

    def __init__(self, base: str, name: str):
        self.base = base
        self.name = name
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, data: dict | None = None, headers=None) -> Response:
        parts = urlsplit(urljoin(self.base, url))
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        all_headers = {"Accept-Language": "nl", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=all_headers)
        raw = connection.getresponse()
        response = Response(raw.status, raw.headers, raw.read())
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return response

    def get(self, url: str, expect: int | tuple[int, ...] = 200, what: str = "") -> Response:
        response = self.request("GET", url)
        self._check("GET", url, response, expect, what)
        return response

    def post(self, url: str, data: dict, expect=302, what: str = "", headers=None) -> Response:
        response = self.request("POST", url, data, headers=headers)
        self._check("POST", url, response, expect, what)
        return response

    def _check(self, method, url, response, expect, what) -> None:
        expected = expect if isinstance(expect, tuple) else (expect,)
        where = f" -> {response.location}" if response.location else ""
        if response.status not in expected:
            errors = form_errors(response.text)
            fail(
                f"{self.name} {method} {url} ({what}): HTTP {response.status}{where}, expected "
                f"{' or '.join(map(str, expected))}"
                + (f"; form errors: {errors}" if errors else "")
            )
        say(f"{self.name:12} {method:4} {url} -> {response.status}{where} {what}")

    def login(self, username: str, password: str, login_url: str) -> None:
        """Through the login form: its CSRF cookie and token, then the POST."""
        page = self.get(login_url, what="(login form)")
        fields = form_fields(page.text, action=login_url)
        fields.update(username=username, password=password)
        response = self.post(login_url, fields, what=f"(log in as {username})")
        if "sessionid" not in self.cookies:
            fail(f"logging in as {username} set no session cookie")
        if "/accounts/2fa/" in response.location:
            fail(
                f"logging in as {username} asks for two-factor authentication: {response.location}"
            )


class FormParser(HTMLParser):
    """The fields a browser would submit from each form: ``{action: {name: value or [values]}}``
    (text inputs, hidden inputs, checked boxes, selected options, textareas)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict]] = []
        self.current: dict | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.textarea: str | None = None
        self.buttons: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self.current = {}
            self.forms.append((a.get("action", ""), self.current))
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.current.setdefault(a["name"], []).append(a.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.current[a["name"]] = a.get("value", "")
        elif tag == "select" and a.get("name"):
            self.select = a["name"]
            self.select_first = None
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.select_first is None:
                self.select_first = value
                self.current.setdefault(self.select, value)
            if "selected" in a:
                self.current[self.select] = value
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.current[self.textarea] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current[self.textarea] += data


def form_fields(html: str, *, action: str, page: str | None = None) -> dict:
    """The fields of the form that posts to ``action`` (a form without an action posts to its
    ``page``)."""
    parser = FormParser()
    parser.feed(html)
    for form_action, fields in parser.forms:
        if urlsplit(form_action or page or "").path == urlsplit(action).path:
            return dict(fields)
    fail(f"no form posting to {action!r} on the page")
    raise AssertionError  # unreachable


#: A form's error lists (Django's ``errorlist``, the plugin's ``ln-form-errors``).
ERRORS = re.compile(
    r'<(?:ul class="(?:ln-)?errorlist[^"]*"|div class="(?:ln-)?form-errors"[^>]*)>'
    r"(.*?)</(?:ul|div)>",
    re.S,
)


def form_errors(html: str) -> list[str]:
    found = ERRORS.findall(html)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in found if item]


def case_words(text: str) -> list[str]:
    """Which words of the case a page shows (none may show to anonymous)."""
    return [w for w in (WORD, CASE["knelpunt"], CASE["maatwerk"], COMMENT[:40]) if w in text]


def bring_in_case(professional: Browser, urls: dict) -> tuple[str, str, str]:
    """The case form, as a professional fills it in: the case URL, its live and comment URLs."""
    page = professional.get(urls["case_create"], what="(case form)")
    fields = form_fields(page.text, action=urls["case_create"], page=urls["case_create"])
    missing = {"title", "situation", "knelpunt", "consent_given", "retention_date"} - set(
        re.findall(r'name="([a-z_]+)"', page.text)
    )
    if missing:
        fail(f"the case form lacks the fields {sorted(missing)}")
    fields.update(CASE)
    fields["consent_given"] = "on"
    fields["consent_purpose"] = "Bespreken in het leernetwerk"
    if not fields.get("retention_date"):
        fields["retention_date"] = (date.today() + timedelta(days=365)).isoformat()
    fields["action"] = "publish"
    response = professional.post(urls["case_create"], fields, what="(bring in a case: publish)")
    case_url = urlsplit(response.location).path
    page = professional.get(case_url, what="(the case page)")
    if CASE["title"] not in page.text:
        fail("the case page does not show the case's title")
    live = re.search(r'data-live-url="([^"]*/ws/live/case/\d+/)"', page.text)
    if live is None:
        fail("the case page has no live region of the case (data-live-url)")
    comment = re.search(r'action="([^"]*/reacties/)"', page.text)
    if comment is None:
        fail("the case page has no comment form")
    return case_url, live.group(1), comment.group(1)


def ws_url(base: str, live_url: str) -> str:
    url = urljoin(base, live_url)
    return re.sub(r"^http", "ws", url)


async def follow_live(base, professional, colleague, case_url, live_url, comment_url) -> None:
    """The professional follows the case; the colleague comments through the form meanwhile."""
    headers = {"Cookie": f"sessionid={professional.cookies['sessionid']}"}
    async with connect(
        ws_url(base, live_url), origin=base, additional_headers=headers, open_timeout=10
    ) as socket:
        ready = json.loads(await asyncio.wait_for(socket.recv(), 10))
        if ready.get("type") != "ready":
            fail(f"the case stream sent {ready} instead of a ready frame")
        say(f"professional  WS   {live_url} connected: {ready}")
        page = await asyncio.to_thread(colleague.get, case_url, 200, "(the case page)")
        fields = form_fields(page.text, action=comment_url)
        fields["body"] = COMMENT
        response = await asyncio.to_thread(
            colleague.post, comment_url, fields, 302, "(comment through the form)"
        )
        if response.location.endswith("#discussion"):
            fail("the comment form did not save the comment (it came back to #discussion)")
        # The socket also carries the member's own notifications: wait for the comment's event.
        others = []
        while True:
            try:
                frame = json.loads(await asyncio.wait_for(socket.recv(), 10))
            except TimeoutError:
                fail(f"no comment.created event within 10 s (other frames: {others})")
            if frame.get("type") == "event" and frame.get("event") == "comment.created":
                break
            others.append(frame.get("event") or frame.get("type"))
        if COMMENT[:40] not in json.dumps(frame, ensure_ascii=False):
            fail(f"the comment.created event does not carry the comment: {frame}")
        say(f"professional  WS   live event #{frame['id']} {frame['event']} received")


async def refused(base: str, live_url: str, browser: Browser) -> None:
    """A visitor without access is closed (4403) before any data, or refused outright."""
    headers = {}
    if "sessionid" in browser.cookies:
        headers["Cookie"] = f"sessionid={browser.cookies['sessionid']}"
    try:
        async with connect(
            ws_url(base, live_url), origin=base, additional_headers=headers, open_timeout=10
        ) as socket:
            frame = await asyncio.wait_for(socket.recv(), 10)
            fail(f"{browser.name} received {frame!r} from {live_url}")
    except websockets.exceptions.ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else None
        if code != 4403:
            fail(f"{browser.name}'s websocket {live_url} closed with {code}, expected 4403")
    except websockets.exceptions.InvalidStatus as refusal:
        say(f"{browser.name:12} WS   {live_url} refused: HTTP {refusal.response.status_code}")
        return
    say(f"{browser.name:12} WS   {live_url} closed with 4403 before any data")


def anonymous_sees_no_case(
    base: str, urls: dict, case_url: str, live_url: str, lessons_title: str
) -> None:
    anonymous = Browser(base, "anonymous")
    for url, what in ((urls["cases"], "(cases index)"), (case_url, "(the case)")):
        response = anonymous.get(url, 302, what)
        if urlsplit(response.location).path != urls["login"]:
            fail(f"anonymous {url} redirects to {response.location}, not to the login")
    asyncio.run(refused(base, live_url, anonymous))
    # The control: the public lessons index (made by leernetwerk_setup) is found by its title.
    query = urlencode({"query": lessons_title})
    control = anonymous.get(f"{urls['search']}?{query}", what="(host search: the control)")
    if f'href="{urls["lessons"]}"' not in control.text:
        fail(f"the host's search does not find the lessons index by {lessons_title!r}: no control")
    found = anonymous.get(f"{urls['search']}?query={WORD}", what=f"(host search for {WORD!r})")
    if CASE["title"] in found.text or case_url in found.text:
        fail(f"the host's /search/ lists the case to anonymous (query {WORD!r})")
    for key, what in (
        ("lessons", "(lessons index)"),
        ("lessons_feed", "(lessons feed)"),
        ("lessons_api", "(lessons API)"),
        ("sessions", "(sessions index)"),
        ("calendar", "(sessions calendar)"),
    ):
        shown = case_words(anonymous.get(urls[key], what=what).text)
        if shown:
            fail(f"anonymous {urls[key]} {what} shows case text: {shown}")


def manager_sees_board(base: str, urls: dict, state: dict) -> None:
    manager = Browser(base, "manager")
    manager.login(state["manager"], state["password"], urls["login"])
    board = manager.get(urls["board"], what="(pattern board)")
    columns = len(re.findall(r"data-column=\"\d+\"", board.text))
    if columns == 0:
        fail("the pattern board has no columns (learning tables)")
    say(f"manager      the board shows {columns} columns")


def host_member_gains_nothing(
    base: str, state: dict, case_url: str, live_url: str, professional: Browser
) -> None:
    """The member of the host's own group "Managers" reaches nothing of the network."""
    urls = state["urls"]
    host = Browser(base, "hostmanager")
    host.login(state["host_member"], state["password"], urls["login"])
    for url, what in (
        (urls["cases"], "(cases index)"),
        (case_url, "(the case)"),
        (urls["board"], "(pattern board)"),
    ):
        response = host.get(url, (302, 403), what)
        if CASE["title"] in response.text:
            fail(f"the host group's member sees the case at {url}")
    asyncio.run(refused(base, live_url, host))
    for url, what in ((urls["directory"], "(member directory)"), (urls["board"], "(board)")):
        if state["host_member"] in professional.get(url, what=what).text:
            fail(f"{url} {what} lists the host group's member")


def main(base: str, state_file: str) -> None:
    with open(state_file, encoding="utf-8") as handle:
        state = json.load(handle)
    urls, password = state["urls"], state["password"]
    professional = Browser(base, "professional")
    professional.login(state["professional"], password, urls["login"])
    colleague = Browser(base, "colleague")
    colleague.login(state["colleague"], password, urls["login"])
    professional.get(urls["cases"], what="(cases index)")
    case_url, live_url, comment_url = bring_in_case(professional, urls)
    asyncio.run(follow_live(base, professional, colleague, case_url, live_url, comment_url))
    anonymous_sees_no_case(base, urls, case_url, live_url, state["lessons_title"])
    manager_sees_board(base, urls, state)
    if "host_group_id" in state:
        host_member_gains_nothing(base, state, case_url, live_url, professional)
    say("smoke test passed")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        fail(__doc__.rsplit("Usage: ", 1)[1].strip())
    main(sys.argv[1], sys.argv[2])
