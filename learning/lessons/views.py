"""Public reading of the lessons learned (index with filters and search; cacheable for
anonymous readers) and "draft a lesson from this pattern" for managers."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leernetwerk.kernel import conf
from leernetwerk.kernel.conf import page_public_url, public_url
from leernetwerk.kernel.views import error_messages, member_required
from leernetwerk.learning.lessons import services
from leernetwerk.learning.lessons.forms import LessonFilterForm
from leernetwerk.learning.lessons.selectors import lesson_facets, lesson_search
from leernetwerk.learning.models import LessonIndexPage
from leernetwerk.patterns.selectors import pattern_get

#: Lessons per page of the index.
PAGE_SIZE = 12


def public_cache(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Public pages carry nothing of the reader, so a shared cache (the proxy, a CDN) may keep
    them for anonymous readers (``s-maxage``); a browser asks again every time (``max-age=0``,
    answered cheaply where the host has ``ConditionalGetMiddleware``: the ETag is set here), so a
    lesson published a minute ago is on the reader's next look (issue #18). A logged-in member's
    copy (with their header) stays private."""
    if getattr(request, "is_preview", False) or response.status_code != 200:
        return response
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, max_age=0)
    else:
        patch_cache_control(
            response,
            public=True,
            max_age=0,
            must_revalidate=True,
            s_maxage=conf.get("LEERNETWERK_PUBLIC_CACHE_SECONDS"),
        )
        if not response.streaming and not response.has_header("ETag"):
            if getattr(response, "is_rendered", True):
                set_response_etag(response)
            else:
                response.add_post_render_callback(set_response_etag)
    patch_vary_headers(response, ("Cookie",))
    return response


def head_links(
    request: HttpRequest,
    response: HttpResponse,
    *,
    canonical: str | None,
    alternates: Iterable[tuple[str, str]] = (),
) -> HttpResponse:
    """The canonical address and the feeds as a ``Link`` header too: the page's head carries them
    only when the host's base template has ``{% block extra_head %}``."""
    links = [f'<{canonical}>; rel="canonical"'] if canonical else []
    links += [
        f'<{public_url(url, request)}>; rel="alternate"; type="{media_type}"'
        for url, media_type in alternates
    ]
    if links and "Link" not in response.headers:
        response.headers["Link"] = ", ".join(links)
    return response


def lesson_index(request: HttpRequest, index: LessonIndexPage) -> HttpResponse:
    """The lessons, narrowed by law, leefgebied, order of learning, year and search words."""
    facets = lesson_facets(index=index)
    form = LessonFilterForm(request.GET or None, facets=facets)
    filters = form.filters() if request.GET else None
    lessons = lesson_search(index=index, filters=filters)
    page = Paginator(lessons, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        **index.get_context(request),
        "form": form,
        "filters": filters,
        "lessons": page,
        "facets": facets,
        "query_string": query.urlencode(),
        "rss_url": index.url + index.reverse_subpage("rss"),
        "atom_url": index.url + index.reverse_subpage("atom"),
    }
    response = TemplateResponse(request, index.get_template(request), context)
    response = public_cache(request, response.render())
    return head_links(
        request,
        response,
        canonical=page_public_url(index, request),
        alternates=[
            (context["rss_url"], "application/rss+xml"),
            (context["atom_url"], "application/atom+xml"),
        ],
    )


def _labelled(error: ValidationError) -> list[str]:
    """Each message once, with the lesson field it is about ("Samenvatting: …")."""
    from leernetwerk.learning.models import LessonPage

    seen: list[str] = []
    for name, field_messages in error_messages(error).items():
        try:
            label = capfirst(LessonPage._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = ""
        for message in field_messages:
            text = f"{label}: {message}" if label else message
            if text not in seen:
                seen.append(text)
    return seen


@require_POST
@member_required
def lesson_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a lesson from a pattern that was solved or decided: a draft page, pre-filled, in
    the admin, where it goes through the editors' moderation workflow."""
    pattern = pattern_get(pk=pk)
    if pattern is None:
        raise Http404
    try:
        lesson, created = services.lesson_draft_from_pattern(pattern=pattern, user=request.user)
    except ValidationError as error:
        for message in _labelled(error):
            messages.error(request, message)
        return redirect(reverse("leernetwerk_patterns:detail", args=[pattern.pk]))
    if created:
        messages.success(
            request,
            _("A draft lesson was made from this pattern. Complete it and submit it for review."),
        )
    else:
        messages.info(request, _("This pattern already has a lesson; here it is."))
    return redirect(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
