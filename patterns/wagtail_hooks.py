"""Admin: learning tables and patterns as Wagtail snippets, grouped in one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LearningTable, Pattern


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
