"""Admin: the casework vocabularies and the privacy records as snippets; the export and erasure
parts of a member's privacy rights; draft cases kept out of the admin's choosers, explorer and
bulk pages for whoever may not read them; and the consent rule on the admin's publish, bulk
publish and moderation paths (the rule itself is ``CasePage.check_consent``)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from leernetwerk.casework import privacy
from leernetwerk.casework.models import (
    KnelpuntType,
    Law,
    LifeDomain,
    Mandate,
    PrivacyOverride,
    Transition,
)
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


class TransitionSnippetViewSet(VocabularyViewSet):
    model = Transition
    icon = "resubmit"
    menu_label = _("Overgangsmomenten")


class PrivacyOverrideSnippetViewSet(SnippetViewSet):
    model = PrivacyOverride
    icon = "history"
    menu_label = _("Privacy guard overrides")
    list_display = ["created_at", "manager", "case", "categories"]
    inspect_view_enabled = True


class MandateSnippetViewSet(SnippetViewSet):
    """The mandaatregister: filtered, searchable, with its history and a CSV/XLSX export
    (formulas neutralised by ``kernel.spreadsheets``)."""

    model = Mandate
    icon = "key"
    menu_label = _("Mandaatregister")
    list_display = [
        "title",
        "organisation",
        Column("held_by", label=_("Held by")),
        "budget_ceiling",
        "valid_until",
    ]
    list_filter = ["organisation", "role", "covers_deviation", "covers_bridging", "laws"]
    search_fields = ["title"]
    list_export = [
        "title",
        "organisation",
        "held_by",
        "laws_list",
        "covers_deviation",
        "covers_bridging",
        "budget_ceiling",
        "valid_from",
        "valid_until",
        "granted_by",
        "escalates_to",
    ]
    export_headings = {"held_by": _("Held by"), "laws_list": _("Laws and regelingen")}
    export_filename = "mandaatregister"


class CaseworkViewSetGroup(SnippetViewSetGroup):
    items = (
        MandateSnippetViewSet,
        LifeDomainSnippetViewSet,
        LawSnippetViewSet,
        KnelpuntTypeSnippetViewSet,
        TransitionSnippetViewSet,
        PrivacyOverrideSnippetViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Cases")
    menu_name = "casework"


register_snippet(CaseworkViewSetGroup)

hooks.register("leernetwerk_member_export", privacy.member_export_part)
hooks.register("leernetwerk_member_erase", privacy.member_erase_part)
hooks.register(SETUP_HOOK, setup_casework, order=ORDER_CASEWORK)


@hooks.register("leernetwerk_member_home_url")
def cases_index_url():
    from leernetwerk.casework.selectors import case_index

    index = case_index()
    return index.url if index is not None else None


# --- draft cases stay with their author and the managers (admin choosers, explorer, bulk) ---


def _hidden_cases(user):
    """The condition on a page queryset for the cases ``user`` may not read in the admin: drafts
    and unpublished title edits of someone else's case (managers see all), every case for a user
    without a role."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F, Q

    from leernetwerk.casework.models import CasePage
    from leernetwerk.kernel.access import has_role, is_network_member
    from leernetwerk.kernel.roles import Role

    is_case = Q(content_type=ContentType.objects.get_for_model(CasePage))
    if not is_network_member(user):
        return is_case
    if has_role(user, Role.MANAGER):
        return None
    return is_case & ~Q(owner=user.pk) & (Q(live=False) | ~Q(draft_title=F("title")))


def _without_hidden_cases(pages, user):
    from wagtail.models import Page

    hidden = _hidden_cases(user)
    if hidden is None:
        return pages
    # By id: a search over the result may only filter on the index's filter fields.
    return pages.exclude(pk__in=list(Page.objects.filter(hidden).values_list("pk", flat=True)))


@hooks.register("construct_page_chooser_queryset")
def chooser_without_hidden_cases(pages, request):
    return _without_hidden_cases(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_without_hidden_cases(parent_page, pages, request):
    return _without_hidden_cases(pages, request.user)


class _WithoutHiddenCases:
    """A page bulk action whose confirmation page and execution leave out the cases the user
    may not read (Wagtail lists even the pages one may not act on, by their draft title)."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        hidden = _hidden_cases(self.request.user)
        if hidden is None:
            return objects, extra

        from wagtail.models import Page

        def readable(pages):
            ids = [page.pk for page in pages]
            hidden_ids = set(
                Page.objects.filter(pk__in=ids).filter(hidden).values_list("pk", flat=True)
            )
            return [page for page in pages if page.pk not in hidden_ids]

        extra = {**extra, "items_with_no_access": readable(extra.get("items_with_no_access", []))}
        return readable(objects), extra


def _register_page_bulk_actions():
    from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
    from wagtail.admin.views.pages.bulk_actions.move import MoveBulkAction
    from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
    from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction

    # A later order wins in Wagtail's bulk action registry: ours replace the four page actions.
    for action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction):
        replacement = type(action.__name__, (_WithoutHiddenCases, action), {})
        hooks.register("register_bulk_action", replacement, order=100)


_register_page_bulk_actions()


# --- a case is published only with the resident's consent (the rule is CasePage.check_consent) --


def _lacks_consent(page) -> bool:
    from leernetwerk.casework.models import CasePage

    page = page.specific_deferred if not isinstance(page, CasePage) else page
    if not isinstance(page, CasePage):
        return False
    return not page.get_latest_revision_as_object().consent_given


@hooks.register("before_publish_page")
def refuse_publishing_without_consent(request, page):
    """The admin's publish button (new or existing case): a clear refusal, the draft kept."""
    from django.shortcuts import redirect
    from wagtail.admin import messages

    from leernetwerk.casework.models.pages import CONSENT_REQUIRED

    if _lacks_consent(page):
        messages.error(request, CONSENT_REQUIRED)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_consent(request, action_type, objects, action_class_instance):
    from django.shortcuts import redirect
    from wagtail.admin import messages
    from wagtail.models import Page

    from leernetwerk.casework.models.pages import CONSENT_REQUIRED

    if action_type != "publish" or not all(isinstance(obj, Page) for obj in objects):
        return None
    pages = list(objects)
    form = getattr(action_class_instance, "cleaned_form", None)
    if form is not None and form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants())
    if any(_lacks_consent(page) for page in pages):
        messages.error(request, CONSENT_REQUIRED)
        return redirect(action_class_instance.next_url)
    return None


def _submission_without_consent(request, page_class) -> bool:
    """A case sent to a moderation workflow without consent: its approval would publish it."""
    from leernetwerk.casework.models import CasePage

    return (
        request.method == "POST"
        and issubclass(page_class, CasePage)
        and bool(request.POST.get("action-submit"))
        and not request.POST.get("consent_given")
    )


def _save_as_draft_instead(request) -> None:
    from wagtail.admin import messages

    from leernetwerk.casework.models.pages import CONSENT_REQUIRED

    post = request.POST.copy()
    post.pop("action-submit", None)
    request.POST = post  # Wagtail reads the action after this hook: it saves a draft
    messages.error(request, CONSENT_REQUIRED)


@hooks.register("before_edit_page")
def no_moderation_without_consent_on_edit(request, page):
    if _submission_without_consent(request, page.specific_class or type(page)):
        _save_as_draft_instead(request)


@hooks.register("before_create_page")
def no_moderation_without_consent_on_create(request, parent_page, page_class):
    if _submission_without_consent(request, page_class):
        _save_as_draft_instead(request)
