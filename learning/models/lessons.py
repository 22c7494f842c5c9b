"""The public lessons learned: their index (with filters, search and feeds) and the lesson
pages, with their API fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from leernetwerk.kernel import guarded
from leernetwerk.kernel.models.vocabularies import EnglishTitleMixin
from leernetwerk.patterns.constants import LearningOrder


class _NamesField(serializers.Field):
    """A many-to-many vocabulary as a list of names in the API."""

    def to_representation(self, value):
        return [item.name for item in value.all()]


class _ProvenanceField(serializers.Field):
    def to_representation(self, value):
        return value or {}


class LessonIndexPage(guarded.GuardedModelMixin, RoutablePageMixin, EnglishTitleMixin, Page):
    """The public list of lessons learned, with filters, search and its RSS and Atom feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("title_en"), FieldPanel("intro")]

    subpage_types = ["leernetwerk_learning.LessonPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lessons index")
        verbose_name_plural = _("lessons indexes")

    @path("")
    def index_route(self, request, *args, **kwargs):
        from leernetwerk.learning.lessons.views import anonymous_cached, lesson_index

        return anonymous_cached(request, lambda: lesson_index(request, self))

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from leernetwerk.learning.lessons.feeds import LessonRssFeed
        from leernetwerk.learning.lessons.views import anonymous_cached

        return anonymous_cached(request, lambda: LessonRssFeed(self)(request))

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from leernetwerk.learning.lessons.feeds import LessonAtomFeed
        from leernetwerk.learning.lessons.views import anonymous_cached

        return anonymous_cached(request, lambda: LessonAtomFeed(self)(request))


class LessonPage(Page):
    """A public, anonymised story of a pattern that was fixed: what did not fit, what changed,
    at which order of learning, with provenance counted from the pattern (never case content)."""

    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences for the list, the feed and sharing.")
    )
    what_did_not_fit = models.TextField(
        _("what did not fit"), help_text=_("The pattern in plain language.")
    )
    what_changed = models.TextField(
        _("what changed"), help_text=_("The decision and what it changed for residents.")
    )
    order = models.PositiveSmallIntegerField(
        _("order of learning"),
        choices=LearningOrder.choices,
        default=LearningOrder.SECOND,
        help_text=_("The order of learning at which it was solved."),
    )
    lesson_date = models.DateField(
        _("date"), default=timezone.localdate, help_text=_("When the change took effect.")
    )
    laws = ParentalManyToManyField(
        "leernetwerk_casework.Law", verbose_name=_("laws"), blank=True, related_name="lessons"
    )
    life_domains = ParentalManyToManyField(
        "leernetwerk_casework.LifeDomain",
        verbose_name=_("leefgebieden"),
        blank=True,
        related_name="lessons",
    )
    pattern = models.ForeignKey(
        "leernetwerk_patterns.Pattern",
        verbose_name=_("pattern"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        help_text=_(
            "The pattern this lesson tells about; its provenance (numbers and dates only) is "
            "shown with the lesson."
        ),
    )
    policy_version = models.ForeignKey(
        "leernetwerk_patterns.PolicyVersion",
        verbose_name=_("written agreement changed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lessons",
        help_text=_(
            "The version of the werkafspraken, convenant or regeling this lesson led to; the "
            "lesson names it (never the cases)."
        ),
    )
    provenance = models.JSONField(_("provenance"), default=dict, blank=True, editable=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_did_not_fit"),
        FieldPanel("what_changed"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("order"), FieldPanel("lesson_date")]),
                FieldPanel("laws", widget=forms.CheckboxSelectMultiple),
                FieldPanel("life_domains", widget=forms.CheckboxSelectMultiple),
                FieldPanel("pattern"),
                FieldPanel("policy_version"),
            ],
            heading=_("Where it was solved"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_did_not_fit"),
        index.SearchField("what_changed"),
        index.AutocompleteField("summary"),
        index.AutocompleteField("what_did_not_fit"),
        index.AutocompleteField("what_changed"),
        index.FilterField("order"),
        index.FilterField("lesson_date"),
        index.RelatedFields("laws", [index.SearchField("name"), index.SearchField("abbreviation")]),
        index.RelatedFields("life_domains", [index.SearchField("name")]),
    ]
    api_fields = [
        APIField("summary"),
        APIField("what_did_not_fit"),
        APIField("what_changed"),
        # "order" is the API's own sorting parameter: the field goes by its full name.
        APIField("order_of_learning", serializer=serializers.IntegerField(source="order")),
        APIField("order_label", serializer=serializers.CharField(source="get_order_display")),
        APIField("lesson_date"),
        APIField("laws", serializer=_NamesField()),
        APIField("life_domains", serializer=_NamesField()),
        APIField("provenance", serializer=_ProvenanceField()),
    ]

    parent_page_types = ["leernetwerk_learning.LessonIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")

    #: The texts the privacy guard checks before any save (the lesson is public).
    def clean(self):
        """The privacy guard over every text of the lesson: it is public, so there is no
        override."""
        super().clean()
        from leernetwerk.kernel import guarded
        from leernetwerk.kernel.pii import privacy_check

        texts = guarded.texts(self)  # the guard's one list of the lesson's texts
        privacy_check(texts)
        if self.pattern_id:
            self._check_case_titles(texts)

    def _check_case_titles(self, texts: dict[str, str]) -> None:
        """Cases are never public: a lesson may not name one of its pattern's cases (the
        pattern's own description may, for members)."""
        titles = [
            title
            for title in self.pattern.links.values_list("case__title", flat=True)
            if len(title) >= 8
        ]
        errors = {}
        for field, text in texts.items():
            found = next((title for title in titles if title.casefold() in text.casefold()), None)
            if found:
                errors[field] = _(
                    "This names a case of the pattern, and cases are never public. "
                    "Remove: “%(title)s”."
                ) % {"title": found}
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.learning.lessons.selectors import lesson_provenance_for

        context = super().get_context(request, *args, **kwargs)
        context["provenance"] = lesson_provenance_for(
            self, preview=getattr(request, "is_preview", False)
        )
        return context

    def serve(self, request, *args, **kwargs):
        from leernetwerk.kernel.conf import page_public_url
        from leernetwerk.learning.lessons.views import anonymous_cached, head_links, public_cache

        def build():
            response = public_cache(
                request, super(LessonPage, self).serve(request, *args, **kwargs)
            )
            return head_links(request, response, canonical=page_public_url(self, request))

        return anonymous_cached(request, build)
