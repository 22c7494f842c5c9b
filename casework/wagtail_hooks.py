"""Admin: the casework vocabularies and the privacy records as snippets; the export and erasure
parts of a member's privacy rights."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from leernetwerk.casework import privacy
from leernetwerk.casework.models import KnelpuntType, Law, LifeDomain, PrivacyOverride
from leernetwerk.casework.seed import setup_casework
from leernetwerk.kernel.admin import VocabularyViewSet
from leernetwerk.kernel.setup import ORDER_CASEWORK, SETUP_HOOK


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


class PrivacyOverrideSnippetViewSet(SnippetViewSet):
    model = PrivacyOverride
    icon = "history"
    menu_label = _("Privacy guard overrides")
    list_display = ["created_at", "manager", "case", "categories"]
    inspect_view_enabled = True


class CaseworkViewSetGroup(SnippetViewSetGroup):
    items = (
        LifeDomainSnippetViewSet,
        LawSnippetViewSet,
        KnelpuntTypeSnippetViewSet,
        PrivacyOverrideSnippetViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Casussen")
    menu_name = "casework"


register_snippet(CaseworkViewSetGroup)

hooks.register("leernetwerk_member_export", privacy.member_export_part)
hooks.register(SETUP_HOOK, setup_casework, order=ORDER_CASEWORK)


@hooks.register("leernetwerk_member_home_url")
def cases_index_url():
    from leernetwerk.casework.selectors import case_index

    index = case_index()
    return index.url if index is not None else None
