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
    NeedCategory,
    Pattern,
    PatternCase,
    PolicyDocument,
    PolicyItem,
    PolicyVersion,
    Proeftuin,
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


class PolicyItemSnippetViewSet(SnippetViewSet):
    """The policy inbox in the admin: filters, search, history and an export (formulas
    neutralised); the work itself happens in the front-end inbox (its rules and live updates)."""

    model = PolicyItem
    icon = "tasks"
    menu_label = _("Policy inbox")
    list_display = ["pattern", "status", "owner", "due_date", "document", "kind"]
    list_filter = ["status", "kind", "owner", "document"]
    search_fields = ["request", "status_note"]
    list_export = ["pattern", "kind", "status", "owner", "due_date", "document", "request"]
    export_filename = "beleid-inbox"
    copy_view_enabled = False
    inspect_view_enabled = True


class ProeftuinSnippetViewSet(SnippetViewSet):
    """Proeftuinen in the admin: a list with filters, search and an export (formulas
    neutralised), they are started, kept and decided in the front end (their rules,
    log and reminders); an administrator may correct its texts and owner here."""

    model = Proeftuin
    icon = "pick"
    menu_label = _("Proeftuinen")
    list_display = ["title", "pattern", "owner", "starts_on", "ends_on", "outcome"]
    list_filter = ["outcome", "starts_on", "ends_on"]
    search_fields = ["title", "hypothesis"]
    list_export = ["title", "pattern", "owner", "starts_on", "ends_on", "outcome", "hypothesis"]
    export_filename = "proeftuinen"
    copy_view_enabled = False
    inspect_view_enabled = True


class NeedCategorySnippetViewSet(SnippetViewSet):
    """Need categories of the trend signals (issue #22): managers and policy officers keep
    them here or add them on the trends' page; saving one matches every case against it."""

    model = NeedCategory
    icon = "tag"
    menu_label = _("Need categories")
    list_display = ["name", "keywords", "is_active", "pattern"]
    list_filter = ["is_active"]
    search_fields = ["name", "name_en", "keywords"]
    list_export = ["name", "name_en", "keywords", "description", "is_active"]
    export_filename = "behoeftecategorieen"
    copy_view_enabled = False


class PatternsViewSetGroup(SnippetViewSetGroup):
    items = (
        PatternSnippetViewSet,
        LearningTableSnippetViewSet,
        PolicyDocumentSnippetViewSet,
        PolicyVersionSnippetViewSet,
        PolicyItemSnippetViewSet,
        ProeftuinSnippetViewSet,
        NeedCategorySnippetViewSet,
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
    from django.db.models import Q

    from leernetwerk.patterns.models import Decision, PatternEvent, PolicyWatch, ProeftuinEntry

    def iso(value):
        return value.isoformat() if value else None

    signalled = Pattern.objects.filter(created_by=user).order_by("pk")
    events = PatternEvent.objects.filter(actor=user).select_related("pattern").order_by("at", "pk")
    decisions = Decision.objects.filter(decided_by=user).select_related("pattern", "table")
    items = (
        PolicyItem.objects.filter(Q(created_by=user) | Q(owner=user))
        .select_related("pattern", "document")
        .order_by("created_at", "pk")
    )
    watch = PolicyWatch.objects.filter(user=user).prefetch_related("laws").first()
    proeftuinen = (
        Proeftuin.objects.filter(Q(created_by=user) | Q(owner=user))
        .select_related("pattern")
        .order_by("created_at", "pk")
    )
    entries = (
        ProeftuinEntry.objects.filter(actor=user).select_related("proeftuin").order_by("at", "pk")
    )
    from leernetwerk.patterns.models import TrendSubscription

    return {
        "trends": {
            # Whether the member gets the weekly trends, and the need categories they added.
            "weekly_digest": TrendSubscription.objects.filter(user=user).exists(),
            "categories_added": list(
                NeedCategory.objects.filter(created_by=user)
                .order_by("pk")
                .values_list("name", flat=True)
            ),
        },
        "proeftuinen": {
            # The proeftuinen the member started or owns, and what they wrote in their logs.
            "mine": [
                {
                    "id": t.pk,
                    "title": t.title,
                    "pattern": {"id": t.pattern_id, "title": t.pattern.title},
                    "started_by_me": t.created_by_id == user.pk,
                    "owner": t.owner_id == user.pk,
                    "hypothesis": t.hypothesis,
                    "starts_on": iso(t.starts_on),
                    "ends_on": iso(t.ends_on),
                    "decision": t.outcome,
                }
                for t in proeftuinen
            ],
            "log": [
                {
                    "proeftuin": {"id": e.proeftuin_id, "title": e.proeftuin.title},
                    "kind": e.kind,
                    "text": e.text,
                    "at": iso(e.at),
                }
                for e in entries
            ],
        },
        "policy": {
            # The policy inbox: what the member asked for or worked on, and what they follow.
            "items": [
                {
                    "pattern": {"id": i.pattern_id, "title": i.pattern.title},
                    "asked_by_me": i.created_by_id == user.pk,
                    "mine": i.owner_id == user.pk,
                    "kind": i.kind,
                    "status": i.status,
                    "request": i.request,
                    "note": i.status_note,
                    "due_date": iso(i.due_date),
                    "agreement": i.document.title if i.document_id else None,
                    "created_at": iso(i.created_at),
                }
                for i in items
            ],
            "following": {
                "laws": [law.name for law in watch.laws.all()] if watch else [],
                "tags": watch.tag_names if watch else [],
            },
        },
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
        },
    }


@hooks.register("leernetwerk_member_erase")
def pattern_member_erase(user, *, pseudonym: str, old: dict) -> None:
    """What a policy officer follows goes; their open items in the policy inbox go back to
    nobody (new), so a colleague takes them; what they asked and wrote stays under the pseudonym
    (the tables' record)."""
    from leernetwerk.patterns.constants import POLICY_ITEM_OPEN, PolicyItemStatus
    from leernetwerk.patterns.models import PolicyWatch

    PolicyWatch.objects.filter(user=user).delete()
    PolicyItem.objects.filter(owner=user, status__in=POLICY_ITEM_OPEN).exclude(
        status=PolicyItemStatus.DRAFTED
    ).update(owner=None, status=PolicyItemStatus.OPEN)
    PolicyItem.objects.filter(owner=user, status=PolicyItemStatus.DRAFTED).update(owner=None)
    # A proeftuin that still runs loses its owner (reminders go to the pattern's owner, and a
    # colleague takes it over); what they wrote in its log stays under the pseudonym.
    Proeftuin.objects.filter(owner=user, ended_at=None).update(owner=None)
    from leernetwerk.patterns.models import TrendSubscription

    TrendSubscription.objects.filter(user=user).delete()
