"""Canary privacy sweep: text that was removed, hidden, edited, anonymised or erased is gone
from every surface a reader who may not see it can reach.

1. Plant a unique canary in every text field of a case (title, every situation/need field,
   tags), a comment, a reply, a recognition note, a doorbraak, an MDO agreement and its check,
   the closing evaluation, a precedent, session minutes (shown in a pattern's thread too), an
   agenda presenter (who also owns and writes in a proeftuin the case is in), a member profile
   and an erasure request, what a policy officer follows, a draft case and an unpublished title.
2. Remove them through the real flows (the services the views call): the author removes a
   comment and a reply, a manager hides a comment, the author edits a comment, a member takes
   back a recognition, whoever marked a precedent removes it, the session administrator
   corrects the minutes, the retention run anonymises the case, a manager confirms an erasure.
   Draft texts stay drafts.
3. Search for each canary everywhere: pages crawled as anonymous and as every role, the host's
   search (``/search/`` and ``Page.objects.live().search`` as a ``wagtail start`` host does),
   feeds (RSS, ICS), the sitemap, the API, admin choosers, admin search, bulk-action pages and
   reports (site history and its CSV) as the admin roles, websocket replay from id 0 (``?since=0``
   and ``{"type": "resume", "since": 0}``), every member's notifications, the e-mails sent after
   the removal, every member's data export, and a scan of every database table where the flow
   promises removal.

One assertion lists every leak (canary x surface); the number of cells checked is printed.
"""

from __future__ import annotations

import json
import random
import string
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote

import pytest
from asgiref.sync import async_to_sync
from django.core import mail
from django.db import connection
from django.test import Client
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from tests.outside_in.crawl import crawl
from tests.toets import REQUEST_TOETS

ANON, NO_ROLE, SUPERUSER = "anonymous", "no role", "superuser"
PAGE_ROLES = [
    ANON,
    NO_ROLE,
    Role.PROFESSIONAL,
    Role.MANAGER,
    Role.SESSION_ADMIN,
    Role.STUURGROEP,
    Role.EDITOR,
    Role.MANDATE_HOLDER,
    Role.POLICY_OFFICER,
    SUPERUSER,
]
ADMIN_ROLES = [Role.MANAGER, Role.SESSION_ADMIN, Role.STUURGROEP, Role.EDITOR, SUPERUSER]
#: Who may still read a draft: its author, managers and the superuser.
DRAFT_READERS = frozenset({"author", Role.MANAGER, SUPERUSER})
#: Who may still read a hidden comment: the moderators.
MODERATORS = frozenset({Role.MANAGER, SUPERUSER})

CRAWL_DEPTH = 2
CRAWL_BUDGET = 40


#: Every canary has this word in it, so one search finds them all.
WORD = "kanarie"


def canary(surface: str) -> str:
    """``kanarie-<surface>-<10 letters>``: unique, and let through by the privacy guard (letters
    only: no number looks like a BSN). The 10 letters alone identify it (a slug, an escaped
    title, a lowercased tag all keep them)."""
    letters = "".join(random.choices(string.ascii_lowercase, k=10))  # noqa: S311
    return f"{WORD}-{surface}-{letters}"


def token(value: str) -> str:
    return value.rsplit("-", 1)[-1].rsplit("@", 1)[0][-10:].lower()


@dataclass
class Canary:
    where: str  # the text field it was planted in
    value: str
    flow: str  # the real flow that takes it away
    may_read: frozenset = frozenset()  # readers (roles, "author") still entitled afterwards
    gone_from_database: bool = True  # the flow promises the text is removed, not only hidden


@dataclass
class Surface:
    name: str
    reader: str  # a role, "author", or "everyone"
    text: str
    database: bool = False
    notes: list[str] = field(default_factory=list)


def _case_text_fields():
    """Every free-text field of a case page (the case's own fields, and the title)."""
    from django.db import models
    from wagtail.models import Page

    from leernetwerk.casework.models import CasePage

    own = [
        f.name
        for f in CasePage._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField)
        and not f.choices
        and f.model is CasePage
        and f.editable
    ]
    assert Page._meta.get_field("title")
    return ["title", *own]


@pytest.fixture
def world(network, make_user):
    """Members of every role and the planted canaries (before any removal flow)."""
    from django.contrib.auth import get_user_model

    users = {role: make_user(role) for role in PAGE_ROLES if role not in {ANON, NO_ROLE, SUPERUSER}}
    users[NO_ROLE] = make_user(None)
    users[SUPERUSER] = get_user_model().objects.create_superuser(
        username="sweep-admin", email="sweep-admin@example.test", password="correct-horse-battery"
    )
    users["author"] = make_user(Role.PROFESSIONAL)
    users["colleague"] = make_user(Role.PROFESSIONAL)
    users["mandate"] = make_user(Role.MANDATE_HOLDER)
    erased_last = "Kanarie" + token(canary("achternaam")).capitalize()
    users["erased"] = make_user(
        Role.PROFESSIONAL,
        first_name="Kanarie",
        last_name=erased_last,
        email=f"{canary('email')}@example.test",
        username=canary("gebruikersnaam"),
    )
    return {"users": users, "network": network, "erased_last": erased_last}


def plant(world) -> tuple[list[Canary], dict]:
    from leernetwerk.casework import services
    from leernetwerk.kernel.members.privacy import erasure_request_create
    from leernetwerk.kernel.members.services import profile_update
    from leernetwerk.learning.models import LearningSessionPage
    from leernetwerk.learning.sessions import services as sessions

    users, network = world["users"], world["network"]
    author, colleague = users["author"], users["colleague"]
    canaries: list[Canary] = []
    refs: dict = {}

    def add(where, flow, **options) -> str:
        value = canary(where.replace(".", "").replace("_", ""))
        canaries.append(Canary(where=where, value=value, flow=flow, **options))
        return value

    # A case with a canary in every text field and a tag; its discussion and a doorbraak.
    retention = "anonymised by the retention run"
    data = {name: add(f"case.{name}", retention) for name in _case_text_fields()}
    data["tags"] = [add("case.tag", retention)]
    data["consent_given"] = True
    case = services.case_save(user=author, data=data, index=network["cases"], publish_now=True)
    comment = services.comment_create(
        case=case, author=colleague, body=f"<p>{add('case.comment', retention)}</p>"
    )
    services.comment_create(
        case=case, author=author, body=f"<p>{add('case.reply', retention)}</p>", parent=comment
    )
    services.recognition_add(
        case=case, user=users[Role.MANAGER], note=add("case.recognition_note", retention)
    )
    doorbraak = services.doorbraak_request(
        case=case,
        user=author,
        kind="deviation",
        rule=add("doorbraak.rule", retention),
        proposal=add("doorbraak.proposal", retention),
        reasons=add("doorbraak.reasons", retention),
        mandate_holder=users["mandate"],
        # The omgekeerde toets (issue #21): the professional's four steps…
        **{name: add(f"doorbraak.{name}", retention) for name in REQUEST_TOETS},
    )
    services.doorbraak_decide(
        doorbraak=doorbraak,
        user=users["mandate"],
        reason=add("doorbraak.decision_reason", retention),
        # …and the mandate holder's legal check and conditions.
        toets_legal=add("doorbraak.toets_legal", retention),
        toets_outcome="conditions",
        toets_conditions=add("doorbraak.toets_conditions", retention),
    )
    # Its MDO agreement (checked: not done) and its closing evaluation (issue #20).
    agreement = services.agreement_add(
        case=case,
        user=author,
        what=add("agreement.what", retention),
        party="resident",
        owner=colleague,
    )
    services.agreement_check(
        agreement=agreement,
        user=colleague,
        outcome="not_done",
        note=add("agreement.check_note", retention),
    )
    services.case_close(
        case=case,
        user=author,
        worked=add("closing.worked", retention),
        did_not_work=add("closing.did_not_work", retention),
    )
    # A precedent from its doorbraak decision: its statement is the member's own, general
    # (no canary), and it outlives the case (ADR 0017).
    services.precedent_create(
        case=case,
        user=colleague,
        source="doorbraak",
        doorbraak=doorbraak,
        title="Een voorschot overbrugt de wachttijd",
        weighed="Wachten tegen een huurachterstand.",
        why="Bestaanszekerheid.",
    )
    refs["anonymised case"] = case

    # A case that stays, with a discussion whose texts are removed, hidden or edited.
    kept = services.case_save(
        user=author,
        data={
            "title": "Een casus die blijft",
            "situation": "Een huishouden loopt vast tussen twee regelingen.",
            "knelpunt": "De regels sluiten niet op elkaar aan.",
            "maatwerk": "Een voorschot op de eerste betaling.",
            "consent_given": True,
        },
        index=network["cases"],
        publish_now=True,
    )
    refs["kept case"] = kept
    # A precedent of its maatwerk, removed again by whoever marked it (issue #20).
    removed = "removed by whoever marked it"
    refs["precedent"] = services.precedent_create(
        case=kept,
        user=colleague,
        source="maatwerk",
        title=add("precedent.title", removed),
        weighed=add("precedent.weighed", removed),
        rule=add("precedent.rule", removed),
        why=add("precedent.why", removed),
        mandate=add("precedent.mandate", removed),
    )
    refs["removed"] = services.comment_create(
        case=kept,
        author=colleague,
        body=f"<p>{add('comment.body', 'removed by its author')}</p>",
    )
    hidden = add(
        "comment.body",
        "hidden by a manager",
        may_read=MODERATORS | {"colleague"},  # its author keeps it (own data export)
        gone_from_database=False,
    )
    refs["hidden"] = services.comment_create(case=kept, author=colleague, body=f"<p>{hidden}</p>")
    refs["edited"] = services.comment_create(
        case=kept, author=colleague, body=f"<p>{add('comment.body', 'edited by its author')}</p>"
    )
    parent = services.comment_create(case=kept, author=author, body="<p>Een vraag.</p>")
    refs["reply"] = services.comment_create(
        case=kept,
        author=colleague,
        body=f"<p>{add('reply.body', 'removed by its author')}</p>",
        parent=parent,
    )
    services.recognition_add(
        case=kept, user=colleague, note=add("recognition.note", "taken back by its member")
    )
    services.comment_create(
        case=kept, author=users["erased"], body="<p>Een bijdrage van een lid dat vertrekt.</p>"
    )

    # A draft case and an unpublished title edit: only the author and managers may read them.
    draft = services.case_save(
        user=author,
        data={
            "title": add(
                "draft.title", "never published", may_read=DRAFT_READERS, gone_from_database=False
            ),
            "situation": add(
                "draft.situation",
                "never published",
                may_read=DRAFT_READERS,
                gone_from_database=False,
            ),
            "knelpunt": "De regels sluiten niet op elkaar aan.",
        },
        index=network["cases"],
    )
    refs["draft"] = draft
    services.case_save(
        user=author,
        case=kept,
        data={
            "title": add(
                "case.title_edit",
                "unpublished edit",
                may_read=DRAFT_READERS,
                gone_from_database=False,
            )
        },
    )

    # A leersessie: a member of the network presents; minutes written, then corrected.
    erased = users["erased"]
    start = timezone.now() + timedelta(days=7)
    session = network["sessions"].add_child(
        instance=LearningSessionPage(
            title="Leersessie uitvoering",
            slug="leersessie-sweep",
            level="uitvoering",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
        )
    )
    session.agenda = [
        {
            "type": "theme",
            "value": {
                "title": "Wachttijden",
                "description": "Wat zien we?",
                "time_box": 20,
                "presenter": erased.get_full_name(),
            },
        },
        {
            "type": "case",
            "value": {
                "case": kept.pk,
                "question": "Wat had eerder gekund?",
                "time_box": 20,
                "presenter": "",
            },
        },
    ]
    session.save_revision(user=users[Role.SESSION_ADMIN]).publish(user=users[Role.SESSION_ADMIN])
    session = LearningSessionPage.objects.get(pk=session.pk)
    refs["session"] = session
    sessions.session_open(session=session, user=users[Role.SESSION_ADMIN])
    item = session.agenda[0].id
    refs["minutes item"] = item
    sessions.minute_save(
        session=session,
        user=users[Role.SESSION_ADMIN],
        item_id=item,
        text=add("minutes.text", "corrected by the session administrator"),
    )
    # The minutes' item raised a dilemma that became a pattern (issue #22): the pattern's page
    # shows the minutes in its thread, so the correction must reach it as well.
    dilemma = sessions.dilemma_record(
        session=session,
        user=users[Role.SESSION_ADMIN],
        item_id=item,
        text="Geen mandaat om de wachttijd te overbruggen.",
    )
    sessions.dilemma_to_pattern(
        dilemma=dilemma, user=users[Role.MANAGER], title="Mandaat bij wachttijden"
    )

    # The case is in a proeftuin (issue #22) that the member owns and writes in: its page lists
    # the case's title and the log names the member, so anonymising and erasing must reach it.
    from leernetwerk.patterns import proeftuin as proeftuinen
    from leernetwerk.patterns import services as pattern_services

    tried = pattern_services.pattern_create(
        user=users[Role.MANAGER], title="Voorschot bij wachttijd", description="Schulden."
    )
    pattern_services.pattern_link_case(pattern=tried, case=case, user=users[Role.MANAGER])
    pattern_services.pattern_transition(pattern=tried, user=users[Role.MANAGER], action="take_up")
    pattern_services.pattern_transition(
        pattern=tried, user=users[Role.MANAGER], action="solve", text="Voorschot geven."
    )
    proeftuin = proeftuinen.proeftuin_start(
        pattern=tried,
        user=users[Role.MANAGER],
        decision=proeftuinen.starting_decisions(tried).first(),
        title="Voorschot in Zuid",
        hypothesis="Geen huurachterstand in de wachttijd.",
        owner=erased,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=90),
    )
    proeftuinen.proeftuin_add_cases(proeftuin=proeftuin, user=erased, cases=[case])
    proeftuinen.proeftuin_note(proeftuin=proeftuin, user=erased, text="De eerste week loopt.")
    refs["proeftuin"] = proeftuin

    # A member's profile and erasure request; the member is also the presenter above.
    erasure = "erased at the member's request"
    canaries.append(
        Canary("member.last_name (agenda presenter, comments)", world["erased_last"], erasure)
    )
    canaries.append(Canary("member.email", erased.email, erasure))
    canaries.append(Canary("member.username", erased.username, erasure))
    profile_update(
        user=erased,
        data={
            "display_name": f"Kanarie {token(add('profile.display_name', erasure)).capitalize()}",
            "function": add("profile.function", erasure),
        },
    )
    # The member is also a policy officer who follows a theme (issue #21): what they follow is
    # theirs and goes with them.
    from leernetwerk.kernel.roles import role_group
    from leernetwerk.patterns import policy

    erased.groups.add(role_group(Role.POLICY_OFFICER))
    as_officer = type(erased).objects.get(pk=erased.pk)  # the object keeps its roles of before
    policy.watch_set(user=as_officer, laws=[], tags=add("policywatch.tags", erasure))
    refs["erasure"] = erasure_request_create(user=erased, reason=add("erasure.reason", erasure))
    return canaries, refs


def remove(world, refs) -> None:
    """The real flows: services the views call (and the retention command's)."""
    from leernetwerk.casework import services
    from leernetwerk.casework.models import CasePage
    from leernetwerk.kernel.members.privacy import erasure_confirm
    from leernetwerk.learning.sessions import services as sessions

    users = world["users"]
    colleague = users["colleague"]
    refs["precedent url"] = refs["precedent"].get_absolute_url()
    services.precedent_remove(precedent=refs["precedent"], user=colleague)
    services.comment_remove(comment=refs["removed"], user=colleague)
    services.comment_hide(comment=refs["hidden"], manager=users[Role.MANAGER], reason="Moderatie")
    services.comment_edit(comment=refs["edited"], user=colleague, body="<p>Aangepaste reactie.</p>")
    services.comment_remove(comment=refs["reply"], user=colleague)
    services.recognition_remove(case=refs["kept case"], user=colleague)
    sessions.minute_save(
        session=refs["session"],
        user=users[Role.SESSION_ADMIN],
        item_id=refs["minutes item"],
        text="Gecorrigeerde notulen.",
    )
    CasePage.objects.filter(pk=refs["anonymised case"].pk).update(
        retention_date=timezone.localdate() - timedelta(days=1)
    )
    from django.core.management import call_command

    call_command("apply_case_retention", verbosity=0)
    erasure_confirm(request=refs["erasure"], by=users[Role.MANAGER])


# --- surfaces ----------------------------------------------------------------------------------


def _client(world, reader) -> Client:
    client = Client(raise_request_exception=False)
    if reader != ANON:
        client.force_login(world["users"][reader])
    return client


def _get(client, url) -> str:
    response = client.get(url)
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    text = body.decode("utf-8", errors="replace")
    return label(f"{url} -> {response.status_code}") + without_echo(text, url)


def page_surfaces(world, refs, start_urls) -> list[Surface]:
    found = []
    for role in PAGE_ROLES:
        client = _client(world, role)
        result = crawl(client, start_urls, max_depth=CRAWL_DEPTH, budget=CRAWL_BUDGET)
        text = "".join(
            label(f"{url} -> {v.status}") + without_echo(f"{v.location}\n{v.body}", url)
            for url, v in result.visits.items()
        )
        found.append(Surface(f"pages as {role} ({len(result)} crawled)", role, text))
    return found


def search_surfaces(world, canaries) -> list[Surface]:
    from wagtail.models import Page

    found = []
    for role in PAGE_ROLES:
        client = _client(world, role)
        urls = [f"/search/?query={WORD}"]
        if role == ANON:
            urls += [f"/search/?query={quote(c.value)}" for c in canaries]
        text = "\n".join(_get(client, url) for url in urls)
        found.append(Surface(f"host search /search/?query= as {role}", role, text))
    # What ``wagtail start``'s search view shows anyone: the live pages that match.
    hits = []
    for c in canaries:
        for query in (c.value, token(c.value)):
            for page in Page.objects.live().search(query):
                # A hit for the canary's own word: the index still finds it, and the page.
                hits.append(f"{c.value} -> {page.title} {page.url}")
    found.append(
        Surface("Page.objects.live().search (wagtail start /search/)", ANON, "\n".join(hits))
    )
    return found


def public_surfaces(world, refs, canaries) -> list[Surface]:
    client = _client(world, ANON)
    session = refs["session"]
    feeds = [
        "/lessen/feed/",
        "/netwerk/leren/agenda.ics",
        f"/netwerk/leren/sessies/{session.pk}/agenda.ics",
    ]
    member = _client(world, Role.PROFESSIONAL)
    from leernetwerk.learning.sessions.services import calendar_feed_for

    personal = calendar_feed_for(world["users"][Role.PROFESSIONAL])
    api = ["/api/v2/lessons/", f"/api/v2/lessons/?search={WORD}", "/api/v2/pages/"]
    return [
        Surface("feeds (RSS, ICS) as anonymous", ANON, "\n".join(_get(client, u) for u in feeds)),
        Surface(
            "feeds (ICS) as a professional",
            Role.PROFESSIONAL,
            "\n".join(
                _get(member, u)
                for u in [*feeds, f"/netwerk/leren/mijn-agenda/{personal.token}.ics"]
            ),
        ),
        Surface("sitemap.xml", ANON, _get(client, "/sitemap.xml")),
        Surface("API /api/v2/", ANON, "\n".join(_get(client, u) for u in api)),
    ]


def admin_surfaces(world, refs, canaries) -> list[Surface]:
    from leernetwerk.casework.models import CaseIndexPage

    index = CaseIndexPage.objects.get()
    pages = [refs["anonymised case"].pk, refs["kept case"].pk, refs["draft"].pk]
    ids = "&".join(f"id={pk}" for pk in pages)
    found = []
    for role in ADMIN_ROLES:
        client = _client(world, role)
        choosers = [
            "/admin/choose-page/",
            f"/admin/choose-page/{index.pk}/",
            f"/admin/choose-page/search/?q={WORD}",
            f"/admin/choose-page/?q={WORD}",
            f"/admin/pages/search/?q={WORD}",
            f"/admin/pages/{index.pk}/",
        ]
        found.append(
            Surface(
                f"admin choosers and search as {role}",
                role,
                "\n".join(_get(client, u) for u in choosers),
            )
        )
        bulk = [
            f"/admin/bulk/wagtailcore/page/{action}/?{ids}&next=/admin/"
            for action in ("delete", "publish", "unpublish", "move")
        ]
        found.append(
            Surface(f"admin bulk actions as {role}", role, "\n".join(_get(client, u) for u in bulk))
        )
        reports = [
            "/admin/reports/site-history/",
            "/admin/reports/site-history/?export=csv",
            "/admin/reports/site-history/?export=xlsx",
            "/admin/reports/aging-pages/",
            "/admin/reports/aging-pages/?export=csv",
            "/admin/reports/locked/",
            "/admin/reports/workflow/",
            *[f"/admin/pages/{pk}/history/" for pk in pages],
        ]
        found.append(
            Surface(
                f"admin reports (site history, CSV) as {role}",
                role,
                "\n".join(_get(client, u) for u in reports),
            )
        )
    return found


def websocket_surfaces(world, refs, monkeypatch) -> list[Surface]:
    """Replay every stream from id 0 through the real ASGI stack. This test's database lives in
    one transaction on this thread: Channels' connection clean-up around each database call
    would close it, so that clean-up (only) is switched off here."""
    import channels.db

    from tests.websocket import connect

    monkeypatch.setattr(channels.db, "close_old_connections", lambda **kwargs: None)

    streams = [
        f"/ws/live/case/{refs['anonymised case'].pk}/",
        f"/ws/live/case/{refs['kept case'].pk}/",
        f"/ws/live/session/{refs['session'].pk}/",
        "/ws/live/board/",
        "/ws/live/notifications/",
    ]

    async def replay(user) -> str:
        frames = []
        for path in streams:
            for how in ("query", "resume"):
                communicator = await connect(path + ("?since=0" if how == "query" else ""), user)
                try:
                    if how == "resume":
                        await communicator.send_json_to({"type": "resume", "since": 0})
                    closed = False
                    # receive_nothing waits without cancelling the consumer (a timed-out
                    # receive_output would).
                    while not closed and not await communicator.receive_nothing(timeout=0.5):
                        output = await communicator.receive_output(timeout=5)
                        frames.append(label(f"{path} {how}") + str(output))
                        closed = output.get("type") == "websocket.close"
                finally:
                    if not communicator.future.done():
                        await communicator.disconnect()
        return "\n".join(frames)

    found = []
    for role in (Role.PROFESSIONAL, Role.MANAGER):
        text = async_to_sync(replay)(world["users"][role])
        found.append(Surface(f"websocket replay from id 0 as {role}", role, text))
    return found


def member_surfaces(world) -> list[Surface]:
    from django.contrib.auth import get_user_model

    from leernetwerk.kernel.members.privacy import member_export
    from leernetwerk.kernel.models import Notification
    from leernetwerk.kernel.notifications import render_notification

    users = world["users"]
    role_of = {user.pk: name for name, user in users.items()}
    found = []
    for user in get_user_model().objects.order_by("pk"):
        reader = role_of.get(user.pk, "someone")
        rows = Notification.objects.filter(user=user)
        if rows.exists():
            text = "\n".join(
                f"{n.title} {n.body} {n.url} {json.dumps(getattr(n, 'params', None), default=str)} "
                f"{render_notification(n)}"
                for n in rows
            )
            found.append(Surface(f"notifications of {reader}", reader, text))
        if user.is_active:
            export = json.dumps(member_export(user=user), default=str, ensure_ascii=False)
            found.append(Surface(f"data export of {reader}", reader, export))
    for message in mail.outbox:
        parts = [
            message.subject,
            message.body,
            *(a[0] for a in getattr(message, "alternatives", [])),
        ]
        reader = next(
            (role_of[u.pk] for u in get_user_model().objects.filter(email__in=message.to)),
            "someone",
        )
        found.append(
            Surface(f"e-mail to {reader}: {message.subject[:40]}", reader, "\n".join(parts))
        )
    return found


def database_surface() -> Surface:
    """Every row of every table, as text (what a database dump holds)."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.append(label(table) + " | ".join(str(value) for value in row))
    return Surface("database (every table)", "nobody", "\n".join(chunks), database=True)


def _entitled(canary: Canary, reader: str) -> bool:
    return reader in canary.may_read


def without_echo(body: str, url: str) -> str:
    """The answer without the URL we asked for (a page may repeat its own address, e.g. in the
    language switch's ``next``): a canary we put in the query or an old address is not a leak."""
    from html import escape
    from urllib.parse import quote, unquote

    plain = {url, unquote(url)}
    # As a login link's ?next= (quoted once more) and inside HTML attributes.
    quoted = {quote(u, safe=safe) for u in plain for safe in ("", "/")}
    echoes = {*plain, *quoted}
    echoes |= {escape(echo) for echo in echoes}
    for echo in sorted(echoes, key=len, reverse=True):
        body = body.replace(echo, "")
    return body


def label(text: str) -> str:
    """Marks where a part of a surface comes from (a URL, a table): not searched itself, so a
    canary in the URL we asked for is not a leak, and a leak names its URL or table."""
    return f"\x1e{text}\x1f"


def find(token_: str, text: str) -> str | None:
    """Where ``token_`` occurs in ``text``: the part's label and a little context."""
    for chunk in text.split("\x1e"):
        where, sep, body = chunk.partition("\x1f")
        if not sep:
            where, body = "", chunk
        at = body.lower().find(token_)
        if at >= 0:
            context = " ".join(body[max(0, at - 60) : at + 40].split())
            return f"{where}: …{context}…"
    return None


@pytest.mark.timeout(600)  # the first database test of a worker also creates the database
@pytest.mark.django_db
def test_removed_text_is_gone_from_every_surface(world, monkeypatch):
    canaries, refs = plant(world)
    stored = database_surface()
    not_planted = [c.where for c in canaries if find(token(c.value), stored.text) is None]
    assert not not_planted, f"these canaries never reached the database: {not_planted}"
    old_urls = [refs["anonymised case"].url, refs["draft"].url]
    mail.outbox.clear()  # what was sent while the text was readable is not the question here
    remove(world, refs)

    from leernetwerk.patterns.models import NeedCategory

    start_urls = [
        "/",
        "/admin/",
        *[u for u in old_urls if u],
        refs["kept case"].url,
        refs["session"].url,
        "/netwerk/leden/",
        "/netwerk/leden/meldingen/",
        "/netwerk/casussen/mijn/",
        "/netwerk/casussen/precedenten/",
        refs["precedent url"],
        "/netwerk/leren/actiepunten/",
        "/netwerk/leren/dashboard/",
        "/netwerk/patronen/beleid/",
        "/netwerk/patronen/proeftuinen/",
        refs["proeftuin"].get_absolute_url(),
        "/netwerk/patronen/trends/",
        "/netwerk/patronen/trends/categorieen/",
        "/netwerk/patronen/trends/export.csv",
        *[c.get_absolute_url() for c in NeedCategory.objects.all()],
        "/netwerk/leden/privacy/verzoeken/",
        f"/netwerk/leren/sessies/{refs['session'].pk}/sessiemodus/",
        f"/admin/pages/{refs['kept case'].pk}/edit/",
        f"/admin/pages/{refs['draft'].pk}/edit/",
        f"/admin/pages/{refs['session'].pk}/edit/",
    ]
    surfaces = [
        *page_surfaces(world, refs, start_urls),
        *search_surfaces(world, canaries),
        *public_surfaces(world, refs, canaries),
        *admin_surfaces(world, refs, canaries),
        *websocket_surfaces(world, refs, monkeypatch),
        *member_surfaces(world),
        database_surface(),
    ]

    checked, leaks, details = 0, [], []
    for c in canaries:
        for surface in surfaces:
            if _entitled(c, surface.reader) or (surface.database and not c.gone_from_database):
                continue
            checked += 1
            where = find(token(c.value), surface.text)
            if where is not None:
                leaks.append(f"{c.where} ({c.flow}) x {surface.name}")
                details.append(f"{c.where} x {surface.name}\n    {where}")
    summary = (
        f"canary sweep: {len(canaries)} canaries x {len(surfaces)} surfaces:"
        f" {checked} cells checked, {len(leaks)} leaks"
    )
    print(summary)  # noqa: T201 - the lead reads this count (pytest -s)
    import os
    import tempfile

    with open(os.path.join(tempfile.gettempdir(), "leernetwerk-canary-sweep.txt"), "w") as out:
        out.write(summary + "\n" + "\n".join(details) + "\n\nSurfaces (characters read):\n")
        out.write("\n".join(f"  {s.name}: {len(s.text)}" for s in surfaces) + "\n")
    assert not leaks, summary + "\n" + "\n".join(leaks)
