"""Discussion as Discourse users expect it (issue #18): following a case, @mentions, quotes,
unread markers and last activity on the cases index, and drafts kept in the browser.

Expected values are written out; texts shown to members are checked by their markup or in
English (``translation.override``), so a Dutch translation added later changes no test here."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.casework import services
from leernetwerk.casework.constants import CaseSort
from leernetwerk.casework.models import CaseFollow, CaseVisit, Comment
from leernetwerk.casework.models.discussion import mark_mentions, mentioned_handles
from leernetwerk.casework.selectors import CaseFilters, case_list
from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(user=user).values_list("kind", flat=True))


def follow(client, user, case, value: str = "1"):
    client.force_login(user)
    return client.post(
        reverse("leernetwerk_casework:case_follow", args=[case.pk]), {"following": value}
    )


@pytest.fixture
def people(make_user):
    """Anna brought the case in, Bram follows it, Cas comments, Dirk is mentioned."""
    return {
        name: make_user(Role.PROFESSIONAL, username=name)
        for name in ("anna", "bram", "cas", "dirk")
    }


# --- following ---------------------------------------------------------------------------------


def test_the_follow_button_posts_without_javascript_and_shows_the_new_state(
    client, people, make_case
):
    case = make_case(owner=people["anna"])
    client.force_login(people["bram"])
    page = client.get(case.url).content.decode()
    assert f'action="{reverse("leernetwerk_casework:case_follow", args=[case.pk])}"' in page
    assert '<input type="hidden" name="following" value="1">' in page

    response = follow(client, people["bram"], case)
    assert response.status_code == 302
    assert response["Location"] == f"{case.url}#follow"
    assert list(CaseFollow.objects.values_list("user__username", "following")) == [("bram", True)]
    page = client.get(case.url).content.decode()
    assert '<input type="hidden" name="following" value="0">' in page

    follow(client, people["bram"], case, "0")
    follow(client, people["bram"], case, "0")  # sending the same choice twice changes nothing
    assert list(CaseFollow.objects.values_list("user__username", "following")) == [("bram", False)]


def test_the_author_follows_their_case_until_they_stop(client, people, make_case):
    case = make_case(owner=people["anna"])
    client.force_login(people["anna"])
    assert (
        '<input type="hidden" name="following" value="0">' in client.get(case.url).content.decode()
    )
    services.comment_create(case=case, author=people["cas"], body="Eerste")
    assert kinds(people["anna"]) == ["case.comment"]

    follow(client, people["anna"], case, "0")
    services.comment_create(case=case, author=people["cas"], body="Tweede")
    assert kinds(people["anna"]) == ["case.comment"]  # nothing new


def test_a_follower_hears_of_each_new_comment_once_and_the_commenter_of_none(
    client, people, make_case
):
    case = make_case(owner=people["anna"], title="Wachttijd schuldhulp")
    follow(client, people["bram"], case)
    comment = services.comment_create(case=case, author=people["cas"], body="Herkenbaar")
    told = Notification.objects.get(user=people["bram"])
    assert told.kind == "case.followed"
    assert told.url == f"{case.url}#comment-{comment.pk}"
    assert "Wachttijd schuldhulp" in told.title
    assert kinds(people["anna"]) == ["case.comment"]
    assert kinds(people["cas"]) == []

    # The follower comments himself: he is not told of his own comment.
    services.comment_create(case=case, author=people["bram"], body="Bij ons ook")
    assert kinds(people["bram"]) == ["case.followed"]
    assert kinds(people["anna"]) == ["case.comment", "case.comment"]


def test_a_follower_who_is_also_replied_to_and_mentioned_gets_one_notification(
    client, people, make_case
):
    case = make_case(owner=people["anna"])
    follow(client, people["bram"], case)
    parent = services.comment_create(case=case, author=people["bram"], body="Vraag")
    Notification.objects.all().delete()
    services.comment_create(case=case, author=people["cas"], body="Antwoord", parent=parent)
    assert kinds(people["bram"]) == ["case.reply"]
    Notification.objects.all().delete()
    services.comment_create(
        case=case, author=people["cas"], body="Zie @bram en @anna", parent=parent
    )
    assert kinds(people["bram"]) == ["case.mention"]
    assert kinds(people["anna"]) == ["case.mention"]
    assert Notification.objects.count() == 2


def test_a_follower_who_loses_access_hears_nothing(client, people, make_case):
    case = make_case(owner=people["anna"])
    for name in ("bram", "dirk"):
        follow(client, people[name], case)
    people["bram"].groups.clear()  # no role any more: no member of the network
    people["dirk"].is_active = False  # left the network
    people["dirk"].save()
    services.comment_create(case=case, author=people["cas"], body="Nieuw")
    assert kinds(people["bram"]) == []
    assert kinds(people["dirk"]) == []
    assert kinds(people["anna"]) == ["case.comment"]


def test_only_members_who_may_see_a_case_can_follow_it(make_user, make_case, client):
    draft = make_case(live=False)
    with pytest.raises(PermissionDenied):
        services.case_follow_set(case=draft, user=make_user(), following=True)
    outsider = make_user(None)
    with pytest.raises(PermissionDenied):
        services.case_follow_set(case=make_case(), user=outsider, following=True)
    client.force_login(make_user())
    response = client.post(
        reverse("leernetwerk_casework:case_follow", args=[draft.pk]), {"following": "1"}
    )
    assert response.status_code == 404
    assert CaseFollow.objects.count() == 0


def test_a_follow_without_a_choice_changes_nothing(client, people, make_case):
    case = make_case(owner=people["anna"])
    client.force_login(people["bram"])
    url = reverse("leernetwerk_casework:case_follow", args=[case.pk])
    response = client.post(url, {"following": "maybe"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["following"]
    assert CaseFollow.objects.count() == 0


def test_cases_i_follow_are_a_section_of_my_cases(client, people, make_case):
    mine = make_case(owner=people["bram"], title="Eigen casus")
    followed = make_case(owner=people["anna"], title="Gevolgde casus")
    make_case(owner=people["anna"], title="Niet gevolgd")
    stopped = make_case(owner=people["anna"], title="Gestopt")
    follow(client, people["bram"], followed)
    follow(client, people["bram"], stopped)
    follow(client, people["bram"], stopped, "0")
    follow(client, people["bram"], mine)  # his own case is in the list above, not twice
    listed = case_list(filters=CaseFilters(followed_by=people["bram"].pk))
    assert [case.title for case in listed] == ["Gevolgde casus"]
    page = client.get(reverse("leernetwerk_casework:my_cases")).content.decode()
    followed_part = page.split('id="gevolgd"')[1]
    assert "Gevolgde casus" in followed_part and "Eigen casus" not in followed_part
    assert "Niet gevolgd" not in page and "Gestopt" not in page


# --- mentions ----------------------------------------------------------------------------------


def test_handles_are_found_in_text_each_once():
    assert mentioned_handles("Hoi @jan. En @piet-k, @jan en mail@example.nl (@zo)") == [
        "jan",
        "piet-k",
        "zo",
    ]
    assert mentioned_handles(" ".join(f"@lid{n}" for n in range(15))) == [
        f"lid{n}" for n in range(10)
    ]


def test_a_mention_tells_a_member_who_may_see_the_case(people, make_case):
    people["cas"].first_name, people["cas"].last_name = "Casper", "Reageerder"
    people["cas"].save()
    case = make_case(owner=people["anna"])
    comment = services.comment_create(
        case=case, author=people["cas"], body="@Dirk, herken jij dit?"
    )
    told = Notification.objects.get(user=people["dirk"])
    assert told.kind == "case.mention"
    assert told.url == f"{case.url}#comment-{comment.pk}"
    assert "Casper" not in told.title + told.body  # no commenter's name
    assert told.key == f"case.mention:{comment.pk}"


def test_a_mention_of_someone_without_access_tells_nobody_and_shows_the_same(
    client, make_user, people, make_case
):
    make_user(None, username="geenlid")  # an account without a role
    gone = make_user(Role.PROFESSIONAL, username="vertrokken")
    gone.is_active = False
    gone.save()
    case = make_case(owner=people["anna"])
    client.force_login(people["cas"])
    response = client.post(
        reverse("leernetwerk_casework:comment_create", args=[case.pk]),
        {"body": "Vraag aan @geenlid, @vertrokken, @bestaatniet en @dirk"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"ok": True, "errors": {}}
    assert list(
        Notification.objects.filter(kind="case.mention").values_list("user__username", flat=True)
    ) == ["dirk"]
    html = Comment.objects.get().body_html
    assert html == (
        '<p>Vraag aan <span class="ln-mention">@geenlid</span>, '
        '<span class="ln-mention">@vertrokken</span>, '
        '<span class="ln-mention">@bestaatniet</span> en <span class="ln-mention">@dirk</span></p>'
    )


def test_a_mention_on_a_case_a_member_may_not_see_tells_them_nothing(make_user, people, make_case):
    """A draft is seen by its author and the managers only (an edit of a comment on a case that
    was withdrawn meanwhile)."""
    manager = make_user(Role.MANAGER, username="manon")
    case = make_case(owner=people["anna"])
    comment = services.comment_create(case=case, author=people["cas"], body="Eerst")
    case.unpublish()
    services.comment_edit(comment=comment, user=people["cas"], body="Zie @dirk en @manon")
    assert kinds(people["dirk"]) == []
    assert kinds(manager) == ["case.mention"]


def test_the_privacy_guard_reads_the_whole_comment_with_its_mentions(client, people, make_case):
    case = make_case(owner=people["anna"])
    with pytest.raises(ValidationError):
        services.comment_create(case=case, author=people["cas"], body="@dirk het BSN is 111222333")
    client.force_login(people["cas"])
    response = client.post(
        reverse("leernetwerk_casework:comment_create", args=[case.pk]),
        {"body": "@dirk mail naar jan.jansen@example.nl"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["body"]
    assert Comment.objects.count() == 0
    assert Notification.objects.count() == 0


def test_an_edit_tells_only_whom_it_newly_mentions(people, make_case):
    case = make_case(owner=people["anna"])
    comment = services.comment_create(case=case, author=people["cas"], body="Zie @dirk")
    services.comment_edit(comment=comment, user=people["cas"], body="Zie @dirk en @bram")
    services.comment_edit(comment=comment, user=people["cas"], body="Zie @dirk en @bram!")
    assert kinds(people["dirk"]) == ["case.mention"]
    assert kinds(people["bram"]) == ["case.mention"]


def test_mentions_are_set_apart_outside_links_and_code_only():
    html = (
        '<p>Hoi @jan, zie <a href="https://example.nl/@jan">@jan</a> en <code>@x</code> @piet.</p>'
    )
    assert mark_mentions(html) == (
        '<p>Hoi <span class="ln-mention">@jan</span>, zie '
        '<a href="https://example.nl/@jan">@jan</a> en <code>@x</code> '
        '<span class="ln-mention">@piet</span>.</p>'
    )


def test_a_mention_cannot_smuggle_markup(people, make_case):
    comment = services.comment_create(
        case=make_case(), author=people["cas"], body='@dirk"><script>alert(1)</script>'
    )
    assert "<script" not in comment.body_html
    assert comment.body_html == '<p><span class="ln-mention">@dirk</span>"&gt;</p>'


# --- quotes ------------------------------------------------------------------------------------


def test_quoting_writes_a_blockquote_and_tells_the_quoted_author(people, make_case):
    case = make_case(owner=people["anna"])
    quoted = services.comment_create(
        case=case, author=people["bram"], body="De wachttijd is zes weken. Vraag @dirk."
    )
    Notification.objects.all().delete()
    with translation.override("en"):
        text = quoted.quote_text()
    assert text == "@bram wrote:\n> De wachttijd is zes weken. Vraag @dirk.\n\n"
    reply = services.comment_create(
        case=case, author=people["cas"], body=text + "Bij ons vier.", parent=quoted
    )
    assert reply.body == (
        "<p>@bram wrote:</p>\n\n"
        "<blockquote><p>De wachttijd is zes weken. Vraag @dirk.</p></blockquote>\n\n"
        "<p>Bij ons vier.</p>"
    )
    # Bram is quoted (a mention); Dirk, mentioned only inside the quote, is not told again.
    assert kinds(people["bram"]) == ["case.mention"]
    assert kinds(people["dirk"]) == []


def test_a_long_comment_is_quoted_as_an_excerpt(people, make_case):
    comment = services.comment_create(case=make_case(), author=people["bram"], body="woord " * 100)
    with translation.override("en"):
        text = comment.quote_text()
    excerpt = text.split("\n")[1]
    assert excerpt.startswith("> woord woord") and excerpt.endswith("…")
    assert len(excerpt) == 2 + 300


def test_quote_without_javascript_fills_the_threads_reply_box(client, people, make_case, manager):
    case = make_case(owner=people["anna"])
    top = services.comment_create(case=case, author=people["bram"], body="Eerste & beste")
    reply = services.comment_create(case=case, author=people["cas"], body="Reactie", parent=top)
    other = services.comment_create(case=make_case(), author=people["bram"], body="Elders")
    client.force_login(people["dirk"])
    page = client.get(case.url).content.decode()
    assert f'href="?quote={reply.pk}#reply-form-{top.pk}"' in page
    assert f'<details class="ln-reply-form" id="reply-form-{top.pk}">' in page
    html = client.get(f"{case.url}?quote={reply.pk}").content.decode()
    assert f'<details class="ln-reply-form" id="reply-form-{top.pk}" open>' in html
    box = html.split(f'id="reply-{top.pk}"')[1].split("</textarea>")[0]
    assert box.endswith("&gt; Reactie\n\n")
    assert "@cas" in box
    # A comment of another case, a hidden one or nonsense fills in nothing.
    services.comment_hide(comment=top, manager=manager, reason="Off-topic")
    for value in (other.pk, top.pk, "x", "99999999"):
        html = client.get(f"{case.url}?quote={value}").content.decode()
        assert " open>" not in html.split('id="discussion"')[1], value


# --- unread markers and last activity ---------------------------------------------------------


def test_opening_a_case_remembers_when_in_one_upsert(client, people, make_case):
    case = make_case(owner=people["anna"])
    with CaptureQueriesContext(connection) as queries:
        services.case_record_visit(case=case, user=people["bram"])
    assert len(queries) == 1
    first = CaseVisit.objects.get().seen_at
    client.force_login(people["bram"])
    client.get(case.url)
    client.get(case.url)
    visit = CaseVisit.objects.get()
    assert (visit.user, visit.case_id) == (people["bram"], case.pk)
    assert visit.seen_at > first


def test_the_index_knows_what_is_new_to_each_member(people, make_case):
    old = make_case(owner=people["anna"], title="Gelezen")
    unseen = make_case(owner=people["anna"], title="Nooit geopend")
    services.comment_create(case=old, author=people["cas"], body="Voor het bezoek")
    services.case_record_visit(case=old, user=people["bram"])
    later = timezone.now() + timedelta(minutes=1)
    for n, author in enumerate(("cas", "dirk", "bram")):
        comment = services.comment_create(case=old, author=people[author], body=f"Na {n}")
        Comment.objects.filter(pk=comment.pk).update(created_at=later)
    hidden = services.comment_create(case=old, author=people["cas"], body="Verborgen")
    Comment.objects.filter(pk=hidden.pk).update(
        created_at=later, hidden_at=later, hidden_reason="x"
    )
    cases = {case.title: case for case in case_list(index=None, viewer=people["bram"])}
    # Two comments of others since his visit (his own and the hidden one do not count).
    assert (cases["Gelezen"].seen_at is not None, cases["Gelezen"].num_new_comments) == (True, 2)
    assert (cases["Nooit geopend"].seen_at, cases["Nooit geopend"].num_new_comments) == (None, 0)
    assert cases["Gelezen"].last_activity == later
    assert cases["Nooit geopend"].last_activity == unseen.last_published_at


def test_the_index_shows_the_markers(client, people, make_case):
    old = make_case(owner=people["anna"], title="Gelezen")
    make_case(owner=people["anna"], title="Nooit geopend")
    mine = make_case(owner=people["bram"], title="Van mij")
    services.case_record_visit(case=old, user=people["bram"])
    services.case_record_visit(case=mine, user=people["bram"])
    comment = services.comment_create(case=old, author=people["cas"], body="Nieuw")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() + timedelta(minutes=1))
    client.force_login(people["bram"])
    html = client.get(_index_url()).content.decode()
    cards = {
        card.split("</a>")[0].rsplit(">", 1)[-1]: card
        for card in html.split('<li class="ln-card">')[1:]
    }
    assert cards["Gelezen"].count("ln-badge--count") == 1
    assert cards["Nooit geopend"].count("ln-badge--count") == 1
    assert cards["Van mij"].count("ln-badge--count") == 0
    for card in cards.values():
        assert '<time datetime="' in card


def _index_url() -> str:
    from leernetwerk.casework.models import CaseIndexPage

    return CaseIndexPage.objects.get().url


def test_latest_activity_orders_the_index(people, make_case):
    first = make_case(owner=people["anna"], title="Oudste")
    make_case(owner=people["anna"], title="Middelste")
    make_case(owner=people["anna"], title="Nieuwste")
    comment = services.comment_create(case=first, author=people["cas"], body="Nog actueel")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() + timedelta(hours=1))
    ordered = case_list(sort=CaseSort.ACTIVITY, viewer=people["bram"])
    assert [case.title for case in ordered] == ["Oudste", "Nieuwste", "Middelste"]


def test_index_queries_do_not_grow_with_the_number_of_cases(client, people, make_case):
    client.force_login(people["bram"])
    url = _index_url()

    def add_cases(count: int) -> None:
        for n in range(count):
            case = make_case(owner=people["anna"])
            services.comment_create(case=case, author=people["cas"], body=f"Reactie {n}")
            if n % 2:
                services.case_record_visit(case=case, user=people["bram"])
                services.case_follow_set(case=case, user=people["bram"], following=True)

    def queries(sort: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{url}?sort={sort}")
        assert response.status_code == 200
        return len(captured)

    add_cases(2)
    client.get(url)  # warm per-process caches
    small = {sort: queries(sort) for sort in ("newest", "activity")}
    add_cases(12)
    large = {sort: queries(sort) for sort in ("newest", "activity")}
    assert small == large
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("leernetwerk_casework:my_cases"))
    add_cases(6)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("leernetwerk_casework:my_cases"))
    assert len(few) == len(many)


# --- drafts ------------------------------------------------------------------------------------


def test_reply_boxes_carry_what_the_draft_script_needs(client, people, make_case):
    case = make_case(owner=people["anna"])
    top = services.comment_create(case=case, author=people["cas"], body="Vraag")
    client.force_login(people["bram"])
    html = client.get(case.url).content.decode()
    assert f'data-user-id="{people["bram"].pk}" data-case-id="{case.pk}"' in html
    assert 'data-draft="new"' in html and f'data-draft="reply-{top.pk}"' in html
    assert html.count('data-draft-status aria-live="polite"') == 2
    assert 'aria-describedby="body-help body-help-discussion body-help-draft"' in html
    assert "leernetwerk_casework/discussion.css" in html.split("</head>")[0]
