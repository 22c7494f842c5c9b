"""Every route of the plugin, for every role: who is let in and who is refused.

The matrix below must name every URL pattern of ``casework``, ``patterns`` and ``learning`` and
every websocket route: a new route without an entry fails ``test_every_route_is_in_the_matrix``.
"""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from leernetwerk.casework import services
from leernetwerk.kernel.roles import Role
from tests.websocket import connect

ANON, NO_ROLE = "anonymous", "no role"
ROLES = [
    ANON,
    NO_ROLE,
    Role.PROFESSIONAL,
    Role.MANAGER,
    Role.SESSION_ADMIN,
    Role.STUURGROEP,
    Role.EDITOR,
    Role.MANDATE_HOLDER,
    Role.POLICY_OFFICER,
]
MEMBERS = {
    Role.PROFESSIONAL,
    Role.MANAGER,
    Role.SESSION_ADMIN,
    Role.STUURGROEP,
    Role.EDITOR,
    Role.MANDATE_HOLDER,
    Role.POLICY_OFFICER,
}
EVERYONE = {*ROLES, "author", "comment author"}
LOGGED_IN = EVERYONE - {ANON}

# route name -> (method, set of roles allowed). Everyone else is refused: anonymous visitors are
# sent to the login page, logged-in users without the right get 403.
TREND_READERS = {Role.MANAGER, Role.POLICY_OFFICER, Role.STUURGROEP}
HTTP_MATRIX: dict[str, tuple[str, set]] = {
    "leernetwerk_casework:case_create": ("GET", MEMBERS),
    "leernetwerk_casework:my_cases": ("GET", MEMBERS),
    "leernetwerk_casework:case_edit": ("GET", {Role.MANAGER, "author"}),
    "leernetwerk_casework:case_access": ("GET", {Role.MANAGER}),
    "leernetwerk_casework:comment_create": ("POST", MEMBERS),
    "leernetwerk_casework:recognition_toggle": ("POST", MEMBERS),
    "leernetwerk_casework:case_follow": ("POST", MEMBERS),
    "leernetwerk_casework:comment_edit": ("GET", {"comment author"}),
    "leernetwerk_casework:comment_remove": ("POST", {"comment author"}),
    "leernetwerk_casework:comment_hide": ("POST", {Role.MANAGER}),
    "leernetwerk_casework:doorbraak_request": ("POST", {Role.MANAGER, "author"}),
    # Agreements (MDO): the author or a manager records one; its owner (here the member who
    # commented) checks it too.
    "leernetwerk_casework:agreement_add": ("POST", {Role.MANAGER, "author"}),
    "leernetwerk_casework:agreement_check": ("POST", {Role.MANAGER, "author", "comment author"}),
    "leernetwerk_casework:score_record": ("POST", {Role.MANAGER, "author"}),
    "leernetwerk_casework:case_close": ("POST", {Role.MANAGER, "author"}),
    # Precedents: every member reads the library and marks a case's afweging; whoever marked
    # one (here the author) or a manager removes it.
    "leernetwerk_casework:precedent_index": ("GET", MEMBERS),
    "leernetwerk_casework:precedent_detail": ("GET", MEMBERS),
    "leernetwerk_casework:precedent_create": ("POST", MEMBERS),
    "leernetwerk_casework:precedent_remove": ("POST", {Role.MANAGER, "author"}),
    "leernetwerk_casework:doorbraak_inbox": ("GET", {Role.MANDATE_HOLDER}),
    # "Wat mag ik zelf?": every member reads their own room to act and the register.
    "leernetwerk_casework:mandate_register": ("GET", MEMBERS),
    "leernetwerk_casework:doorbraak_decide": ("POST", {Role.MANDATE_HOLDER}),
    "leernetwerk_casework:doorbraak_withdraw": ("POST", {"author"}),
    # Patterns: the world's pattern sits at the werktafel, where none of the roles is seated;
    # the author's case is linked and the table waits for the author's answer.
    "leernetwerk_patterns:create": ("GET", MEMBERS),
    "leernetwerk_patterns:export": ("GET", {Role.MANAGER, Role.STUURGROEP}),
    "leernetwerk_patterns:detail": ("GET", MEMBERS),
    # The register of written agreements (issue #21): every member reads it; managers and the
    # stuurgroep draft and adopt versions; policy officers draft but do not adopt.
    "leernetwerk_patterns:register": ("GET", MEMBERS),
    "leernetwerk_patterns:register_document": ("GET", MEMBERS),
    "leernetwerk_patterns:register_version": ("GET", MEMBERS),
    "leernetwerk_patterns:register_draft": (
        "GET",
        {Role.MANAGER, Role.STUURGROEP, Role.POLICY_OFFICER},
    ),
    "leernetwerk_patterns:register_adopt": ("POST", {Role.MANAGER, Role.STUURGROEP}),
    # The policy inbox: policy officers, managers and the stuurgroep read it; officers and
    # managers take and hand on items; the world's item has no owner, so only a manager
    # updates it. A request comes from whoever may move the pattern at its table (a manager)
    # or the stuurgroep; only policy officers follow themes and take up patterns themselves.
    "leernetwerk_patterns:policy_inbox": (
        "GET",
        {Role.POLICY_OFFICER, Role.MANAGER, Role.STUURGROEP},
    ),
    "leernetwerk_patterns:policy_watch": ("POST", {Role.POLICY_OFFICER}),
    "leernetwerk_patterns:policy_take_up": ("POST", {Role.POLICY_OFFICER}),
    "leernetwerk_patterns:policy_item_take": ("POST", {Role.POLICY_OFFICER, Role.MANAGER}),
    "leernetwerk_patterns:policy_item_assign": ("POST", {Role.POLICY_OFFICER, Role.MANAGER}),
    "leernetwerk_patterns:policy_item_update": ("POST", {Role.MANAGER}),
    "leernetwerk_patterns:policy_request": ("POST", {Role.MANAGER, Role.STUURGROEP}),
    "leernetwerk_patterns:edit": ("GET", {Role.MANAGER}),
    "leernetwerk_patterns:link": ("POST", {Role.MANAGER}),
    "leernetwerk_patterns:unlink": ("POST", {Role.MANAGER}),
    "leernetwerk_patterns:transition": ("GET", {Role.MANAGER}),
    "leernetwerk_patterns:reply": ("POST", {"author"}),
    "leernetwerk_patterns:follow": ("POST", MEMBERS),
    "leernetwerk_patterns:dossier": ("GET", MEMBERS),
    "leernetwerk_patterns:suggestion_accept": ("POST", {Role.MANAGER, "author"}),
    "leernetwerk_patterns:suggestion_dismiss": ("POST", {Role.MANAGER, "author"}),
    "leernetwerk_patterns:candidate": ("GET", MEMBERS),
    "leernetwerk_patterns:candidate_dismiss": ("POST", {Role.MANAGER}),
    # Proeftuinen (issue #22): every member reads them; whoever may move the pattern at its
    # table (here: a manager) starts one from the table's solution.
    "leernetwerk_patterns:proeftuinen": ("GET", MEMBERS),
    "leernetwerk_patterns:proeftuin": ("GET", MEMBERS),
    "leernetwerk_patterns:proeftuin_start": ("GET", {Role.MANAGER}),
    # Trends in needs (issue #22): managers, policy officers and the stuurgroep read them (the
    # figures of many cases, never one); managers and policy officers keep the categories and
    # turn a trend into a pattern (tests/patterns/test_trends.py checks those POSTs).
    "leernetwerk_patterns:trends": ("GET", TREND_READERS),
    "leernetwerk_patterns:trends_export": ("GET", TREND_READERS),
    "leernetwerk_patterns:trend_categories": ("GET", TREND_READERS),
    "leernetwerk_patterns:trend": ("GET", TREND_READERS),
    # Leersessies: the calendar is public; taking part is for members; session mode for the
    # session administrators (the world's session has no facilitator).
    "leernetwerk_learning:calendar_all": ("GET", EVERYONE),
    "leernetwerk_learning:session_ics": ("GET", EVERYONE),
    "leernetwerk_learning:calendar_mine": ("GET", EVERYONE),
    "leernetwerk_learning:my_calendar": ("GET", MEMBERS),
    "leernetwerk_learning:my_actions": ("GET", MEMBERS),
    "leernetwerk_learning:overview": ("GET", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:lesson_draft": ("POST", {Role.MANAGER, Role.EDITOR}),
    # One thread (issue #22): a session's dilemma is taken to the tables by the managers, the
    # stuurgroep and whoever runs sessions; a stuurgroep's pattern goes on the bestuur's agenda
    # by who may move it (the managers, and the stuurgroep seated at the stuurgroep tables).
    "leernetwerk_learning:dilemma_pattern": (
        "GET",
        {Role.MANAGER, Role.STUURGROEP, Role.SESSION_ADMIN},
    ),
    "leernetwerk_learning:pattern_agenda": ("GET", {Role.MANAGER, Role.STUURGROEP}),
    # The public lessons API (Wagtail API v2, read-only).
    "leernetwerk_api:lessons:listing": ("GET", EVERYONE),
    "leernetwerk_api:lessons:detail": ("GET", EVERYONE),
    "leernetwerk_api:lessons:find": ("GET", EVERYONE),
    "leernetwerk_learning:register": ("POST", MEMBERS),
    "leernetwerk_learning:unregister": ("POST", MEMBERS),
    "leernetwerk_learning:session_mode": ("GET", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_start": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_end": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_current": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_minutes": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_action": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_dilemma": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_attendance": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_check": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_summary": ("POST", {Role.SESSION_ADMIN}),
    "leernetwerk_learning:session_cancel": ("POST", {Role.SESSION_ADMIN}),
    # The network dashboard is for managers and stuurgroep members; "my signals" for everyone
    # with a role (their own cases only).
    "leernetwerk_learning:dashboard": ("GET", {Role.MANAGER, Role.STUURGROEP}),
    "leernetwerk_learning:dashboard_csv": ("GET", {Role.MANAGER, Role.STUURGROEP}),
    "leernetwerk_learning:my_signals": ("GET", MEMBERS),
    # Members (casework.members): the directory, profiles, invitations, privacy rights.
    "leernetwerk_members:directory": ("GET", MEMBERS),
    "leernetwerk_members:profile": ("GET", MEMBERS),
    "leernetwerk_members:notifications": ("GET", LOGGED_IN),
    "leernetwerk_members:notification_open": ("GET", {"author"}),
    "leernetwerk_members:notification_read": ("POST", {"author"}),
    "leernetwerk_members:notifications_read_all": ("POST", LOGGED_IN),
    "leernetwerk_members:deactivate": ("POST", {Role.MANAGER, Role.SESSION_ADMIN}),
    "leernetwerk_members:invitation_list": ("GET", {Role.MANAGER, Role.SESSION_ADMIN}),
    "leernetwerk_members:invitation_create": ("GET", {Role.MANAGER, Role.SESSION_ADMIN}),
    "leernetwerk_members:invitation_import": ("POST", {Role.MANAGER, Role.SESSION_ADMIN}),
    "leernetwerk_members:invitation_resend": ("POST", {Role.MANAGER, Role.SESSION_ADMIN}),
    "leernetwerk_members:invitation_revoke": ("POST", {Role.MANAGER, Role.SESSION_ADMIN}),
    "leernetwerk_members:invitation_accept": ("GET", EVERYONE),
    "leernetwerk_members:privacy": ("GET", MEMBERS),
    "leernetwerk_members:privacy_export": ("GET", MEMBERS),
    "leernetwerk_members:erasure_request": ("POST", MEMBERS),
    "leernetwerk_members:erasure_withdraw": ("POST", MEMBERS),
    "leernetwerk_members:erasure_requests": ("GET", {Role.MANAGER}),
    "leernetwerk_members:erasure_confirm": ("POST", {Role.MANAGER}),
    # Accounts (no namespace): login and password reset for everyone, 2FA for the logged-in.
    "login": ("GET", EVERYONE),
    "logout": ("POST", EVERYONE),
    "password_reset": ("GET", EVERYONE),
    "password_reset_done": ("GET", EVERYONE),
    "password_reset_complete": ("GET", EVERYONE),
    "password_change": ("GET", LOGGED_IN),
    "password_change_done": ("GET", LOGGED_IN),
    "password_reset_confirm": ("GET", EVERYONE),
    "two_factor_manage": ("GET", LOGGED_IN),
    "two_factor_enroll": ("GET", LOGGED_IN),
    "two_factor_verify": ("GET", LOGGED_IN),
    "two_factor_recovery_codes": ("GET", LOGGED_IN),
    "two_factor_disable": ("GET", LOGGED_IN),
}
PAGE_MATRIX: dict[str, set] = {
    "home": set(ROLES),
    "lessons": set(ROLES),
    "lessons feed": set(ROLES),
    "lessons api": set(ROLES),
    "sessions": set(ROLES),
    "cases": MEMBERS,
    "board": MEMBERS,
    "case": MEMBERS,
}
WEBSOCKET_MATRIX: dict[str, set] = {
    "ws/live/case/<int:case_id>/": MEMBERS,
    "ws/live/notifications/": MEMBERS | {NO_ROLE},
    "ws/live/board/": MEMBERS,
    "ws/live/session/<int:session_id>/": MEMBERS,
    "ws/live/beleid/": {Role.POLICY_OFFICER, Role.MANAGER, Role.STUURGROEP},
}


PLUGIN = ("leernetwerk.",)


def _plugin_routes(patterns, namespace="", in_plugin=False):
    """Names of the routes the plugin's url modules define (namespaced or not). The Wagtail
    admin's routes (snippet views, the overdue report) are left to Wagtail's own permission
    checks and to tests/patterns/test_admin.py."""
    for entry in patterns:
        if isinstance(entry, URLResolver) and str(entry.pattern) == "admin/":
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            module = getattr(entry.urlconf_module, "__name__", "")
            yield from _plugin_routes(
                entry.url_patterns, ns, in_plugin or module.startswith(PLUGIN)
            )
        elif isinstance(entry, URLPattern) and entry.name:
            module = getattr(entry.callback, "__module__", "")
            if in_plugin or module.startswith(PLUGIN):
                yield f"{namespace}{entry.name}"


def test_every_route_is_in_the_matrix():
    plugin_routes = set(_plugin_routes(get_resolver().url_patterns))
    assert plugin_routes == set(HTTP_MATRIX)
    from config.routing import websocket_urlpatterns

    assert {str(p.pattern) for p in websocket_urlpatterns} == set(WEBSOCKET_MATRIX)


@pytest.fixture
def world(network, make_user, make_case):
    author = make_user(Role.PROFESSIONAL)
    case = make_case(owner=author)
    commenter = make_user(Role.PROFESSIONAL)
    comment = services.comment_create(case=case, author=commenter, body="Reactie")
    from django.utils import timezone

    from leernetwerk.learning.models import LearningSessionPage

    session = network["sessions"].add_child(
        instance=LearningSessionPage(
            title="Sessie",
            slug="sessie",
            level="uitvoering",
            starts_at=timezone.now(),
            ends_at=timezone.now() + timezone.timedelta(hours=2),
        )
    )
    from leernetwerk.kernel.members.invitations import invitation_create
    from leernetwerk.kernel.models import ErasureRequest, Organisation, OrganisationKind

    organisation = Organisation.objects.create(
        name="Matrix Org", kind=OrganisationKind.objects.get(name="Wijkteam")
    )
    invitation = invitation_create(
        email="nieuw@example.test",
        organisation=organisation,
        role=Role.PROFESSIONAL,
        invited_by=make_user(Role.MANAGER),
    )
    erasure = ErasureRequest.objects.create(user=author)
    from leernetwerk.casework.models import Doorbraak
    from leernetwerk.kernel.models import Notification
    from leernetwerk.patterns.models import (
        CasePatternSuggestion,
        LearningTable,
        Pattern,
        PatternCandidate,
        PatternCase,
    )

    # Plain rows (not the services): this world is built for every one of the matrix's tests.
    doorbraak = Doorbraak.objects.create(
        case=case,
        kind="deviation",
        rule="Wachttijd van vier weken",
        proposal="Direct een voorschot",
        reasons="Anders ontstaat een huurachterstand",
        requested_by=author,
        mandate_holder=make_user(Role.MANDATE_HOLDER),
    )
    from leernetwerk.casework.models import Agreement

    agreement = Agreement.objects.create(
        case=case,
        what="Het wijkteam regelt een briefadres",
        party="resident",
        owner=commenter,
        check_due=timezone.localdate() + timezone.timedelta(days=42),
        created_by=author,
    )
    from leernetwerk.casework.models import Precedent

    precedent = Precedent.objects.create(
        case=case,
        source="maatwerk",
        title="Briefadres zonder vaste woonplek",
        weighed="Geen adres, geen uitkering",
        why="Bestaanszekerheid",
        created_by=author,
    )
    werktafel = LearningTable.objects.get(position=20)
    pattern = Pattern.objects.create(
        title="Wachttijd", description="Te lang", table=werktafel, awaiting_info=True
    )
    PatternCase.objects.create(pattern=pattern, case=case)
    other = Pattern.objects.create(title="Ander patroon", description="Iets", table=werktafel)
    suggestion = CasePatternSuggestion.objects.create(case=case, pattern=other, score=0.5)
    candidate = PatternCandidate.objects.create(title="Kandidaat")
    candidate.cases.add(case)
    notification = Notification.objects.create(user=author, kind="test", title="Melding", url="/")
    from leernetwerk.learning.models import CalendarFeed, SessionAction

    feed = CalendarFeed.objects.create(user=author, token="matrix-feed-token")
    action = SessionAction.objects.create(
        session=session, text="Actie", owner=author, due_date=timezone.localdate()
    )
    from leernetwerk.learning.models import LessonPage

    lesson = network["lessons"].add_child(
        instance=LessonPage(
            title="Les", slug="les", summary="Kort.", what_did_not_fit="A", what_changed="B"
        )
    )
    from leernetwerk.patterns.models import PolicyDocument, PolicyVersion

    agreement_doc = PolicyDocument.objects.create(
        title="Werkafspraken schuldhulp–wijkteam", kind="werkafspraken"
    )
    version = PolicyVersion.objects.create(
        document=agreement_doc, number=1, text="<p>Verwijzen binnen drie weken.</p>"
    )
    from leernetwerk.patterns.models import PolicyItem

    policy_item = PolicyItem.objects.create(
        kind="request",
        pattern=pattern,
        table=werktafel,
        request="Leg de verwijstermijn vast",
        due_date=timezone.localdate() + timezone.timedelta(days=42),
    )
    from leernetwerk.learning.models import Dilemma

    dilemma = Dilemma.objects.create(session=session, text="Geen mandaat voor maatwerk")
    stuurgroep_pattern = Pattern.objects.create(
        title="Formatie crisisintake",
        description="Geen capaciteit",
        table=LearningTable.objects.get(name="Ambtelijke stuurgroep"),
        status="escalated",
    )
    from leernetwerk.patterns.models import Decision, Proeftuin

    solved = Pattern.objects.create(
        title="Voorschot bij wachttijd", description="Schulden", table=werktafel, status="solved"
    )
    decision = Decision.objects.create(
        pattern=solved, table=werktafel, action="solve", text="Voorschot geven"
    )
    proeftuin = Proeftuin.objects.create(
        pattern=solved,
        decision=decision,
        title="Voorschot in Zuid",
        hypothesis="Geen huurachterstand",
        owner=author,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timezone.timedelta(days=90),
    )
    return {
        "solved_pattern": solved,
        "proeftuin": proeftuin,
        "dilemma": dilemma,
        "stuurgroep_pattern": stuurgroep_pattern,
        "policy_item": policy_item,
        "policy_document": agreement_doc,
        "policy_version": version,
        "feed": feed,
        "action": action,
        "doorbraak": doorbraak,
        "agreement": agreement,
        "precedent": precedent,
        "pattern": pattern,
        "suggestion": suggestion,
        "candidate": candidate,
        "notification": notification,
        "author": author,
        "case": case,
        "commenter": commenter,
        "comment": comment,
        "session": session,
        "invitation": invitation,
        "erasure": erasure,
        "lesson": lesson,
    }


def _login_as(client, role, world, make_user):
    if role == ANON:
        return None
    if role == "author":
        user = world["author"]
    elif role == "comment author":
        user = world["commenter"]
    else:
        user = make_user(None if role == NO_ROLE else role)
    client.force_login(user)
    return user


def _url(name, world):
    if name == "leernetwerk_members:deactivate":
        return reverse(name, args=[world["commenter"].pk])
    if name in {"leernetwerk_members:invitation_resend", "leernetwerk_members:invitation_revoke"}:
        return reverse(name, args=[world["invitation"].pk])
    if name == "leernetwerk_members:invitation_accept":
        return reverse(name, args=["not-a-valid-token"])
    if name == "leernetwerk_members:erasure_confirm":
        return reverse(name, args=[world["erasure"].pk])
    if (
        name.startswith("leernetwerk_casework:doorbraak_")
        and name != "leernetwerk_casework:doorbraak_inbox"
    ):
        if name == "leernetwerk_casework:doorbraak_request":
            return reverse(name, args=[world["case"].pk])
        return reverse(name, args=[world["doorbraak"].pk])
    if name == "leernetwerk_casework:agreement_add":
        return reverse(name, args=[world["case"].pk])
    if name == "leernetwerk_casework:agreement_check":
        return reverse(name, args=[world["agreement"].pk])
    if name in {
        "leernetwerk_casework:score_record",
        "leernetwerk_casework:case_close",
        "leernetwerk_casework:precedent_create",
    }:
        return reverse(name, args=[world["case"].pk])
    if name in {"leernetwerk_casework:precedent_detail", "leernetwerk_casework:precedent_remove"}:
        return reverse(name, args=[world["precedent"].pk])
    if name in {"leernetwerk_members:notification_open", "leernetwerk_members:notification_read"}:
        return reverse(name, args=[world["notification"].pk])
    if name == "leernetwerk_patterns:unlink":
        return reverse(name, args=[world["pattern"].pk, world["case"].pk])
    if name == "leernetwerk_patterns:transition":
        return reverse(name, args=[world["pattern"].pk, "take_up"])
    if name in {
        "leernetwerk_patterns:detail",
        "leernetwerk_patterns:edit",
        "leernetwerk_patterns:link",
        "leernetwerk_patterns:reply",
        "leernetwerk_patterns:follow",
        "leernetwerk_patterns:dossier",
    }:
        return reverse(name, args=[world["pattern"].pk])
    if name in {"leernetwerk_patterns:register_document", "leernetwerk_patterns:register_draft"}:
        return reverse(name, args=[world["policy_document"].pk])
    if name in {"leernetwerk_patterns:register_version", "leernetwerk_patterns:register_adopt"}:
        return reverse(name, args=[world["policy_version"].pk])
    if name in {"leernetwerk_patterns:policy_request", "leernetwerk_patterns:policy_take_up"}:
        return reverse(name, args=[world["pattern"].pk])
    if name.startswith("leernetwerk_patterns:policy_item_"):
        return reverse(name, args=[world["policy_item"].pk])
    if name.startswith("leernetwerk_patterns:suggestion_"):
        return reverse(name, args=[world["suggestion"].pk])
    if name.startswith("leernetwerk_patterns:candidate"):
        return reverse(name, args=[world["candidate"].pk])
    if name == "leernetwerk_api:lessons:detail":
        return reverse(name, args=[world["lesson"].pk])
    if name == "leernetwerk_api:lessons:find":
        return reverse(name) + f"?id={world['lesson'].pk}"
    if name == "leernetwerk_patterns:proeftuin_start":
        return reverse(name, args=[world["solved_pattern"].pk])
    if name == "leernetwerk_patterns:proeftuin":
        return reverse(name, args=[world["proeftuin"].pk])
    if name == "leernetwerk_patterns:trend":
        from leernetwerk.patterns.models import NeedCategory

        return reverse(name, args=[NeedCategory.objects.order_by("pk").first().pk])
    if name == "leernetwerk_learning:dilemma_pattern":
        return reverse(name, args=[world["session"].pk, world["dilemma"].pk])
    if name == "leernetwerk_learning:pattern_agenda":
        return reverse(name, args=[world["stuurgroep_pattern"].pk])
    if name == "leernetwerk_learning:lesson_draft":
        return reverse(name, args=[world["pattern"].pk])
    if name == "leernetwerk_learning:dashboard_csv":
        return reverse(name, args=["open-patronen"])
    if name == "leernetwerk_learning:calendar_mine":
        return reverse(name, args=[world["feed"].token])
    if name == "leernetwerk_learning:session_check":
        return reverse(name, args=[world["session"].pk, world["action"].pk])
    if name.startswith("leernetwerk_learning:session_") or name in {
        "leernetwerk_learning:register",
        "leernetwerk_learning:unregister",
    }:
        return reverse(name, args=[world["session"].pk])
    if name == "password_reset_confirm":
        return reverse(name, args=["MQ", "set-password"])
    if name in {
        "leernetwerk_casework:case_edit",
        "leernetwerk_casework:case_access",
        "leernetwerk_casework:comment_create",
        "leernetwerk_casework:recognition_toggle",
        "leernetwerk_casework:case_follow",
    }:
        return reverse(name, args=[world["case"].pk])
    if name.startswith("leernetwerk_casework:comment_"):
        return reverse(name, args=[world["comment"].pk])
    return reverse(name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*ROLES, "author", "comment author"])
@pytest.mark.parametrize("name", sorted(HTTP_MATRIX))
def test_http_routes(client, world, make_user, name, role):
    method, allowed = HTTP_MATRIX[name]
    _login_as(client, role, world, make_user)
    url = _url(name, world)
    data = {
        "body": "Nog een reactie",
        "reason": "Moderatie",
        "note": "",
        "confirm": "on",
        "text": "Antwoord van de auteur",
        "decision": "grant",
        "decision_reason": "Past binnen de bedoeling van de wet",
        "following": "1",
    }
    data["understood"] = "on"
    response = client.post(url, data) if method == "POST" else client.get(url)
    # The author and the comment's author are professionals: allowed where they are named, or
    # where professionals are. The erasure request in the world is the author's own.
    is_allowed = role in allowed or (
        role in {"author", "comment author"} and Role.PROFESSIONAL in allowed
    )
    if is_allowed:
        # 410: an invitation link that is no longer usable says so (that is the page itself).
        assert response.status_code in (200, 302, 410), (name, role, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
    elif role == ANON:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403, (name, role, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", sorted(PAGE_MATRIX))
def test_pages(client, world, network, make_user, page, role):
    _login_as(client, role, world, make_user)
    url = {
        "home": "/",
        "lessons": network["lessons"].url,
        "lessons feed": network["lessons"].url + "feed/",
        "lessons api": "/api/v2/lessons/",
        "sessions": network["sessions"].url,
        "cases": network["cases"].url,
        "board": network["board"].url,
        "case": world["case"].url,
    }[page]
    response = client.get(url)
    if role in PAGE_MATRIX[page]:
        assert response.status_code == 200
    elif role == ANON:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("route", sorted(WEBSOCKET_MATRIX))
async def test_websocket_routes(network, make_user, make_case, route):
    @database_sync_to_async
    def setup():
        from django.utils import timezone

        from leernetwerk.learning.models import LearningSessionPage

        case = make_case()
        session = network["sessions"].add_child(
            instance=LearningSessionPage(
                title="Sessie",
                slug="sessie-ws",
                level="uitvoering",
                starts_at=timezone.now(),
                ends_at=timezone.now() + timezone.timedelta(hours=2),
            )
        )
        users = {
            role: None if role == ANON else make_user(None if role == NO_ROLE else role)
            for role in ROLES
        }
        return case.pk, session.pk, users

    case_id, session_id, users = await setup()
    path = "/" + route.replace("<int:case_id>", str(case_id)).replace(
        "<int:session_id>", str(session_id)
    )
    for role in ROLES:
        communicator = await connect(path, users[role])
        first = await communicator.receive_output(timeout=5)
        if role in WEBSOCKET_MATRIX[route]:
            assert first["type"] == "websocket.send", (route, role, first)
            await communicator.disconnect()
        else:
            assert first == {"type": "websocket.close", "code": 4403}, (route, role, first)
