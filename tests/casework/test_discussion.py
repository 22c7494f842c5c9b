"""The discussion of a case: comments, replies, edits, removal, moderation, recognitions."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leernetwerk.casework import services
from leernetwerk.casework.models import Comment, Recognition
from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db


def test_comment_is_sanitised_but_keeps_light_formatting(make_case, professional):
    case = make_case()
    comment = services.comment_create(
        case=case,
        author=professional,
        body='Herkenbaar: <b>vet</b> <script>alert(1)</script><a href="javascript:x()">link</a>'
        "<img src=x onerror=alert(1)>",
    )
    assert "<b>vet</b>" in comment.body
    assert "<script" not in comment.body and "alert(1)" not in comment.body
    assert "javascript:" not in comment.body and "onerror" not in comment.body


def test_plain_text_becomes_paragraphs(make_case, professional):
    comment = services.comment_create(case=make_case(), author=professional, body="Eén\n\nTwee")
    assert comment.body == "<p>Eén</p>\n\n<p>Twee</p>"


def test_empty_or_personal_comments_are_refused(make_case, professional):
    case = make_case()
    with pytest.raises(ValidationError):
        services.comment_create(case=case, author=professional, body="<p> </p>")
    with pytest.raises(ValidationError) as error:
        services.comment_create(case=case, author=professional, body="IBAN NL91ABNA0417164300")
    assert "NL91ABNA0417164300" in error.value.messages[0]
    assert not Comment.objects.exists()


def test_replies_are_one_level_deep(make_case, professional, make_user):
    case = make_case()
    top = services.comment_create(case=case, author=professional, body="Vraag")
    reply = services.comment_create(case=case, author=make_user(), body="Antwoord", parent=top)
    reply_to_reply = services.comment_create(
        case=case, author=professional, body="Dank", parent=reply
    )
    assert reply.parent == top and reply_to_reply.parent == top


def test_reply_must_stay_in_the_same_case(make_case, professional):
    other = services.comment_create(case=make_case(), author=professional, body="Elders")
    with pytest.raises(ValidationError):
        services.comment_create(case=make_case(), author=professional, body="Hier", parent=other)


def test_author_edits_within_the_window_only(make_case, professional, make_user, settings):
    settings.LEERNETWERK_COMMENT_EDIT_MINUTES = 15
    comment = services.comment_create(case=make_case(), author=professional, body="Eerst")
    edited = services.comment_edit(comment=comment, user=professional, body="Daarna")
    assert "Daarna" in edited.body and edited.edited_at is not None
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=make_user(), body="Niet van jou")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=professional, body="Te laat")


def test_removal_leaves_a_visible_stub(client, make_case, professional):
    case = make_case()
    comment = services.comment_create(case=case, author=professional, body="Spijt van")
    services.comment_remove(comment=comment, user=professional)
    comment.refresh_from_db()
    assert comment.removed_at is not None and comment.body == ""
    client.force_login(professional)
    html = client.get(case.url).content.decode()
    assert "verwijderd door de auteur" in html or "removed by its author" in html
    assert "Spijt van" not in html


def test_managers_hide_with_a_reason(client, make_case, professional, manager):
    case = make_case()
    comment = services.comment_create(case=case, author=professional, body="Ongepast")
    with pytest.raises(PermissionDenied):
        services.comment_hide(comment=comment, manager=professional, reason="Nee")
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, manager=manager, reason="  ")
    services.comment_hide(comment=comment, manager=manager, reason="Niet respectvol")
    client.force_login(professional)
    html = client.get(case.url).content.decode()
    assert "Niet respectvol" in html and "Ongepast" not in html


def test_one_recognition_per_member_per_case(make_case, professional):
    case = make_case()
    services.recognition_add(case=case, user=professional, note="Ook in Noord")
    with pytest.raises(ValidationError):
        services.recognition_add(case=case, user=professional)
    assert Recognition.objects.filter(case=case).count() == 1
    services.recognition_remove(case=case, user=professional)
    assert not Recognition.objects.exists()


def test_recognition_toggle_view(client, make_case, professional):
    case = make_case()
    client.force_login(professional)
    url = reverse("leernetwerk_casework:recognition_toggle", args=[case.pk])
    client.post(url, {"note": "Zag dit bij de schuldhulp"})
    assert Recognition.objects.get().note == "Zag dit bij de schuldhulp"
    client.post(url)
    assert not Recognition.objects.exists()


def test_every_change_is_published_on_the_case_stream(make_case, professional, manager):
    case = make_case()
    comment = services.comment_create(case=case, author=professional, body="Een")
    services.comment_edit(comment=comment, user=professional, body="Twee")
    services.recognition_add(case=case, user=manager)
    services.comment_hide(comment=comment, manager=manager, reason="Dubbel")
    events = list(
        LiveEvent.objects.filter(stream__key=f"casework.case.{case.pk}").values_list(
            "type", "payload"
        )
    )
    assert [kind for kind, _payload in events] == [
        "comment.created",
        "comment.edited",
        "recognition.added",
        "comment.hidden",
    ]
    # The log refers to the comment; it stores no rendered text (ADR 0009).
    assert events[0][1]["ops"][0] == {
        "op": "append",
        "target": "#comments",
        "id": comment.dom_id,
        "ref": ["casework.comment", comment.pk],
    }
    recognition = Recognition.objects.get(case=case, user=manager)
    assert events[2][1]["ops"] == [
        {
            "op": "append",
            "target": "#recognition-list",
            "id": f"recognition-{recognition.pk}",
            "ref": ["casework.recognition", recognition.pk],
        },
        {"op": "text", "target": "#recognition-count", "text": "1"},
    ]
    # A replay shows the comment as it is now: hidden, with the reason, without its text.
    frames = events_after(f"casework.case.{case.pk}", 0)
    assert [frame.event for frame in frames] == [kind for kind, _payload in events]
    for frame in (frames[0], frames[1], frames[3]):
        html = frame.data["ops"][0]["html"]
        assert "Dubbel" in html and "<p>Een</p>" not in html and "<p>Twee</p>" not in html
    assert frames[0].data["ops"][0]["op"] == "append"


def test_comment_json_endpoint_reports_errors(client, make_case, professional):
    case = make_case()
    client.force_login(professional)
    url = reverse("leernetwerk_casework:comment_create", args=[case.pk])
    response = client.post(url, {"body": "Bel 06-12345678"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "06-12345678" in response.json()["errors"]["body"][0]
    response = client.post(
        url, {"body": "Prima", "parent": "999999"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    response = client.post(url, {"body": "Prima"}, HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True, "errors": {}}


def test_case_page_queries_do_not_grow_with_comments(client, make_case, make_user):
    case = make_case()
    authors = [make_user() for _ in range(5)]
    viewer = make_user(Role.PROFESSIONAL)
    client.force_login(viewer)

    def add_comments(count: int) -> None:
        top = None
        for n in range(count):
            parent = top if n % 3 == 2 else None
            comment = services.comment_create(
                case=case, author=authors[n % 5], body=f"Reactie {n}", parent=parent
            )
            top = comment if parent is None else top

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(case.url)
        assert response.status_code == 200
        return len(queries)

    add_comments(5)
    services.recognition_add(case=case, user=authors[0])
    client.get(case.url)  # warm per-process caches (site root, content types)
    with_5 = queries_for_page()
    add_comments(95)
    for user in authors[1:]:
        services.recognition_add(case=case, user=user)
    with_100 = queries_for_page()
    assert client.get(case.url).content.decode().count('class="ln-comment"') == 100
    assert with_5 == with_100, (with_5, with_100)


def test_authors_do_not_recognise_their_own_case(make_case, professional):
    case = make_case(owner=professional)
    with pytest.raises(ValidationError):
        services.recognition_add(case=case, user=professional)
    assert not Recognition.objects.exists()


def test_the_case_page_shows_who_recognises_it_and_where(client, make_case, make_user):
    """The "herken ik" note is asked for, so members see it: name, date and note."""
    author = make_user()
    case = make_case(owner=author)
    colleague = make_user(first_name="Noor", last_name="Visser")
    services.recognition_add(case=case, user=colleague, note="Ook twee keer gezien in wijk Noord")
    client.force_login(author)
    html = client.get(case.url).content.decode()
    listed = html[html.index('id="recognition-list"') :]
    listed = listed[: listed.index("</ul>")]
    assert "Noor Visser" in listed and "Ook twee keer gezien in wijk Noord" in listed
    # Taken back: gone from the list, and the live event says so.
    services.recognition_remove(case=case, user=colleague)
    html = client.get(case.url).content.decode()
    assert "Ook twee keer gezien in wijk Noord" not in html
    removed = LiveEvent.objects.filter(type="recognition.removed").get()
    assert removed.payload["ops"][0]["op"] == "remove"
    assert removed.payload["ops"][1] == {"op": "text", "target": "#recognition-count", "text": "0"}
