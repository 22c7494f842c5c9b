"""Live events store references, not rendered text (ADR 0009): what was removed, hidden, edited
or erased is in no replay from id 0 — over the websocket or from the log — and nowhere in the
event log, while the live broadcast still carries the fragment rendered once at publish time."""

from __future__ import annotations

import importlib
import json

import pytest
from channels.db import database_sync_to_async
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext

from leernetwerk.casework import services
from leernetwerk.kernel.live import publisher, renderers
from leernetwerk.kernel.live.models import LiveEvent, LiveStream
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.selectors import events_after, stream_position
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.kernel.members.privacy import erasure_confirm
from leernetwerk.kernel.models import ErasureRequest, MemberProfile
from leernetwerk.kernel.roles import Role
from tests.toets import GO, REQUEST_TOETS
from tests.websocket import connect

REMOVED = "Zuurstofmasker-7731 bij de buren"
HIDDEN = "Kwartelkoning-4418 wist het al"
OLD = "Eerste versie-5521 met een fout"
NEW = "Tweede versie-6630 zonder fout"
REPLY = "Een antwoord-9912 in de draad"
GONE = (REMOVED, HIDDEN, OLD)


def _log() -> str:
    """Everything the event log stores."""
    return json.dumps(list(LiveEvent.objects.values("type", "payload")), ensure_ascii=False)


def _replay(key: str) -> str:
    """Everything a client resuming from id 0 receives, as the log renders it now."""
    return json.dumps([frame.data for frame in events_after(key, 0)], ensure_ascii=False)


def _discussion(case, professional, manager, other):
    """A discussion in which one comment is removed, one hidden and one edited."""
    removed = services.comment_create(case=case, author=professional, body=REMOVED)
    services.comment_create(case=case, author=other, body=REPLY, parent=removed)
    hidden = services.comment_create(case=case, author=other, body=HIDDEN)
    edited = services.comment_create(case=case, author=professional, body=OLD)
    before = _replay(case_stream(case.pk))
    assert all(text in before for text in (*GONE, REPLY)), "a late reader sees what is there"
    services.comment_remove(comment=removed, user=professional)
    services.comment_hide(comment=hidden, manager=manager, reason="Dubbel geplaatst")
    services.comment_edit(comment=edited, user=professional, body=NEW)
    return removed, hidden, edited


@pytest.mark.django_db
def test_removed_hidden_and_edited_text_is_in_no_replay_from_0_and_not_in_the_log(
    make_case, professional, manager, make_user
):
    case = make_case()
    removed, hidden, edited = _discussion(case, professional, manager, make_user())

    replay = _replay(case_stream(case.pk))
    for text in GONE:
        assert text not in replay
    # What is there now replays as it is now: the stubs, the hiding reason, the new text, and
    # the reply that stays in the thread of the removed comment.
    assert NEW in replay and REPLY in replay and "Dubbel geplaatst" in replay
    frames = events_after(case_stream(case.pk), 0)
    about_removed = [f for f in frames if f.data.get("comment") == removed.pk]
    assert [f.event for f in about_removed] == ["comment.created", "comment.removed"]
    stub = gettext("This comment was removed by its author.")
    for frame in about_removed:
        assert stub in frame.data["ops"][0]["html"]

    # The log itself holds no text at all, not even what is still there.
    log = _log()
    for text in (*GONE, NEW, REPLY, "Dubbel geplaatst"):
        assert text not in log


@pytest.mark.django_db(transaction=True)
async def test_a_websocket_replay_from_0_shows_no_removed_hidden_or_edited_text(
    make_case, professional, manager, make_user
):
    @database_sync_to_async
    def world():
        case = make_case()
        _discussion(case, professional, manager, make_user())
        return case, make_user()

    case, reader = await world()
    communicator = await connect(f"/ws/live/case/{case.pk}/?since=0", reader, language="en")
    frames = []
    while (frame := await communicator.receive_json_from(timeout=5))["type"] != "ready":
        frames.append(frame)
    assert [f["id"] for f in frames] == list(range(1, len(frames) + 1))
    await communicator.send_json_to({"type": "resume", "since": 0})
    while (frame := await communicator.receive_json_from(timeout=5))["type"] != "ready":
        frames.append(frame)
    await communicator.disconnect()

    received = json.dumps(frames, ensure_ascii=False)
    for text in GONE:
        assert text not in received
    assert NEW in received and REPLY in received
    # Rendered for this reader, in their language.
    assert "This comment was removed by its author." in received


@pytest.mark.django_db
def test_the_broadcast_carries_the_fragment_rendered_once_at_publish_time(
    make_case, professional, monkeypatch, django_capture_on_commit_callbacks
):
    """Rendered once per interface language (each reader gets theirs), never stored."""
    sent = []
    monkeypatch.setattr(
        publisher, "broadcast", lambda stream, event_id, frames: sent.append((stream, frames))
    )
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(case=case, author=professional, body=NEW)
    (frames,) = [frames for stream, frames in sent if stream == case_stream(case.pk)]
    assert sorted(frames) == ["en", "nl"]
    frame = frames["nl"]
    assert frame.id == 1 and frame.event == "comment.created"
    (append, count) = frame.data["ops"]
    assert append["op"] == "append" and append["id"] == comment.dom_id
    assert NEW in append["html"] and "ref" not in append
    assert count == {"op": "text", "target": "#comment-count", "text": "1"}
    assert NEW not in _log()


@pytest.mark.django_db
def test_an_erased_members_name_is_in_no_replay(make_case, make_user, manager):
    mirjam = make_user(first_name="Mirjam", last_name="Vandersteen")
    holder = make_user(Role.MANDATE_HOLDER, first_name="Hendrika", last_name="Mandaatsma")
    case = make_case(owner=mirjam)
    services.comment_create(case=case, author=mirjam, body="Mijn vraag aan het netwerk")
    services.comment_create(case=case, author=make_user(), body="Een antwoord")
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS,
        case=case,
        user=mirjam,
        mandate_holder=holder,
        kind="deviation",
        rule="Bijstand pas na inschrijving",
        proposal="Een briefadres",
        reasons="Zonder adres geen inkomen",
    )
    services.doorbraak_decide(**GO, doorbraak=doorbraak, user=holder, reason="Akkoord")
    assert "Vandersteen" in _replay(case_stream(case.pk))
    assert "Mandaatsma" in _replay(case_stream(case.pk))

    for member in (mirjam, holder):
        erasure_confirm(request=ErasureRequest.objects.create(user=member), by=manager)

    replay = _replay(case_stream(case.pk))
    for name in ("Mirjam", "Vandersteen", "Hendrika", "Mandaatsma"):
        assert name not in replay
    for member in (mirjam, holder):
        assert MemberProfile.objects.get(user=member).pseudonym in replay
    assert "Vandersteen" not in _log()


@pytest.mark.django_db
def test_a_replay_renders_each_kind_once_per_batch(make_case, make_user):
    """No query per event: a replay of 24 comment events costs what one of 4 costs."""

    def replay_queries(case) -> int:
        with CaptureQueriesContext(connection) as queries:
            frames = events_after(case_stream(case.pk), 0)
        assert all("html" in frame.data["ops"][0] for frame in frames)
        return len(queries)

    small, large = make_case(), make_case()
    for case, count in ((small, 2), (large, 12)):
        for n in range(count):
            top = services.comment_create(case=case, author=make_user(), body=f"Vraag {n}")
            services.comment_create(case=case, author=make_user(), body=f"Ant {n}", parent=top)
    assert replay_queries(large) == replay_queries(small)


@pytest.mark.django_db
def test_publish_refuses_rendered_text_and_unknown_kinds(make_case):
    stream = case_stream(make_case().pk)
    with pytest.raises(ValueError, match="references, not rendered HTML"):
        publish(stream, "x", {"ops": [{"op": "replace", "target": "#a", "html": "<p>tekst</p>"}]})
    with pytest.raises(LookupError):
        publish(stream, "x", {"ops": [{"op": "replace", "target": "#a", "ref": ["nope", 1]}]})
    with pytest.raises(ValueError):
        publish(stream, "x", {"ops": [{"op": "replace", "target": "#a", "ref": "comment-1"}]})
    assert not LiveEvent.objects.exists()


def test_resolve_batches_per_kind_and_removes_what_is_gone(monkeypatch):
    calls = []

    def render(keys):
        calls.append(keys)
        return {key: f"<p>{key}</p>" for key in keys if key != 2}

    monkeypatch.setitem(renderers._renderers, "tests.thing", render)
    payloads = [
        {"ops": [{"op": "append", "target": "#list", "id": "thing-1", "ref": ["tests.thing", 1]}]},
        {"ops": [{"op": "append", "target": "#list", "id": "thing-2", "ref": ["tests.thing", 2]}]},
        {"ops": [{"op": "replace", "target": "#thing-2", "ref": ["tests.thing", 2]}]},
        {"ops": [{"op": "replace", "target": "#thing-1", "ref": ["tests.thing", 1]}]},
        {"count": 3, "ops": [{"op": "text", "target": "#count", "text": "3"}]},
        {"n": 1},
    ]
    assert renderers.resolve(payloads) == [
        {"ops": [{"op": "append", "target": "#list", "id": "thing-1", "html": "<p>1</p>"}]},
        {"ops": [{"op": "remove", "target": "#thing-2"}]},
        {"ops": [{"op": "remove", "target": "#thing-2"}]},
        {"ops": [{"op": "replace", "target": "#thing-1", "html": "<p>1</p>"}]},
        {"count": 3, "ops": [{"op": "text", "target": "#count", "text": "3"}]},
        {"n": 1},
    ]
    assert calls == [[1, 2]]


def test_an_object_shown_in_two_places_is_rendered_once(monkeypatch):
    """A notification goes to the list and to the flash area: one render serves both."""
    calls = []

    def render(keys):
        calls.append(keys)
        return {key: f'<li id="thing-{key}">{key}</li>' for key in keys if key != 2}

    monkeypatch.setattr(renderers, "_renderers", {"tests.thing": render})
    monkeypatch.setattr(renderers, "_derived", {})
    renderers.register_derived(
        "tests.thing_flash", "tests.thing", lambda key, html: html.replace(f' id="thing-{key}"', "")
    )
    payload = {
        "ops": [
            {"op": "prepend", "target": "#list", "id": "thing-1", "ref": ["tests.thing", 1]},
            {"op": "prepend", "target": "#flash", "ref": ["tests.thing_flash", 1]},
            {"op": "prepend", "target": "#flash", "id": "flash-2", "ref": ["tests.thing_flash", 2]},
        ]
    }
    assert renderers.resolve([payload]) == [
        {
            "ops": [
                {
                    "op": "prepend",
                    "target": "#list",
                    "id": "thing-1",
                    "html": '<li id="thing-1">1</li>',
                },
                {"op": "prepend", "target": "#flash", "html": "<li>1</li>"},
                {"op": "remove", "target": "#flash-2"},
            ]
        }
    ]
    assert calls == [[1, 2]]
    # On its own (a replay of the flash op only) it still renders.
    assert renderers.resolve([{"ops": [payload["ops"][1]]}])[0]["ops"][0]["html"] == "<li>1</li>"


def test_a_failing_renderer_leaves_its_ops_out_of_a_replay_but_fails_a_publish(monkeypatch):
    def broken(keys):
        raise RuntimeError("template error")

    monkeypatch.setitem(renderers._renderers, "tests.broken", broken)
    payload = {"ops": [{"op": "replace", "target": "#x", "ref": ["tests.broken", 1]}]}
    assert renderers.resolve([payload]) == [{"ops": []}]
    with pytest.raises(RuntimeError):
        renderers.resolve([payload], strict=True)


@pytest.mark.django_db
def test_the_upgrade_purges_events_stored_with_html_and_clients_reload(make_case):
    stream = case_stream(make_case().pk)
    live_stream = LiveStream.objects.create(key=stream, last_id=2)
    for seq in (1, 2):
        LiveEvent.objects.create(
            stream=live_stream,
            seq=seq,
            type="comment.created",
            payload={"ops": [{"op": "append", "target": "#comments", "html": f"<p>{OLD}</p>"}]},
        )
    migration = importlib.import_module(
        "leernetwerk.kernel.migrations.0002_live_events_carry_references"
    )
    migration.purge_rendered_events(apps, None)
    assert OLD not in _log() and not LiveEvent.objects.exists()
    # A client resuming from before the upgrade is told to reload; new ids go on from 3.
    assert stream_position(stream) == (2, 2)
