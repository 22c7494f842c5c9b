"""The home page of the host site."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from leernetwerk.kernel.models.vocabularies import EnglishTitleMixin


class HomePage(EnglishTitleMixin, Page):
    """The network's front door: what the network is, what it learned, when it meets next."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("title_en"), FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "leernetwerk_casework.CaseIndexPage",
        "leernetwerk_patterns.PatternBoardPage",
        "leernetwerk_learning.SessionIndexPage",
        "leernetwerk_learning.LessonIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.kernel.access import is_network_member
        from leernetwerk.learning.selectors import lesson_list, upcoming_sessions

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_sessions"] = upcoming_sessions()[:3]
        context["latest_lessons"] = lesson_list()[:3]
        if is_network_member(request.user):
            from home.work import member_work

            context["my_work"] = member_work(request.user)
        return context
