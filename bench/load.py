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
    * loops: the home page, the cases index, its case's page, the pattern board, the lessons
      index, posts a comment on its case (the form's background post, ``Accept:
      application/json``) and toggles "herken ik" on another case, with a think time before
      every click: exponentially distributed with mean ``--think-ms`` (default 3,000 ms; each
      member also waits one think time before its first click, so they do not start in step).

    Why 3 s: a member reads what a click brought before the next click. Our pages are reading
    pages (a case with its discussion, a board of cards, a list of lessons), where people
    spend tens of seconds; 3 s is the short end, what someone skimming lists and clicking on
    spends, so the model errs on the busy side (more load per member than real use). The
    exponential distribution makes the members' clicks a Poisson stream instead of 200 loops
    in lock step. ``--think-ms 0`` is the closed loop of before: every member clicks again the
    moment an answer arrives, which measures the stack's capacity (latencies are queueing).

    After the fixed run, unless ``--no-knee``:

    * **the knee**: the member count at which p50 (over all requests) passes 300 ms. Steps of
      ``--knee-seconds`` (15) with 25, 50, 100, 150, 200, 300, 400 ... members up to
      ``--knee-max`` (300), the same loop and think time, stopping at the first step past
      300 ms. The members are the fixed run's, logged in already (more are logged in when a
      step needs them); the steps have no websocket followers (the posts still broadcast), so
      they measure the pages and posts only.

    Then, unless ``--no-ceiling``:

    * **the ceiling**: a vanilla ``wagtail start`` site (``bench/vanilla.py``, nothing of ours)
      served by as many Daphne processes as our stack, started by the production profile's own
      ``Daphne`` class (``scripts/production.py``: the same command line), on the stack's
      PostgreSQL server (a database of its own; SQLite when the stack's state does not give
      the database, e.g. with ``--url``: then it says so) and with the stack's Redis as cache.
      Its members are logged-in plain users (sessions made through the ORM) that request its
      home page only, with the same think time, for the same members and seconds, then the
      same knee steps (up to ``--knee-max``). No proxy in front of it: the members are spread
      over its Daphne ports directly, one hop fewer than ours behind nginx, so the ceiling errs
      high. It runs after ours, while our stack idles.

    Knee and ceiling are on by default for runs of 30 s or more and off for shorter (smoke)
    runs; ``--knee`` / ``--ceiling`` switch them on there.

    Professionals need no second factor (``LEERNETWERK_2FA_REQUIRED_ROLES`` lists the admin roles
    only) and correct logins never trip django-axes' rate limit (it counts failures), so the
    benchmark runs the production settings unchanged.

What it prints
    Requests per second over the window, p50 / p99 latency and errors per kind of request (errors
    must be 0), live delivery latency (a comment's post to its arrival at a follower), and lost
    events (must be 0): after the window every follower must hold every event of its stream
    exactly once (ids without gaps from where it joined to the stream's last id) and every
    comment posted on its case; then a one-line summary; then the knee and the ceiling (the
    vanilla site's req/s, p50, p99 and knee next to ours). Exit code 1 on errors or lost events
    in the fixed run.

    The clients run in one asyncio loop in this process and share the 2 cores with the servers;
    the client CPU and the machine's load average are printed so you can tell who set the pace.

How to run
    .venv/bin/python bench/load.py                          # 200 members, 60 s, knee, ceiling
    .venv/bin/python bench/load.py --members 20 --seconds 10   # smoke run (CI, about 1 min)
    .venv/bin/python bench/load.py --think-ms 0 --no-knee      # closed loop: capacity
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
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

sys.path.insert(0, str(REPO / "bench"))

import vanilla  # noqa: E402  (the wagtail start baseline)

from scripts.production import Daphne  # noqa: E402  (the production profile's command line)
from tests.production_stack import (  # noqa: E402
    Browser,
    Follower,
    HttpError,
    Stack,
    production_stack,
    setup_code,
)
from tests.servers import free_port  # noqa: E402

STARTED = time.monotonic()
KNEE_MS = 300
KNEE_STEPS = [25, 50, 100, 150, 200]  # then every 100 up to --knee-max
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


def think(mean: float) -> float:
    """A member's pause before a click: exponential with mean ``mean`` seconds (0: none)."""
    return random.expovariate(1 / mean) if mean > 0 else 0.0


async def pause(mean: float, stop_at: float) -> None:
    """Think, but not past the end of the window."""
    await asyncio.sleep(min(think(mean), max(0.0, stop_at - time.monotonic())))


async def member_loop(
    member: Member, info: dict, recorder: Recorder, stop_at: float, mean_think: float
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
    await pause(mean_think, stop_at)
    while time.monotonic() < stop_at:
        for kind, path in reads:
            await timed(recorder, kind, lambda path=path: browser.get(path), page_ok)
            await pause(mean_think, stop_at)
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
        await pause(mean_think, stop_at)
        if time.monotonic() >= stop_at:
            return
        await timed(
            recorder,
            "recognise",
            lambda: browser.post(
                f"/netwerk/casussen/{member.other['id']}/herken-ik/", {"note": ""}
            ),
            json_ok,
        )
        await pause(mean_think, stop_at)


async def page_loop(
    browser: Browser, path: str, recorder: Recorder, stop_at: float, mean_think: float
) -> None:
    """The ceiling's member: the vanilla site's home page, with the same think time."""
    await pause(mean_think, stop_at)
    while time.monotonic() < stop_at:
        await timed(recorder, "home", lambda: browser.get(path), page_ok)
        await pause(mean_think, stop_at)


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
    accounts = max(args.members, args.knee_max if args.knee else 0)
    say(f"Creating {accounts} members and {args.cases} cases (ORM)")
    info = stack.django_json(setup_code(members=accounts, cases=args.cases, prefix=prefix))
    cases = info["cases"]
    everyone = [
        Member(i, name, stack.url, cases[i % len(cases)], cases[(i + 1) % len(cases)])
        for i, name in enumerate(info["members"])
    ]
    members = everyone[: args.members]
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
    print(f"machine         load average {' / '.join(f'{x:.1f}' for x in os.getloadavg())}")
    code = 0 if errors == 0 and lost == 0 else 1
    ours = Figures(total / window, all_latencies, errors)

    if args.knee:
        say(f"The knee: steps of {args.knee_seconds:.0f} s up to {args.knee_max} members")
        logged_in = len(members)

        async def log_in_up_to(count: int) -> None:
            nonlocal logged_in
            if count > logged_in:  # before the step's window: logins are not browsing
                await log_in_all(
                    everyone[logged_in:count], info["password"], Recorder(), args.login_concurrency
                )
                logged_in = count

        async def our_step(count: int, recorder: Recorder, stop_at: float) -> None:
            await asyncio.gather(
                *(
                    member_loop(m, info, recorder, stop_at, args.think_ms / 1000)
                    for m in everyone[:count]
                )
            )

        ours.knee = await find_knee(our_step, args, prepare=log_in_up_to)
        for member in everyone:
            await member.browser.close()
    ceiling = await measure_ceiling(stack, args) if args.ceiling else None
    print_comparison(ours, ceiling, args)
    return code


@dataclass
class Figures:
    """One site's figures under the load model: the fixed run, then the knee steps."""

    rps: float
    latencies: list[float]
    errors: int
    knee: list[tuple[int, float, float, float, int]] = field(default_factory=list)

    def knee_text(self, limit: int) -> str:
        past = [step for step in self.knee if step[2] * 1000 > KNEE_MS]
        if past:
            below = [step[0] for step in self.knee if step[2] * 1000 <= KNEE_MS]
            return f"{past[0][0]} members" + (f" (under at {below[-1]})" if below else "")
        return f"> {limit} members (not reached)" if self.knee else "not measured"


def knee_steps(limit: int) -> list[int]:
    steps = [n for n in KNEE_STEPS if n <= limit]
    steps += list(range(300, limit + 1, 100))
    return steps or [limit]


async def find_knee(step, args, prepare=None) -> list[tuple[int, float, float, float, int]]:
    """Run ``step(count, recorder, stop_at)`` for growing member counts until p50 passes
    ``KNEE_MS`` (``prepare(count)`` first, outside the window); (members, req/s, p50 s, p99 s,
    errors) per step."""
    results = []
    for count in knee_steps(args.knee_max):
        if prepare is not None:
            await prepare(count)
        recorder = Recorder()
        start = time.monotonic()
        await step(count, recorder, start + args.knee_seconds)
        window = time.monotonic() - start
        values = [x for k, v in recorder.latencies.items() if k != "login" for x in v]
        errors = sum(n for k, n in recorder.errors.items() if k != "login")
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        results.append((count, (len(values) + errors) / window, p50, p99, errors))
        say(
            f"  {count:>4} members: {results[-1][1]:6.1f} req/s, p50 {p50 * 1000:6.0f} ms, "
            f"p99 {p99 * 1000:6.0f} ms, {errors} errors"
        )
        if p50 * 1000 > KNEE_MS:
            break
    return results


async def measure_ceiling(stack: Stack, args) -> Figures:
    """The vanilla wagtail start site on the same kind of stack (see the module docstring)."""
    database_url = stack.state.get("database_url", "")
    if not database_url:
        say("The ceiling: the stack's database is unknown (--url): the vanilla site uses SQLite")
    processes = max(1, len(stack.state.get("daphnes", [])))
    with contextlib.ExitStack() as exit_stack:
        site = exit_stack.enter_context(
            vanilla.vanilla_site(
                database_url=database_url, redis_url=stack.state.get("redis_url", "")
            )
        )
        accounts = max(args.members, args.knee_max if args.knee else 0)
        keys = site.member_sessions(accounts)
        daphnes = [Daphne(i, free_port(), site.env, site.folder) for i in range(processes)]
        for daphne in daphnes:
            daphne.spawn()
            exit_stack.callback(stop_process, daphne.process)
        for daphne in daphnes:
            daphne.wait()
        say(
            f"The ceiling: vanilla wagtail start on {processes} Daphne processes "
            f"({site.database_url.split(':', 1)[0]}); {args.members} members x {args.seconds:.0f} s"
        )
        browsers = []
        for i, key in enumerate(keys):
            browser = Browser(f"http://127.0.0.1:{daphnes[i % processes].port}")
            browser.cookies["sessionid"] = key
            browsers.append(browser)
        first = await browsers[0].get("/")
        if first.status != 200:
            raise RuntimeError(f"the vanilla home page: HTTP {first.status}")

        async def step(count: int, recorder: Recorder, stop_at: float) -> None:
            await asyncio.gather(
                *(
                    page_loop(b, "/", recorder, stop_at, args.think_ms / 1000)
                    for b in browsers[:count]
                )
            )

        recorder = Recorder()
        start = time.monotonic()
        await step(args.members, recorder, start + args.seconds)
        window = time.monotonic() - start
        values = recorder.latencies["home"]
        errors = sum(recorder.errors.values())
        figures = Figures((len(values) + errors) / window, values, errors)
        if errors:
            say(f"Ceiling errors: {recorder.examples}")
        if args.knee:
            say("The ceiling's knee")
            figures.knee = await find_knee(step, args)
        for browser in browsers:
            await browser.close()
    return figures


def stop_process(process) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except Exception:
            process.kill()


def print_comparison(ours: Figures, ceiling: Figures | None, args) -> None:
    if not args.knee and ceiling is None:
        return
    think_text = (
        f"think time exp. mean {args.think_ms:.0f} ms" if args.think_ms else "no think time"
    )
    print()
    print(
        f"Ours next to the ceiling (vanilla wagtail start home page, same stack kind), "
        f"{args.members} members x {args.seconds:.0f} s, {think_text}; knee = members at which "
        f"p50 passes {KNEE_MS} ms (steps of {args.knee_seconds:.0f} s, up to {args.knee_max}):"
    )
    rows = [("ours (all kinds)", ours)] + ([("ceiling (vanilla)", ceiling)] if ceiling else [])
    print(f"{'':<18} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6}  knee")
    for name, fig in rows:
        print(
            f"{name:<18} {fig.rps:7.1f} {percentile(fig.latencies, 0.5) * 1000:7.0f} "
            f"{percentile(fig.latencies, 0.99) * 1000:7.0f} {fig.errors:>6}  "
            f"{fig.knee_text(args.knee_max) if args.knee else 'not measured (--no-knee)'}"
        )
    for name, fig in rows:
        if fig.knee:
            steps = ", ".join(
                f"{n}: {p50 * 1000:.0f} ms ({r:.0f} req/s)" for n, r, p50, _p99, _e in fig.knee
            )
            print(f"  knee steps {name}: {steps}")
    print(
        f"(a shared 2-core machine: load average "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end)"
    )


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
    parser.add_argument(
        "--think-ms",
        type=float,
        default=3000,
        help="mean think time before a click, exponential (0: closed loop, capacity)",
    )
    parser.add_argument(
        "--knee",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"step the member count until p50 passes {KNEE_MS} ms (default: runs >= 30 s)",
    )
    parser.add_argument(
        "--ceiling",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="measure a vanilla wagtail start site the same way (default: runs >= 30 s)",
    )
    parser.add_argument("--knee-max", type=int, default=300, help="most members in a knee step")
    parser.add_argument("--knee-seconds", type=float, default=15, help="length of a knee step")
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
    if args.knee is None:
        args.knee = args.seconds >= 30
    if args.ceiling is None:
        args.ceiling = args.seconds >= 30
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
