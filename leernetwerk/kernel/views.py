"""View helpers every app of the plugin uses: the members-only decorator and error replies."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.urls import URLResolver
from wagtail import hooks

from leernetwerk.kernel.access import is_network_member

#: ``fn() -> str | None``: where a member starts (the first hook with an answer wins).
MEMBER_HOME_HOOK = "leernetwerk_member_home_url"


def member_home_url() -> str:
    """Where a new member lands: the first app's answer (casework: the cases index), else "/"."""
    for fn in hooks.get_hooks(MEMBER_HOME_HOOK):
        url = fn()
        if url:
            return url
    return "/"


def member_required(view):
    """Logged-in network members only (anonymous: the login page; others: 403)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not is_network_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def error_messages(error: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as ``{field: [messages]}`` (``__all__`` for errors of the whole form)."""
    if hasattr(error, "error_dict"):
        return {
            field: [str(message) for err in errs for message in err.messages]
            for field, errs in error.error_dict.items()
        }
    return {"__all__": [str(message) for message in error.messages]}


def noindex(view):
    """Asks search engines not to index the answer (``X-Robots-Tag: noindex``): sent as a header,
    it works whatever the host's base template does with the page's head."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.headers.setdefault("X-Robots-Tag", "noindex")
        return response

    return wrapped


def noindex_urls(urlpatterns: list) -> list:
    """Every view of these routes (and of the routes they include) answers with ``noindex``."""
    for entry in urlpatterns:
        if isinstance(entry, URLResolver):
            noindex_urls(entry.url_patterns)
        else:
            entry.callback = noindex(entry.callback)
    return urlpatterns
