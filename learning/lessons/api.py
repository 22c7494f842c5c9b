"""The read-only Wagtail API v2 endpoint for lessons learned.

Only lessons are exposed: the generic ``pages`` endpoint is deliberately not registered, because
case pages are for network members and must never appear in a public API.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.urls import NoReverseMatch
from rest_framework.fields import SkipField
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.filters import FieldsFilter, SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import DetailUrlField, PageHtmlUrlField, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.base import FilterFieldError, OrderByFieldError

from leernetwerk.kernel.conf import page_public_url, public_url
from leernetwerk.kernel.converters import MAX_ID_DIGITS
from leernetwerk.learning.lessons.selectors import search_words
from leernetwerk.learning.lessons.views import public_cache
from leernetwerk.learning.models import LessonPage


def _holds_ids(model, name: str) -> bool:
    """Whether the API's field filter ``name`` compares whole numbers (ids, relations)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.is_relation or isinstance(field, models.IntegerField | models.AutoField)


def _too_large(value: str) -> bool:
    digits = value.strip().lstrip("+-")
    return digits.isascii() and digits.isdigit() and len(digits) > MAX_ID_DIGITS


class LessonFieldsFilter(FieldsFilter):
    """Wagtail's field filters, with a 400 (not a 500) for a value the field cannot hold
    (``?lesson_date=gisteren``, ``?laws=abc``)."""

    def filter_queryset(self, request, queryset, view):
        for name, value in request.GET.items():
            if "\x00" in value and name != "search":  # PostgreSQL refuses it in a query
                raise BadRequestError(f"{name} must not contain a NUL character")
            if _holds_ids(queryset.model, name) and _too_large(value):
                # SQLite cannot compare a number beyond 64 bits (an OverflowError when the
                # query runs): no row has such an id, the request is wrong.
                raise BadRequestError(f"field filter error: {name} is too large")
        try:
            return super().filter_queryset(request, queryset, view)
        except (ValueError, TypeError, ValidationError) as error:
            raise BadRequestError(f"field filter error: {error}") from error
        except OverflowError as error:  # a number beyond what the database holds (SQLite)
            raise BadRequestError("field filter error: the number is too large") from error


#: The largest ``offset`` or ``limit`` the API reads; beyond it the database cannot count.
MAX_PAGE_NUMBER = 2**62


class LessonPagination(WagtailPagination):
    """Wagtail's paging, with a 400 (not a 500) for an offset or limit beyond any number the
    database can hold (``?offset=99999999999999999999``)."""

    def paginate_queryset(self, queryset, request, view=None):
        for name in ("offset", "limit"):
            raw = request.GET.get(name, "")
            try:
                too_large = abs(int(raw)) > MAX_PAGE_NUMBER if raw else False
            except ValueError:
                too_large = False  # Wagtail answers "must be a positive integer"
            if too_large:
                raise BadRequestError(f"{name} is too large")
        return super().paginate_queryset(queryset, request, view)


class LessonSearchFilter(SearchFilter):
    """``?search=`` over the words only (a lone quote is query syntax to SQLite's FTS5), and
    ``search_operator`` checked."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        operator = request.GET.get("search_operator") or None
        if operator not in (None, "and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        words = search_words(request.GET["search"])
        if not words:
            return queryset.none()
        try:
            return get_search_backend().search(
                words, queryset, operator=operator, order_by_relevance="order" not in request.GET
            )
        except (FilterFieldError, OrderByFieldError) as error:
            raise BadRequestError(f"cannot search with these parameters: {error}") from error


class PublicDetailUrlField(DetailUrlField):
    """``detail_url`` on the public origin (not on the Wagtail Site record's ``localhost``)."""

    def get_attribute(self, instance):
        request = self.context["request"]
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField
        return public_url(path, request)


class PublicHtmlUrlField(PageHtmlUrlField):
    """``html_url`` on the public origin."""

    def to_representation(self, page):
        try:
            return page_public_url(page, self.context.get("request")) or None
        except NoReverseMatch:
            return None


class LessonSerializer(PageSerializer):
    detail_url = PublicDetailUrlField(read_only=True)
    html_url = PublicHtmlUrlField(read_only=True)


class LessonsAPIViewSet(PagesAPIViewSet):
    """Published, public lessons with their laws, leefgebieden, order and provenance."""

    name = "lessons"
    model = LessonPage
    # JSON only: the browsable API would need ``rest_framework`` as an installed app, whose
    # translations override Django's own ("Dit is een verplicht veld.").
    renderer_classes = [JSONRenderer]
    pagination_class = LessonPagination
    base_serializer_class = LessonSerializer
    filter_backends = [
        LessonFieldsFilter if backend is FieldsFilter else backend
        for backend in PagesAPIViewSet.filter_backends
        if backend is not SearchFilter
    ] + [LessonSearchFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"type"}
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "summary",
        "order_of_learning",
        "lesson_date",
    ]

    def get_base_queryset(self):
        return super().get_base_queryset().type(LessonPage)

    def find_object(self, queryset, request):
        """``?id=`` must be a whole number (a 400, not a server error: Wagtail passes it to the
        query as it is); one longer than any id is simply not found."""
        raw = request.GET.get("id")
        if raw is not None:
            if not (raw.isascii() and raw.isdigit()):
                raise BadRequestError("id must be a whole number")
            if len(raw) > MAX_ID_DIGITS:
                return None
        return super().find_object(queryset, request)

    def get_queryset(self):
        return (
            LessonPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            .prefetch_related("laws", "life_domains")
            .order_by("-lesson_date", "-pk")
        )

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return public_cache(request, response)


api_router = WagtailAPIRouter("leernetwerk_api")
api_router.register_endpoint("lessons", LessonsAPIViewSet)

__all__ = ["LessonsAPIViewSet", "api_router"]
