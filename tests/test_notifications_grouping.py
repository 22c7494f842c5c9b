"""Issue #18: the notifications page shows one group per subject (a case, a pattern, a
leersessie) with its newest message, how many there are and the others folded away; a group, or
everything, is marked read in one go; the page costs the same number of queries for 5 or 50
notifications; and a suggestion that was dealt with (or whose case is gone) is no longer shown or
counted."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leernetwerk.kernel import notifications
from leernetwerk.kernel.constants import NotificationEmail
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.models import MemberProfile, Notification
from leernetwerk.kernel.notifications import (
    notification_group_page,
    notification_send,
    notifications_send_digests,
    register_still_current,
    unread_count,
)

pytestmark = pytest.mark.django_db

LIST = reverse("leernetwerk_members:notifications")
CASE = "/casussen/ontruiming-dreigt/"
PATTERN = "/netwerk/patronen/7/"


def send(member, title: str, url: str = "", kind: str = "case.comment") -> Notification:
    return notification_send(users=[member], kind=kind, title=title, url=url, email=False)[0]


@pytest.fixture
def member(make_user):
    """A member who reads in English (the new texts have no Dutch yet in this checkout)."""
    user = make_user()
    MemberProfile.objects.create(user=user, preferred_language="en")
    return user


@pytest.fixture
def english(client, member):
    client.force_login(member)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.fixture
def inbox(member):
    """Seven messages about four subjects, oldest first: three comments and a recognition on
    one case, two on a pattern, one without a link."""
    return {
        "comment1": send(member, "Reactie 1", f"{CASE}#comment-1"),
        "linked": send(member, "Gekoppeld", PATTERN, kind="pattern.linked"),
        "comment2": send(member, "Reactie 2", f"{CASE}#comment-2"),
        "plain": send(member, "Zonder link", kind="member.erasure_request"),
        "decided": send(member, "Besluit", f"{PATTERN}#timeline", kind="pattern.decide"),
        "comment3": send(member, "Reactie 3", f"{CASE}#comment-3"),
        "recognised": send(member, "Herkend", f"{CASE}#recognitions", kind="case.recognised"),
    }


def group_summary(member, **options):
    _page, groups = notification_group_page(member, **options)
    return [
        (group.subject, group.total, group.unread, [n.title for n in group.items])
        for group in groups
    ]


def test_one_group_per_subject_newest_first(member, inbox):
    assert group_summary(member) == [
        (CASE, 4, 4, ["Herkend", "Reactie 3", "Reactie 2", "Reactie 1"]),
        (PATTERN, 2, 2, ["Besluit", "Gekoppeld"]),
        (f"#{inbox['plain'].pk}", 1, 1, ["Zonder link"]),
    ]
    # The bell counts messages, as Discourse's does: seven unread.
    assert unread_count(member) == 7


def test_the_page_shows_the_newest_a_count_and_the_others_folded(english, member, inbox):
    html = english.get(LIST).content.decode()
    # Three groups; all seven messages are in the page, four of them folded in <details>.
    assert html.count("data-notification-group>") == 3
    assert html.count('<li class="ln-notification ln-notification--unread"') == 7
    assert html.count("<details>") == 2
    assert '<summary class="ln-meta">4 notifications, 4 unread</summary>' in html
    assert '<summary class="ln-meta">2 notifications, 2 unread</summary>' in html
    # The case's group comes first, headed by its newest message.
    assert html.index("Herkend") < html.index("Besluit") < html.index("Zonder link")
    assert html.index("Herkend") < html.index("<details>") < html.index("Reactie 3")
    head = inbox["recognised"]
    assert f'href="/netwerk/leden/meldingen/{head.pk}/"' in html
    # The newest's button reads the whole group; a lone message keeps "Mark as read".
    assert "Mark all 4 as read<span" in html and "Mark all 2 as read<span" in html
    assert html.count('name="group" value="1"') == 2
    assert "data-notification-group-read" in html
    assert "Mark as read<span" in html  # the folded ones and the one without a link


def test_marking_a_group_read_reads_everything_about_its_subject(english, member, inbox):
    head = inbox["recognised"]
    url = reverse("leernetwerk_members:notification_read", args=[head.pk])
    response = english.post(url, {"group": "1"}, headers={"accept": "application/json"})
    assert response.json() == {"ok": True, "notification": head.pk, "unread": 3, "marked": 4}
    assert sorted(member.notifications.filter(read_at=None).values_list("title", flat=True)) == [
        "Besluit",
        "Gekoppeld",
        "Zonder link",
    ]
    assert group_summary(member, unread_only=True) == [
        (PATTERN, 2, 2, ["Besluit", "Gekoppeld"]),
        (f"#{inbox['plain'].pk}", 1, 1, ["Zonder link"]),
    ]
    html = english.get(LIST).content.decode()
    assert '<summary class="ln-meta">4 notifications</summary>' in html
    # Its other open pages: the count, and the group as it is now (no unread item in it).
    frame = events_after(f"casework.user.{member.pk}", 0)[-1]
    assert frame.event == "notification.read"
    ops = {op["target"]: op for op in frame.data["ops"]}
    assert ops["#notification-count"]["text"] == "3"
    group_op = next(op for target, op in ops.items() if target.startswith("#notification-group-"))
    assert group_op["op"] == "replace" and "ln-notification--unread" not in group_op["html"]
    # Without the script, the form posts and comes back to the list.
    response = english.post(
        reverse("leernetwerk_members:notification_read", args=[inbox["decided"].pk]),
        {"group": "1"},
    )
    assert response.status_code == 302 and response["Location"] == LIST
    assert unread_count(member) == 1


def test_opening_a_message_reads_only_that_one(english, member, inbox):
    open_url = reverse("leernetwerk_members:notification_open", args=[inbox["recognised"].pk])
    assert english.get(open_url)["Location"] == f"{CASE}#recognitions"
    assert unread_count(member) == 6
    assert group_summary(member, unread_only=True)[0] == (
        CASE,
        3,
        3,
        ["Reactie 3", "Reactie 2", "Reactie 1"],
    )


def test_a_message_without_a_link_is_a_group_of_its_own(english, member):
    first, second = send(member, "Eén"), send(member, "Twee")
    url = reverse("leernetwerk_members:notification_read", args=[first.pk])
    response = english.post(url, {"group": "1"}, headers={"accept": "application/json"})
    assert response.json() == {"ok": True, "notification": first.pk, "unread": 1, "marked": 1}
    second.refresh_from_db()
    assert second.read_at is None


def test_nobody_marks_someone_elses_group_read(client, make_user, member, inbox):
    client.force_login(make_user())
    url = reverse("leernetwerk_members:notification_read", args=[inbox["recognised"].pk])
    assert client.post(url, {"group": "1"}).status_code == 403
    assert unread_count(member) == 7


def test_mark_all_read_still_reads_everything(english, member, inbox):
    english.post(reverse("leernetwerk_members:notifications_read_all"))
    assert unread_count(member) == 0
    html = english.get(LIST).content.decode()
    assert "ln-notification--unread" not in html and "Mark all as read" not in html
    assert '<summary class="ln-meta">4 notifications</summary>' in html


def test_groups_are_paged_and_a_big_group_shows_its_newest_ten(english, member, settings):
    settings.LEERNETWERK_NOTIFICATIONS_PER_PAGE = 2
    for n in range(1, 13):
        send(member, f"Reactie {n}", f"{CASE}#comment-{n}")
    send(member, "Besluit", PATTERN, kind="pattern.decide")
    send(member, "Zonder link")
    first = english.get(LIST).content.decode()
    assert first.count("data-notification-group>") == 2
    assert "Page 1 of 2" in first and "page=2" in first
    second = english.get(LIST, {"page": 2}).content.decode()
    assert second.count("data-notification-group>") == 1
    assert '<summary class="ln-meta">12 notifications, 12 unread</summary>' in second
    assert second.count('<li class="ln-notification') == 10  # the newest ten of twelve
    assert "Reactie 12" in second and "Reactie 3<" in second and "Reactie 2<" not in second
    assert '<p class="ln-meta">And 2 more.</p>' in second


def _queries_for_the_list(client) -> tuple[int, int]:
    """(all queries, those on notifications) the list page makes."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    return len(sql), len([s for s in sql if "kernel_notification" in s])


def test_the_page_costs_the_same_queries_for_5_or_50_notifications(english, member, settings):
    for n in range(5):
        send(member, f"Reactie {n}", f"/casussen/casus-{n % 3}/#comment-{n}")
    _queries_for_the_list(english)  # the first visit fills per-process caches (site root paths)
    few = _queries_for_the_list(english)
    for n in range(45):
        send(member, f"Reactie {n}", f"/casussen/casus-{n % 20}/#comment-{n}")
    many = _queries_for_the_list(english)
    # On notifications: the page's count, its groups, their messages, and the unread count
    # (the view's "mark all" and the bell's).
    assert few[1] == many[1] == 5
    assert few[0] == many[0]


def test_a_new_message_moves_its_group_to_the_top_live(member):
    send(member, "Reactie 1", f"{CASE}#comment-1")
    second = send(member, "Reactie 2", f"{CASE}#comment-2")
    frame = events_after(f"casework.user.{member.pk}", 0)[-1]
    ops = frame.data["ops"]
    assert [op["op"] for op in ops] == ["remove", "prepend", "prepend", "text"]
    group = ops[0]["target"][1:]
    assert ops[1]["target"] == "#notification-list" and ops[1]["id"] == group
    assert f'id="{group}"' in ops[1]["html"] and f'id="{second.dom_id}"' in ops[1]["html"]
    assert "Reactie 1" in ops[1]["html"] and "<details>" in ops[1]["html"]
    assert ops[2]["target"] == "#notification-flash" and "Reactie 1" not in ops[2]["html"]
    assert ops[3] == {"op": "text", "target": "#notification-count", "text": "2"}


# --- suggestions that are no longer current ----------------------------------------------------


@pytest.fixture
def stale_kind(monkeypatch):
    """A kind whose current ones are those that link to /nog-open/."""
    monkeypatch.setitem(
        notifications._still_current, "test.suggestion", lambda user: Q(url="/nog-open/")
    )


def test_what_is_no_longer_current_is_not_listed_counted_or_mailed(
    make_user, stale_kind, mailoutbox
):
    member = make_user(email="lid@example.test")
    MemberProfile.objects.create(user=member, notification_delivery="digest")
    notification_send(users=[member], kind="test.suggestion", title="Open", url="/nog-open/")
    notification_send(users=[member], kind="test.suggestion", title="Voorbij", url="/voorbij/")
    notification_send(users=[member], kind="case.comment", title="Reactie", url="/voorbij/")
    assert unread_count(member) == 2
    assert group_summary(member) == [
        ("/voorbij/", 1, 1, ["Reactie"]),
        ("/nog-open/", 1, 1, ["Open"]),
    ]
    assert notifications_send_digests() == (1, 2)
    assert "Voorbij" not in mailoutbox[0].body and "Open" in mailoutbox[0].body
    assert Notification.objects.get(title="Voorbij").email_state == NotificationEmail.NONE


def test_a_failing_check_leaves_its_kind_shown(make_user, monkeypatch):
    def broken(user):
        raise RuntimeError("index offline")

    monkeypatch.setitem(notifications._still_current, "test.suggestion", broken)
    member = make_user()
    notification_send(users=[member], kind="test.suggestion", title="Open", url="/x/")
    assert unread_count(member) == 1
    assert [group.total for group in notification_group_page(member)[1]] == [1]


def test_a_kind_has_one_check(monkeypatch):
    monkeypatch.setattr(notifications, "_still_current", {})

    def first(user):
        return Q()

    register_still_current("test.suggestion", first)
    register_still_current("test.suggestion", first)  # the same one again: fine
    with pytest.raises(ImproperlyConfigured):
        register_still_current("test.suggestion", lambda user: Q())


@pytest.fixture
def patterns_checks():
    """The patterns app registers its checks when it starts (``patterns/notifications.py``)."""
    from leernetwerk.patterns import notifications as patterns_notifications

    assert notifications._still_current["pattern.suggestion"] is (
        patterns_notifications.open_suggestions
    )
    assert notifications._still_current["pattern.candidate"] is (
        patterns_notifications.open_candidates
    )


SCHULDHULP = (
    "De wachttijd voor een eerste gesprek bij de schuldhulp is zes weken, terwijl de wet bij "
    "dreigende ontruiming of afsluiting van energie een gesprek binnen drie werkdagen vraagt."
)
SCHULDHULP_2 = (
    "Bij een dreigende ontruiming duurt het acht weken voor de schuldhulp een eerste gesprek "
    "heeft; de wet vraagt binnen drie werkdagen actie bij afsluiting of ontruiming."
)
SCHULDHULP_3 = (
    "Afsluiting van energie dreigt en de schuldhulp heeft een wachttijd van zeven weken voor "
    "het eerste gesprek, terwijl de wet drie werkdagen noemt bij ontruiming."
)


@pytest.fixture
def suggested(make_case, make_user, django_capture_on_commit_callbacks, patterns_checks):
    """A pattern about the schuldhulp wait, and a new case the network says may belong to it."""
    from leernetwerk.casework.models import KnelpuntType
    from leernetwerk.kernel.roles import Role
    from leernetwerk.patterns import services

    capacity = KnelpuntType.objects.get(name="Organisatie / capaciteit")
    manager, author = make_user(Role.MANAGER), make_user()
    with django_capture_on_commit_callbacks(execute=True):
        linked = make_case(owner=make_user(), knelpunt=SCHULDHULP, knelpunt_type=capacity)
    pattern = services.pattern_create(
        user=manager,
        title="Wachttijd schuldhulp",
        description="Te lang",
        cases=[linked],
        owner=manager,
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = make_case(
            owner=author, title="Ontruiming dreigt", knelpunt=SCHULDHULP_2, knelpunt_type=capacity
        )
    return {"author": author, "manager": manager, "case": case, "pattern": pattern}


def _suggestion_titles(user) -> list[str]:
    return [n.title for group in notification_group_page(user)[1] for n in group.items]


def test_a_dismissed_suggestion_is_no_longer_shown_or_counted(suggested):
    from leernetwerk.patterns import services
    from leernetwerk.patterns.models import CasePatternSuggestion

    author = suggested["author"]
    title = "De casus “Ontruiming dreigt” hoort misschien bij het patroon “Wachttijd schuldhulp”"
    assert _suggestion_titles(author) == [title]
    assert unread_count(author) == 1
    suggestion = CasePatternSuggestion.objects.get(case=suggested["case"])
    services.suggestion_dismiss(suggestion=suggestion, user=author)
    assert _suggestion_titles(author) == []
    assert unread_count(author) == 0
    assert author.notifications.count() == 1  # kept (the data export has it), just not shown


def test_an_accepted_suggestion_is_no_longer_shown_to_author_or_owner(suggested):
    from leernetwerk.patterns import services
    from leernetwerk.patterns.models import CasePatternSuggestion

    author, manager = suggested["author"], suggested["manager"]
    assert unread_count(manager) == 1
    suggestion = CasePatternSuggestion.objects.get(case=suggested["case"])
    services.suggestion_accept(suggestion=suggestion, user=author)
    assert _suggestion_titles(author) == []
    assert _suggestion_titles(manager) == []
    assert (unread_count(author), unread_count(manager)) == (0, 0)


def test_a_suggestion_about_a_case_that_went_offline_is_not_shown(
    suggested, django_capture_on_commit_callbacks
):
    author = suggested["author"]
    with django_capture_on_commit_callbacks(execute=True):
        suggested["case"].unpublish()
    assert _suggestion_titles(author) == []
    assert unread_count(author) == 0


def test_the_cached_bell_drops_a_suggestion_dealt_with_or_gone_offline(
    suggested, real_cache, django_capture_on_commit_callbacks
):
    """The member bar's count is cached (``kernel.member_cache``): dealing with a suggestion
    and taking its case offline both count on the next page."""
    from leernetwerk.kernel.member_cache import bell
    from leernetwerk.patterns import services
    from leernetwerk.patterns.models import CasePatternSuggestion

    author, manager = suggested["author"], suggested["manager"]
    assert (bell(author)[0], bell(manager)[0]) == (1, 1)
    assert (bell(author)[0], bell(manager)[0]) == (1, 1)  # now from the cache
    suggestion = CasePatternSuggestion.objects.get(case=suggested["case"])
    with django_capture_on_commit_callbacks(execute=True):
        services.suggestion_dismiss(suggestion=suggestion, user=author)
    assert bell(author)[0] == 0


def test_the_cached_bell_drops_a_suggestion_whose_case_went_offline(
    suggested, real_cache, django_capture_on_commit_callbacks
):
    from leernetwerk.kernel.member_cache import bell

    manager = suggested["manager"]
    assert bell(manager)[0] == 1
    with django_capture_on_commit_callbacks(execute=True):
        suggested["case"].unpublish()
    assert bell(manager)[0] == 0


def test_a_dealt_with_candidate_is_no_longer_shown_to_managers(
    make_case, make_user, patterns_checks, django_capture_on_commit_callbacks
):
    from leernetwerk.casework.models import KnelpuntType
    from leernetwerk.kernel.roles import Role
    from leernetwerk.patterns import services
    from leernetwerk.patterns.models import PatternCandidate

    manager = make_user(Role.MANAGER)
    anna, bram = make_user(), make_user()
    capacity = KnelpuntType.objects.get(name="Organisatie / capaciteit")
    for owner, text in ((anna, SCHULDHULP), (anna, SCHULDHULP_2), (bram, SCHULDHULP_3)):
        with django_capture_on_commit_callbacks(execute=True):
            make_case(owner=owner, knelpunt=text, knelpunt_type=capacity)
    candidate = PatternCandidate.objects.get()
    assert [n.kind for g in notification_group_page(manager)[1] for n in g.items] == [
        "pattern.candidate"
    ]
    services.candidate_dismiss(candidate=candidate, user=manager, reason="Al opgelost")
    assert notification_group_page(manager)[1] == []
    assert unread_count(manager) == 0


def test_the_dom_ids_of_a_group_hold_no_text_of_its_link(member, inbox):
    _page, groups = notification_group_page(member)
    for group in groups:
        assert re.fullmatch(r"notification-group-[0-9a-f]{12}", group.dom_id)
