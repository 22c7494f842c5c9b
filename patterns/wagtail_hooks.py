"""Admin: learning tables and patterns as Wagtail snippets, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LearningTable, Pattern, PatternCase


class LearningTableSnippetViewSet(SnippetViewSet):
    model = LearningTable
    icon = "table"
    menu_label = _("Learning tables")
    list_display = ["name", "order", "position", "response_days", "is_active"]
    ordering = ["position"]


class PatternSnippetViewSet(SnippetViewSet):
    model = Pattern
    icon = "list-ul"
    menu_label = _("Patterns")
    list_display = ["title", "table", "status", "updated_at"]
    list_filter = ["status", "table"]
    search_fields = ["title", "description"]


class PatternsViewSetGroup(SnippetViewSetGroup):
    items = (PatternSnippetViewSet, LearningTableSnippetViewSet)
    menu_icon = "list-ul"
    menu_label = _("Patterns")
    menu_name = "patterns"


register_snippet(PatternsViewSetGroup)


@hooks.register("leernetwerk_case_badges")
def pattern_badges(case_ids: list[int]) -> dict[int, list[dict]]:
    """Show on cases which patterns they belong to (casework does not import patterns)."""
    badges: dict[int, list[dict]] = {}
    links = PatternCase.objects.filter(case_id__in=case_ids).select_related("pattern__table")
    for link in links.order_by("pattern__title"):
        label = f"{link.pattern.title} ({link.pattern.table.name})"
        badges.setdefault(link.case_id, []).append({"label": label, "url": ""})
    return badges
