"""RSS and Atom feeds of the published lessons (Django's syndication framework)."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from leernetwerk.kernel.conf import page_public_url, public_url
from leernetwerk.learning.lessons.selectors import lesson_list
from leernetwerk.learning.models import LessonIndexPage, LessonPage

#: How many of the newest lessons a feed carries.
FEED_SIZE = 30


class LessonRssFeed(Feed):
    """The newest lessons of one lessons index."""

    def __init__(self, index: LessonIndexPage):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        from leernetwerk.learning.lessons.views import public_cache

        self.request = request
        return public_cache(request, super().__call__(request, *args, **kwargs))

    def title(self) -> str:
        return _("Leernetwerk: %(title)s") % {"title": self.index.title}

    def link(self) -> str:
        return page_public_url(self.index, self.request)

    def feed_url(self) -> str:
        return public_url(self.request.path, self.request)

    def description(self) -> str:
        return _("What did not fit residents' lives in the social domain, and what changed.")

    def items(self):
        return lesson_list(index=self.index)[:FEED_SIZE]

    def item_title(self, item: LessonPage) -> str:
        return item.title

    def item_description(self, item: LessonPage) -> str:
        return item.summary

    def item_link(self, item: LessonPage) -> str:
        return page_public_url(item, self.request)

    def item_pubdate(self, item: LessonPage) -> datetime:
        return item.first_published_at or timezone.make_aware(
            datetime.combine(item.lesson_date, time(12))
        )

    def item_updateddate(self, item: LessonPage) -> datetime | None:
        return item.last_published_at

    def item_categories(self, item: LessonPage) -> list[str]:
        return [
            item.get_order_display(),
            *(str(law) for law in item.laws.all()),
            *(str(domain) for domain in item.life_domains.all()),
        ]


class LessonAtomFeed(LessonRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
