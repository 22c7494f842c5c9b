"""Admin building blocks the apps share."""

from wagtail.snippets.views.snippets import SnippetViewSet


class VocabularyViewSet(SnippetViewSet):
    list_display = ["name", "sort_order", "is_active"]
    list_filter = ["is_active"]
    ordering = ["sort_order", "name"]
