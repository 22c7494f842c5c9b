"""Admin: organisations, their kinds and the names the privacy guard blocks, as snippets; the
invitations listing."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from leernetwerk.kernel.access import MembersOnlyPageMixin, members_only_response
from leernetwerk.kernel.admin import VocabularyViewSet
from leernetwerk.kernel.members import wagtail_hooks_invitations  # noqa: F401 - registers the viewset
from leernetwerk.kernel.models import Organisation, OrganisationKind, SensitiveName
from leernetwerk.kernel.seed import setup_kernel
from leernetwerk.kernel.setup import ORDER_KERNEL, SETUP_HOOK, UNINSTALL_HOOK
from leernetwerk.kernel.uninstall import uninstall_kernel


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


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (
        OrganisationSnippetViewSet,
        OrganisationKindSnippetViewSet,
        SensitiveNameSnippetViewSet,
    )
    menu_icon = "group"
    menu_label = _("Network")
    menu_name = "network"


register_snippet(NetworkViewSetGroup)

hooks.register(SETUP_HOOK, setup_kernel, order=ORDER_KERNEL)
hooks.register(UNINSTALL_HOOK, uninstall_kernel, order=ORDER_KERNEL)


@hooks.register("before_serve_page")
def members_only_pages(page, request, serve_args, serve_kwargs):
    """Members-only pages answer anonymous visitors and non-members as their ``serve`` does,
    before Wagtail's own view restriction (the second wall) would send everyone to log in."""
    if isinstance(page, MembersOnlyPageMixin):
        return members_only_response(request)
    return None
