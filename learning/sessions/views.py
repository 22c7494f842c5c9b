"""Front-end views of the learning app: a session's page, registering, session mode for the
facilitator, calendars (ICS), actions and the administrator's overview."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leernetwerk.casework.selectors import agreements_of
from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.live.selectors import last_event_id
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.views import error_messages, member_required, wants_json
from leernetwerk.learning.constants import (
    RegistrationStatus,
    RunState,
    level_choices,
    level_values,
)
from leernetwerk.learning.models import (
    CalendarFeed,
    Dilemma,
    LearningSessionPage,
    Registration,
    SessionAction,
    SessionRun,
)
from leernetwerk.learning.sessions import services
from leernetwerk.learning.sessions.calendar import sessions_ics
from leernetwerk.learning.sessions.forms import (
    ActionForm,
    AttendanceForm,
    CancelForm,
    CheckForm,
    DilemmaForm,
    DilemmaPatternForm,
    MinuteForm,
    PatternAgendaForm,
    RegistrationForm,
    StartForm,
    SummaryForm,
)
from leernetwerk.learning.sessions.month import month_grid, parse_month
from leernetwerk.learning.sessions.selectors import (
    actions_for,
    agenda,
    missing_perspectives,
    overdue_actions,
    pattern_agenda_request,
    pattern_threads,
    registration_of,
    run_of,
    session_calendar,
    session_registrations,
    sessions_in_month,
    upcoming_sessions,
    with_held,
)
from leernetwerk.learning.sessions.streams import session_stream

# --- the calendar (SessionIndexPage.get_context) ------------------------------------------------

#: The calendar's address: ``?niveau=`` (one level), ``?weergave=maand`` (the month view, this
#: month) and ``?maand=YYYY-MM`` (the month view of that month).
LEVEL_PARAM, VIEW_PARAM, MONTH_PARAM, MONTH_VIEW = "niveau", "weergave", "maand", "maand"


def _address(base: str, **params: str) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    return f"{base}?{query}" if query else base


def session_index_context(request: HttpRequest, *, index) -> dict:
    """The calendar as a list (upcoming, held earlier, not held) or as one month's grid; either
    way a constant number of queries."""
    level = request.GET.get(LEVEL_PARAM, "")
    level = level if level in level_values() else ""
    month_view = request.GET.get(VIEW_PARAM) == MONTH_VIEW or MONTH_PARAM in request.GET
    today = timezone.localdate()
    base = index.get_url(request) or ""
    month = parse_month(request.GET.get(MONTH_PARAM), today=today)
    shown_month = f"{month:%Y-%m}" if month_view and month != today.replace(day=1) else ""

    def month_address(day) -> str:
        month_param = f"{day:%Y-%m}" if day else ""
        return _address(
            base, **{LEVEL_PARAM: level, VIEW_PARAM: MONTH_VIEW, MONTH_PARAM: month_param}
        )

    def here(value: str) -> str:
        if month_view:
            return _address(
                base, **{LEVEL_PARAM: value, VIEW_PARAM: MONTH_VIEW, MONTH_PARAM: shown_month}
            )
        return _address(base, **{LEVEL_PARAM: value})

    context = {
        "level": level,
        "levels": level_choices(),
        "level_links": [
            {"label": label, "url": here(value), "current": value == level}
            for value, label in [("", _("All levels")), *level_choices()]
        ],
        "is_session_admin": has_role(request.user, Role.SESSION_ADMIN),
        "month_view": month_view,
        "list_url": _address(base, **{LEVEL_PARAM: level}),
        "month_url": month_address(month if shown_month else None),
    }
    if month_view:
        grid = month_grid(
            month=month,
            sessions=sessions_in_month(month=month, index=index, level=level),
            today=today,
        )
        context.update(
            {
                "grid": grid,
                "previous_url": month_address(grid.previous) if grid.previous else "",
                "next_url": month_address(grid.following) if grid.following else "",
                "this_month_url": month_address(None) if shown_month else "",
            }
        )
    else:
        upcoming, past = session_calendar(index=index, level=level)
        past = list(past)
        context.update(
            {
                "upcoming": upcoming,
                "past": [s for s in past if s.was_held and not s.is_cancelled],
                "not_held": [s for s in past if not s.was_held or s.is_cancelled],
            }
        )
    return context


# --- the session page (LearningSessionPage.get_context) -----------------------------------------


def _not_held(session: LearningSessionPage) -> bool:
    """A past session that nobody started, wrote minutes for or took attendance at."""
    if not session.is_past or session.is_cancelled:
        return False
    held = with_held(LearningSessionPage.objects.filter(pk=session.pk))
    return not held.values_list("was_held", flat=True).first()


def session_page_context(request: HttpRequest, *, session: LearningSessionPage) -> dict:
    if session.pk is None:
        # The admin's preview of a session that is not saved yet: its agenda, nothing more.
        return {
            "run": SessionRun(),
            "agenda": agenda(session, members=True, pending_checks=False),
            "members": is_network_member(request.user),
            "calendar_url": "",
        }
    user = request.user
    member = is_network_member(user)
    run = run_of(session)
    registrations = list(session_registrations(session)) if member else []
    registration = registration_of(session, user)
    registered = sum(1 for r in registrations if r.status == RegistrationStatus.REGISTERED)
    if not member:
        registered = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    context = {
        "run": run,
        "agenda": agenda(session, members=member, pending_checks=run.state != RunState.ENDED),
        "members": member,
        "registration": registration
        if registration and registration.status != RegistrationStatus.CANCELLED
        else None,
        "may_register": services.may_register(user, session),
        "may_run": services.may_run(user, session),
        "registration_form": RegistrationForm(
            initial={
                "perspective": getattr(
                    getattr(user, "member_profile", None), "perspective_id", None
                )
            }
        )
        if member
        else None,
        "registered_count": registered,
        "places_left": None if session.capacity is None else max(0, session.capacity - registered),
        "calendar_url": reverse("leernetwerk_learning:session_ics", args=[session.pk]),
        "not_held": _not_held(session),
    }
    if member:
        context.update(
            {
                "registrations": registrations,
                "missing": missing_perspectives(session, registrations)
                if not session.has_started
                else [],
                "actions": list(actions_for(session)),
                "dilemmas": _with_threads(request.user, session.dilemmas.all()),
                "live_url": f"/ws/live/session/{session.pk}/",
                "live_since": last_event_id(session_stream(session.pk)),
            }
        )
    return context


def _session(pk: int, *, live_only: bool = True) -> LearningSessionPage:
    qs = LearningSessionPage.objects.all()
    if live_only:
        qs = qs.live()
    return get_object_or_404(qs, pk=pk)


def _respond(request: HttpRequest, url: str, *, ok: bool, errors=None, message: str = ""):
    if wants_json(request):
        return JsonResponse({"ok": ok, "errors": errors or {}}, status=200 if ok else 400)
    for messages_ in (errors or {}).values():
        for text in messages_:
            messages.error(request, text)
    if ok and message:
        messages.success(request, message)
    return redirect(url)


# --- registering --------------------------------------------------------------------------------


@require_POST
@member_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    if not services.may_register(request.user, session):
        raise PermissionDenied
    form = RegistrationForm(request.POST)
    form.is_valid()
    try:
        registration = services.registration_create(
            session=session,
            user=request.user,
            perspective=form.cleaned_data.get("perspective") if form.is_valid() else None,
        )
    except ValidationError as error:
        return _respond(request, session.url, ok=False, errors=error_messages(error))
    message = (
        _("You are registered.")
        if registration.status == RegistrationStatus.REGISTERED
        else _("The session is full: you are on the waiting list.")
    )
    return _respond(request, session.url, ok=True, message=message)


@require_POST
@member_required
def unregister(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(pk)
    try:
        services.registration_cancel(session=session, user=request.user)
    except ValidationError as error:
        return _respond(request, session.url, ok=False, errors=error_messages(error))
    return _respond(request, session.url, ok=True, message=_("You are unregistered."))


# --- session mode -------------------------------------------------------------------------------


def runner_required(view):
    """Session administrators and the session's facilitator (drafts too: they prepare them)."""

    @wraps(view)
    @member_required
    def wrapped(request, pk, *args, **kwargs):
        session = _session(pk, live_only=False)
        if not services.may_run(request.user, session):
            raise PermissionDenied
        return view(request, session, *args, **kwargs)

    return wrapped


def _mode_url(session: LearningSessionPage) -> str:
    return reverse("leernetwerk_learning:session_mode", args=[session.pk])


@runner_required
def session_mode(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    """The facilitator's page: the agenda with the current item and minutes per item,
    attendance, actions, dilemmas, the six-week check, and the summary afterwards."""
    run = run_of(session)
    registrations = list(session_registrations(session))
    early = services.start_is_early(session, run) and not session.is_cancelled
    return render(
        request,
        "leernetwerk_learning/session_mode.html",
        {
            "session": session,
            "run": run,
            "agenda": agenda(session, pending_checks=run.state != RunState.ENDED),
            "registrations": registrations,
            "missing": missing_perspectives(session, registrations),
            "actions": list(actions_for(session)),
            "dilemmas": _with_threads(request.user, session.dilemmas.all()),
            "action_form": ActionForm(),
            "dilemma_form": DilemmaForm(),
            "attendance_form": AttendanceForm(),
            "summary_form": SummaryForm(initial={"text": run.summary}),
            "cancel_form": CancelForm(),
            "start_form": StartForm(),
            "early_start": services.start_early_notice(session) if early else "",
            "check_outcomes": CheckForm().fields["outcome"].choices,
            "live_url": f"/ws/live/session/{session.pk}/",
            "live_since": last_event_id(session_stream(session.pk)),
            "is_session_admin": has_role(request.user, Role.SESSION_ADMIN),
        },
    )


def _run_service(request, session, call, *, message: str = "", anchor: str = "") -> HttpResponse:
    try:
        call()
    except ValidationError as error:
        return _respond(
            request, _mode_url(session) + anchor, ok=False, errors=error_messages(error)
        )
    return _respond(request, _mode_url(session) + anchor, ok=True, message=message)


def _form_errors(form) -> dict[str, list[str]]:
    return {field: list(errors) for field, errors in form.errors.items()}


@require_POST
@runner_required
def session_start(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    """Start (or open again); far ahead of the scheduled start only with the explicit "yes,
    now" of the start form (the service refuses it otherwise, with when it is scheduled)."""
    form = StartForm(request.POST)
    confirmed = form.is_valid() and form.cleaned_data["confirm_early"]
    return _run_service(
        request,
        session,
        lambda: services.session_open(
            session=session, user=request.user, confirmed_early=bool(confirmed)
        ),
        message=_("The session has started."),
    )


@require_POST
@runner_required
def session_end(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    return _run_service(
        request,
        session,
        lambda: services.session_close(session=session, user=request.user),
        message=_("The session has ended; the minutes are its report now."),
    )


@require_POST
@runner_required
def session_current(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    item = (request.POST.get("item") or "")[:64]
    return _run_service(
        request,
        session,
        lambda: services.session_set_current(session=session, user=request.user, item_id=item),
        anchor=f"#agenda-{item}",
    )


@require_POST
@runner_required
def session_minutes(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    form = MinuteForm(request.POST)
    if not form.is_valid():
        return _respond(request, _mode_url(session), ok=False, errors=_form_errors(form))
    data = form.cleaned_data
    return _run_service(
        request,
        session,
        lambda: services.minute_save(
            session=session, user=request.user, item_id=data["item"], text=data["text"]
        ),
        message=_("Minutes saved."),
        anchor=f"#agenda-{data['item']}",
    )


@require_POST
@runner_required
def session_action(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    form = ActionForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, _mode_url(session) + "#actions", ok=False, errors=_form_errors(form)
        )
    data = form.cleaned_data
    return _run_service(
        request,
        session,
        lambda: services.action_record(
            session=session,
            user=request.user,
            text=data["text"],
            owner=data["owner"],
            due_date=data["due_date"],
            item_id=data["item"],
        ),
        message=_("Action recorded."),
        anchor="#actions",
    )


@require_POST
@runner_required
def session_dilemma(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    form = DilemmaForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, _mode_url(session) + "#dilemmas", ok=False, errors=_form_errors(form)
        )
    data = form.cleaned_data
    return _run_service(
        request,
        session,
        lambda: services.dilemma_record(
            session=session, user=request.user, text=data["text"], item_id=data["item"]
        ),
        message=_("Dilemma recorded for the level above."),
        anchor="#dilemmas",
    )


@require_POST
@runner_required
def session_attendance(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, _mode_url(session) + "#attendance", ok=False, errors=_form_errors(form)
        )
    data = form.cleaned_data
    return _run_service(
        request,
        session,
        lambda: services.attendance_mark(
            session=session, user=request.user, member=data["member"], attended=data["attended"]
        ),
        anchor="#attendance",
    )


@require_POST
@runner_required
def session_check(
    request: HttpRequest, session: LearningSessionPage, action_pk: int
) -> HttpResponse:
    action = get_object_or_404(SessionAction, pk=action_pk)
    form = CheckForm(request.POST)
    if not form.is_valid():
        return _respond(
            request,
            _mode_url(session) + "#agenda-zes-wekencheck",
            ok=False,
            errors=_form_errors(form),
        )
    data = form.cleaned_data
    return _run_service(
        request,
        session,
        lambda: services.action_check(
            action=action,
            session=session,
            user=request.user,
            outcome=data["outcome"],
            note=data["note"],
            new_due_date=data["new_due_date"],
        ),
        anchor="#agenda-zes-wekencheck",
    )


@require_POST
@runner_required
def session_summary(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, _mode_url(session) + "#summary", ok=False, errors=_form_errors(form)
        )
    return _run_service(
        request,
        session,
        lambda: services.summary_publish(
            session=session, user=request.user, text=form.cleaned_data["text"]
        ),
        message=_("The public summary is published."),
        anchor="#summary",
    )


@require_POST
@runner_required
def session_cancel(request: HttpRequest, session: LearningSessionPage) -> HttpResponse:
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _respond(request, _mode_url(session), ok=False, errors=_form_errors(form))
    return _run_service(
        request,
        session,
        lambda: services.session_cancel(
            session=session, user=request.user, reason=form.cleaned_data["reason"]
        ),
        message=_("The session is cancelled; registrants are told."),
    )


# --- calendars ----------------------------------------------------------------------------------


def calendar_all(request: HttpRequest) -> HttpResponse:
    """The public calendar of upcoming sessions (``?niveau=`` for one level)."""
    level = request.GET.get("niveau", "")
    sessions = upcoming_sessions()
    if level in level_values():
        sessions = sessions.filter(level=level)
    name = f"leersessies-{level}" if level in level_values() else "leersessies"
    return sessions_ics(request, sessions, name=name, members=False)


def calendar_session(request: HttpRequest, pk: int) -> HttpResponse:
    """One session, for "add to calendar"."""
    session = _session(pk)
    return sessions_ics(
        request, [session], name=f"leersessie-{session.pk}", members=is_network_member(request.user)
    )


def calendar_mine(request: HttpRequest, token: str) -> HttpResponse:
    """The sessions a member registered for, at their secret address (calendar apps cannot log
    in). Cancelled sessions stay in the feed, marked cancelled, so calendars remove them."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not is_network_member(feed.user):
        raise Http404
    registered = Registration.objects.filter(
        user=feed.user, status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
    ).values("session")
    sessions = LearningSessionPage.objects.live().filter(
        pk__in=registered, ends_at__gte=timezone.now() - timezone.timedelta(days=90)
    )
    return sessions_ics(
        request, sessions.order_by("starts_at"), name="mijn-leersessies", members=True
    )


@member_required
def my_calendar(request: HttpRequest) -> HttpResponse:
    """A member's sessions, their secret calendar address (and making a new one)."""
    if request.method == "POST":
        services.calendar_feed_reset(user=request.user)
        messages.success(request, _("You have a new calendar address; the old one stops working."))
        return redirect("leernetwerk_learning:my_calendar")
    feed = services.calendar_feed_for(request.user)
    registrations = (
        Registration.objects.filter(user=request.user, session__ends_at__gte=timezone.now())
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("session")
        .order_by("session__starts_at")
    )
    return render(
        request,
        "leernetwerk_learning/my_calendar.html",
        {
            "registrations": list(registrations),
            "feed_url": request.build_absolute_uri(
                reverse("leernetwerk_learning:calendar_mine", args=[feed.token])
            ),
        },
    )


# --- actions and the overview ------------------------------------------------------------------


@member_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """A member's open actions (overdue first) and the MDO agreements on cases they own or
    brought in that still await their check; administrators also see everyone's overdue."""
    mine = (
        SessionAction.objects.filter(owner=request.user)
        .select_related("session")
        .order_by("status", "due_date", "pk")
    )
    admin = has_role(request.user, Role.SESSION_ADMIN)
    return render(
        request,
        "leernetwerk_learning/my_actions.html",
        {
            "agreements": agreements_of(request.user),
            "actions": list(mine),
            "overdue_all": list(overdue_actions()) if admin else [],
            "is_admin": admin,
            "today": timezone.localdate(),
        },
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The administrator's overview: upcoming sessions (drafts too) with their registrations,
    capacity and missing perspectives, and overdue actions."""
    if not has_role(request.user, Role.SESSION_ADMIN):
        raise PermissionDenied
    from collections import defaultdict

    from leernetwerk.kernel.selectors import perspectives as active_perspectives

    sessions = list(
        LearningSessionPage.objects.filter(ends_at__gte=timezone.now()).order_by("starts_at")[:30]
    )
    by_session = defaultdict(list)
    for registration in (
        Registration.objects.filter(session__in=sessions)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("perspective")
    ):
        by_session[registration.session_id].append(registration)
    perspectives = list(active_perspectives())
    rows = []
    for session in sessions:
        registrations = by_session[session.pk]
        rows.append(
            {
                "session": session,
                "registered": sum(r.status == RegistrationStatus.REGISTERED for r in registrations),
                "waiting": sum(r.status == RegistrationStatus.WAITING for r in registrations),
                "missing": missing_perspectives(session, registrations, perspectives),
            }
        )
    return render(
        request,
        "leernetwerk_learning/overview.html",
        {"rows": rows, "overdue": list(overdue_actions())},
    )


# --- one thread: dilemma <-> pattern (issue #22) ------------------------------------------------


def _with_threads(user, dilemmas) -> list[Dilemma]:
    """A session's dilemmas, each with the thread of its pattern and whether ``user`` may take
    it to the tables (a fixed number of queries)."""
    dilemmas = list(dilemmas.select_related("target", "pattern", "session"))
    threads = pattern_threads(d.pattern_id for d in dilemmas)
    for dilemma in dilemmas:
        dilemma.thread = threads.get(dilemma.pattern_id)
        dilemma.may_take_up = not dilemma.pattern_id and services.may_take_to_pattern(user, dilemma)
    return dilemmas


@member_required
def dilemma_pattern(request: HttpRequest, pk: int, dilemma_pk: int) -> HttpResponse:
    """Take a session's dilemma to the tables: a new pattern at the right table, or a link to a
    pattern the tables already know. Either way one thread on both pages."""
    from leernetwerk.patterns.selectors import linkable_patterns

    session = _session(pk)
    dilemma = get_object_or_404(
        Dilemma.objects.select_related("session", "pattern"), pk=dilemma_pk, session=session
    )
    if not services.may_take_to_pattern(request.user, dilemma):
        raise PermissionDenied
    if dilemma.pattern_id is not None:
        messages.info(request, _("This dilemma is already part of a pattern."))
        return redirect(dilemma.pattern.get_absolute_url())
    tables, right = services.dilemma_tables(request.user, dilemma)
    form = DilemmaPatternForm(
        request.POST if request.method == "POST" else None,
        tables=tables,
        patterns=linkable_patterns(),
        initial={"mode": DilemmaPatternForm.NEW, "table": right},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["mode"] == DilemmaPatternForm.NEW:
                pattern = services.dilemma_to_pattern(
                    dilemma=dilemma, user=request.user, title=data["title"], table=data["table"]
                )
                messages.success(
                    request,
                    _("The dilemma is a pattern at the %(table)s now.")
                    % {"table": pattern.table.name},
                )
            else:
                pattern = data["pattern"]
                services.dilemma_link_pattern(dilemma=dilemma, user=request.user, pattern=pattern)
                messages.success(request, _("The dilemma is linked to the pattern."))
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            return redirect(pattern.get_absolute_url() + "#thread")
    return render(
        request,
        "leernetwerk_learning/dilemma_pattern.html",
        {"session": session, "dilemma": dilemma, "form": form, "right_table": right},
    )


def _add_form_errors(form, error: ValidationError) -> None:
    for field, texts in error_messages(error).items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


@member_required
def pattern_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a stuurgroep's pattern on the agenda of the bestuur's next session, with the question
    the bestuur is asked (or wait for a session to be planned)."""
    from leernetwerk.patterns.selectors import pattern_get

    pattern = pattern_get(pk=pk)
    if pattern is None:
        raise Http404
    if not services.may_put_on_agenda(request.user, pattern):
        raise PermissionDenied
    pending = pattern_agenda_request(pattern.pk)
    if request.method == "POST" and pending is not None:
        messages.error(request, _("This pattern is already on the agenda of the executive."))
        return redirect(pattern.get_absolute_url() + "#thread")
    form = PatternAgendaForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            dilemma = services.pattern_to_agenda(
                pattern=pattern, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _add_form_errors(form, error)
        else:
            if dilemma.target_id:
                messages.success(
                    request,
                    _("The pattern is on the agenda of %(session)s.")
                    % {"session": dilemma.target.title},
                )
            else:
                messages.success(
                    request,
                    _(
                        "No executive session is planned yet: the pattern goes on the agenda of "
                        "the first one that is."
                    ),
                )
            return redirect(pattern.get_absolute_url() + "#thread")
    from leernetwerk.learning.constants import top_level
    from leernetwerk.learning.sessions.selectors import next_session

    return render(
        request,
        "leernetwerk_learning/pattern_agenda.html",
        {
            "pattern": pattern,
            "form": form,
            "pending": pending,
            "next_session": next_session(level=top_level(), after=timezone.now()),
        },
    )
