"""Cases (casussen): anonymised situations where the system world did not fit a resident's life."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .access import MembersOnlyPageMixin
from .constants import CaseStatus
from .live.models import LiveEvent, LiveStream

__all__ = ["CaseIndexPage", "CasePage", "LiveEvent", "LiveStream"]


class CaseIndexPage(MembersOnlyPageMixin, Page):
    """The private home of all cases: only network members may see it or anything below it."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    subpage_types = ["casework.CasePage"]
    max_count = 1

    class Meta:
        verbose_name = _("cases index")
        verbose_name_plural = _("cases indexes")

    def get_context(self, request, *args, **kwargs):
        from .selectors import case_list

        context = super().get_context(request, *args, **kwargs)
        context["cases"] = case_list(index=self)
        return context


class CasePage(MembersOnlyPageMixin, Page):
    """One casus: where a law, budget or procedure did not fit a resident's situation."""

    situation = models.TextField(
        _("situation"), help_text=_("The anonymised situation of the resident or household.")
    )
    knelpunt = models.TextField(
        _("knelpunt"), help_text=_("Where the system world did not fit the life world.")
    )
    maatwerk = models.TextField(
        _("maatwerk"), blank=True, help_text=_("The tailored solution applied in this case.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("situation"),
        FieldPanel("knelpunt"),
        FieldPanel("maatwerk"),
        FieldPanel("status"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("situation"),
        index.SearchField("knelpunt"),
        index.SearchField("maatwerk"),
        index.FilterField("status"),
    ]

    parent_page_types = ["casework.CaseIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def get_context(self, request, *args, **kwargs):
        from .live.selectors import last_event_id
        from .live.streams import case_stream

        context = super().get_context(request, *args, **kwargs)
        context["live_url"] = f"/ws/live/case/{self.pk}/"
        context["live_since"] = last_event_id(case_stream(self.pk))
        return context
