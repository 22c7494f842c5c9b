"""Session events store references, not rendered text (ADR 0009): corrected minutes and an
anonymised case's title are in no replay from id 0 and nowhere in the event log."""

from __future__ import annotations

import json

import pytest

from leernetwerk.casework.services import case_anonymise
from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.learning.models import LearningSessionPage
from leernetwerk.learning.sessions import services
from leernetwerk.learning.sessions.selectors import agenda

pytestmark = pytest.mark.django_db

OLD_MINUTES = "Mevrouw uit de Spoorstraat-4471 belde twee keer"
NEW_MINUTES = "Twee meldingen, doorgezet naar het wijkteam"
CASE_TITLE = "Ontruiming in de Lindelaan-3311"


def _log() -> str:
    return json.dumps(list(LiveEvent.objects.values("type", "payload")), ensure_ascii=False)


def _replay(session) -> str:
    frames = events_after(f"learning.session.{session.pk}", 0)
    return json.dumps([frame.data for frame in frames], ensure_ascii=False)


def test_corrected_minutes_replay_corrected_and_the_old_text_is_stored_nowhere(make_session, admin):
    session = make_session()
    services.session_open(session=session, user=admin)
    item = agenda(session)[0].id if agenda(session) else ""
    services.minute_save(session=session, user=admin, item_id=item, text=OLD_MINUTES)
    assert OLD_MINUTES in _replay(session)

    services.minute_save(session=session, user=admin, item_id=item, text=NEW_MINUTES)

    replay = _replay(session)
    assert OLD_MINUTES not in replay and NEW_MINUTES in replay
    log = _log()
    assert OLD_MINUTES not in log and NEW_MINUTES not in log
    events = [frame.event for frame in events_after(f"learning.session.{session.pk}", 0)]
    assert events == ["session.opened", "minutes.changed", "minutes.changed"]


def test_an_anonymised_case_is_not_named_on_a_replayed_session_agenda(
    make_session, make_case, admin
):
    case = make_case(title=CASE_TITLE)
    session = make_session()
    page = session.get_latest_revision_as_object()
    page.agenda = [{"type": "case", "value": {"case": case.pk, "time_box": 20}}]
    page.save_revision().publish(skip_permission_checks=True)
    session = LearningSessionPage.objects.get(pk=session.pk)
    services.session_open(session=session, user=admin)
    item = agenda(session)[0].id
    services.session_set_current(session=session, user=admin, item_id=item)
    assert CASE_TITLE in _replay(session)

    case_anonymise(case=case)

    replay = _replay(session)
    assert CASE_TITLE not in replay
    assert f"agenda-{item}" in replay  # the agenda itself still replays
    assert CASE_TITLE not in _log()
