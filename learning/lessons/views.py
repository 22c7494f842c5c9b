"""Public reading of the lessons learned (index with filters and search; cacheable for
anonymous readers) and "draft a lesson from this pattern" for managers."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leernetwerk.kernel import conf, fragments
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


#: The group of cached public responses (``kernel.fragments``): dropped whenever a page is
#: published, unpublished, moved or deleted (``LearningConfig.ready``).
PUBLIC_GROUP = "public-lessons"
#: Headers a cached public response keeps.
_KEPT_HEADERS = ("Content-Type", "Cache-Control", "ETag", "Link", "Vary", "Content-Language")
#: Cookies that change nothing on a public page (the language is in the key).
_NEUTRAL_COOKIES = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}


def anonymous_cached(request: HttpRequest, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The public lessons (index, page, feeds) for an anonymous reader from the server's cache
    (issue #19), built by ``build`` only when the cache has none. A lesson published, changed or
    taken offline empties the cache at once (``forget_public_pages``), so a reader sees it on
    the next look; ``LEERNETWERK_PUBLIC_CACHE_SECONDS`` bounds what no publish announces (a
    renamed vocabulary item). A reader with a session or messages (after logging out) is never
    served from, nor written to, the cache."""
    if (
        request.method not in ("GET", "HEAD")
        or request.user.is_authenticated
        or getattr(request, "is_preview", False)
        or set(request.COOKIES) - _NEUTRAL_COOKIES
    ):
        return build()
    key = fragments.fragment_key(
        "public-page", (request.get_host(), request.get_full_path(), get_language())
    )
    cached = fragments.read([key]).get(key)
    if cached is not None:
        content, headers = cached
        return HttpResponse(content, headers=headers)
    response = build()
    if response.status_code != 200 or response.streaming or response.cookies:
        return response
    if not getattr(response, "is_rendered", True):
        response.render()
    headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
    fragments.store(
        PUBLIC_GROUP,
        {key: (response.content, headers)},
        ttl=conf.get("LEERNETWERK_PUBLIC_CACHE_SECONDS"),
    )
    return response


def forget_public_pages(**kwargs) -> None:
    """A page changed: the cached public lessons are built again."""
    fragments.forget(PUBLIC_GROUP)


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
