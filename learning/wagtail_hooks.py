"""Admin: session series (saving one makes its upcoming sessions as drafts)."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from leernetwerk.kernel.setup import ORDER_LEARNING, SETUP_HOOK, UNINSTALL_HOOK
from leernetwerk.learning.models import SessionSeries
from leernetwerk.learning.seed import setup_learning, uninstall_learning
from leernetwerk.learning.sessions.services import series_generate, series_replace_drafts


class _GenerateOnSave:
    """After saving a series, its sessions up to the horizon exist as drafts."""

    def save_instance(self):
        series = super().save_instance()
        # A changed rule: untouched drafts on dates that no longer fit go; prepared ones stay.
        replaced = series_replace_drafts(series=series)
        if replaced.kept:
            messages.warning(
                self.request,
                ngettext(
                    "%(count)d draft session no longer fits the new rule but was kept, because "
                    "someone prepared it: %(titles)s. Move, publish or cancel it yourself.",
                    "%(count)d draft sessions no longer fit the new rule but were kept, because "
                    "someone prepared them: %(titles)s. Move, publish or cancel them yourself.",
                    len(replaced.kept),
                )
                % {
                    "count": len(replaced.kept),
                    "titles": "; ".join(page.title for page in replaced.kept),
                },
            )
        made = series_generate(series=series, user=self.request.user)
        if made:
            messages.info(
                self.request,
                ngettext(
                    "%(count)d draft session was made for this series.",
                    "%(count)d draft sessions were made for this series.",
                    len(made),
                )
                % {"count": len(made)},
            )
        return series


class SeriesCreateView(_GenerateOnSave, CreateView):
    pass


class SeriesEditView(_GenerateOnSave, EditView):
    pass


class SessionSeriesSnippetViewSet(SnippetViewSet):
    model = SessionSeries
    icon = "date"
    menu_label = _("Session series")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["title", "level", "frequency", "start_time", "horizon_months", "is_active"]
    list_filter = ["level", "is_active"]
    add_view_class = SeriesCreateView
    edit_view_class = SeriesEditView


register_snippet(SessionSeriesSnippetViewSet)


# --- members' data (AVG) -----------------------------------------------------------------------


hooks.register(SETUP_HOOK, setup_learning, order=ORDER_LEARNING)
hooks.register(UNINSTALL_HOOK, uninstall_learning, order=ORDER_LEARNING)


@hooks.register("leernetwerk_member_export")
def learning_member_export(user) -> dict:
    """A member's registrations (with attendance and perspective), the actions they own and
    whether they have a calendar address (not the address itself: it is a secret)."""
    from leernetwerk.learning.models import (
        AgendaMinute,
        CalendarFeed,
        Dilemma,
        Registration,
        SessionAction,
    )

    def iso(value):
        return value.isoformat() if value else None

    registrations = Registration.objects.filter(user=user).select_related("session", "perspective")
    actions = SessionAction.objects.filter(owner=user).select_related("session")
    return {
        "registrations": [
            {
                "session": {"id": r.session_id, "title": r.session.title},
                "starts_at": iso(r.session.starts_at),
                "status": r.status,
                "perspective": str(r.perspective) if r.perspective else None,
                "registered_at": iso(r.registered_at),
                "attended": r.attended,
            }
            for r in registrations.order_by("registered_at", "pk")
        ],
        "session_actions": [
            {
                "session": {"id": a.session_id, "title": a.session.title},
                "text": a.text,
                "due_date": iso(a.due_date),
                "status": a.status,
            }
            for a in actions.order_by("due_date", "pk")
        ],
        "calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        "session_texts_written": {
            "minutes": [
                {"session": {"id": m.session_id, "title": m.session.title}, "text": m.text}
                for m in AgendaMinute.objects.filter(updated_by=user).select_related("session")
            ],
            "dilemmas": [
                {
                    "session": {"id": d.session_id, "title": d.session.title}
                    if d.session is not None
                    else None,
                    "pattern": {"id": d.pattern_id, "title": d.pattern.title}
                    if d.pattern is not None
                    else None,
                    "text": d.text,
                }
                for d in Dilemma.objects.filter(created_by=user).select_related(
                    "session", "pattern"
                )
            ],
            "actions_recorded": [
                {"session": {"id": a.session_id, "title": a.session.title}, "text": a.text}
                for a in SessionAction.objects.filter(created_by=user).select_related("session")
            ],
        },
    }


@hooks.register("leernetwerk_pattern_actions")
def lesson_action_on_pattern(request, pattern):
    """On a solved or decided pattern's page, managers and editors can draft its lesson (or
    open the lesson it already has)."""
    from django.urls import reverse

    from leernetwerk.learning.lessons.services import LESSON_READY_STATUSES, may_draft_lesson
    from leernetwerk.learning.models import LessonPage

    if pattern.status not in LESSON_READY_STATUSES or not may_draft_lesson(request.user):
        return None
    lesson = LessonPage.objects.filter(pattern=pattern).order_by("-live", "pk").first()
    if lesson is not None:
        if lesson.permissions_for_user(request.user).can_edit():
            url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
        elif lesson.live:
            url = lesson.url
        else:
            return {
                "label": _("A lesson of this pattern is being written"),
                "url": "",
                "method": "none",
                "help": _("Its author or an editor can open it."),
            }
        return {
            "label": _("Open the lesson of this pattern"),
            "url": url,
            "method": "get",
            "help": _("Published") if lesson.live else _("Draft"),
        }
    return {
        "label": _("Draft a lesson from this pattern"),
        "url": reverse("leernetwerk_learning:lesson_draft", args=[pattern.pk]),
        "method": "post",
        "help": _("An editor reviews it before it is public."),
    }


@hooks.register("leernetwerk_pattern_actions")
def agenda_action_on_pattern(request, pattern):
    """On a stuurgroep's open pattern: put it on the agenda of the bestuur's next session, or
    say where it is on the agenda already (issue #22)."""
    from django.urls import reverse

    from leernetwerk.learning.sessions.selectors import pattern_agenda_request
    from leernetwerk.learning.sessions.services import may_put_on_agenda

    if not may_put_on_agenda(request.user, pattern):
        return None
    pending = pattern_agenda_request(pattern.pk)
    if pending is not None:
        target = pending.target
        return {
            "label": _("On the agenda of %(session)s") % {"session": target.title}
            if target is not None
            else _("Waiting for the next executive session"),
            "url": target.url if target is not None and target.live else "",
            "method": "get" if target is not None and target.live else "none",
            "help": "",
        }
    return {
        "label": _("Put on the agenda of the executive"),
        "url": reverse("leernetwerk_learning:pattern_agenda", args=[pattern.pk]),
        "method": "get",
        "help": _("The next executive session discusses it; the thread shows the outcome."),
    }


@hooks.register("leernetwerk_pattern_panels")
def thread_panel_on_pattern(request, pattern) -> str:
    """The thread from the leersessies to the decision, when the pattern has one."""
    from django.template.loader import render_to_string

    from leernetwerk.learning.sessions.selectors import pattern_threads

    if not pattern.dilemmas.exists():
        return ""
    return render_to_string(
        "leernetwerk_learning/includes/pattern_thread_panel.html",
        {"thread": pattern_threads([pattern.pk]).get(pattern.pk, [])},
        request=request,
    )


@hooks.register("leernetwerk_member_erase")
def learning_member_erase(user, *, pseudonym: str, old: dict) -> None:
    """The calendar address goes; registrations, attendance and actions stay (they are the
    session's record) under the pseudonym, which is also how live events replay them: they
    refer to the session's objects instead of storing their HTML (ADR 0009)."""
    from leernetwerk.learning.models import CalendarFeed, LearningSessionPage

    CalendarFeed.objects.filter(user=user).delete()
    names = [old.get(key, "") for key in ("full_name", "display_name", "email", "username")]
    LearningSessionPage.pseudonymise_presenters(names=names, pseudonym=pseudonym)


# --- the network dashboard on the admin's home page ---------------------------------------------


@hooks.register("construct_homepage_panels")
def dashboard_homepage_panels(request, panels) -> None:
    """The network's figures for managers, stuurgroep members and superusers."""
    from leernetwerk.learning.dashboard.views import homepage_panels

    homepage_panels(request, panels)
