"""Find the public pages of a running Leernetwerk site, one URL per kind of page.

Usage: python pages.py BASE_URL [--depth N] [--search-term WORD]

Crawls as an anonymous visitor (no cookies kept) from the home page, following links on the
same origin up to --depth clicks away (default 2), plus the GET forms it finds (a search form is
filled in with --search-term). Only pages that answer 200 with text/html without a redirect
count: feeds, calendars (.ics), the JSON API, static files and pages that send the visitor to
the login form are left out. A 404 page is always added.

Pages are grouped into kinds by the shape of their path: the first segment is kept, every later
segment becomes "*" and only the names of query parameters are kept, so /lessen/a/ and
/lessen/b/ are one kind ("/lessen/*/") and /leersessies/?niveau=x is a kind of its own. The first
URL found of each kind is audited. Prints one line per page, tab-separated: a short name and the
path (with query). Uses the standard library only; sends requests to BASE_URL only.
"""

import argparse
import sys
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser

SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/api/", "/documents/", "/i18n/")
SKIP_SUFFIXES = (".ics", ".xml", ".json", ".rss", ".atom", ".svg", ".png", ".jpg", ".pdf")
NOT_FOUND_PATH = "/lighthouse-deze-pagina-bestaat-niet/"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


class LinkParser(HTMLParser):
    """Collects <a href> and GET forms (action and the names of their text inputs)."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "text": [],
            }
        elif tag == "input" and self._form is not None:
            if (a.get("type") or "text").lower() in ("text", "search") and a.get("name"):
                self._form["text"].append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def fetch(opener, url):
    """(status, content type, body) of a GET without following redirects."""
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), b""


def kind_of(path_and_query: str) -> str:
    parts = urllib.parse.urlsplit(path_and_query)
    segments = [s for s in parts.path.split("/") if s]
    shape = "/" + "/".join(segments[:1] + ["*"] * (len(segments) - 1))
    if segments and parts.path.endswith("/"):
        shape += "/"
    names = sorted(
        {name for name, _ in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)}
    )
    return shape + ("?" + "&".join(names) if names else "")


def name_of(path_and_query: str) -> str:
    if path_and_query == "/":
        return "home"
    if path_and_query == NOT_FOUND_PATH:
        return "404"
    parts = urllib.parse.urlsplit(path_and_query)
    segments = [s for s in parts.path.split("/") if s]
    name = (
        segments[0]
        if len(segments) == 1
        else segments[0]
        + "-"
        + "-".join("page" if i == len(segments) - 2 else s for i, s in enumerate(segments[1:]))
    )
    if len(segments) > 1 and segments[0] in ("accounts",):
        name = "-".join(segments)  # accounts-login, accounts-password-reset: named by what they are
    if parts.query:
        name += "-" + "-".join(sorted({n for n, _ in urllib.parse.parse_qsl(parts.query)}))
    return name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("base")
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--search-term", default="zorg")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    origin = urllib.parse.urlsplit(base)
    opener = urllib.request.build_opener(NoRedirect)

    def local(href: str, page: str) -> str | None:
        """The path?query of a same-origin link, or None."""
        url = urllib.parse.urljoin(base + page, href)
        parts = urllib.parse.urlsplit(url)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            return None
        query = urllib.parse.urlencode(
            [(k, v) for k, v in urllib.parse.parse_qsl(parts.query) if k != "next"]
        )
        path = parts.path or "/"
        if path.startswith(SKIP_PREFIXES) or path.lower().endswith(SKIP_SUFFIXES):
            return None
        return path + ("?" + query if query else "")

    chosen: dict[str, str] = {}  # kind -> first path of that kind that is a public HTML page
    seen: set[str] = set()
    frontier = ["/"]
    for depth in range(args.depth + 1):
        following: list[str] = []
        for page in frontier:
            if page in seen:
                continue
            seen.add(page)
            kind = kind_of(page)
            if kind in chosen:
                continue  # one page of each kind is enough, and its links are like the first's
            status, ctype, body = fetch(opener, base + page)
            if status != 200 or not ctype.startswith("text/html"):
                continue
            chosen[kind] = page
            if depth == args.depth:
                continue
            links = LinkParser()
            links.feed(body.decode("utf-8", "replace"))
            for href in links.links:
                target = local(href, page)
                if target is not None:
                    following.append(target)
            for form in links.forms:
                if form["method"] != "get" or not form["text"]:
                    continue
                target = local(form["action"] or page, page)
                if target is not None:
                    query = urllib.parse.urlencode({form["text"][0]: args.search_term})
                    following.append(target.split("?")[0] + "?" + query)
        frontier = following

    status, _, _ = fetch(opener, base + NOT_FOUND_PATH)
    if status != 404:
        print(f"pages.py: {NOT_FOUND_PATH} answered {status}, not 404", file=sys.stderr)
    chosen["404"] = NOT_FOUND_PATH
    names: set[str] = set()
    for path in chosen.values():
        name = name_of(path)
        while name in names:
            name += "_"
        names.add(name)
        print(f"{name}\t{path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
