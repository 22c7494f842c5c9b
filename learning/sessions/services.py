"""Writes of the leersessies: series, registrations, running a session live, actions and their
six-week check, dilemmas for the level above, the public summary. Each service checks who acts,
validates (texts pass the privacy guard), saves and publishes its live event."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.pii import privacy_check
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.constants import (
    ActionStatus,
    CheckOutcome,
    DilemmaStatus,
    RegistrationStatus,
    RunState,
    level_roles,
)
from leernetwerk.learning.models import (
    ActionCheck,
    AgendaMinute,
    CalendarFeed,
    Dilemma,
    LearningSessionPage,
    Registration,
    SessionAction,
    SessionIndexPage,
    SessionRun,
    SessionSeries,
)
from leernetwerk.learning.sessions.publishers import (
    publish_action,
    publish_agenda,
    publish_attendance,
    publish_cancelled,
    publish_dilemma,
    publish_minutes,
    publish_summary,
)
from leernetwerk.learning.sessions.selectors import CHECK_ITEM, agenda, dilemma_target

__all__ = [
    "ACTION_WEEKS",
    "EARLY_START",
    "action_check",
    "action_record",
    "attendance_mark",
    "calendar_feed_for",
    "calendar_feed_reset",
    "dilemma_link_pattern",
    "dilemma_record",
    "dilemma_to_pattern",
    "dilemma_tables",
    "dilemmas_place_waiting",
    "may_put_on_agenda",
    "may_take_to_pattern",
    "pattern_to_agenda",
    "may_register",
    "may_run",
    "minute_save",
    "registration_cancel",
    "registration_create",
    "series_generate",
    "series_prune_drafts",
    "series_replace_drafts",
    "session_cancel",
    "session_notify_changes",
    "session_close",
    "session_open",
    "session_set_current",
    "start_is_early",
    "start_early_notice",
    "summary_publish",
]

#: The Oss six-week check: an action is due six weeks after the session, unless set otherwise.
ACTION_WEEKS = 6

#: Starting a session more than this before its scheduled start needs an explicit "yes, now":
#: opening the room half an hour early to set up is normal; a session started weeks early (a
#: tap on the wrong session in the list) would show "in progress" to everyone following it and
#: date its minutes wrongly. Two hours covers a morning session started before a long drive.
EARLY_START = timedelta(hours=2)


# --- who may ------------------------------------------------------------------------------------


def may_run(user, session: LearningSessionPage) -> bool:
    """Session administrators and the session's facilitator run it (session mode)."""
    if not is_network_member(user):
        return False
    return has_role(user, Role.SESSION_ADMIN) or session.facilitator_id == user.pk


def may_register(user, session: LearningSessionPage) -> bool:
    """Members of the roles of the session's level (every member for the front line)."""
    if not is_network_member(user):
        return False
    roles = level_roles(session.level)
    return roles is None or has_role(user, *roles)


def _check_runner(user, session: LearningSessionPage) -> None:
    if not may_run(user, session):
        raise PermissionDenied


def _valid_item(session: LearningSessionPage, item_id: str) -> str:
    item_id = (item_id or "").strip()
    if item_id and item_id not in {item.id for item in agenda(session)}:
        raise ValidationError({"item": _("That agenda item is not on this session's agenda.")})
    return item_id


# --- series -------------------------------------------------------------------------------------


def _session_title(series: SessionSeries, day: date) -> str:
    from django.conf import settings

    with translation.override(settings.LANGUAGE_CODE):
        return f"{series.title} {formats.date_format(day, 'j F Y')}"


@transaction.atomic
def series_generate(
    *, series: SessionSeries, user=None, today: date | None = None
) -> list[LearningSessionPage]:
    """Make the series' upcoming sessions as drafts, up to its horizon. A date that already has
    a session — also one that was moved to another day or cancelled — is never made again, and
    a session whose time has passed is not made at all."""
    if user is not None and not has_role(user, Role.SESSION_ADMIN):
        raise PermissionDenied
    if not series.is_active:
        return []
    index = SessionIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("There is no sessions index to add the sessions to."))
    today = today or timezone.localdate()
    taken = set(series.sessions.values_list("occurrence", flat=True))
    live_today = today == timezone.localdate()
    made = []
    for day in series.occurrences(start=today, end=series.horizon_end(today)):
        if day in taken:
            continue
        starts_at, ends_at = series.bounds(day)
        if live_today and starts_at <= timezone.now():
            continue  # today's session time has passed already
        page = LearningSessionPage(
            title=_session_title(series, day),
            slug=f"{series.level}-{day:%Y-%m-%d}-{series.pk}",
            level=series.level,
            starts_at=starts_at,
            ends_at=ends_at,
            location=series.location,
            online_link=series.online_link,
            facilitator=series.facilitator,
            capacity=series.capacity,
            description=series.description,
            series=series,
            occurrence=day,
            live=False,
            owner=user,
        )
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        made.append(page)
    if made:
        dilemmas_place_waiting()
    return made


@dataclass
class DraftsReplaced:
    """What :func:`series_replace_drafts` did: the titles of the untouched drafts it removed,
    and the drafts off the new rule that it kept because someone prepared them."""

    removed: list[str] = field(default_factory=list)
    kept: list[LearningSessionPage] = field(default_factory=list)


def _draft_untouched(page: LearningSessionPage) -> bool:
    """Whether a generated draft is exactly as the generator left it: no registrations, no
    run, minutes, actions, checks or dilemmas (its own or placed on its agenda), an empty
    agenda, and no revision after the generator's one."""
    if page.agenda or page.revisions.count() > 1:
        return False
    return not any(
        related.exists()
        for related in (
            page.registrations.all(),
            SessionRun.objects.filter(session=page),
            page.minutes.all(),
            page.actions.all(),
            page.action_checks.all(),
            page.dilemmas.all(),
            page.incoming_dilemmas.all(),
        )
    )


@transaction.atomic
def series_replace_drafts(*, series: SessionSeries, today: date | None = None) -> DraftsReplaced:
    """After the rule changed: the series' upcoming drafts (never published) whose date no longer
    fits the rule. Untouched ones are removed (the new dates are made next); one that someone
    prepared in any way is never deleted: it stays a draft on its own date, for the
    administrator to move, publish or cancel."""
    today = today or timezone.localdate()
    fitting = set(series.occurrences(start=today, end=series.horizon_end(today)))
    result = DraftsReplaced()
    off_rule = series.sessions.filter(
        live=False, first_published_at__isnull=True, starts_at__gte=timezone.now()
    ).order_by("starts_at", "pk")
    for page in off_rule:
        if page.occurrence in fitting:
            continue
        if _draft_untouched(page):
            result.removed.append(page.title)
            page.delete()
        else:
            result.kept.append(page)
    return result


def series_prune_drafts(*, series: SessionSeries, today: date | None = None) -> int:
    """:func:`series_replace_drafts`, counting the drafts it removed."""
    return len(series_replace_drafts(series=series, today=today).removed)


@transaction.atomic
def session_cancel(*, session: LearningSessionPage, user, reason: str) -> LearningSessionPage:
    """Cancel one session (the series stays as it is); registrants are told. Session
    administrators decide that, not a facilitator."""
    if not has_role(user, Role.SESSION_ADMIN):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    privacy_check({"reason": reason})
    page = LearningSessionPage.objects.select_for_update().get(pk=session.pk)
    if page.is_cancelled:
        raise ValidationError(_("This session is cancelled already."))
    page.cancelled_at = timezone.now()
    page.cancel_reason = reason[:300]
    page.save(update_fields=["cancelled_at", "cancel_reason"])
    # Keep the page's revisions in step, so that publishing a draft — or the live revision
    # again — later does not undo the cancellation.
    latest = page.get_latest_revision()
    if latest is not None:
        draft = latest.as_object()
        draft.cancelled_at, draft.cancel_reason = page.cancelled_at, page.cancel_reason
        revision = draft.save_revision(user=user, log_action=False)
        if page.live and not page.has_unpublished_changes:
            LearningSessionPage.objects.filter(pk=page.pk).update(
                has_unpublished_changes=False, live_revision=revision
            )
    Dilemma.objects.filter(target=page).update(target=None, status=DilemmaStatus.WAITING)
    dilemmas_place_waiting()
    registrants = [
        r.user
        for r in page.registrations.exclude(status=RegistrationStatus.CANCELLED).select_related(
            "user__member_profile"
        )
    ]
    publish_cancelled(page, _("Cancelled"))
    notification_send(
        users=registrants,
        kind="session.cancelled",
        title=gettext_lazy("Cancelled: %(session)s"),
        body=gettext_lazy("%(reason)s"),
        params={"session": page.title, "reason": page.cancel_reason},
        url=page.url or "",
    )
    return page


#: What registrants are told about when it changes in a published session.
SESSION_CHANGE_FIELDS = ("starts_at", "ends_at", "location", "online_link")


def _previous_published(session: LearningSessionPage, revision) -> LearningSessionPage | None:
    """The version of ``session`` published before ``revision`` (None: its first publication)."""
    from wagtail.models import PageLogEntry

    entry = (
        PageLogEntry.objects.filter(
            page_id=session.pk, action="wagtail.publish", revision__isnull=False
        )
        .exclude(revision_id=getattr(revision, "pk", None))
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry is not None else None


def _same(old, new) -> bool:
    # Revisions keep times to the millisecond, the page's row to the microsecond.
    if isinstance(old, datetime) and isinstance(new, datetime):
        return abs(old - new) < timedelta(seconds=1)
    return old == new


def _session_changed(previous: LearningSessionPage, session: LearningSessionPage) -> bool:
    return not all(
        _same(getattr(previous, field), getattr(session, field)) for field in SESSION_CHANGE_FIELDS
    )


def _session_when(session: LearningSessionPage) -> str:
    start, end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    if start.date() == end.date():
        return f"{formats.date_format(start, 'j F Y, H:i')}–{formats.time_format(end, 'H:i')}"
    return f"{formats.date_format(start, 'j F Y, H:i')} – {formats.date_format(end, 'j F Y, H:i')}"


def _session_changes(previous: LearningSessionPage, session: LearningSessionPage):
    """What changed, in the words (and date format) of each recipient's language: rendered
    when the notification is, under that language."""

    def describe() -> str:
        lines = []
        if not (
            _same(previous.starts_at, session.starts_at)
            and _same(previous.ends_at, session.ends_at)
        ):
            lines.append(_("New time: %(when)s") % {"when": _session_when(session)})
        if previous.location != session.location:
            lines.append(
                _("New location: %(location)s") % {"location": session.location}
                if session.location
                else _("The location was removed: see the session's page.")
            )
        if previous.online_link != session.online_link:
            lines.append(_("The online meeting link changed: see the session's page."))
        return "\n".join(lines)

    return lazy(describe, str)()


@transaction.atomic
def session_notify_changes(*, session: LearningSessionPage, revision=None) -> list:
    """A published session moved: when its time, place or online link differs from the version
    published before, everyone registered or waiting is told (not who published it). Other
    edits, a first publication and cancelled or past sessions tell nobody."""
    session = LearningSessionPage.objects.get(pk=session.pk)
    if not session.live or session.is_cancelled or session.is_past:
        return []
    previous = _previous_published(session, revision)
    if previous is None or not _session_changed(previous, session):
        return []
    people = [
        registration.user
        for registration in session.registrations.filter(
            status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING]
        ).select_related("user__member_profile")
    ]
    return notification_send(
        users=people,
        exclude=[getattr(revision, "user_id", None)],
        kind="session.changed",
        title=gettext_lazy("Changed: %(session)s"),
        body=gettext_lazy("%(changes)s"),
        params={"session": session.title, "changes": _session_changes(previous, session)},
        url=session.url or "",
    )


# --- registration -------------------------------------------------------------------------------


def _registered_count(session: LearningSessionPage) -> int:
    return session.registrations.filter(status=RegistrationStatus.REGISTERED).count()


@transaction.atomic
def registration_create(*, session: LearningSessionPage, user, perspective=None) -> Registration:
    """Register (or come back after unregistering). Past capacity, or behind people already
    waiting: the waiting list."""
    session = LearningSessionPage.objects.select_for_update().get(pk=session.pk)
    if not may_register(user, session):
        raise PermissionDenied
    if not session.live or session.is_cancelled or session.is_past:
        raise ValidationError(_("This session is not open for registration."))
    if perspective is None:
        profile = getattr(user, "member_profile", None)
        perspective = getattr(profile, "perspective", None)
    registration = Registration.objects.filter(session=session, user=user).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise ValidationError(_("You are already registered for this session."))
    # A capacity raised since: the waiting list gets the new places first.
    promote_waiting(session)
    waiting = session.registrations.filter(status=RegistrationStatus.WAITING).exists()
    full = waiting or (
        session.capacity is not None and _registered_count(session) >= session.capacity
    )
    if registration is None:
        registration = Registration(session=session, user=user)
    registration.perspective = perspective
    registration.status = RegistrationStatus.WAITING if full else RegistrationStatus.REGISTERED
    registration.registered_at = timezone.now()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("You are already registered for this session.")) from None
    publish_attendance(session)
    return registration


@transaction.atomic
def registration_cancel(*, session: LearningSessionPage, user) -> Registration | None:
    """Unregister; the first on the waiting list gets the place (and is told)."""
    session = LearningSessionPage.objects.select_for_update().get(pk=session.pk)
    if session.has_started:
        # From the start the registrations are the session's attendance record.
        raise ValidationError(_("The session has started: you can no longer unregister."))
    registration = Registration.objects.filter(
        session=session,
        user=user,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
    ).first()
    if registration is None:
        return None
    was_registered = registration.status == RegistrationStatus.REGISTERED
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status"])
    if was_registered and not session.is_cancelled:
        promote_waiting(session)
    publish_attendance(session)
    return registration


def promote_waiting(session: LearningSessionPage) -> list[Registration]:
    """Fill free places from the waiting list, in the order people joined it (not for a
    session that is cancelled or has started)."""
    promoted = []
    if session.is_cancelled or session.has_started:
        return promoted
    while session.capacity is None or _registered_count(session) < session.capacity:
        first = (
            session.registrations.filter(status=RegistrationStatus.WAITING)
            .order_by("registered_at", "pk")
            .select_related("user__member_profile")
            .first()
        )
        if first is None:
            break
        first.status = RegistrationStatus.REGISTERED
        first.save(update_fields=["status"])
        promoted.append(first)
        notification_send(
            users=[first.user],
            kind="session.place",
            title=gettext_lazy("You have a place at %(session)s"),
            body=gettext_lazy("A place came free: you are registered now."),
            params={"session": session.title},
            url=session.url or "",
        )
    return promoted


@transaction.atomic
def attendance_mark(
    *, session: LearningSessionPage, user, member, attended: bool, perspective=None
) -> Registration:
    """Take attendance during the session; someone who walks in without registering is added."""
    _check_runner(user, session)
    registration = Registration.objects.filter(session=session, user=member).first()
    if registration is None:
        if not is_network_member(member):
            raise ValidationError({"member": _("Only members of the network can attend.")})
        profile = getattr(member, "member_profile", None)
        registration = Registration(
            session=session,
            user=member,
            status=RegistrationStatus.REGISTERED,
            perspective=perspective or getattr(profile, "perspective", None),
        )
    registration.attended = attended
    registration.attendance_marked_at = timezone.now()
    if attended and registration.status != RegistrationStatus.REGISTERED:
        registration.status = RegistrationStatus.REGISTERED  # here after all
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        raise ValidationError(_("That member was just added; try again.")) from None
    publish_attendance(session)
    return registration


# --- running the session live -------------------------------------------------------------------


def _run_for_update(session: LearningSessionPage) -> SessionRun:
    SessionRun.objects.get_or_create(session=session)
    return SessionRun.objects.select_for_update().get(session=session)


def start_is_early(session: LearningSessionPage, run: SessionRun, *, now=None) -> bool:
    """Whether opening ``session`` now needs the explicit confirmation: it was never opened
    and its scheduled start is more than :data:`EARLY_START` away. (Opening it again after it
    ended asks nothing.)"""
    if run.opened_at is not None or run.state != RunState.PLANNED:
        return False
    return session.starts_at - (now or timezone.now()) > EARLY_START


def start_early_notice(session: LearningSessionPage, *, now=None) -> str:
    """When the session is scheduled, and how far away that is, in the reader's language."""
    from django.utils.timesince import timeuntil

    return _(
        "This session is scheduled for %(when)s, %(distance)s from now. Starting it now shows "
        "it as in progress to everyone following it."
    ) % {"when": _session_when(session), "distance": timeuntil(session.starts_at, now)}


@transaction.atomic
def session_open(
    *, session: LearningSessionPage, user, confirmed_early: bool | None = None
) -> SessionRun:
    """Start the session: it is in progress, at its first agenda item. ``confirmed_early`` is
    the answer of the person at the start button: more than :data:`EARLY_START` before the
    scheduled start, anything but ``True`` is refused with the time the session is scheduled
    for. ``None`` is code that opens a session on purpose (the demo, an import): it is not
    asked."""
    _check_runner(user, session)
    if session.is_cancelled:
        raise ValidationError(_("A cancelled session cannot be held."))
    run = _run_for_update(session)
    if run.state == RunState.RUNNING:
        return run
    if confirmed_early is False and start_is_early(session, run):
        raise ValidationError(
            {
                "confirm_early": _("%(notice)s Confirm that you want to start it now.")
                % {"notice": start_early_notice(session)}
            }
        )
    items = agenda(session)
    run.state = RunState.RUNNING
    run.opened_at = run.opened_at or timezone.now()
    run.closed_at = None
    run.current_item = run.current_item or (items[0].id if items else "")
    run.save()
    publish_agenda(session, "session.opened")
    return run


@transaction.atomic
def session_set_current(*, session: LearningSessionPage, user, item_id: str) -> SessionRun:
    """Mark the agenda item being discussed now."""
    _check_runner(user, session)
    item_id = _valid_item(session, item_id)
    run = _run_for_update(session)
    if run.state != RunState.RUNNING:
        raise ValidationError(_("Start the session first."))
    run.current_item = item_id
    run.save(update_fields=["current_item"])
    publish_agenda(session, "session.item", item=item_id)
    return run


@transaction.atomic
def session_close(*, session: LearningSessionPage, user) -> SessionRun:
    """End the session: the minutes become its readable report; the dilemmas it received count
    as discussed (their own sessions show that too)."""
    _check_runner(user, session)
    run = _run_for_update(session)
    run.state = RunState.ENDED
    run.current_item = ""
    run.closed_at = timezone.now()
    run.save()
    discussed = Dilemma.objects.filter(target=session, status=DilemmaStatus.ON_AGENDA)
    for dilemma in discussed.select_related("target"):
        dilemma.status = DilemmaStatus.DISCUSSED
        dilemma.save(update_fields=["status"])
        publish_dilemma(dilemma, "dilemma.discussed", op="replace")
    publish_agenda(session, "session.closed")
    return run


@transaction.atomic
def minute_save(*, session: LearningSessionPage, user, item_id: str, text: str) -> AgendaMinute:
    """Write the minutes of one agenda item (they appear live for everyone following)."""
    _check_runner(user, session)
    item_id = _valid_item(session, item_id) or CHECK_ITEM
    text = (text or "").strip()
    if len(text) > 20_000:
        raise ValidationError({"text": _("Minutes can be at most 20,000 characters per item.")})
    privacy_check({"text": text})
    minute, _created = AgendaMinute.objects.update_or_create(
        session=session, item_id=item_id, defaults={"text": text, "updated_by": user}
    )
    publish_minutes(minute)
    return minute


@transaction.atomic
def action_record(
    *,
    session: LearningSessionPage,
    user,
    text: str,
    owner,
    due_date: date | None = None,
    item_id: str = "",
) -> SessionAction:
    """Record an actiepunt: what, who, and by when (six weeks after the session unless given).
    The owner is told."""
    _check_runner(user, session)
    item_id = _valid_item(session, item_id)
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Say what is to be done.")
    if owner is None or not is_network_member(owner):
        errors["owner"] = _("Choose a member of the network as the owner.")
    due_date = due_date or (
        timezone.localtime(session.starts_at).date() + timedelta(weeks=ACTION_WEEKS)
    )
    if due_date < timezone.localtime(session.starts_at).date():
        errors["due_date"] = _("The due date lies before the session.")
    if errors:
        raise ValidationError(errors)
    privacy_check({"text": text})
    action = SessionAction.objects.create(
        session=session,
        item_id=item_id,
        text=text,
        owner=owner,
        due_date=due_date,
        created_by=user,
    )
    publish_action(action, "action.created", op="append")
    notification_send(
        users=[owner],
        exclude=[user],
        kind="session.action",
        title=gettext_lazy("New action for you from %(session)s"),
        body=gettext_lazy("%(text)s (due %(due)s)"),
        params={"session": session.title, "text": text, "due": formats.date_format(due_date)},
        url=f"{session.url or ''}#{action.dom_id}",
    )
    return action


@transaction.atomic
def action_check(
    *,
    action: SessionAction,
    session: LearningSessionPage,
    user,
    outcome: str,
    note: str = "",
    new_due_date: date | None = None,
) -> ActionCheck:
    """The six-week check at a later session of the same level: done, not done (a missed
    agreement is a signal too, so the note matters), or carried over to a new due date."""
    _check_runner(user, session)
    action = SessionAction.objects.select_for_update().select_related("session").get(pk=action.pk)
    if action.session.level != session.level or action.session.starts_at >= session.starts_at:
        raise ValidationError(_("Actions are checked at a later session of the same level."))
    if outcome not in CheckOutcome.values:
        raise ValidationError({"outcome": _("Choose done, not done or carried over.")})
    if action.status != ActionStatus.OPEN:
        raise ValidationError(_("This action was already closed."))
    note = (note or "").strip()
    if outcome == CheckOutcome.NOT_DONE and not note:
        raise ValidationError({"note": _("Say why it was not done: that is a signal too.")})
    privacy_check({"note": note})
    if outcome == CheckOutcome.CARRIED_OVER:
        session_day = timezone.localtime(session.starts_at).date()
        if new_due_date is not None and new_due_date <= session_day:
            raise ValidationError(
                {"new_due_date": _("The new due date must lie after this session.")}
            )
        base = max(session_day, action.due_date)
        new_due_date = new_due_date or base + timedelta(weeks=ACTION_WEEKS)
        action.due_date = new_due_date
    else:
        new_due_date = None
        action.status = ActionStatus.DONE if outcome == CheckOutcome.DONE else ActionStatus.NOT_DONE
        action.closed_at = timezone.now()
    action.save()
    try:
        with transaction.atomic():
            check = ActionCheck.objects.create(
                action=action,
                session=session,
                outcome=outcome,
                note=note,
                checked_by=user,
                new_due_date=new_due_date,
            )
    except IntegrityError:
        raise ValidationError(_("This action was already checked in this session.")) from None
    publish_agenda(session, "action.checked", action=action.pk)
    # The session the action came from shows its new state too.
    publish_action(action, "action.changed", op="replace")
    return check


@transaction.atomic
def dilemma_record(*, session: LearningSessionPage, user, text: str, item_id: str = "") -> Dilemma:
    """What this level cannot solve: it goes on the agenda of the next session of the level
    above (or waits for one to be planned); the organisers of that session are told."""
    _check_runner(user, session)
    item_id = _valid_item(session, item_id)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the dilemma.")})
    privacy_check({"text": text})
    dilemma = Dilemma.objects.create(session=session, item_id=item_id, text=text, created_by=user)
    _place(dilemma)
    publish_dilemma(dilemma, "dilemma.created", op="append")
    return dilemma


def _place(dilemma: Dilemma) -> bool:
    """Put a dilemma on the agenda of the next session of the level above, if there is one;
    its page shows it at once, and its organisers are told."""
    target = dilemma_target(dilemma.session)
    if target is None:
        return False
    moved = dilemma.target_id is not None and dilemma.pk is not None
    dilemma.target = target
    dilemma.status = DilemmaStatus.ON_AGENDA
    dilemma.save(update_fields=["target", "status"])
    publish_agenda(target, "agenda.dilemma", dilemma=dilemma.pk)
    if moved:
        publish_dilemma(dilemma, "dilemma.moved", op="replace")
    notification_send(
        users=[target.facilitator, *_session_admins()],
        kind="session.dilemma",
        title=gettext_lazy("A dilemma for %(session)s"),
        body=gettext_lazy("From %(source)s: %(text)s"),
        params={"session": target.title, "source": _source_title(dilemma), "text": dilemma.text},
        url=f"{target.url or ''}#agenda-dilemma-{dilemma.pk}",
        email=False,
    )
    return True


def _source_title(dilemma: Dilemma) -> str:
    if dilemma.session is not None:
        return dilemma.session.title
    pattern = dilemma.pattern
    return f"{pattern.table}: {pattern.title}" if pattern is not None else ""


# --- one thread: a dilemma becomes a pattern, a pattern goes to the bestuur (issue #22) ---------

#: Who takes a session's dilemma to the tables: the managers (they move patterns on every
#: table), the stuurgroep ("bestuurders agenderen systeemknelpunten") and whoever runs sessions.
THREAD_ROLES = (Role.MANAGER, Role.STUURGROEP, Role.SESSION_ADMIN)


def may_take_to_pattern(user, dilemma: Dilemma) -> bool:
    """May ``user`` turn a session's dilemma into a pattern, or link it to one?"""
    if dilemma.session_id is None or not is_network_member(user):
        return False
    return has_role(user, *THREAD_ROLES) or dilemma.session.facilitator_id == user.pk


def dilemma_tables(user, dilemma: Dilemma):
    """The tables ``user`` may signal the dilemma's pattern to (a QuerySet), and the right one
    to start: a management or bestuur dilemma is a third-order question (the ambtelijke
    stuurgroep for the management, the bestuurlijke for the bestuur); one of the front line
    starts at the werktafel, like every pattern."""
    from leernetwerk.learning.constants import level_above, top_level
    from leernetwerk.patterns.constants import LearningOrder
    from leernetwerk.patterns.services import default_table, signal_tables

    queryset = signal_tables(user)
    tables = list(queryset)
    third = [t for t in tables if t.order == LearningOrder.THIRD]
    level = dilemma.session.level if dilemma.session is not None else ""
    if level and level == top_level() and third:
        right = third[-1]
    elif level and level_above(level) == top_level() and third:
        right = third[0]
    else:
        entry = default_table()
        right = entry if entry in tables else (tables[0] if tables else None)
    return queryset, right


def _thread_origin(dilemma: Dilemma) -> str:
    """Where a pattern made from a dilemma came from, for its trail: the session and the
    dilemma, both as written (no interface words: the trail is read in every language)."""
    return f"{dilemma.session.title}: {dilemma.text}"


@transaction.atomic
def dilemma_to_pattern(*, dilemma: Dilemma, user, title: str, table=None, description: str = ""):
    """Take a session's dilemma to the tables as a new pattern (one action): the pattern starts
    at ``table`` (the right one by default), its trail says where it came from, and the dilemma
    points at it; the thread then shows both on the session's and the pattern's page."""
    from leernetwerk.patterns.services import pattern_create

    dilemma = (
        Dilemma.objects.select_for_update(of=("self",)).select_related("session").get(pk=dilemma.pk)
    )
    if not may_take_to_pattern(user, dilemma):
        raise PermissionDenied
    if dilemma.pattern_id is not None:
        raise ValidationError(_("This dilemma is already part of a pattern."))
    if table is None:
        _tables, table = dilemma_tables(user, dilemma)
    taken_up_at = timezone.now()
    pattern = pattern_create(
        user=user,
        title=title,
        description=(description or "").strip() or dilemma.text,
        table=table,
        origin=_thread_origin(dilemma),
    )
    _link(dilemma, pattern, user, at=taken_up_at)
    return pattern


@transaction.atomic
def dilemma_link_pattern(*, dilemma: Dilemma, user, pattern) -> Dilemma:
    """The dilemma is a pattern the tables already know: link it, so both pages show one
    thread. A closed or rejected pattern is not taken up again this way (reopen it first)."""
    from leernetwerk.patterns.constants import OPEN_STATUSES, PatternStatus
    from leernetwerk.patterns.services import pattern_for_update

    dilemma = (
        Dilemma.objects.select_for_update(of=("self",)).select_related("session").get(pk=dilemma.pk)
    )
    pattern = pattern_for_update(pattern.pk)
    if not may_take_to_pattern(user, dilemma):
        raise PermissionDenied
    if dilemma.pattern_id is not None:
        raise ValidationError(_("This dilemma is already part of a pattern."))
    if pattern.status not in (*OPEN_STATUSES, PatternStatus.SOLVED, PatternStatus.DECIDED):
        raise ValidationError(
            {"pattern": _("This pattern is closed: reopen it before linking a dilemma to it.")}
        )
    _link(dilemma, pattern, user)
    return dilemma


def _link(dilemma: Dilemma, pattern, user, *, at=None) -> None:
    dilemma.pattern = pattern
    dilemma.pattern_linked_at = at or timezone.now()
    dilemma.pattern_linked_by = user
    dilemma.save(update_fields=["pattern", "pattern_linked_at", "pattern_linked_by"])
    publish_dilemma(dilemma, "dilemma.pattern", op="replace")
    if dilemma.target_id:
        publish_agenda(dilemma.target, "agenda.dilemma", dilemma=dilemma.pk)
    if dilemma.created_by_id and dilemma.created_by_id != user.pk:
        notification_send(
            users=[dilemma.created_by],
            kind="session.dilemma_pattern",
            title=gettext_lazy("Your dilemma is taken up as a pattern"),
            body=gettext_lazy("%(pattern)s, at the %(table)s"),
            params={"pattern": pattern.title, "table": pattern.table.name},
            url=pattern.get_absolute_url(),
            email=False,
        )


def may_put_on_agenda(user, pattern) -> bool:
    """A pattern at a stuurgroep (third order) that is still open can be put on the agenda of
    the bestuur's next session by who may move it: its table's members and the managers."""
    from leernetwerk.patterns.constants import OPEN_STATUSES, LearningOrder
    from leernetwerk.patterns.services import may_act

    return (
        pattern.table.order == LearningOrder.THIRD
        and pattern.status in OPEN_STATUSES
        and may_act(user, pattern)
    )


@transaction.atomic
def pattern_to_agenda(*, pattern, user, text: str) -> Dilemma:
    """Put a stuurgroep's pattern on the agenda of the next bestuur session (or let it wait for
    one to be planned), with the question the bestuur is asked; once at a time per pattern."""
    from leernetwerk.learning.sessions.selectors import pattern_agenda_request
    from leernetwerk.patterns.services import pattern_for_update

    pattern = pattern_for_update(pattern.pk)
    if not may_put_on_agenda(user, pattern):
        raise PermissionDenied
    if pattern_agenda_request(pattern.pk) is not None:
        raise ValidationError(_("This pattern is already on the agenda of the executive."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what the executive is asked to decide.")})
    privacy_check({"text": text})
    dilemma = Dilemma.objects.create(
        pattern=pattern,
        text=text,
        created_by=user,
        pattern_linked_at=timezone.now(),
        pattern_linked_by=user,
    )
    _place(dilemma)
    return dilemma


def _session_admins():
    from leernetwerk.kernel.roles import role_members

    return list(role_members(Role.SESSION_ADMIN).select_related("member_profile"))


def dilemmas_place_waiting() -> int:
    """Dilemmas that wait for a session of the level above — or whose session was deleted,
    cancelled, or moved into the past without being held — go on the agenda of one that is
    planned now."""
    from django.db.models import Q

    now = timezone.now()
    lost = Q(status=DilemmaStatus.ON_AGENDA) & (
        Q(target__isnull=True)
        | Q(target__cancelled_at__isnull=False)
        | (Q(target__starts_at__lte=now) & ~Q(target__run__state=RunState.ENDED))
    )
    placed = 0
    for dilemma in Dilemma.objects.filter(Q(status=DilemmaStatus.WAITING) | lost).select_related(
        "session", "pattern__table"
    ):
        placed += _place(dilemma)
    return placed


@transaction.atomic
def summary_publish(*, session: LearningSessionPage, user, text: str) -> SessionRun:
    """Publish a public summary of the session (it passes the privacy guard); the minutes
    themselves stay for members. The session administrators publish it."""
    if not has_role(user, Role.SESSION_ADMIN):
        raise PermissionDenied
    text = (text or "").strip()
    if not text:
        raise ValidationError({"summary": _("Write the summary first.")})
    privacy_check({"summary": text})
    run = _run_for_update(session)
    run.summary = text
    run.summary_published_at = timezone.now()
    run.save(update_fields=["summary", "summary_published_at"])
    publish_summary(run)
    return run


# --- calendar feeds -----------------------------------------------------------------------------


def calendar_feed_for(user) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user).first()
    return feed or calendar_feed_reset(user=user)


@transaction.atomic
def calendar_feed_reset(*, user) -> CalendarFeed:
    """A new secret address for "my sessions"; the old one stops working."""
    if not is_network_member(user):
        raise PermissionDenied
    feed, _created = CalendarFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed
