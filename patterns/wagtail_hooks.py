"""Admin: learning tables and patterns as Wagtail snippets (writes through the services), the
overdue report, and what patterns add to case pages and to members' data."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.setup import ORDER_PATTERNS, SETUP_HOOK
from leernetwerk.patterns.admin_views import (
    OverduePatternsReportView,
    PatternAdminForm,
    PatternCreateView,
    PatternEditView,
)
from leernetwerk.patterns.models import (
    LearningTable,
    Pattern,
    PatternCase,
    PolicyDocument,
    PolicyVersion,
)
from leernetwerk.patterns.seed import setup_patterns
from leernetwerk.patterns.selectors import case_pattern_suggestions, patterns_for_cases


class LearningTableSnippetViewSet(SnippetViewSet):
    model = LearningTable
    icon = "table"
    menu_label = _("Learning tables")
    list_display = ["name", "order", "position", "response_days", "cadence", "chair", "is_active"]
    ordering = ["position"]


class PatternSnippetViewSet(SnippetViewSet):
    model = Pattern
    icon = "list-ul"
    menu_label = _("Patterns")
    list_display = ["title", "table", "status", "next_deadline", "owner", "updated_at"]
    list_filter = ["status", "table", "knelpunt_type"]
    search_fields = ["title", "description"]
    add_view_class = PatternCreateView
    edit_view_class = PatternEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    edit_handler = ObjectList(Pattern.panels, base_form_class=PatternAdminForm)


class PolicyDocumentSnippetViewSet(SnippetViewSet):
    """The register of written agreements: filtered by kind and party, searchable, with its
    history and a CSV/XLSX export (formulas neutralised by ``kernel.spreadsheets``)."""

    model = PolicyDocument
    icon = "doc-full-inverse"
    menu_label = _("Register of agreements")
    list_display = ["title", "kind", "created_at"]
    list_filter = ["kind", "parties"]
    search_fields = ["title", "description"]
    list_export = ["title", "kind", "description", "created_at"]
    export_filename = "register-afspraken"


class PolicyVersionSnippetViewSet(SnippetViewSet):
    """Versions of the agreements (the document chooser for the signed document)."""

    model = PolicyVersion
    icon = "history"
    menu_label = _("Versions of agreements")
    list_display = ["document", "number", "status", "effective_date", "change_summary"]
    list_filter = ["status", "document"]
    list_export = ["document", "number", "status", "effective_date", "change_summary"]
    export_filename = "register-versies"


class PatternsViewSetGroup(SnippetViewSetGroup):
    items = (
        PatternSnippetViewSet,
        LearningTableSnippetViewSet,
        PolicyDocumentSnippetViewSet,
        PolicyVersionSnippetViewSet,
    )
    menu_icon = "list-ul"
    menu_label = _("Patterns")
    menu_name = "patterns"


register_snippet(PatternsViewSetGroup)


# --- the overdue report ------------------------------------------------------------------------


def _may_see_reports(request) -> bool:
    return has_role(request.user, Role.MANAGER, Role.STUURGROEP)


class OverdueReportMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_see_reports(request)


hooks.register(SETUP_HOOK, setup_patterns, order=ORDER_PATTERNS)


@hooks.register("register_admin_urls")
def overdue_report_urls():
    view = OverduePatternsReportView.as_view()
    results = OverduePatternsReportView.as_view(results_only=True)

    def guarded(inner):
        def wrapped(request, *args, **kwargs):
            from django.core.exceptions import PermissionDenied

            if not _may_see_reports(request):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return wrapped

    return [
        path("reports/te-late-patronen/", guarded(view), name="patterns_overdue_report"),
        path(
            "reports/te-late-patronen/results/",
            guarded(results),
            name="patterns_overdue_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def overdue_report_menu_item():
    return OverdueReportMenuItem(
        _("Overdue patterns"),
        reverse("patterns_overdue_report"),
        name="overdue-patterns",
        icon_name="time",
        order=650,
    )


# --- what patterns add to cases ----------------------------------------------------------------


@hooks.register("leernetwerk_case_badges")
def pattern_badges(case_ids: list[int]) -> dict[int, list[dict]]:
    """Show on cases which patterns they belong to (casework does not import patterns)."""
    badges: dict[int, list[dict]] = {}
    for link in patterns_for_cases(case_ids):
        label = f"{link.pattern.title} ({link.pattern.table.name})"
        badges.setdefault(link.case_id, []).append(
            {"label": label, "url": link.pattern.get_absolute_url()}
        )
    return badges


@hooks.register("leernetwerk_case_panels")
def pattern_case_panel(request, case) -> str:
    """The patterns a case is in and, for its author and managers, "may belong to pattern X"."""
    user = request.user
    show_suggestions = case.owner_id == user.pk or has_role(user, Role.MANAGER)
    suggestions = list(case_pattern_suggestions(case)) if show_suggestions else []
    links = list(PatternCase.objects.filter(case=case).select_related("pattern__table"))
    from leernetwerk.patterns.precedents import similar_precedents

    return render_to_string(
        "leernetwerk_patterns/includes/case_panel.html",
        {
            "case": case,
            "links": links,
            "suggestions": suggestions,
            "similar_precedents": similar_precedents(case),
        },
        request=request,
    )


# --- members' data (AVG) -----------------------------------------------------------------------


@hooks.register("leernetwerk_member_export")
def pattern_member_export(user) -> dict:
    """What a member did with patterns: the patterns they signalled, the entries of the audit
    trail they made (with their reasons and answers) and the decisions they recorded."""
    from leernetwerk.patterns.models import Decision, PatternEvent

    def iso(value):
        return value.isoformat() if value else None

    signalled = Pattern.objects.filter(created_by=user).order_by("pk")
    events = PatternEvent.objects.filter(actor=user).select_related("pattern").order_by("at", "pk")
    decisions = Decision.objects.filter(decided_by=user).select_related("pattern", "table")
    return {
        "patterns": {
            "signalled": [
                {"id": p.pk, "title": p.title, "created_at": iso(p.created_at)} for p in signalled
            ],
            "audit_trail": [
                {
                    "pattern": {"id": e.pattern_id, "title": e.pattern.title},
                    "action": e.action,
                    "at": iso(e.at),
                    "from_status": e.from_status,
                    "to_status": e.to_status,
                    "reason": e.reason,
                }
                for e in events
            ],
            "decisions": [
                {
                    "pattern": {"id": d.pattern_id, "title": d.pattern.title},
                    "table": d.table.name,
                    "action": d.action,
                    "text": d.text,
                    "decided_at": iso(d.decided_at),
                }
                for d in decisions.order_by("decided_at", "pk")
            ],
        }
    }
