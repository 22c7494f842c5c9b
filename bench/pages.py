"""Page benchmark: what the network's pages cost next to a bare Wagtail page, and whether their
query count grows with the data.

What it measures
    In a throwaway database (SQLite in a temporary folder, or ``--database-url``) filled with
    fictional data by ``bench/suggestions.py``'s generator (200 professionals, Dutch knelpunt
    texts), it builds the data at two sizes: SMALL (100 cases, 10 comments on the measured case,
    100 patterns, 10 lessons) and LARGE (1,000 cases, 100 comments, 1,000 patterns, 50 lessons).

    * Query count per page, at both sizes, with Django's test client and
      ``CaptureQueriesContext`` (the full middleware stack, as the logged-in member). A page whose
      count is higher at LARGE than at SMALL grows with the data (an N+1): the run says GROWS and
      exits 1.
    * Timing, at LARGE: every page is requested through the site's real ASGI application
      (``config.asgi.application``: ``ProtocolTypeRouter`` -> Django's ``ASGIHandler`` -> all
      middleware -> the Wagtail page or view -> templates), called in this process with an
      HTTP scope and the member's session cookie, one request at a time, the pages taken in
      turn (round robin, so a change in the machine's load hits every page alike). What is NOT
      in the figure: the socket, HTTP parsing and Daphne's own work (NOTES.md: Daphne's HTTP
      serving is itself slower than a WSGI server; that is a server choice, measured elsewhere).
      req/s = requests / the sum of their wall times (one at a time: the inverse of the mean);
      p50 / p99 from the per-request times.
    * The baseline, measured in the same run: a bare ``wagtail.models.Page`` (no page type of
      ours) under the home page, rendered in the site's ``base.html`` (header, navigation and
      context processors: the notifications count), served by the same stack. The ratio
      page / bare says what our page adds to what every page of the site costs anyway.

    Every request is as a logged-in **professional** (a network member; no two-factor
    requirement: the test settings list no 2FA roles, and professionals are not in production's
    list either). Sessions are saved on every request (``SESSION_SAVE_EVERY_REQUEST``) and the
    case page logs each view (``CaseAccess``): both are in the figures because they are in the
    product. The cache is Django's dummy cache (test settings).

How to run
    .venv/bin/python bench/pages.py            # ~2 minutes on 2 cores
    .venv/bin/python bench/pages.py --quick    # CI: fewer requests, < 1 minute
    scripts/with-postgres.sh sh -c '.venv/bin/python bench/pages.py --database-url "$DATABASE_URL"'

    Options: ``--requests N`` (timed requests per page, default 200; --quick 40),
    ``--page-seconds S`` (time budget per page, default 40; --quick 3: a page that used it up
    after at least 10 requests, 5 with --quick, stops; the table's ``n`` column shows how many
    requests each page got), ``--warmup N`` (per page, default 10; --quick 2),
    ``--database-url`` (an EMPTY database; default a SQLite file in a temporary folder, removed
    afterwards), ``--seed``. Progress goes to stderr,
    the table to stdout. Exit 1 only when a query count grows (or something crashed).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suggestions  # noqa: E402  (the fictional corpus and the Django set-up)
from suggestions import percentile, say  # noqa: E402

SMALL = {"cases": 100, "comments": 10, "patterns": 100, "lessons": 10}
LARGE = {"cases": 1_000, "comments": 100, "patterns": 1_000, "lessons": 50}
BARE_TEMPLATE = (
    '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>'
    "<p>Een kale Wagtail-pagina: de maatstaf.</p>{% endblock %}"
)


@dataclass
class Target:
    name: str
    url: str
    queries: dict[str, int] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)


# --- the data ----------------------------------------------------------------------------------


class Network:
    """Grows the fictional network to a size (only ever adds rows)."""

    def __init__(self, rng: random.Random) -> None:
        from django.utils import timezone

        self.rng = rng
        self.vocabulary = suggestions.set_up_people_and_vocabularies(rng)
        self.gen = suggestions.CorpusGenerator(rng, self.vocabulary, timezone.now())
        self.case_ids: list[int] = []
        self.patterns = 0
        self.lessons = 0
        specs = [self.gen.case() for _ in range(1)]
        self.case_ids += suggestions.insert_cases(specs)
        self.measured_case_id = self.case_ids[0]  # the case page measured: its comments grow

    def grow(self, size: dict[str, int]) -> None:
        missing = size["cases"] - len(self.case_ids)
        if missing > 0:
            specs = [self.gen.case() for _ in range(missing)]
            ids = suggestions.insert_cases(specs)
            suggestions.insert_recognitions(
                self.rng, ids, specs, self.gen.now, self.vocabulary.professional_ids
            )
            self.case_ids += ids
        self._comments(size["comments"])
        self._patterns(size["patterns"] - self.patterns)
        self._lessons(size["lessons"] - self.lessons)

    def _comments(self, total: int) -> None:
        from django.utils import timezone

        from leernetwerk.casework.models import Comment

        have = Comment.objects.filter(case_id=self.measured_case_id).count()
        rows, now = [], timezone.now()
        for i in range(have, total):
            rows.append(
                Comment(
                    case_id=self.measured_case_id,
                    author_id=self.rng.choice(self.vocabulary.professional_ids),
                    body=f"<p>{self.gen.sentence(self.rng.randrange(len(suggestions.THEMES)))}</p>",
                    created_at=now - timedelta(minutes=total - i),
                )
            )
        created = Comment.objects.bulk_create(rows)
        # Every fifth comment is a reply (one level deep, as the discussion allows).
        top = list(
            Comment.objects.filter(case_id=self.measured_case_id, parent=None).order_by("pk")[:5]
        )
        for i, comment in enumerate(created):
            if i % 5 == 4 and top and comment.pk not in {t.pk for t in top}:
                comment.parent_id = top[i % len(top)].pk
        Comment.objects.bulk_update([c for c in created if c.parent_id], ["parent"])

    def _patterns(self, count: int) -> None:
        from django.utils import timezone

        from leernetwerk.patterns.constants import PatternStatus
        from leernetwerk.patterns.models import LearningTable, Pattern, PatternCase

        if count <= 0:
            return
        tables = list(LearningTable.objects.filter(is_active=True).order_by("position"))
        statuses = [PatternStatus.SIGNALLED, PatternStatus.IN_PROGRESS, PatternStatus.ESCALATED]
        today, rows = timezone.localdate(), []
        for _ in range(count):
            theme = self.rng.randrange(len(suggestions.THEMES))
            owner = self.rng.choice(self.vocabulary.professional_ids)
            rows.append(
                Pattern(
                    title=self.gen.title(theme)[:200],
                    description=self.gen.sentence(theme),
                    table=self.rng.choice(tables),
                    status=self.rng.choice(statuses),
                    created_by_id=owner,
                    owner_id=owner,
                    knelpunt_type_id=self.gen.knelpunt_type(theme),
                    next_deadline=today + timedelta(days=self.rng.randint(-20, 60)),
                )
            )
        created = Pattern.objects.bulk_create(rows)
        laws = Pattern.laws.through
        law_rows, links = [], []
        for pattern in created:
            for case_id in self.rng.sample(self.case_ids, min(3, len(self.case_ids))):
                links.append(
                    PatternCase(pattern=pattern, case_id=case_id, linked_by_id=pattern.owner_id)
                )
            for law_id in self.rng.sample(self.vocabulary.all_law_ids, 2):
                law_rows.append(laws(pattern_id=pattern.pk, law_id=law_id))
        PatternCase.objects.bulk_create(links, ignore_conflicts=True)
        laws.objects.bulk_create(law_rows, ignore_conflicts=True)
        self.patterns += count

    def _lessons(self, count: int) -> None:
        from django.utils import timezone

        from leernetwerk.learning.models import LessonIndexPage, LessonPage

        index = LessonIndexPage.objects.get()
        for _ in range(max(0, count)):
            self.lessons += 1
            theme = self.rng.randrange(len(suggestions.THEMES))
            lesson = LessonPage(
                title=f"{self.gen.title(theme)} ({self.lessons})"[:255],
                slug=f"les-{self.lessons}",
                summary=self.gen.sentence(theme),
                what_did_not_fit=self.gen.knelpunt(theme),
                what_changed=self.gen.sentence(theme),
                order=self.rng.choice([1, 2, 3]),
                lesson_date=timezone.localdate() - timedelta(days=self.rng.randint(0, 700)),
            )
            index.add_child(instance=lesson)
            lesson.laws.set(self.rng.sample(self.vocabulary.all_law_ids, 2))
            lesson.save_revision().publish()


def set_up_site(folder: Path) -> tuple[dict[str, str], object]:
    """The bare baseline page and the URLs to measure; returns (urls, the member)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page, Site

    from leernetwerk.casework.models import CaseIndexPage
    from leernetwerk.learning.models import LessonIndexPage
    from leernetwerk.patterns.models import PatternBoardPage

    home = Site.objects.get(is_default_site=True).root_page
    bare = home.add_child(instance=Page(title="Kale pagina", slug="kale-pagina"))
    bare.save_revision().publish()
    member = get_user_model().objects.get(username="bench-professional-000")
    return {
        "bare Wagtail page": bare.url,
        "home page": home.url,
        "cases index": CaseIndexPage.objects.get().url,
        "pattern board": PatternBoardPage.objects.get().url,
        "lessons index": LessonIndexPage.objects.get().url,
    }, member


# --- measuring ---------------------------------------------------------------------------------


def sqlite_sync(connection, mode: str) -> None:
    """SQLite's ``synchronous`` pragma: OFF while migrating and filling the throwaway database
    (no fsync per migration step), back to SQLite's default FULL before anything is timed."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {mode}")


def count_queries(client, targets: list[Target], label: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for target in targets:
        client.get(target.url)  # first request: caches (content types, site root) are warm
        with CaptureQueriesContext(connection) as captured:
            response = client.get(target.url)
        if response.status_code != 200:
            raise SystemExit(f"{target.name} {target.url}: HTTP {response.status_code}")
        target.queries[label] = len(captured.captured_queries)


async def asgi_get(application, path: str, cookie: bytes) -> tuple[int, int]:
    """One GET through the ASGI application in this process; (status, body bytes)."""
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


async def time_pages(targets: list[Target], args) -> None:
    """Round robin over the pages; a page that used up its time budget (``--page-seconds``)
    after at least ``args.min_requests`` requests (10; 5 with --quick) leaves the rounds."""
    from config.asgi import application

    cookie = args.cookie
    for _ in range(args.warmup):
        for target in targets:
            await asgi_get(application, target.url, cookie)
    for _ in range(args.requests):
        for target in targets:
            if len(target.times) >= args.min_requests and sum(target.times) >= args.page_seconds:
                continue
            start = time.perf_counter()
            status, _size = await asgi_get(application, target.url, cookie)
            target.times.append(time.perf_counter() - start)
            target.statuses.add(status)


def report(targets: list[Target], args, vendor: str) -> int:
    bare = targets[0]
    bare_rps = len(bare.times) / sum(bare.times)
    bare_p99 = percentile(bare.times, 99)
    small, large = "SMALL", "LARGE"
    print()
    print(
        f"Pages through config.asgi.application in-process, up to {args.requests} requests each "
        f"(or {args.page_seconds:.0f} s, at least {args.min_requests}), one at a time, "
        f"as a logged-in professional ({vendor}; LARGE = {LARGE['cases']:,} cases, "
        f"{LARGE['comments']} comments on the case, {LARGE['patterns']:,} patterns, "
        f"{LARGE['lessons']} lessons; SMALL = {SMALL['cases']}/{SMALL['comments']}/"
        f"{SMALL['patterns']}/{SMALL['lessons']})"
    )
    header = (
        f"{'page':<20} {'n':>4} {'req/s':>7} {'x bare':>7} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'x bare':>7} {'queries SMALL':>13} {'LARGE':>6}  growth"
    )
    print(header)
    print("-" * len(header))
    growing = []
    for target in targets:
        rps = len(target.times) / sum(target.times)
        p50 = statistics.median(target.times) * 1000
        p99 = percentile(target.times, 99) * 1000
        grows = target.queries[large] > target.queries[small]
        if grows:
            growing.append(target.name)
        print(
            f"{target.name:<20} {len(target.times):>4} {rps:7.1f} {rps / bare_rps:6.2f}x "
            f"{p50:7.1f} {p99:7.1f} {p99 / (bare_p99 * 1000):6.2f}x {target.queries[small]:>13} "
            f"{target.queries[large]:>6}  {'GROWS' if grows else 'flat'}"
        )
        if target.statuses != {200}:
            print(f"  ! {target.name}: HTTP statuses {sorted(target.statuses)}")
    slowest = min(targets[1:], key=lambda t: len(t.times) / sum(t.times))
    slowest_ratio = (len(slowest.times) / sum(slowest.times)) / bare_rps
    print()
    print(
        f"Summary: bare Wagtail page {bare_rps:.0f} req/s (p99 {bare_p99 * 1000:.1f} ms); our "
        f"pages {min(len(t.times) / sum(t.times) for t in targets[1:]):.0f}-"
        f"{max(len(t.times) / sum(t.times) for t in targets[1:]):.0f} req/s, slowest "
        f"{slowest.name} at {slowest_ratio:.2f}x of bare; query counts "
        + (
            f"GROW on: {', '.join(growing)}"
            if growing
            else "flat from SMALL to LARGE on every page"
        )
        + f" (load average {suggestions.LOAD_AT_START:.1f} at start)."
    )
    return 1 if growing else 0


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="CI mode: fewer requests (< 1 min)")
    parser.add_argument("--requests", type=int, default=0, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page")
    parser.add_argument(
        "--page-seconds", type=float, default=0, help="time budget per page (default 40; quick 3)"
    )
    parser.add_argument("--database-url", default="", help="an EMPTY database (default: SQLite)")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args(argv)
    args.requests = args.requests or (40 if args.quick else 200)
    args.page_seconds = args.page_seconds or (3.0 if args.quick else 40.0)
    args.min_requests = 5 if args.quick else 10
    if args.quick:
        args.warmup = min(args.warmup, 2)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leernetwerk-bench-pages-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'pages.sqlite3'}"
        suggestions.set_up_django(url)
        from django.conf import settings

        # The bare page's template (Wagtail's default name for a plain Page), bench-only: the
        # template engine reads TEMPLATES at its first use, which is after this line.
        templates = Path(folder) / "templates"
        (templates / "wagtailcore").mkdir(parents=True)
        (templates / "wagtailcore" / "page.html").write_text(BARE_TEMPLATE, encoding="utf-8")
        settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], templates]

        from django.core.management import call_command
        from django.db import connection, connections
        from django.test import Client

        from leernetwerk.casework.models import CasePage

        try:
            sqlite_sync(connection, "OFF")  # building the throwaway database only
            say(f"migrating a fresh {connection.vendor} database")
            call_command("migrate", verbosity=0, interactive=False)
            call_command("leernetwerk_setup", verbosity=0)
            if CasePage.objects.exists():
                raise SystemExit("The database already holds cases: give an empty one.")
            network = Network(random.Random(args.seed))
            urls, member = set_up_site(Path(folder))
            case_url = CasePage.objects.get(pk=network.measured_case_id).url
            targets = [Target(name, url) for name, url in urls.items()]
            targets.insert(3, Target("case page", case_url))
            client = Client()
            client.force_login(member)
            cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
            for label, size in (("SMALL", SMALL), ("LARGE", LARGE)):
                say(f"growing the network to {label} {size}")
                network.grow(size)
                count_queries(client, targets, label)
                say("queries: " + ", ".join(f"{t.name} {t.queries[label]}" for t in targets))
            say(f"timing {len(targets)} pages x {args.requests} requests (+{args.warmup} warm-up)")
            sqlite_sync(connection, "FULL")  # timed requests write as a real SQLite site does
            args.cookie = cookie
            asyncio.run(time_pages(targets, args))
            vendor = connection.vendor
        finally:
            connections.close_all()
    return report(targets, args, vendor)


if __name__ == "__main__":
    sys.exit(main())
