"""What a leersessie shows live on its stream: the events the session services publish, and the
renderers of what those events refer to (registered when the app is ready) — the agenda, the
attendance, minutes, actions, dilemmas and the public summary.

A replay renders each of them as it is now: corrected minutes replay corrected, an anonymised
case is no longer named on an agenda, an erased member appears under the pseudonym, and the log
holds no text that would have to be redacted (ADR 0009).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from leernetwerk.kernel.live import renderers
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.learning.constants import RunState
from leernetwerk.learning.models import (
    AgendaMinute,
    Dilemma,
    LearningSessionPage,
    SessionAction,
    SessionRun,
)
from leernetwerk.learning.sessions.selectors import agenda, run_of
from leernetwerk.learning.sessions.streams import session_stream

AGENDA = "learning.agenda"
ATTENDANCE = "learning.attendance"
MINUTES = "learning.minutes"
ACTION = "learning.action"
DILEMMA = "learning.dilemma"
SUMMARY = "learning.summary"


def _render(template: str, context: dict) -> str:
    return render_to_string(template, {**context, "live": True})


@renderers.register(AGENDA)
def render_agendas(keys: list[int]) -> dict[int, str]:
    """Session agendas (keyed by session) as they are now, the six-week check included."""
    rendered = {}
    for session in LearningSessionPage.objects.filter(pk__in=keys):
        run = run_of(session)
        rendered[session.pk] = _render(
            "leernetwerk_learning/includes/session_agenda.html",
            {
                "session": session,
                "agenda": agenda(session, pending_checks=run.state != RunState.ENDED),
                "run": run,
                "members": True,
            },
        )
    return rendered


@renderers.register(ATTENDANCE)
def render_attendance(keys: list[int]) -> dict[int, str]:
    """Who registered and came (keyed by session), and which perspectives are still missing."""
    from leernetwerk.learning.sessions.selectors import missing_perspectives, session_registrations

    rendered = {}
    for session in LearningSessionPage.objects.filter(pk__in=keys):
        registrations = list(session_registrations(session))
        missing = [] if session.has_started else missing_perspectives(session, registrations)
        rendered[session.pk] = _render(
            "leernetwerk_learning/includes/session_attendance.html",
            {"session": session, "registrations": registrations, "missing": missing},
        )
    return rendered


@renderers.register(MINUTES)
def render_minutes(keys: list[int]) -> dict[int, str]:
    """The minutes of agenda items as they read now."""
    return {
        minute.pk: _render(
            "leernetwerk_learning/includes/minutes.html",
            {"item_id": minute.item_id, "text": minute.text},
        )
        for minute in AgendaMinute.objects.filter(pk__in=keys)
    }


@renderers.register(ACTION)
def render_actions(keys: list[int]) -> dict[int, str]:
    actions = SessionAction.objects.filter(pk__in=keys).select_related("owner__member_profile")
    return {
        action.pk: _render("leernetwerk_learning/includes/action.html", {"action": action})
        for action in actions
    }


@renderers.register(DILEMMA)
def render_dilemmas(keys: list[int]) -> dict[int, str]:
    from leernetwerk.learning.sessions.selectors import pattern_threads

    dilemmas = list(Dilemma.objects.filter(pk__in=keys).select_related("target", "pattern"))
    threads = pattern_threads(d.pattern_id for d in dilemmas)
    for dilemma in dilemmas:
        dilemma.thread = threads.get(dilemma.pattern_id)
    return {
        dilemma.pk: _render("leernetwerk_learning/includes/dilemma.html", {"dilemma": dilemma})
        for dilemma in dilemmas
    }


@renderers.register(SUMMARY)
def render_summaries(keys: list[int]) -> dict[int, str]:
    """Public session summaries (keyed by the session's run)."""
    return {
        run.pk: _render("leernetwerk_learning/includes/summary.html", {"run": run})
        for run in SessionRun.objects.filter(pk__in=keys)
    }


def publish_agenda(session: LearningSessionPage, event: str, **data) -> None:
    """The agenda and the session's state changed (opened, next item, closed, a dilemma placed,
    an action checked)."""
    run = run_of(session)
    publish(
        session_stream(session.pk),
        event,
        {
            **data,
            "state": run.state,
            "current": run.current_item,
            "ops": [
                {
                    "op": "replace",
                    "target": "#session-agenda",
                    "ref": renderers.ref(AGENDA, session.pk),
                },
                {"op": "text", "target": "#session-state", "text": run.get_state_display()},
            ],
        },
    )


def publish_attendance(session: LearningSessionPage) -> None:
    publish(
        session_stream(session.pk),
        "attendance.changed",
        {
            "ops": [
                {
                    "op": "replace",
                    "target": "#session-attendance",
                    "ref": renderers.ref(ATTENDANCE, session.pk),
                }
            ]
        },
    )


def publish_cancelled(session: LearningSessionPage, label: str) -> None:
    publish(
        session_stream(session.pk),
        "session.cancelled",
        {"ops": [{"op": "text", "target": "#session-state", "text": label}]},
    )


def publish_minutes(minute: AgendaMinute) -> None:
    publish(
        session_stream(minute.session_id),
        "minutes.changed",
        {
            "item": minute.item_id,
            "ops": [
                {
                    "op": "replace",
                    "target": f"#minutes-{minute.item_id}",
                    "ref": renderers.ref(MINUTES, minute.pk),
                }
            ],
        },
    )


def publish_action(action: SessionAction, event: str, *, op: str) -> None:
    """An action was recorded (``op="append"``) or changed (``"replace"``) — on the stream of
    the session it came from."""
    if op == "append":
        operation = {"op": "append", "target": "#session-actions", "id": action.dom_id}
    else:
        operation = {"op": "replace", "target": f"#{action.dom_id}"}
    publish(
        session_stream(action.session_id),
        event,
        {"action": action.pk, "ops": [{**operation, "ref": renderers.ref(ACTION, action.pk)}]},
    )


def publish_dilemma(dilemma: Dilemma, event: str, *, op: str) -> None:
    """The dilemma on its own session's page: appended, or replaced when its status moves or
    it is taken up as a pattern. A pattern's request for the agenda has no page of its own: the
    agenda it is placed on is published instead (``publish_agenda``)."""
    if dilemma.session_id is None:
        return
    if op == "append":
        operation = {"op": "append", "target": "#session-dilemmas", "id": dilemma.dom_id}
    else:
        operation = {"op": "replace", "target": f"#{dilemma.dom_id}"}
    publish(
        session_stream(dilemma.session_id),
        event,
        {
            "dilemma": dilemma.pk,
            "ops": [{**operation, "ref": renderers.ref(DILEMMA, dilemma.pk)}],
        },
    )


def publish_summary(run: SessionRun) -> None:
    publish(
        session_stream(run.session_id),
        "summary.published",
        {
            "ops": [
                {
                    "op": "replace",
                    "target": "#session-summary",
                    "ref": renderers.ref(SUMMARY, run.pk),
                }
            ]
        },
    )
