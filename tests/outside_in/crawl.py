"""A breadth-first crawler on Django's test client: what a role reaches by following links.

Starts from the home page, the plugin's navigation and (for roles that have it) the Wagtail
admin's menu, follows every same-origin ``a[href]`` and every ``<form method="get">`` (submitted
with its default values) to a bounded depth and page budget, and keeps every answer so that
callers can check statuses, debug pages, forbidden pages and canary strings.
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

#: Hosts that count as "this site": the test client's, the Site record's (``localhost:80``) and
#: the public origin's (the test settings' ``WAGTAILADMIN_BASE_URL``).
SAME_ORIGIN_HOSTS = {"", "testserver", "localhost", "localhost:80", "127.0.0.1", "127.0.0.1:8000"}

#: Paths never followed: static files, media, downloads of documents, language switch, logout.
SKIP_PATH_PREFIXES = (
    "/static/",
    "/media/",
    "/documents/",
    "/i18n/",
    "/accounts/logout/",
    "/admin/logout/",
    "/__debug__/",
)
#: Query keys that start a file export rather than show a page (the crawl only reads pages).
SKIP_QUERY_KEYS = {"export"}

#: Wagtail admin pages that start a flow only by GET with a side effect would be a bug: they
#: are crawled like any other page (a 200 confirmation page is expected, never a change).

#: Distinct query strings followed per path (listing filters and orderings multiply fast).
MAX_QUERIES_PER_PATH = 3
#: Distinct paths of one shape (numbers replaced by <n>): the same view for every page, snippet
#: or revision of the demo adds time, not coverage.
MAX_PATHS_PER_SHAPE = 3
#: The Wagtail admin repeats each view for every model and object: one of each shape and one
#: query string per path there (the admin is slow to render; this keeps the crawl in minutes).
ADMIN_LIMIT = 1
_NUMBER = re.compile(r"/\d+(?=/|$)")


@dataclass
class Visit:
    url: str
    status: int
    content_type: str
    body: str
    depth: int
    referrer: str | None
    location: str = ""
    seconds: float = 0.0
    #: The exception behind a 500 (its last line), so that a failing crawl says why.
    error: str = ""


@dataclass
class CrawlResult:
    visits: dict[str, Visit] = field(default_factory=dict)
    budget_exhausted: bool = False

    def __len__(self) -> int:
        return len(self.visits)


class _LinkParser(HTMLParser):
    """Collects ``a[href]`` and GET forms (with the values a browser would submit)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            method = (a.get("method") or "get").lower()
            self._form = {"action": a.get("action") or "", "get": method == "get", "fields": []}
        elif self._form is not None and tag == "input":
            name, kind = a.get("name"), (a.get("type") or "text").lower()
            if not name or kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form["fields"].append(
                (name, a.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = {"name": a["name"], "first": None, "chosen": None}
        elif self._select is not None and tag == "option":
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a and self._select["chosen"] is None:
                self._select["chosen"] = value
        elif self._form is not None and tag == "textarea" and a.get("name"):
            self._textarea = {"name": a["name"], "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None and self._form is not None:
            value = self._select["chosen"]
            if value is None:
                value = self._select["first"]
            if value is not None:
                self._form["fields"].append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea["name"], self._textarea["text"]))
            self._textarea = None
        elif tag == "form" and self._form is not None:
            if self._form["get"]:
                self.forms.append((self._form["action"], self._form["fields"]))
            self._form = None


def _json_links(value) -> list[str]:
    """URLs in a JSON answer (the API's ``detail_url``/``html_url``, ``next`` and the like)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and (key.endswith("url") or key in {"href", "next"}):
                found.append(item)
            else:
                found.extend(_json_links(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(_json_links(item))
    return found


_SIDEBAR = re.compile(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', re.S)


def _sidebar_links(body: str) -> list[str]:
    """The Wagtail admin menu: its items are JSON in a script tag, not ``<a>`` elements."""
    match = _SIDEBAR.search(body)
    if match is None:
        return []
    found: list[str] = []

    def walk(value):
        if isinstance(value, str) and value.startswith("/"):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    try:
        walk(json.loads(html.unescape(match.group(1))))
    except ValueError:
        return []
    return found


def normalise(url: str, base: str) -> str | None:
    """The same-origin path+query of ``url`` seen from ``base`` (None: not to be followed)."""
    url = (url or "").strip()
    if not url or url.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    parts = urlsplit(urljoin(base, url))
    if parts.scheme not in {"", "http", "https"} or parts.netloc not in SAME_ORIGIN_HOSTS:
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PATH_PREFIXES):
        return None
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(key in SKIP_QUERY_KEYS for key, _ in query):
        return None
    return urlunsplit(("", "", path, urlencode(query), ""))


def _body(response) -> str:
    if getattr(response, "streaming", False):
        raw = b"".join(response.streaming_content)
    else:
        raw = response.content
    return raw.decode("utf-8", errors="replace")


def links_of(visit: Visit) -> list[str]:
    """Every URL the answer points to (links, GET forms with their defaults, redirects)."""
    found: list[str] = []
    if visit.location:
        found.append(visit.location)
    if "html" in visit.content_type:
        parser = _LinkParser()
        try:
            parser.feed(visit.body)
            parser.close()
        except Exception:  # noqa: BLE001 - a page the parser cannot read has no links for us
            return found
        found.extend(parser.links)
        found.extend(_sidebar_links(visit.body))
        for action, fields in parser.forms:
            target = urljoin(visit.url, action or visit.url)
            base = target.split("?", 1)[0]
            found.append(base + ("?" + urlencode(fields) if fields else ""))
    elif "json" in visit.content_type:
        try:
            found.extend(_json_links(json.loads(visit.body)))
        except ValueError:
            pass
    return found


def crawl(
    client,
    start_urls: list[str],
    *,
    max_depth: int = 3,
    budget: int = 400,
    skip=None,
    on_visit=None,
) -> CrawlResult:
    """Breadth-first from ``start_urls`` (depth 0) as ``client``'s user. ``skip(url)`` -> True
    leaves a URL out; ``on_visit(visit)`` is called after each request. Every answer is kept
    (redirects too, and followed at the same depth)."""
    from django.core.signals import got_request_exception

    client.raise_request_exception = False
    result = CrawlResult()
    errors: list[str] = []

    def remember(sender, request=None, **kwargs):
        exc = sys.exc_info()[1]
        if exc is not None:
            errors.append(f"{type(exc).__name__}: {exc}")

    got_request_exception.connect(remember, weak=False)
    try:
        _crawl(client, start_urls, max_depth, budget, skip, on_visit, result, errors)
    finally:
        got_request_exception.disconnect(remember)
    return result


def _crawl(client, start_urls, max_depth, budget, skip, on_visit, result, errors) -> None:
    queue: deque[tuple[str, int, str | None]] = deque()
    seen: set[str] = set()
    queries_per_path: dict[str, int] = {}
    paths_per_shape: dict[str, set[str]] = {}

    def enqueue(url, depth, referrer):
        if url is None or url in seen or (skip is not None and skip(url)):
            return
        path, _, query = url.partition("?")
        admin = path.startswith("/admin/")
        shape = paths_per_shape.setdefault(_NUMBER.sub("/<n>", path), set())
        if path not in shape:
            if len(shape) >= (ADMIN_LIMIT if admin else MAX_PATHS_PER_SHAPE):
                return
            shape.add(path)
        if query:
            if queries_per_path.get(path, 0) >= (ADMIN_LIMIT if admin else MAX_QUERIES_PER_PATH):
                return
            queries_per_path[path] = queries_per_path.get(path, 0) + 1
        seen.add(url)
        queue.append((url, depth, referrer))

    for url in start_urls:
        enqueue(normalise(url, "http://testserver/"), 0, None)
    while queue:
        if len(result.visits) >= budget:
            result.budget_exhausted = True
            break
        url, depth, referrer = queue.popleft()
        started = time.perf_counter()
        errors.clear()
        response = client.get(url)
        visit = Visit(
            url=url,
            status=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=_body(response),
            depth=depth,
            referrer=referrer,
            location=response.get("Location", "") if 300 <= response.status_code < 400 else "",
            seconds=time.perf_counter() - started,
            error=errors[-1] if errors and response.status_code >= 500 else "",
        )
        result.visits[url] = visit
        if on_visit is not None:
            on_visit(visit)
        if visit.location:
            enqueue(normalise(visit.location, "http://testserver" + url), depth, url)
        if depth >= max_depth or visit.status != 200:
            continue
        for link in links_of(visit):
            enqueue(normalise(link, "http://testserver" + url), depth + 1, url)
