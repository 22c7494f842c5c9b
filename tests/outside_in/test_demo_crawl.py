"""Demo crawl per role: with the demo content (``manage.py load_demo``), every role (and an
anonymous visitor) follows every link and GET form it sees, from the home page, the plugin's
navigation and the Wagtail admin menu, breadth-first to depth 3 (at most 400 pages a role).

Nothing may answer 500 or show Django's debug page, and no role may be served a page that the
authorisation matrix (tests/test_authorisation_matrix.py) refuses it. The pages crawled per role
are printed (``-s``) and written to ``$TMPDIR/leernetwerk-demo-crawl.txt``.
"""

from __future__ import annotations

import os
import re
import tempfile

import pytest
from django.contrib.auth import get_user_model

from leernetwerk.kernel.roles import Role
from tests.outside_in.crawl import crawl

ANON, NO_ROLE, SUPERUSER = "anonymous", "no role", "superuser"

#: The demo login of each role (site/home/demo.py DEMO_USERS; README "Demo logins").
DEMO_LOGIN = {
    Role.PROFESSIONAL: "fatima",
    Role.MANAGER: "marieke",  # also mandate holder (DEMO_EXTRA_ROLES)
    Role.SESSION_ADMIN: "sander",
    Role.STUURGROEP: "ingrid",
    Role.EDITOR: "eva",
    Role.MANDATE_HOLDER: "lotte",
    Role.POLICY_OFFICER: "hanna",
    SUPERUSER: "beheer",
}
ROLES = [ANON, NO_ROLE, *DEMO_LOGIN]

START_URLS = [
    "/",
    "/casussen/",
    "/patronen/",
    "/leersessies/",
    "/lessen/",
    "/netwerk/casussen/mijn/",
    "/netwerk/casussen/precedenten/",
    "/netwerk/leren/actiepunten/",
    "/netwerk/leden/",
    "/netwerk/leden/meldingen/",
    "/netwerk/leren/mijn-agenda/",
    "/netwerk/leren/dashboard/",
    "/netwerk/leren/mijn-signalen/",
    "/netwerk/patronen/beleid/",
    "/netwerk/patronen/proeftuinen/",
    "/netwerk/patronen/trends/",
    "/admin/",
]
#: Bounds wide enough that no role reaches them on the demo data (measured: the superuser's whole
#: reachable site is 377 pages at depth 5; about two minutes for all roles); a run that hits the
#: budget says so in its report. Override: LEERNETWERK_CRAWL_BUDGET / LEERNETWERK_CRAWL_DEPTH.
MAX_DEPTH = int(os.environ.get("LEERNETWERK_CRAWL_DEPTH", "5"))
BUDGET = int(os.environ.get("LEERNETWERK_CRAWL_BUDGET", "600"))

# Literal paths (regular expressions on path+query) each role must never be served (200).
# Member-only areas of the plugin: the cases, the pattern board and the member pages.
MEMBER_ONLY = [
    r"^/casussen/",
    r"^/patronen/",
    r"^/netwerk/casussen/",
    r"^/netwerk/patronen/",
    r"^/netwerk/leden/(?!meldingen/|uitnodigingen/accepteren/)",
    r"^/netwerk/leren/(mijn-agenda/$|actiepunten/|beheer/|dashboard/|mijn-signalen/)",
    r"^/netwerk/leren/sessies/\d+/sessiemodus/",
    r"^/netwerk/leren/lessen/uit-patroon/",
    r"^/netwerk/leren/sessies/\d+/dilemma/",
    r"^/netwerk/leren/patronen/",
]
ADMIN = [r"^/admin/(?!login/|password_reset/)"]
# Wagtail's user, group and site management: only the superuser.
SUPERUSER_ONLY = [r"^/admin/(users|groups|sites)/"]
MANAGER_ONLY = [
    r"^/netwerk/casussen/\d+/inzage/",
    r"^/netwerk/leden/privacy/verzoeken/",
]
# Steps on the ladder and editing a pattern: managers, and the members seated at the pattern's
# table (the stuurgroep sits at the bestuurlijke table, so it is not listed for them).
PATTERN_STEPS = [r"^/netwerk/patronen/\d+/(bewerken|stap)/"]
SESSION_ADMIN_ONLY = [
    r"^/netwerk/leren/beheer/",
    r"^/netwerk/leren/sessies/\d+/sessiemodus/",
]
DASHBOARD = [r"^/netwerk/leren/dashboard/", r"^/netwerk/patronen/export\.csv"]
INVITATIONS = [r"^/netwerk/leden/uitnodigingen/(nieuw/)?$"]
DOORBRAAK_INBOX = [r"^/netwerk/casussen/doorbraken/$"]
# Drafting a version of a written agreement (issue #21): managers, the stuurgroep and policy
# officers.
REGISTER_DRAFT = [r"^/netwerk/patronen/register/\d+/nieuwe-versie/"]
# The policy inbox: policy officers, managers and the stuurgroep.
POLICY_INBOX = [r"^/netwerk/patronen/beleid/"]
# One thread (issue #22): a session's dilemma goes to the tables through the managers, the
# stuurgroep and who runs sessions; a stuurgroep's pattern goes on the bestuur's agenda through
# who sits at its table (the demo's policy officer sits at the ambtelijke stuurgroep) and the
# managers.
DILEMMA_TO_PATTERN = [r"^/netwerk/leren/sessies/\d+/dilemma/\d+/patroon/"]
BESTUUR_AGENDA = [r"^/netwerk/leren/patronen/\d+/bestuursagenda/"]
# Proeftuinen (issue #22): every member reads them; who may move a pattern at its table (the
# managers, and the members seated there) starts one from its solution or decision.
PROEFTUIN_START = [r"^/netwerk/patronen/\d+/proeftuin/nieuw/"]
# Trends in needs (issue #22): managers, policy officers and the stuurgroep.
TRENDS = [r"^/netwerk/patronen/trends/"]

FORBIDDEN: dict[str, list[str]] = {
    ANON: [
        *MEMBER_ONLY,
        *ADMIN,
        r"^/netwerk/leden/meldingen/",
        r"^/accounts/(password/change|2fa)/",
    ],
    NO_ROLE: [*MEMBER_ONLY, *ADMIN, *PATTERN_STEPS, *PROEFTUIN_START],
    Role.PROFESSIONAL: [
        *ADMIN,
        *REGISTER_DRAFT,
        *MANAGER_ONLY,
        *PATTERN_STEPS,
        *SESSION_ADMIN_ONLY,
        *DASHBOARD,
        *INVITATIONS,
        *DOORBRAAK_INBOX,
        *POLICY_INBOX,
        *DILEMMA_TO_PATTERN,
        *BESTUUR_AGENDA,
        *PROEFTUIN_START,
        *TRENDS,
    ],
    Role.MANAGER: [*SUPERUSER_ONLY, *SESSION_ADMIN_ONLY],
    Role.SESSION_ADMIN: [
        *SUPERUSER_ONLY,
        *REGISTER_DRAFT,
        *MANAGER_ONLY,
        *PATTERN_STEPS,
        *DASHBOARD,
        *DOORBRAAK_INBOX,
        *POLICY_INBOX,
        *BESTUUR_AGENDA,
        *PROEFTUIN_START,
        *TRENDS,
    ],
    # The demo's stuurgroep member holds the concern mandate in the mandaatregister (issue #21):
    # she decides doorbraken that go up the escalation line, so her inbox is open.
    Role.STUURGROEP: [
        *SUPERUSER_ONLY,
        *MANAGER_ONLY,
        *SESSION_ADMIN_ONLY,
        *INVITATIONS,
    ],
    Role.EDITOR: [
        *SUPERUSER_ONLY,
        *REGISTER_DRAFT,
        *MANAGER_ONLY,
        *PATTERN_STEPS,
        *SESSION_ADMIN_ONLY,
        *DASHBOARD,
        *INVITATIONS,
        *DOORBRAAK_INBOX,
        *POLICY_INBOX,
        *DILEMMA_TO_PATTERN,
        *BESTUUR_AGENDA,
        *PROEFTUIN_START,
        *TRENDS,
    ],
    Role.MANDATE_HOLDER: [
        *ADMIN,
        *REGISTER_DRAFT,
        *MANAGER_ONLY,
        *PATTERN_STEPS,
        *SESSION_ADMIN_ONLY,
        *DASHBOARD,
        *INVITATIONS,
        *POLICY_INBOX,
        *DILEMMA_TO_PATTERN,
        *BESTUUR_AGENDA,
        *PROEFTUIN_START,
        *TRENDS,
    ],
    # The demo's policy officer sits at the werktafel and the ambtelijke stuurgroep, so the
    # steps of patterns there are hers; she drafts versions but is no manager.
    Role.POLICY_OFFICER: [
        *SUPERUSER_ONLY,
        *MANAGER_ONLY,
        *SESSION_ADMIN_ONLY,
        *DASHBOARD,
        *INVITATIONS,
        *DOORBRAAK_INBOX,
        *DILEMMA_TO_PATTERN,
    ],
    SUPERUSER: [],
}

DEBUG_PAGE = re.compile(r"Traceback \(most recent call last\)|technical_500|<title>\w*Error at /")
SUMMARY_FILE = os.path.join(tempfile.gettempdir(), "leernetwerk-demo-crawl.txt")


@pytest.fixture
def demo(db):
    from home.demo import DemoLoader

    DemoLoader().run()


def login(client, role, make_user=None):
    """Log ``client`` in as the demo user of ``role`` (a fresh user for "no role")."""
    if role == ANON:
        return None
    if role == NO_ROLE:
        user = get_user_model().objects.create_user(
            username="zonder-rol", password="correct-horse-battery", email="zonder@example.test"
        )
    else:
        user = get_user_model().objects.get(username=DEMO_LOGIN[role])
    client.force_login(user)
    return user


def row_counts() -> dict[str, int]:
    """Rows per table: a crawl only reads, so only logs of reading may grow."""
    from django.db import connection

    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


#: Tables a GET may write to: sessions, the AVG log of who read a case, login/2FA traces,
#: Wagtail's record of admin UI state and its lazily made user profile, and the personal
#: calendar feed token made on the first visit of "my calendar", and when a member last opened a
#: case (the cases index's unread markers).
READ_LOGS = re.compile(
    r"calendarfeed|wagtailusers_userprofile|casevisit|"
    r"session|caseaccess|axes|otp|wagtailadmin_editingsession|wagtailcore_pagesubscription"
)


LIVE_EVENTS = "leernetwerk_kernel_liveevent"
OPEN_NOTIFICATION = re.compile(r"^/netwerk/leden/meldingen/\d+/ ")


def live_events() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(LIVE_EVENTS)}")  # noqa: S608
        return cursor.fetchone()[0]


def case_titles() -> list[str]:
    from leernetwerk.casework.models import CasePage

    return [title for title in CasePage.objects.values_list("title", flat=True) if len(title) > 15]


def problems(role, result, titles=()) -> list[str]:
    """What the crawl of ``role`` found wrong: 500s, debug pages, forbidden pages served."""
    found = []
    forbidden = [re.compile(p) for p in FORBIDDEN[role]]
    for url, visit in result.visits.items():
        via = f" (linked from {visit.referrer})" if visit.referrer else ""
        if visit.status >= 500:
            cause = f": {visit.error}" if visit.error else ""
            found.append(f"{role}: {url} answered {visit.status}{via}{cause}")
        if DEBUG_PAGE.search(visit.body):
            found.append(f"{role}: {url} shows Django's debug page{via}")
        if visit.status == 200 and any(p.search(url) for p in forbidden):
            found.append(f"{role}: {url} was served (200) but this role may not see it{via}")
        # Cases are for members: no title on any page an outsider reaches (the public calendar
        # shows an agenda's case item without its title).
        for title in titles:
            if title in visit.body:
                found.append(f"{role}: {url} shows the case title {title!r}{via}")
    return found


def record(role, result) -> str:
    statuses: dict[int, int] = {}
    for visit in result.visits.values():
        statuses[visit.status] = statuses.get(visit.status, 0) + 1
    reached = ", budget reached" if result.budget_exhausted else ""
    line = (
        f"demo crawl {role}: {len(result)} pages"
        f" (depth <= {MAX_DEPTH}, budget {BUDGET}{reached});"
        f" statuses {dict(sorted(statuses.items()))}"
    )
    print(line)  # noqa: T201 - the lead reads these counts (pytest -s)
    with open(SUMMARY_FILE, "w" if role == ROLES[0] else "a", encoding="utf-8") as summary:
        summary.write(line + "\n")
    return line


# The first database test of a worker also creates the database; a deeper run takes longer.
@pytest.mark.timeout(max(900, 2 * BUDGET))
@pytest.mark.django_db
def test_demo_crawl_every_role(demo):
    """One demo database for all roles (loading it per role would double the time)."""
    from django.test import Client

    found, lines = [], []
    for role in ROLES:
        client = Client()
        login(client, role)
        before = row_counts()
        events = {"count": live_events(), "by": []}

        def watch(visit, events=events):
            count = live_events()
            if count != events["count"]:
                events["by"].append(f"{visit.url} (+{count - events['count']})")
                events["count"] = count

        result = crawl(client, START_URLS, max_depth=MAX_DEPTH, budget=BUDGET, on_visit=watch)
        after = row_counts()
        # Opening a notification (a GET that redirects to its subject) marks it read, which the
        # member's other tabs hear of: the one GET that may write a live event.
        for by in events["by"]:
            line = f"{role}: GET {by} wrote live events"
            print(line)  # noqa: T201
            if not OPEN_NOTIFICATION.match(by):
                found.append(line)
        if all(OPEN_NOTIFICATION.match(by) for by in events["by"]):
            before.pop(LIVE_EVENTS, None)
            after.pop(LIVE_EVENTS, None)
        lines.append(record(role, result))
        for table in sorted(after):
            if after[table] != before.get(table) and not READ_LOGS.search(table):
                found.append(
                    f"{role}: following links (GET only) changed the rows of {table}:"
                    f" {before.get(table)} -> {after[table]}"
                )
        if len(result) <= 10:
            found.append(f"{role}: the crawl reached only {list(result.visits)}")
        found.extend(problems(role, result, case_titles() if role in (ANON, NO_ROLE) else ()))
    assert not found, "\n".join(found)
