"""A case's threads come from the cache (issue #19), and still every reader sees their own
page: their own edit and remove controls (not someone else's), "hide" only for managers, "new"
only for what came after their last visit, a form token of their own; and an edit, a removal, a
moderation, a reply or a renamed author shows on the next page. These run with a real
(local-memory) cache."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from leernetwerk.casework import services
from leernetwerk.casework.models import Comment
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(make_case, make_user, real_cache):
    anna = make_user(first_name="Anna", last_name="Aalders")
    bram = make_user(first_name="Bram", last_name="Bos")
    case = make_case(owner=anna, title="Wachttijd beschermingsbewind")
    first = services.comment_create(case=case, author=anna, body="Herkenbaar in Noord.")
    services.comment_create(case=case, author=bram, body="Ook bij ons.", parent=first)
    return {"anna": anna, "bram": bram, "case": case, "first": first}


def _page(user, case) -> str:
    client = Client()
    client.force_login(user)
    html = client.get(case.url).content.decode()
    return html[html.index('id="comments"') : html.index('id="comment-form"')]


def _article(html: str, comment: Comment) -> str:
    start = html.index(f'id="comment-{comment.pk}"')
    return html[start : html.index("</p>", html.index("ln-comment-actions", start))]


def _controls_shown(html: str, comment: Comment) -> bool:
    """Whether the edit/remove controls of ``comment`` are there and not hidden."""
    found = re.search(
        rf'data-owner-only data-owner="{comment.author_id}"[^>]*data-editable-until="[^"]*"'
        r"(?P<rest>[^>]*)>",
        html[html.index(f'id="comment-{comment.pk}"') :],
    )
    return bool(found) and "hidden" not in found.group("rest")


def test_each_reader_sees_their_own_controls_on_the_same_cached_thread(scene):
    anna, bram, case, first = scene["anna"], scene["bram"], scene["case"], scene["first"]
    reply = Comment.objects.get(parent=first)
    as_anna = _page(anna, case)
    as_bram = _page(bram, case)
    assert _controls_shown(as_anna, first) and not _controls_shown(as_anna, reply)
    assert _controls_shown(as_bram, reply) and not _controls_shown(as_bram, first)
    # Read again (now from the cache): the same page but for the form tokens.
    assert _tokenless(_page(anna, case)) == _tokenless(as_anna)


def _tokenless(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_form_token_is_the_readers_own_and_a_reply_posts(scene):
    anna, case, first = scene["anna"], scene["case"], scene["first"]
    client = Client(enforce_csrf_checks=True)
    client.force_login(anna)
    client.get(case.url)  # someone else's page fills the cache first
    client.force_login(scene["bram"])
    html = client.get(case.url).content.decode()
    token = _token(html)
    assert "data-ln-" not in html.split('id="comments"')[1].split('id="comment-form"')[0]
    response = client.post(
        f"/netwerk/casussen/{case.pk}/reacties/",
        {"body": "Dank, dat helpt.", "parent": first.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code in (200, 302), response.status_code
    assert Comment.objects.filter(body__contains="Dank, dat helpt").exists()


def test_hide_is_offered_to_managers_only(scene, make_user):
    manager = make_user(Role.MANAGER)
    for reader, shown in ((scene["bram"], False), (manager, True), (scene["bram"], False)):
        html = _page(reader, scene["case"])
        details = re.search(
            r'<details class="ln-comment-moderation" data-manager-only([^>]*)>', html
        )
        assert ("hidden" not in details.group(1)) is shown


def test_new_is_shown_for_what_came_after_the_readers_last_visit(scene):
    anna, bram, case = scene["anna"], scene["bram"], scene["case"]
    _page(anna, case)  # anna's visit
    later = services.comment_create(case=case, author=bram, body="Nog een voorbeeld.")
    html = _page(anna, case)
    assert "nieuw</span>" in _article(html, later)
    assert "nieuw</span>" not in _article(html, scene["first"])
    assert "nieuw</span>" not in _page(bram, case)  # his own comment is not new to him


def test_an_edit_a_removal_a_moderation_and_a_renamed_author_show_at_once(scene, make_user):
    anna, bram, case, first = scene["anna"], scene["bram"], scene["case"], scene["first"]
    assert "Herkenbaar in Noord." in _page(bram, case)
    services.comment_edit(comment=first, user=anna, body="Herkenbaar in Noord en Zuid.")
    html = _page(bram, case)
    assert "Herkenbaar in Noord en Zuid." in html and "(bewerkt)" in html
    bram.first_name = "Bram-Jan"
    bram.save()
    assert "Bram-Jan Bos" in _page(anna, case)
    reply = Comment.objects.get(parent=first)
    services.comment_hide(comment=reply, manager=make_user(Role.MANAGER), reason="Dubbel")
    html = _page(anna, case)
    assert "Ook bij ons." not in html and "Dubbel" in html
    services.comment_remove(comment=first, user=anna)
    html = _page(bram, case)
    assert "Herkenbaar in Noord" not in html and "verwijderd door de auteur" in html


def _cached_values(cache) -> bytes:
    """Everything the local-memory cache holds, as stored (pickled)."""
    return b"".join(value for value in cache._cache.values() if isinstance(value, bytes))


@pytest.mark.parametrize("change", ["edit", "remove", "hide"])
def test_no_copy_of_changed_text_stays_in_the_cache(scene, make_user, real_cache, change):
    """What the privacy guard missed and an author removes, or a manager hides, must not live
    on in the cache under an old key."""
    anna, bram, case, first = scene["anna"], scene["bram"], scene["case"], scene["first"]
    _page(bram, case)
    assert b"Herkenbaar in Noord." in _cached_values(real_cache)
    if change == "edit":
        services.comment_edit(comment=first, user=anna, body="Herkenbaar, zonder details.")
    elif change == "remove":
        services.comment_remove(comment=first, user=anna)
    else:
        services.comment_hide(comment=first, manager=make_user(Role.MANAGER), reason="Te veel")
    assert b"Herkenbaar in Noord." not in _cached_values(real_cache)
    assert "Herkenbaar in Noord." not in _page(bram, case)


def test_an_erased_member_leaves_no_name_or_handle_in_the_cached_threads(
    scene, make_user, real_cache, django_capture_on_commit_callbacks
):
    from leernetwerk.kernel.members import privacy

    anna, bram, case = scene["anna"], scene["bram"], scene["case"]
    services.comment_create(case=case, author=anna, body=f"Vraag het @{bram.username}.")
    _page(anna, case)
    stored = _cached_values(real_cache)
    assert b"Bram Bos" in stored and f"@{bram.username}".encode() in stored
    with django_capture_on_commit_callbacks(execute=True):
        request = privacy.erasure_request_create(user=bram, reason="Graag wissen")
        privacy.erasure_confirm(request=request, by=make_user(Role.MANAGER))
    stored = _cached_values(real_cache)
    assert b"Bram Bos" not in stored and f"@{bram.username}".encode() not in stored
    html = _page(anna, case)
    assert "Bram Bos" not in html and "Voormalig lid" in html
