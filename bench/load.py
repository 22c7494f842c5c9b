"""Load benchmark of the production profile: many members at once, reading, posting, following.

What it does
    Starts the production profile (``scripts/production.sh`` through tests/production_stack.py:
    PostgreSQL, Redis, two Daphne processes behind the proxy) unless ``--url`` is given, creates
    fictional professionals and cases straight through the ORM (one password hash for all), and
    then simulates ``--members`` members (default 200) for ``--seconds`` (default 60):

    * each member logs in through the login form (the real password check and django-axes;
      ``--login-concurrency`` at a time, before the measured window: PBKDF2 costs ~0.35 s of CPU
      per login here, so 200 logins are a ramp-up of their own, reported as the kind ``login``);
    * follows one case's live stream over a websocket (``/ws/live/case/<id>/``, members spread
      over ``--cases`` cases), reconnecting with its last seen id like ``live.js``;
    * loops, with ``--think-ms`` between requests (default 0: a closed loop that measures the
      stack's capacity, so latencies include queueing): the home page, the cases index, its
      case's page, the pattern board, the lessons index, posts a comment on its case (the form's
      background post, ``Accept: application/json``) and toggles "herken ik" on another case.

    Professionals need no second factor (``LEERNETWERK_2FA_REQUIRED_ROLES`` lists the admin roles
    only) and correct logins never trip django-axes' rate limit (it counts failures), so the
    benchmark runs the production settings unchanged.

What it prints
    Requests per second over the window, p50 / p99 latency and errors per kind of request (errors
    must be 0), live delivery latency (a comment's post to its arrival at a follower), and lost
    events (must be 0): after the window every follower must hold every event of its stream
    exactly once (ids without gaps from where it joined to the stream's last id) and every
    comment posted on its case; then a one-line summary. Exit code 1 on errors or lost events.

    The clients run in one asyncio loop in this process and share the 2 cores with the servers;
    the client CPU is printed so you can tell who set the pace.

How to run
    .venv/bin/python bench/load.py                          # 200 members, 60 s
    .venv/bin/python bench/load.py --members 20 --seconds 10   # smoke run (CI)
    scripts/production.sh --state-file /tmp/stack.json &  # or against a running stack:
    .venv/bin/python bench/load.py --state-file /tmp/stack.json
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import math
import os
import random
import re
import resource
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.production_stack import (  # noqa: E402
    Browser,
    Follower,
    HttpError,
    Stack,
    production_stack,
    setup_code,
)

STARTED = time.monotonic()
TOKEN = re.compile(r"Reactie (\d+-\d+):")

DATABASE_STATE = """
import json
from leernetwerk.kernel.live.models import LiveStream
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.casework.models import Comment
ids = {case_ids!r}
comments = list(Comment.objects.filter(case_id__in=ids).values_list("pk", "case_id", "body"))
keys = [case_stream(i) for i in ids]
streams = {{s.key: s.last_id for s in LiveStream.objects.filter(key__in=keys)}}
print(json.dumps({{
    "comments": comments,
    "last_ids": {{str(i): streams.get(case_stream(i), 0) for i in ids}},
}}))
"""


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.0f} s] {message}", flush=True)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


class Recorder:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.examples: list[str] = []

    def ok(self, kind: str, seconds: float) -> None:
        self.latencies[kind].append(seconds)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < 5:
            self.examples.append(f"{kind}: {detail}")


class Member:
    def __init__(self, index: int, username: str, url: str, case: dict, other: dict) -> None:
        self.index = index
        self.username = username
        self.browser = Browser(url)
        self.case = case
        self.other = other
        self.follower: Follower | None = None
        self.posted: dict[str, float] = {}  # token -> time.time() the post was sent
        self.acked: set[str] = set()  # tokens of the posts the server confirmed


async def timed(recorder: Recorder, kind: str, call, check) -> bool:
    start = time.perf_counter()
    try:
        response = await call()
    except HttpError as error:
        recorder.error(kind, str(error))
        return False
    problem = check(response)
    if problem:
        recorder.error(kind, f"HTTP {response.status}: {problem}")
        return False
    recorder.ok(kind, time.perf_counter() - start)
    return True


def page_ok(response) -> str | None:
    return None if response.status == 200 else response.text[:200]


def json_ok(response) -> str | None:
    if response.status != 200:
        return response.text[:200]
    with contextlib.suppress(ValueError):
        if response.json().get("ok"):
            return None
    return response.text[:200]


async def member_loop(
    member: Member, info: dict, recorder: Recorder, stop_at: float, think: float
) -> None:
    pages = info["pages"]
    counter = itertools.count()
    reads = [
        ("home", pages["home"]),
        ("cases index", pages["cases"]),
        ("case page", member.case["url"]),
        ("board", pages["board"]),
        ("lessons index", pages["lessons"]),
    ]
    browser = member.browser
    while time.monotonic() < stop_at:
        for kind, path in reads:
            await timed(recorder, kind, lambda path=path: browser.get(path), page_ok)
            await asyncio.sleep(think)
            if time.monotonic() >= stop_at:
                return
        token = f"{member.index}-{next(counter)}"
        body = f"Reactie {token}: de regels sluiten niet op elkaar aan."
        member.posted[token] = time.time()
        if await timed(
            recorder,
            "post comment",
            lambda body=body: browser.post(
                f"/netwerk/casussen/{member.case['id']}/reacties/", {"body": body}
            ),
            json_ok,
        ):
            member.acked.add(token)
        await asyncio.sleep(think)
        await timed(
            recorder,
            "recognise",
            lambda: browser.post(
                f"/netwerk/casussen/{member.other['id']}/herken-ik/", {"note": ""}
            ),
            json_ok,
        )
        await asyncio.sleep(think)


async def log_in_all(members: list[Member], password: str, recorder: Recorder, limit: int) -> None:
    gate = asyncio.Semaphore(limit)

    async def one(member: Member) -> None:
        async with gate:
            await timed(
                recorder,
                "login",
                lambda: member.browser.login(member.username, password),
                lambda r: None,
            )

    await asyncio.gather(*(one(m) for m in members))


async def run(stack: Stack, args) -> int:
    prefix = f"b{uuid.uuid4().hex[:6]}-"
    say(f"Creating {args.members} members and {args.cases} cases (ORM)")
    info = stack.django_json(setup_code(members=args.members, cases=args.cases, prefix=prefix))
    cases = info["cases"]
    members = [
        Member(i, name, stack.url, cases[i % len(cases)], cases[(i + 1) % len(cases)])
        for i, name in enumerate(info["members"])
    ]
    recorder = Recorder()
    say(f"Logging in {len(members)} members ({args.login_concurrency} at a time)")
    started = time.monotonic()
    await log_in_all(members, info["password"], recorder, args.login_concurrency)
    say(f"Logged in in {time.monotonic() - started:.1f} s")
    if recorder.errors:
        say(f"Login errors: {recorder.examples}")
        return 1

    started = time.monotonic()
    gate = asyncio.Semaphore(args.connect_concurrency)

    async def follow(member: Member) -> None:
        async with gate:  # like page loads arriving, not 200 handshakes in one burst
            member.follower = Follower(member.browser, f"/ws/live/case/{member.case['id']}/")
            member.follower.start()
            await member.follower.ready.wait()

    await asyncio.wait_for(asyncio.gather(*(follow(m) for m in members)), args.connect_timeout)
    say(f"Followers connected in {time.monotonic() - started:.1f} s")
    joined = {m.index: m.follower.last_id for m in members}
    say(f"{len(members)} followers connected; measuring for {args.seconds} s")

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    window_start = time.monotonic()
    stop_at = window_start + args.seconds
    await asyncio.gather(
        *(member_loop(m, info, recorder, stop_at, args.think_ms / 1000) for m in members)
    )
    window = time.monotonic() - window_start
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    client_cpu = (
        cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    ) / window

    # Let the followers catch up, then compare with the database.
    case_ids = [c["id"] for c in cases]
    state = stack.django_json(DATABASE_STATE.format(case_ids=case_ids))
    deadline = time.monotonic() + args.drain_timeout
    while time.monotonic() < deadline and any(
        m.follower.last_id != state["last_ids"][str(m.case["id"])] for m in members
    ):
        await asyncio.sleep(0.2)
    for member in members:
        await member.follower.stop()
        await member.browser.close()

    comments_by_case: dict[int, set[int]] = defaultdict(set)
    token_of: dict[int, str] = {}
    for pk, case_id, body in state["comments"]:
        comments_by_case[case_id].add(pk)
        match = TOKEN.search(body)
        token_of[pk] = match.group(1) if match else ""
    sent_at = {token: t for m in members for token, t in m.posted.items()}
    stored_tokens = set(token_of.values())
    lost_events = duplicates = missed_comments = deliveries = 0
    delivery: list[float] = []
    for member in members:
        follower = member.follower
        last_id = state["last_ids"][str(member.case["id"])]
        ids = [e["id"] for e in follower.events]
        expected = set(range(joined[member.index] + 1, last_id + 1))
        lost_events += len(expected - set(ids))
        duplicates += follower.duplicates + len(ids) - len(set(ids))
        received = set()
        for event, at in zip(follower.events, follower.received_at, strict=True):
            if event["event"] == "comment.created":
                pk = event["data"]["comment"]
                received.add(pk)
                if token_of.get(pk) in sent_at:
                    delivery.append(at - sent_at[token_of[pk]])
        missed_comments += len(comments_by_case[member.case["id"]] - received)
        deliveries += len(follower.events)
    # A post the server confirmed must be stored (a failed one would be an error above).
    acked_missing = sum(len(m.acked - stored_tokens) for m in members)
    posted_attempts = sum(len(m.posted) for m in members)

    # --- report ---------------------------------------------------------------------------
    measured = {k: v for k, v in recorder.latencies.items() if k != "login"}
    total = sum(len(v) for v in measured.values()) + sum(
        n for k, n in recorder.errors.items() if k != "login"
    )
    print()
    print(f"{'kind':<14} {'count':>7} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8}")
    for kind in ["login", "home", "cases index", "case page", "board", "lessons index"] + [
        "post comment",
        "recognise",
    ]:
        values = recorder.latencies.get(kind, [])
        print(
            f"{kind:<14} {len(values):>7} {recorder.errors.get(kind, 0):>6} "
            f"{percentile(values, 0.5) * 1000:>8.0f} {percentile(values, 0.99) * 1000:>8.0f}"
        )
    errors = sum(recorder.errors.values())
    all_latencies = [x for v in measured.values() for x in v]
    print()
    print(f"throughput      {total / window:.1f} req/s over {window:.1f} s ({total} requests)")
    print(
        f"latency (all)   p50 {percentile(all_latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(all_latencies, 0.99) * 1000:.0f} ms"
    )
    print(
        f"live delivery   {deliveries} events to {len(members)} followers; comment post -> "
        f"follower p50 {percentile(delivery, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(delivery, 0.99) * 1000:.0f} ms"
    )
    print(
        f"lost events     {lost_events} (stream ids missing), {missed_comments} comments missed "
        f"by followers, {duplicates} duplicates, {acked_missing} confirmed posts not stored"
    )
    print(f"errors          {errors}" + (f"  e.g. {recorder.examples}" if errors else ""))
    print(f"client CPU      {client_cpu * 100:.0f} % of a core (the load generator itself)")
    print(f"comments        {len(state['comments'])} stored of {posted_attempts} posted")
    lost = lost_events + missed_comments + duplicates + acked_missing
    print()
    print(
        f"SUMMARY load: {len(members)} members x {window:.0f} s on {len(stack.daphnes)} Daphne "
        f"processes: {total / window:.1f} req/s, p50 {percentile(all_latencies, 0.5) * 1000:.0f}"
        f" ms, p99 {percentile(all_latencies, 0.99) * 1000:.0f} ms, {errors} errors, "
        f"{lost} lost events ({deliveries} live deliveries)"
    )
    return 0 if errors == 0 and lost == 0 else 1


class ExternalStack(Stack):
    """A stack started elsewhere (``scripts/production.sh --state-file FILE``)."""

    def __init__(self, state_file: Path) -> None:
        self.state_file = state_file
        self.state = json.loads(state_file.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--cases", type=int, default=10, help="cases the members spread over")
    parser.add_argument("--think-ms", type=float, default=0, help="pause between requests")
    parser.add_argument("--login-concurrency", type=int, default=8)
    parser.add_argument("--connect-concurrency", type=int, default=16)
    parser.add_argument("--connect-timeout", type=float, default=300)
    parser.add_argument("--drain-timeout", type=float, default=30)
    parser.add_argument(
        "--url",
        help="a running stack's URL; needs --state-file (its Django environment, for the ORM "
        "setup) unless this shell has that environment itself",
    )
    parser.add_argument("--state-file", type=Path, help="of scripts/production.sh --state-file")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    if args.state_file:
        stack = ExternalStack(args.state_file)
        return asyncio.run(run(stack, args))
    if args.url:
        stack = ExternalStack.__new__(ExternalStack)
        env = {k: v for k, v in os.environ.items() if k.isupper()}
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
        env.setdefault("PYTHONPATH", os.pathsep.join([str(REPO / "site"), str(REPO)]))
        stack.state = {"url": args.url, "env": env, "daphnes": []}
        stack.refresh = lambda: stack.state  # type: ignore[method-assign]
        return asyncio.run(run(stack, args))
    say("Starting the production profile (scripts/production.sh)")
    with production_stack(daphnes=2) as stack:
        say(f"Stack up at {stack.url}")
        return asyncio.run(run(stack, args))


if __name__ == "__main__":
    sys.exit(main())
