"""Trend benchmark (issue #22): does the trend report stay cheap as the network grows?

What it measures
    In a throwaway database (SQLite in a temporary folder, or ``--database-url``) with the
    fictional cases of ``bench/suggestions.py`` (200 professionals, two years of history), every
    case gets an "ik heb nodig" text made of one to three needs (woonruimte, inkomen, werk,
    vervoer …, each in a few wordings). At each size (``--sizes``, default 1,000 and 10,000
    cases) it:

    * takes the trend snapshot of every case (``rebuild_need_signals``: what an upgrade runs)
      and prints the cases per second;
    * requests the report page (quarters, then months) and one need's page as a manager, with
      Django's test client: the queries of each (they must not grow with the cases: exit 1 if
      they do) and the median of ``--repeat`` requests.

    The printed ratio is the median time at the largest size divided by that at the smallest,
    in one run (the report counts in the database, so the ratio shows how the database's
    aggregation grows, not Python's). No goal is set for the time; the query counts are the rule.

How to run
    .venv/bin/python bench/trends.py                       # ~2 minutes on 2 cores
    .venv/bin/python bench/trends.py --sizes 500,2000       # CI smoke run
    scripts/with-postgres.sh sh -c '.venv/bin/python bench/trends.py --database-url "$DATABASE_URL"'
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import suggestions  # noqa: E402  (the fictional corpus and the Django set-up)
from suggestions import say  # noqa: E402

NEEDS = [
    "een woning in de buurt van school",
    "een eigen kamer",
    "onderdak voor mij en de kinderen",
    "een voorschot tot de eerste uitkering",
    "leefgeld voor de komende weken",
    "een betalingsregeling die ik kan nakomen",
    "een baan met begeleiding",
    "een stageplek bij een erkend leerbedrijf",
    "dagbesteding dichtbij",
    "vervoer naar de dagbehandeling",
    "thuiszorg vanaf de eerste dag",
    "één contactpersoon en één plan",
]


def fill_needs(rng: random.Random, case_ids: list[int]) -> None:
    from django.db import transaction

    from leernetwerk.casework.models import CasePage

    with transaction.atomic():
        for pk in case_ids:
            needs = rng.sample(NEEDS, rng.randint(1, 3))
            CasePage.objects.filter(pk=pk).update(
                ik_heb_nodig="Ik heb " + " en ".join(needs) + " nodig."
            )


def measure(client, url: str, repeat: int) -> tuple[int, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    connection.queries_log.clear()  # a full log (9,000 entries) would hide the new ones
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured.captured_queries)
    if response.status_code != 200 or not queries:
        raise SystemExit(f"{url}: HTTP {response.status_code}, {queries} queries")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return queries, statistics.median(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    with tempfile.TemporaryDirectory(prefix="leernetwerk-bench-trends-") as folder:
        suggestions.set_up_django(args.database_url or f"sqlite:///{Path(folder) / 't.sqlite3'}")
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        from leernetwerk.kernel.roles import Role, role_group
        from leernetwerk.patterns.models import NeedCategory, NeedSignal
        from leernetwerk.patterns.trends import rebuild_need_signals

        say(f"migrating a fresh {connection.vendor} database")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("leernetwerk_setup", verbosity=0)
        rng = random.Random(args.seed)
        vocabulary = suggestions.set_up_people_and_vocabularies(rng)
        gen = suggestions.CorpusGenerator(rng, vocabulary, timezone.now())
        manager = get_user_model().objects.create_user("bench-manager", password="x")
        manager.groups.add(role_group(Role.MANAGER))
        client = Client()
        client.force_login(manager)
        housing = NeedCategory.objects.get(name="Woonruimte")
        pages = {
            "report (quarters)": "/netwerk/patronen/trends/",
            "report (months)": "/netwerk/patronen/trends/?per=maand",
            "one need": housing.get_absolute_url(),
        }
        rows, have = [], 0
        for size in sizes:
            ids = suggestions.insert_cases([gen.case() for _ in range(size - have)])
            fill_needs(rng, ids)
            have = size
            started = time.perf_counter()
            counted = rebuild_need_signals()
            took = time.perf_counter() - started
            say(f"{size} cases: {counted} snapshots in {took:.1f} s ({counted / took:.0f}/s)")
            assert NeedSignal.objects.count() == counted
            results = {name: measure(client, url, args.repeat) for name, url in pages.items()}
            rows.append((size, counted / took, results))
    print(f"{'page':<20} " + " ".join(f"{s:>12} cases" for s in sizes) + "   ratio")
    code = 0
    for name in pages:
        queries = [results[name][0] for _size, _rate, results in rows]
        times = [results[name][1] for _size, _rate, results in rows]
        grows = len(set(queries)) > 1
        code |= grows
        cells = " ".join(
            f"{q:>4} q {1000 * t:7.1f} ms" for q, t in zip(queries, times, strict=True)
        )
        verdict = "GROWS" if grows else "flat"
        print(f"{name:<20} {cells}   x{times[-1] / times[0]:.2f} time, queries {verdict}")
    rates = " ".join(f"{rate:.0f}/s" for _size, rate, _results in rows)
    print(f"snapshots (rebuild_need_signals): {rates}")
    return code


if __name__ == "__main__":
    sys.exit(main())
