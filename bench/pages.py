"""Page benchmark: what the network's pages cost next to a vanilla Wagtail site's home page, and
whether their query count grows with the data.

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
    * The baseline, in the same run and by the same method: the home page of a vanilla
      ``wagtail start`` project (``bench/vanilla.py``: nothing of ours installed; its own
      ``home_page.html`` and ``base.html``, Wagtail's welcome page; its own production settings,
      DEBUG off; its own database, a SQLite file or a database of its own on
      ``--database-url``'s PostgreSQL server; LocMemCache), called through its own ASGI
      application in a child process (other settings) as a logged-in plain user. Its requests
      are interleaved with ours: after every round over our pages the child serves one request
      (while one process measures, the other waits on a pipe), so the machine's load hits both
      alike. ``x vanilla`` = the page's req/s / the vanilla home page's req/s.
    * ``plugin's bare page``: a plain ``wagtail.models.Page`` (no page type of ours) under our
      home page, rendered in OUR ``base.html`` (header, navigation, context processors: the
      notifications count) through our middleware: what every page of our site costs before
      its own content. Its gap to vanilla is the price of our base template, context processors
      and middleware.

    Every request is as a logged-in **professional** (a network member; no two-factor
    requirement: the test settings list no 2FA roles, and professionals are not in production's
    list either). Sessions slide (renewed at most once a minute, ``SlidingSessionMiddleware``;
    read through the cache, ``cached_db``) and the case page logs each view (``CaseAccess``):
    both are in the figures because they are in the product.

    The cache: production uses Redis; here every cache of the site is an in-process
    ``LocMemCache`` instead of the test settings' DummyCache (which would hide whatever the site
    caches; Redis would add a socket round trip per cache call, the stand-in leaves that out).
    The warm-up requests (``--warmup`` per page, untimed, before any timed one) fill the caches,
    so the figures are the **steady state with a warm cache**: per-member and fragment caches
    hit, as for a member clicking around a site where nothing changes meanwhile. Nothing is
    written between the timed requests except the session and the case view log, so a page
    pays its cache misses only in the warm-up.

The goals (issue #19), printed PASS/FAIL under the table
    * the plugin's bare page: at most 6 queries, and at least 0.8x vanilla's req/s;
    * the case page (100 comments): at least 0.5x vanilla;
    * the pattern board at LARGE (1,000 patterns): p50 under 150 ms;
    * query counts flat from SMALL to LARGE on every page.

How to run
    .venv/bin/python bench/pages.py            # ~3 minutes on 2 cores
    .venv/bin/python bench/pages.py --quick    # CI: fewer requests, about a minute
    .venv/bin/python bench/pages.py --check    # also exit 1 when a goal above fails
    scripts/with-postgres.sh sh -c '.venv/bin/python bench/pages.py --database-url "$DATABASE_URL"'

    Options: ``--requests N`` (timed requests per page, default 200; --quick 40),
    ``--page-seconds S`` (time budget per page, default 40; --quick 3: a page that used it up
    after at least 10 requests, 5 with --quick, stops; the table's ``n`` column shows how many
    requests each page got), ``--warmup N`` (per page, default 10; --quick 2),
    ``--database-url`` (an EMPTY database; default a SQLite file in a temporary folder, removed
    afterwards), ``--seed``, ``--check``. Progress goes to stderr, the table to stdout. Exit 1
    when a query count grows (or something crashed), and with ``--check`` when any goal fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
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
import vanilla  # noqa: E402  (the wagtail start baseline)
from suggestions import percentile, say  # noqa: E402
from vanilla import asgi_get  # noqa: E402

SMALL = {"cases": 100, "comments": 10, "patterns": 100, "lessons": 10}
LARGE = {"cases": 1_000, "comments": 100, "patterns": 1_000, "lessons": 50}
BARE = "plugin's bare page"
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
    """The plugin's bare page and the URLs to measure; returns (urls, the member)."""
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
        BARE: bare.url,
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


async def time_pages(targets: list[Target], vanilla_target: Target, child, args) -> None:
    """Round robin over our pages, one vanilla request after each round; a page that used up
    its time budget (``--page-seconds``) after at least ``args.min_requests`` requests (10; 5
    with --quick) leaves the rounds."""
    from config.asgi import application

    cookie = args.cookie
    for _ in range(args.warmup):
        for target in targets:
            await asgi_get(application, target.url, cookie)
    child.time(args.warmup)

    def done(target: Target) -> bool:
        return len(target.times) >= args.min_requests and sum(target.times) >= args.page_seconds

    for _ in range(args.requests):
        for target in targets:
            if done(target):
                continue
            start = time.perf_counter()
            status, _size = await asgi_get(application, target.url, cookie)
            target.times.append(time.perf_counter() - start)
            target.statuses.add(status)
        if not done(vanilla_target):
            times, statuses = child.time(1)
            vanilla_target.times += times
            vanilla_target.statuses.update(statuses)


def rps(target: Target) -> float:
    return len(target.times) / sum(target.times)


def report(vanilla: Target, targets: list[Target], args, vendor: str) -> tuple[int, bool]:
    """Print the table and the goals; (exit code without --check, all goals met)."""
    base = rps(vanilla)
    small, large = "SMALL", "LARGE"
    print()
    print(
        f"Pages through their ASGI application in-process, up to {args.requests} requests each "
        f"(or {args.page_seconds:.0f} s, at least {args.min_requests}), one at a time, "
        f"as a logged-in member, warm LocMemCache ({vendor}; LARGE = {LARGE['cases']:,} cases, "
        f"{LARGE['comments']} comments on the case, {LARGE['patterns']:,} patterns, "
        f"{LARGE['lessons']} lessons; SMALL = {SMALL['cases']}/{SMALL['comments']}/"
        f"{SMALL['patterns']}/{SMALL['lessons']}); the vanilla wagtail start home page "
        "interleaved with ours"
    )
    header = (
        f"{'page':<22} {'n':>4} {'req/s':>7} {'x vanilla':>9} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'queries SMALL':>13} {'LARGE':>6}  growth"
    )
    print(header)
    print("-" * len(header))
    growing = []
    for target in [vanilla, *targets]:
        p50 = statistics.median(target.times) * 1000
        p99 = percentile(target.times, 99) * 1000
        grows = target.queries[large] > target.queries[small]
        if grows:
            growing.append(target.name)
        print(
            f"{target.name:<22} {len(target.times):>4} {rps(target):7.1f} "
            f"{rps(target) / base:8.2f}x {p50:7.1f} {p99:7.1f} {target.queries[small]:>13} "
            f"{target.queries[large]:>6}  {'GROWS' if grows else 'flat'}"
        )
        if target.statuses != {200}:
            print(f"  ! {target.name}: HTTP statuses {sorted(target.statuses)}")
    by_name = {t.name: t for t in targets}
    bare, case, board = by_name[BARE], by_name["case page"], by_name["pattern board"]
    bare_queries = max(bare.queries.values())
    board_p50 = statistics.median(board.times) * 1000
    goals = [
        (f"{BARE}: <= 6 queries", bare_queries <= 6, f"{bare_queries}"),
        (f"{BARE}: >= 0.8x vanilla", rps(bare) / base >= 0.8, f"{rps(bare) / base:.2f}x"),
        ("case page: >= 0.5x vanilla", rps(case) / base >= 0.5, f"{rps(case) / base:.2f}x"),
        (
            f"pattern board p50 < 150 ms at LARGE ({LARGE['patterns']:,} patterns)",
            board_p50 < 150,
            f"{board_p50:.0f} ms",
        ),
        (
            "query counts flat SMALL -> LARGE",
            not growing,
            f"grow on {', '.join(growing)}" if growing else "flat",
        ),
    ]
    print()
    print("Goals (issue #19):")
    for label, ok, value in goals:
        print(f"  {'PASS' if ok else 'FAIL'}  {label:<52} {value}")
    met = all(ok for _label, ok, _value in goals)
    print()
    print(
        f"Summary: vanilla wagtail start home page {base:.0f} req/s "
        f"(p50 {statistics.median(vanilla.times) * 1000:.1f} ms, {vanilla.queries[large]} "
        f"queries); {BARE} {rps(bare) / base:.2f}x, our pages "
        f"{min(rps(t) for t in targets) / base:.2f}-{max(rps(t) for t in targets) / base:.2f}x "
        f"vanilla; {sum(ok for _l, ok, _v in goals)} of {len(goals)} goals met (load average "
        f"{suggestions.LOAD_AT_START:.1f} at start, {os.getloadavg()[0]:.1f} at the end)."
    )
    return (1 if growing else 0), met


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="CI mode: fewer requests")
    parser.add_argument("--requests", type=int, default=0, help="timed requests per page")
    parser.add_argument("--warmup", type=int, default=10, help="untimed requests per page")
    parser.add_argument(
        "--page-seconds", type=float, default=0, help="time budget per page (default 40; quick 3)"
    )
    parser.add_argument("--database-url", default="", help="an EMPTY database (default: SQLite)")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is not met")
    args = parser.parse_args(argv)
    args.requests = args.requests or (40 if args.quick else 200)
    args.page_seconds = args.page_seconds or (3.0 if args.quick else 40.0)
    args.min_requests = 5 if args.quick else 10
    if args.quick:
        args.warmup = min(args.warmup, 2)
    return args


def use_local_memory_caches() -> None:
    """Every cache of the site becomes a LocMemCache (see the module docstring)."""
    from django.conf import settings
    from django.test.utils import override_settings

    caches = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"bench-pages-{alias}",
            **{k: v for k, v in config.items() if k in {"TIMEOUT", "KEY_PREFIX", "VERSION"}},
        }
        for alias, config in settings.CACHES.items()
    }
    override_settings(CACHES=caches).enable()  # its signal resets the cache handler


def main(argv=None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leernetwerk-bench-pages-") as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'pages.sqlite3'}"
        suggestions.set_up_django(url)
        use_local_memory_caches()
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

        with contextlib.ExitStack() as stack:
            sqlite_sync(connection, "OFF")  # building the throwaway database only
            say(f"migrating a fresh {connection.vendor} database")
            call_command("migrate", verbosity=0, interactive=False)
            call_command("leernetwerk_setup", verbosity=0)
            if CasePage.objects.exists():
                raise SystemExit("The database already holds cases: give an empty one.")
            stack.callback(connections.close_all)
            say("the vanilla baseline: wagtail start (bench/vanilla.py)")
            site = stack.enter_context(vanilla.vanilla_site(database_url=args.database_url))
            child = vanilla.InProcess(site)
            stack.callback(child.close)
            vanilla_queries = child.queries()
            vanilla_target = Target(
                "vanilla wagtail start", "/", {"SMALL": vanilla_queries, "LARGE": vanilla_queries}
            )
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
            say(
                f"timing {len(targets)} pages + vanilla x {args.requests} requests "
                f"(+{args.warmup} warm-up)"
            )
            sqlite_sync(connection, "FULL")  # timed requests write as a real SQLite site does
            args.cookie = cookie
            asyncio.run(time_pages(targets, vanilla_target, child, args))
            vendor = connection.vendor
    code, met = report(vanilla_target, targets, args, vendor)
    if args.check and not met:
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
