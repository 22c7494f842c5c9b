"""Cases (casussen): anonymised situations where the system world did not fit a resident's life."""

from __future__ import annotations

import contextlib
from contextvars import ContextVar
from datetime import date, timedelta

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from leernetwerk.casework.constants import CaseStatus, MaatwerkOutcome, SolutionType, Window
from leernetwerk.casework.models.vocabularies import KnelpuntType, Law, LifeDomain
from leernetwerk.kernel import conf, guarded
from leernetwerk.kernel.access import MembersOnlyPageMixin
from leernetwerk.kernel.models.vocabularies import EnglishTitleMixin, Organisation
from leernetwerk.kernel.pii import blocked_names, find_personal_data, personal_data_message


def default_retention_date() -> date:
    return timezone.localdate() + timedelta(days=conf.get("LEERNETWERK_CASE_RETENTION_DAYS"))


#: A case is kept at most this many years from the day it is saved (AVG: no longer than needed).
MAX_RETENTION_YEARS = 15


def latest_retention_date(today: date | None = None) -> date:
    """The furthest "keep until" date a case saved ``today`` may have."""
    return (today or timezone.localdate()) + timedelta(days=365 * MAX_RETENTION_YEARS)


def retention_date_error(value: date | None) -> str | None:
    """Why ``value`` is not a retention date a case may get now (None: it may)."""
    if value is not None and value > latest_retention_date():
        return _("Keep a case at most %(years)d years.") % {"years": MAX_RETENTION_YEARS}
    return None


CONSENT_REQUIRED = _("A case can only be published when the resident has agreed.")

#: Pages whose next saves a manager let through the privacy guard (with a recorded reason).
_privacy_override: ContextVar[tuple[Page, ...]] = ContextVar("privacy_override", default=())


@contextlib.contextmanager
def privacy_override(page: Page):
    """Within this block, saving ``page`` (also as a copy made from a revision, once it has a
    primary key) skips the privacy guard."""
    token = _privacy_override.set((*_privacy_override.get(), page))
    try:
        yield
    finally:
        _privacy_override.reset(token)


class CaseIndexPage(guarded.GuardedModelMixin, MembersOnlyPageMixin, EnglishTitleMixin, Page):
    """The private home of all cases: only network members may see it or anything below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("title_en"), FieldPanel("intro")]

    subpage_types = ["leernetwerk_casework.CasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("cases index")
        verbose_name_plural = _("cases indexes")

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.casework.views import case_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(case_index_context(request, index=self))
        return context


class CasePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CasePageForm(guarded.GuardedTagsFormMixin, WagtailAdminPageForm):
    """The admin's case form: the privacy guard in ``CasePage.clean`` reads the submitted tags."""


class CasePage(MembersOnlyPageMixin, Page):
    """One casus: where a law, budget or procedure did not fit a resident's situation."""

    base_form_class = CasePageForm

    situation = models.TextField(
        _("situation"),
        help_text=_(
            "The situation of the resident or household, without anything that identifies them."
        ),
    )
    ik_wil = models.TextField(_("ik wil (what the resident wants)"), blank=True)
    ik_kan = models.TextField(_("ik kan (what the resident can do)"), blank=True)
    ik_heb_nodig = models.TextField(_("ik heb nodig (what the resident needs)"), blank=True)
    life_domains = ParentalManyToManyField(
        LifeDomain, verbose_name=_("leefgebieden"), blank=True, related_name="cases"
    )
    laws = ParentalManyToManyField(
        Law, verbose_name=_("laws involved"), blank=True, related_name="cases"
    )
    organisations = ParentalManyToManyField(
        Organisation, verbose_name=_("organisations involved"), blank=True, related_name="cases"
    )
    knelpunt = models.TextField(
        _("knelpunt"),
        help_text=_("Where the system world did not fit the life world."),
    )
    knelpunt_type = models.ForeignKey(
        KnelpuntType,
        verbose_name=_("knelpunt type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    window = models.CharField(_("window"), max_length=20, choices=Window.choices, blank=True)
    transition = models.ForeignKey(
        "leernetwerk_casework.Transition",
        verbose_name=_("overgangsmoment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text=_("The transition in the resident's life where it got stuck, if any."),
    )
    solution_type = models.CharField(
        _("kind of solution"),
        max_length=20,
        choices=SolutionType.choices,
        blank=True,
    )
    maatwerk = models.TextField(
        _("maatwerk"),
        blank=True,
        help_text=_("The tailored solution applied in this case (the lightest solution first)."),
    )
    maatwerk_outcome = models.CharField(
        _("did the maatwerk work?"),
        max_length=20,
        choices=MaatwerkOutcome.choices,
        default=MaatwerkOutcome.UNKNOWN,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    consent_given = models.BooleanField(
        _("the resident was informed and agreed that this case is discussed"), default=False
    )
    consent_organisations = ParentalManyToManyField(
        Organisation,
        verbose_name=_("organisations the resident agreed to share it with"),
        blank=True,
        related_name="+",
    )
    consent_purpose = models.TextField(_("purpose the resident agreed to"), blank=True)
    retention_date = models.DateField(
        _("keep until"),
        default=default_retention_date,
        help_text=_("After this date the case is anonymised or removed."),
    )
    tags = ClusterTaggableManager(through=CasePageTag, blank=True, verbose_name=_("tags"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("situation"),
        MultiFieldPanel(
            [FieldPanel("ik_wil"), FieldPanel("ik_kan"), FieldPanel("ik_heb_nodig")],
            heading=_("The resident's perspective"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("knelpunt"),
                FieldRowPanel([FieldPanel("knelpunt_type"), FieldPanel("window")]),
                FieldPanel("transition"),
            ],
            heading=_("Knelpunt"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("maatwerk"),
                FieldRowPanel([FieldPanel("maatwerk_outcome"), FieldPanel("solution_type")]),
            ],
            heading=_("Maatwerk"),
        ),
        FieldPanel("life_domains", widget=forms.CheckboxSelectMultiple),
        FieldPanel("laws", widget=forms.CheckboxSelectMultiple),
        FieldPanel("organisations"),
        FieldPanel("status"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [
                FieldPanel("consent_given"),
                FieldPanel("consent_organisations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("consent_purpose"),
                FieldPanel("retention_date"),
            ],
            heading=_("Consent and retention"),
        ),
    ]
    # Cases are never in a search index, so no search (the host's own /search/ included) can
    # list them; the network's case search is a database query (``selectors.case_search``).
    search_fields: list = []

    parent_page_types = ["leernetwerk_casework.CaseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    @classmethod
    def get_indexed_objects(cls):
        return cls.objects.none()

    @classmethod
    def check(cls, **kwargs):
        """Without an index, a search backend reads page titles from the page table itself (the
        database fallback backend): the host's search would list every case title."""
        from django.conf import settings
        from django.core import checks

        errors = super().check(**kwargs)
        backends = getattr(settings, "WAGTAILSEARCH_BACKENDS", None) or {}
        for alias, config in backends.items():
            backend = str(config.get("BACKEND", ""))
            if backend.rsplit(".", 1)[-1] == "fallback" or backend.endswith(".fallback"):
                errors.append(
                    checks.Error(
                        f"The search backend {alias!r} ({backend}) searches page titles without "
                        "an index, so any search of the host would list case titles.",
                        hint="Use wagtail.search.backends.database (or Elasticsearch/OpenSearch).",
                        obj=cls,
                        id="leernetwerk_casework.E001",
                    )
                )
        return errors

    def get_indexed_instance(self):
        return None

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if response.status_code == 200:
            from leernetwerk.casework.services import case_record_access, case_record_visit

            case_record_access(case=self, user=request.user)
            case_record_visit(case=self, user=request.user)
        return response

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.casework.views import case_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(case_page_context(request, case=self))
        return context

    def clean(self):
        """The privacy guard: no personal data in any text of a case (a manager's recorded
        override covers the saves inside ``privacy_override(page)``)."""
        from django.core.exceptions import ValidationError

        super().clean()
        self.check_consent()
        # The retention cap, here so the network's form, the admin and every service meet it.
        retention_error = retention_date_error(self.retention_date)
        if retention_error:
            raise ValidationError({"retention_date": retention_error})
        for allowed in _privacy_override.get():
            if allowed is self or (self.pk is not None and allowed.pk == self.pk):
                return
        errors = self.personal_data_errors()
        if errors:
            raise ValidationError(errors)

    def check_consent(self) -> None:
        """A case is live (or scheduled to go live) only with the resident's consent: here, so
        the network's form, the admin, bulk and scheduled publishing all meet the rule (Wagtail
        validates a page in full before it saves it live, and before it saves a revision)."""
        from django.core.exceptions import ValidationError

        if self.consent_given:
            return
        # A new page counts as live by default (Wagtail's create form validates it so): it is
        # saved as a draft below, so only an existing page is refused here.
        if self.go_live_at or (self.live and self.pk is not None):
            raise ValidationError({"consent_given": CONSENT_REQUIRED})

    def save(self, *args, **kwargs):
        if self.pk is None and self.live and not self.consent_given:
            # A new case without consent starts as a draft, whoever asked to start it live (the
            # admin's "publish" on a new page saves it live before publishing): publishing it
            # then meets ``check_consent``.
            self.live = False
            self.has_unpublished_changes = True
        return super().save(*args, **kwargs)

    def personal_data_findings(self, *, tags=None) -> dict[str, list]:
        """Findings per guarded field (``leernetwerk.kernel.guarded``), tags included;
        ``tags`` (names) stand in for the page's own tags (a form's, not saved yet)."""
        names = blocked_names()
        findings = {}
        for field, text in guarded.texts(self, tags=tags).items():
            found = find_personal_data(text or "", extra_names=names)
            if found:
                findings[field] = found
        return findings

    def personal_data_errors(self) -> dict[str, str]:
        return {
            field: personal_data_message(found)
            for field, found in self.personal_data_findings().items()
        }

    @property
    def text_fields(self) -> dict[str, str]:
        """The free-text fields the privacy guard checks (its one list, without the tags)."""
        return {name: getattr(self, name) for name in guarded.text_field_names(self)}
