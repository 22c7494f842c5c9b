"""Leersessies (learning sessions) and public lessons learned."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from patterns.constants import LearningOrder

from .constants import SessionLevel


class SessionIndexPage(Page):
    """The public calendar of leersessies."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    subpage_types = ["learning.LearningSessionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("sessions index")
        verbose_name_plural = _("sessions indexes")

    def get_context(self, request, *args, **kwargs):
        from .selectors import session_calendar

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"], context["past"] = session_calendar(index=self)
        return context


class LearningSessionPage(Page):
    """One leersessie of one level: a meeting with an agenda, attendance, minutes and actions."""

    level = models.CharField(_("level"), max_length=20, choices=SessionLevel.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location or online link"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("level"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("location"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.FilterField("level"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["learning.SessionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("leersessie")
        verbose_name_plural = _("leersessies")
        ordering = ["starts_at"]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class LessonIndexPage(Page):
    """The public list of lessons learned."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    subpage_types = ["learning.LessonPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lessons index")
        verbose_name_plural = _("lessons indexes")

    def get_context(self, request, *args, **kwargs):
        from .selectors import lesson_list

        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = lesson_list(index=self)
        return context


class LessonPage(Page):
    """A public, anonymised story of a pattern that was fixed: what went wrong, what changed."""

    summary = models.TextField(_("summary"))
    what_did_not_fit = models.TextField(_("what did not fit"))
    what_changed = models.TextField(_("what changed"))
    order = models.PositiveSmallIntegerField(
        _("order of learning"), choices=LearningOrder.choices, default=LearningOrder.SECOND
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("what_did_not_fit"),
        FieldPanel("what_changed"),
        FieldPanel("order"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("what_did_not_fit"),
        index.SearchField("what_changed"),
        index.FilterField("order"),
    ]

    parent_page_types = ["learning.LessonIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
