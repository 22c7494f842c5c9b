"""Admin: the casework vocabularies, organisations and the privacy records as snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .members import wagtail_hooks_invitations  # noqa: F401 - registers the invitations viewset
from .models import (
    KnelpuntType,
    Law,
    LifeDomain,
    Organisation,
    OrganisationKind,
    PrivacyOverride,
    SensitiveName,
)


class VocabularyViewSet(SnippetViewSet):
    list_display = ["name", "sort_order", "is_active"]
    list_filter = ["is_active"]
    ordering = ["sort_order", "name"]


class LifeDomainSnippetViewSet(VocabularyViewSet):
    model = LifeDomain
    icon = "globe"
    menu_label = _("Leefgebieden")
    list_display = ["name", "scheme", "sort_order", "is_active"]
    list_filter = ["is_active", "scheme"]


class LawSnippetViewSet(VocabularyViewSet):
    model = Law
    icon = "doc-full"
    menu_label = _("Laws")


class KnelpuntTypeSnippetViewSet(VocabularyViewSet):
    model = KnelpuntType
    icon = "warning"
    menu_label = _("Knelpunt types")


class OrganisationKindSnippetViewSet(VocabularyViewSet):
    model = OrganisationKind
    icon = "tag"
    menu_label = _("Organisation kinds")


class OrganisationSnippetViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["name", "region"]


class SensitiveNameSnippetViewSet(SnippetViewSet):
    model = SensitiveName
    icon = "lock"
    menu_label = _("Blocked names")
    list_display = ["name", "note"]


class PrivacyOverrideSnippetViewSet(SnippetViewSet):
    model = PrivacyOverride
    icon = "history"
    menu_label = _("Privacy guard overrides")
    list_display = ["created_at", "manager", "case", "categories"]
    inspect_view_enabled = True


class CaseworkViewSetGroup(SnippetViewSetGroup):
    items = (
        OrganisationSnippetViewSet,
        LifeDomainSnippetViewSet,
        LawSnippetViewSet,
        KnelpuntTypeSnippetViewSet,
        OrganisationKindSnippetViewSet,
        SensitiveNameSnippetViewSet,
        PrivacyOverrideSnippetViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(CaseworkViewSetGroup)
