"""Reads of the leersessies: calendars, registrations, a session's agenda and live state,
actions and where a dilemma goes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from leernetwerk.kernel.selectors import perspectives as active_perspectives
from leernetwerk.learning.constants import (
    ActionStatus,
    DilemmaStatus,
    RegistrationStatus,
    RunState,
    ladder,
    level_above,
    top_level,
)
from leernetwerk.learning.models import (
    ActionCheck,
    AgendaMinute,
    Dilemma,
    LearningSessionPage,
    Registration,
    SessionAction,
    SessionIndexPage,
    SessionRun,
)

__all__ = [
    "AgendaItem",
    "CHECK_ITEM",
    "ThreadEntry",
    "pattern_agenda_request",
    "pattern_threads",
    "actions_for",
    "agenda",
    "dilemma_target",
    "missing_perspectives",
    "next_session",
    "open_actions_before",
    "overdue_actions",
    "actions_due_soon",
    "registration_of",
    "run_of",
    "session_calendar",
    "session_registrations",
    "sessions_in_month",
    "with_held",
    "upcoming_sessions",
]

#: The id of the six-week check at the start of a session's agenda.
CHECK_ITEM = "zes-wekencheck"


@dataclass
class AgendaItem:
    """One item of a session's agenda, from its StreamField or added by the network (the
    six-week check, a dilemma from the level below)."""

    id: str
    kind: str
    title: str
    time_box: int | None = None
    presenter: str = ""
    question: str = ""
    description: str = ""
    case: Any = None
    pattern: Any = None
    dilemma: Dilemma | None = None
    thread: list = field(default_factory=list)
    actions: list[SessionAction] = field(default_factory=list)
    minutes: str = ""

    @property
    def dom_id(self) -> str:
        return f"agenda-{self.id}"


def upcoming_sessions(*, index: SessionIndexPage | None = None) -> QuerySet[LearningSessionPage]:
    qs = LearningSessionPage.objects.live().filter(ends_at__gte=timezone.now())
    if index is not None:
        qs = qs.child_of(index)
    return qs.order_by("starts_at")


def with_held(qs: QuerySet[LearningSessionPage]) -> QuerySet[LearningSessionPage]:
    """Annotate ``was_held``: the session was started, or minutes were written or attendance
    taken for it. A past session without any of these was planned but never held (in the
    same query: three ``EXISTS`` subqueries)."""
    started = SessionRun.objects.filter(session=OuterRef("pk")).filter(
        ~Q(state=RunState.PLANNED) | Q(opened_at__isnull=False)
    )
    minutes = AgendaMinute.objects.filter(session=OuterRef("pk")).exclude(text="")
    present = Registration.objects.filter(session=OuterRef("pk"), attended=True)
    return qs.annotate(
        was_held=ExpressionWrapper(
            Q(Exists(started)) | Q(Exists(minutes)) | Q(Exists(present)),
            output_field=BooleanField(),
        )
    )


def session_calendar(
    *, index: SessionIndexPage | None = None, past_limit: int = 12, level: str = ""
) -> tuple[QuerySet[LearningSessionPage], QuerySet[LearningSessionPage]]:
    """Upcoming sessions (soonest first) and the most recent past ones (latest first), with
    their registration counts; past ones say whether they were held (``was_held``)."""
    past = LearningSessionPage.objects.live().filter(ends_at__lt=timezone.now())
    upcoming = upcoming_sessions(index=index)
    if index is not None:
        past = past.child_of(index)
    if level:
        upcoming, past = upcoming.filter(level=level), past.filter(level=level)
    registered = Count(
        "registrations", filter=Q(registrations__status=RegistrationStatus.REGISTERED)
    )
    return (
        upcoming.annotate(registered_count=registered),
        with_held(past).order_by("-starts_at")[:past_limit],
    )


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def sessions_in_month(
    *, month: date, index: SessionIndexPage | None = None, level: str = ""
) -> QuerySet[LearningSessionPage]:
    """The published sessions that start in the calendar month of ``month`` (local time), in
    order, with ``was_held``: one query for the month view, however many sessions it holds."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    qs = LearningSessionPage.objects.live().filter(
        starts_at__gte=_local_midnight(first), starts_at__lt=_local_midnight(following)
    )
    if index is not None:
        qs = qs.child_of(index)
    if level:
        qs = qs.filter(level=level)
    return with_held(qs).order_by("starts_at", "pk")


def run_of(session: LearningSessionPage) -> SessionRun:
    """The session's live state (an unsaved "planned" one until the session is opened)."""
    return SessionRun.objects.filter(session=session).first() or SessionRun(session=session)


def session_registrations(session: LearningSessionPage) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(session=session)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user__member_profile__organisation", "perspective")
        .order_by("status", "registered_at", "pk")
    )


def registration_of(session: LearningSessionPage, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(session=session, user=user).first()


def missing_perspectives(
    session: LearningSessionPage,
    registrations: list[Registration] | None = None,
    perspectives: list | None = None,
) -> list:
    """The perspectives (active vocabulary) nobody registered for the session brings."""
    if registrations is None:
        registrations = list(session_registrations(session))
    if perspectives is None:
        perspectives = list(active_perspectives())
    present = {r.perspective_id for r in registrations if r.status == RegistrationStatus.REGISTERED}
    return [p for p in perspectives if p.pk not in present]


def open_actions_before(session: LearningSessionPage) -> QuerySet[SessionAction]:
    """Open actions of earlier sessions of the same level: the six-week check's list."""
    return (
        SessionAction.objects.filter(
            status=ActionStatus.OPEN,
            session__level=session.level,
            session__starts_at__lt=session.starts_at,
        )
        .select_related("owner__member_profile", "session")
        .order_by("due_date", "pk")
    )


def agenda(
    session: LearningSessionPage, *, members: bool = True, pending_checks: bool = True
) -> list[AgendaItem]:
    """The agenda in order: the six-week check (when there is something to check), dilemmas
    from the level below, then the items of the page's agenda. Minutes come along; case and
    pattern titles only for members (cases are never public)."""
    saved = session.pk is not None  # the admin previews sessions before they are saved
    minutes = (
        dict(AgendaMinute.objects.filter(session=session).values_list("item_id", "text"))
        if saved
        else {}
    )
    items: list[AgendaItem] = []
    checked = (
        list(
            ActionCheck.objects.filter(session=session).select_related(
                "action__owner__member_profile", "action__session"
            )
        )
        if saved
        else []
    )
    # An ended session shows what it checked; one to come also what is still open.
    to_check = list(open_actions_before(session)) if members and pending_checks else []
    if to_check or checked:
        check_ids = {c.action_id for c in checked}
        items.append(
            AgendaItem(
                id=CHECK_ITEM,
                kind="check",
                title=_("Six-week check of open actions"),
                time_box=15,
                actions=[c.action for c in checked]
                + [a for a in to_check if a.pk not in check_ids],
                minutes=minutes.get(CHECK_ITEM, ""),
            )
        )
    incoming = Dilemma.objects.filter(target=session) if saved else Dilemma.objects.none()
    incoming = list(incoming.select_related("session", "pattern__table"))
    threads = pattern_threads(d.pattern_id for d in incoming) if members else {}
    for dilemma in incoming:
        item_id = f"dilemma-{dilemma.pk}"
        if dilemma.session is not None:
            title = _("Dilemma from %(session)s") % {"session": dilemma.session.title}
        elif members and dilemma.pattern is not None:
            title = _("Pattern from the %(table)s: %(title)s") % {
                "table": dilemma.pattern.table.name,
                "title": dilemma.pattern.title,
            }
        else:
            title = _("A pattern of the network")
        items.append(
            AgendaItem(
                id=item_id,
                kind="dilemma",
                title=title,
                time_box=15,
                description=dilemma.text if members else "",
                dilemma=dilemma,
                pattern=dilemma.pattern if members else None,
                thread=threads.get(dilemma.pattern_id, []),
                minutes=minutes.get(item_id, ""),
            )
        )
    for block in session.agenda:
        value = block.value
        item = AgendaItem(
            id=str(block.id),
            kind=block.block_type,
            title="",
            time_box=value.get("time_box"),
            presenter=value.get("presenter") or "",
            question=value.get("question") or "",
            description=value.get("description") or value.get("guest") or "",
            minutes=minutes.get(str(block.id), ""),
        )
        if block.block_type == "case":
            case = value.get("case")
            # Only a case shared with the network is named (a draft or anonymised one is not).
            item.case = case if case is not None and case.live else None
            item.title = item.case.title if (members and item.case) else _("A case of the network")
        elif block.block_type == "pattern":
            item.pattern = value.get("pattern")
            item.title = (
                item.pattern.title if (members and item.pattern) else _("A pattern of the network")
            )
        else:
            item.title = value.get("title") or ""
        if not members:
            # The public calendar names no one and asks nothing about cases.
            item.question = item.presenter = ""
        items.append(item)
    return items


def actions_for(session: LearningSessionPage) -> QuerySet[SessionAction]:
    return SessionAction.objects.filter(session=session).select_related("owner__member_profile")


def overdue_actions(*, owner=None) -> QuerySet[SessionAction]:
    """Open actions past their due date (of one owner, or all), oldest first."""
    qs = SessionAction.objects.filter(
        status=ActionStatus.OPEN, due_date__lt=timezone.localdate()
    ).select_related("owner__member_profile", "session")
    if owner is not None:
        qs = qs.filter(owner=owner)
    return qs.order_by("due_date", "pk")


def actions_due_soon(*, days: int) -> QuerySet[SessionAction]:
    """Open actions due from today up to ``days`` days ahead (for the reminder), soonest first."""
    today = timezone.localdate()
    return (
        SessionAction.objects.filter(
            status=ActionStatus.OPEN,
            due_date__gte=today,
            due_date__lte=today + timedelta(days=days),
        )
        .select_related("owner__member_profile", "session")
        .order_by("due_date", "pk")
    )


def next_session(*, level: str, after, exclude_pk: int | None = None):
    """The first session of ``level`` after ``after`` that is not cancelled (draft or live) and
    not held already (a session can be ended before its scheduled start)."""
    qs = LearningSessionPage.objects.filter(
        level=level, starts_at__gt=after, cancelled_at__isnull=True
    ).exclude(run__state=RunState.ENDED)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("starts_at", "pk").first()


def dilemma_target(session: LearningSessionPage | None):
    """Where a dilemma of ``session`` goes: the next session of the level above that is still
    to come (a session that already started cannot take it up any more). A pattern's request
    (no session) goes to the next session of the top level, the bestuur."""
    if session is None:
        top = top_level()
        return next_session(level=top, after=timezone.now()) if top else None
    above = level_above(session.level)
    if above is None:
        return None
    return next_session(level=above, after=max(session.starts_at, timezone.now()))


def pattern_agenda_request(pattern_id: int) -> Dilemma | None:
    """What puts the pattern before the bestuur and is still to be discussed, if anything: its
    table's request, or a dilemma of the pattern on (or waiting for) a bestuur session's agenda."""
    top = top_level()
    feeding_top = [level for level in ladder() if level_above(level) == top]
    before_bestuur = (
        Q(session__isnull=True)
        | Q(target__level=top)
        | Q(target__isnull=True, session__level__in=feeding_top)
    )
    return (
        Dilemma.objects.filter(
            before_bestuur,
            pattern_id=pattern_id,
            status__in=(DilemmaStatus.WAITING, DilemmaStatus.ON_AGENDA),
        )
        .select_related("target")
        .order_by("pk")
        .first()
    )


# --- one thread: minutes, dilemma, pattern steps, decision (issue #22) --------------------------


@dataclass
class ThreadEntry:
    """One step of a thread, in time order: what happened, where, and its text."""

    at: datetime
    kind: str
    label: str
    text: str = ""
    url: str = ""
    link: str = ""
    where: str = ""


def _session_link(page, roots: list) -> tuple[str, str]:
    """(url, title) of a session in a thread. ``roots`` holds the site root paths, read once per
    thread: Wagtail caches them on the object it works out a URL for, which would be one query
    per session page otherwise."""
    if not page.live:
        return "", page.title
    if not roots:
        from wagtail.models import Site

        roots.append(Site.get_site_root_paths())
    page._wagtail_cached_site_root_paths = roots[0]
    return page.url or "", page.title


def pattern_threads(pattern_ids) -> dict[int, list[ThreadEntry]]:
    """For each pattern, the one thread it is part of: the dilemmas that became it or that it
    took to the bestuur, the minutes of the sessions that raised and discussed them, its steps
    on the ladder and its decisions, in time order. Members only (minutes and pattern titles are
    not public). A fixed number of queries, whatever the number of patterns or dilemmas."""
    from leernetwerk.patterns.selectors import pattern_thread_steps

    ids = sorted({pk for pk in pattern_ids if pk})
    if not ids:
        return {}
    dilemmas = list(
        Dilemma.objects.filter(pattern_id__in=ids)
        .select_related("session", "target")
        .order_by("created_at", "pk")
    )
    sessions = {d.session_id for d in dilemmas} | {d.target_id for d in dilemmas}
    minutes = {
        (m.session_id, m.item_id): m
        for m in AgendaMinute.objects.filter(session_id__in=sessions - {None}).exclude(text="")
    }
    threads: dict[int, list[ThreadEntry]] = {pk: [] for pk in ids}
    roots: list = []
    for dilemma in dilemmas:
        threads[dilemma.pattern_id].extend(_dilemma_entries(dilemma, minutes, roots))
    for pk, found in pattern_thread_steps(ids).items():
        for event in found["steps"]:
            table = event.to_table or event.from_table
            threads[pk].append(
                ThreadEntry(
                    at=event.at,
                    kind="step",
                    label=str(event.get_action_display()),
                    where=str(table) if table else "",
                    text=event.reason,
                )
            )
        for decision in found["decisions"]:
            version = decision.policy_version
            threads[pk].append(
                ThreadEntry(
                    at=decision.decided_at,
                    kind="decision",
                    label=str(decision.get_action_display()),
                    where=str(decision.table),
                    text=decision.text,
                    url=version.get_absolute_url() if version else "",
                    link=str(version) if version else "",
                )
            )
    for entries in threads.values():
        entries.sort(key=lambda entry: entry.at)
    return threads


def _dilemma_entries(dilemma: Dilemma, minutes: dict, roots: list) -> list[ThreadEntry]:
    entries = []
    source = dilemma.session
    if source is not None:
        url, title = _session_link(source, roots)
        minute = minutes.get((source.pk, dilemma.item_id)) if dilemma.item_id else None
        if minute is not None:
            entries.append(
                ThreadEntry(
                    # The minutes come before the dilemma they led to.
                    at=min(source.starts_at, minute.updated_at, dilemma.created_at),
                    kind="minutes",
                    label=_("Minutes of %(session)s") % {"session": title},
                    text=minute.text,
                    url=url,
                    link=title,
                )
            )
        entries.append(
            ThreadEntry(
                # A dilemma is raised in its session (even when it was written down later).
                at=min(source.starts_at, dilemma.created_at),
                kind="dilemma",
                label=_("Dilemma raised in %(session)s") % {"session": title},
                text=dilemma.text,
                url=url,
                link=title,
            )
        )
        if dilemma.pattern_linked_at:
            entries.append(
                ThreadEntry(
                    at=dilemma.pattern_linked_at,
                    kind="linked",
                    label=_("The dilemma was taken up as this pattern"),
                )
            )
    else:
        entries.append(
            ThreadEntry(
                at=dilemma.created_at,
                kind="request",
                label=_("The table put the pattern on the agenda of the executive"),
                text=dilemma.text,
            )
        )
    target = dilemma.target
    if target is not None:
        url, title = _session_link(target, roots)
        minute = minutes.get((target.pk, dilemma.dom_id))
        entries.append(
            ThreadEntry(
                at=target.starts_at,
                kind="discussed" if dilemma.status == DilemmaStatus.DISCUSSED else "agenda",
                label=(
                    _("Discussed in %(session)s")
                    if dilemma.status == DilemmaStatus.DISCUSSED
                    else _("On the agenda of %(session)s")
                )
                % {"session": title},
                text=minute.text if minute is not None else "",
                url=url,
                link=title,
            )
        )
    elif dilemma.status == DilemmaStatus.WAITING:
        entries.append(
            ThreadEntry(
                at=dilemma.created_at,
                kind="waiting",
                label=str(dilemma.get_status_display()),
            )
        )
    return entries
