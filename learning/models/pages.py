"""Leersessies (learning sessions) and public lessons learned."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from leernetwerk.learning.blocks import AgendaBlock
from leernetwerk.learning.constants import SessionLevel
from leernetwerk.patterns.constants import LearningOrder


class _NamesField(serializers.Field):
    """A many-to-many vocabulary as a list of names in the API."""

    def to_representation(self, value):
        return [item.name for item in value.all()]


class _ProvenanceField(serializers.Field):
    def to_representation(self, value):
        return value or {}


class SessionIndexPage(Page):
    """The public calendar of leersessies."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    subpage_types = ["leernetwerk_learning.LearningSessionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("sessions index")
        verbose_name_plural = _("sessions indexes")

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.kernel.access import has_role
        from leernetwerk.kernel.roles import Role
        from leernetwerk.learning.selectors import session_calendar

        context = super().get_context(request, *args, **kwargs)
        level = request.GET.get("niveau", "")
        level = level if level in SessionLevel.values else ""
        context["upcoming"], context["past"] = session_calendar(index=self, level=level)
        context["level"] = level
        context["levels"] = SessionLevel.choices
        context["is_session_admin"] = has_role(request.user, Role.SESSION_ADMIN)
        return context


class LearningSessionPage(Page):
    """One leersessie of one level: a meeting with an agenda, registrations and attendance,
    minutes, actions and dilemmas. The calendar entry is public; what is said is for members."""

    level = models.CharField(_("level"), max_length=20, choices=SessionLevel.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True, max_length=500)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    description = models.TextField(_("description"), blank=True)
    agenda = StreamField(AgendaBlock(), verbose_name=_("agenda"), blank=True)
    series = models.ForeignKey(
        "leernetwerk_learning.SessionSeries",
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    occurrence = models.DateField(
        _("date in the series"),
        null=True,
        blank=True,
        help_text=_("The series date this session was made for; moving the session keeps it."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("level"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("location"),
                FieldPanel("online_link"),
            ],
            heading=_("When and where"),
        ),
        FieldRowPanel([FieldPanel("facilitator"), FieldPanel("capacity")]),
        FieldPanel("description"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("series", read_only=True),
                FieldPanel("occurrence", read_only=True),
                FieldPanel("cancelled_at", read_only=True),
                FieldPanel("cancel_reason", read_only=True),
            ],
            heading=_("Series and cancellation"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.FilterField("level"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["leernetwerk_learning.SessionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("leersessie")
        verbose_name_plural = _("leersessies")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="session_one_page_per_series_date"
            )
        ]

    def clean(self):
        """Times in order, and the privacy guard over every text the public calendar shows
        (the description and the agenda's titles, questions and descriptions)."""
        from django.core.exceptions import ValidationError

        from leernetwerk.kernel.pii import privacy_check

        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        texts = {"title": self.title, "description": self.description, "agenda": ""}
        for block in self.agenda or []:
            for key in ("title", "question", "description", "guest"):
                value = block.value.get(key) if hasattr(block.value, "get") else None
                if value:
                    texts["agenda"] += f"\n{value}"
        try:
            privacy_check(texts)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.learning.views import session_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(session_page_context(request, session=self))
        return context

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class LessonIndexPage(RoutablePageMixin, Page):
    """The public list of lessons learned, with filters, search and its RSS and Atom feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    subpage_types = ["leernetwerk_learning.LessonPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lessons index")
        verbose_name_plural = _("lessons indexes")

    @path("")
    def index_route(self, request, *args, **kwargs):
        from leernetwerk.learning.lesson_views import lesson_index

        return lesson_index(request, self)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from leernetwerk.learning.feeds import LessonRssFeed

        return LessonRssFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        from leernetwerk.learning.feeds import LessonAtomFeed

        return LessonAtomFeed(self)(request)


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
    PUBLIC_TEXTS = (
        "title",
        "seo_title",
        "search_description",
        "summary",
        "what_did_not_fit",
        "what_changed",
    )

    def clean(self):
        """The privacy guard over every text of the lesson: it is public, so there is no
        override."""
        super().clean()
        from leernetwerk.kernel.pii import privacy_check

        texts = {field: getattr(self, field) or "" for field in self.PUBLIC_TEXTS}
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
        from leernetwerk.learning.selectors import lesson_provenance_for

        context = super().get_context(request, *args, **kwargs)
        context["provenance"] = lesson_provenance_for(
            self, preview=getattr(request, "is_preview", False)
        )
        return context

    def serve(self, request, *args, **kwargs):
        from leernetwerk.learning.lesson_views import public_cache

        return public_cache(request, super().serve(request, *args, **kwargs))
