"""Language selection (Dutch unless the visitor chose English with the language switch), the
Content-Security-Policy with its own policy for the Wagtail admin, and sliding session expiry."""

import time

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class DutchFirstLocaleMiddleware:
    """Activate the language from the language cookie, else ``LANGUAGE_CODE`` (Dutch).

    Django's LocaleMiddleware would follow the browser's Accept-Language header; a municipal
    network works in Dutch, so only an explicit choice switches the interface to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with ``LEERNETWERK_ADMIN_CSP`` for the Wagtail admin.

    The front end runs without inline scripts or styles; Wagtail's admin does not (inline
    ``<script>`` in its widgets and panels), so it gets a policy of the directives that hold
    there — no plugins, no foreign ``<base>``, forms and framing only by this site — instead of
    none at all, or a script policy that would have to allow every inline script anyway.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefix = getattr(settings, "LEERNETWERK_ADMIN_CSP_PREFIX", "/admin/")
        if not report_only and parts.config is None and request.path_info.startswith(prefix):
            parts.config = settings.LEERNETWERK_ADMIN_CSP
        return parts


class SlidingSessionMiddleware:
    """Sessions end after ``SESSION_COOKIE_AGE`` of inactivity, renewed at most once a minute.

    ``SESSION_SAVE_EVERY_REQUEST`` would write the session (a database UPDATE and a new cookie)
    on every request; this renews a session that was last renewed ``RENEW_AFTER`` seconds ago
    or more, so a member who clicks on every few seconds costs one write a minute and the idle
    limit is exact to within that minute. Place it right after Django's ``SessionMiddleware``
    (which saves what this marks as changed)."""

    RENEW_AFTER = 60
    KEY = "_leernetwerk_renewed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # nothing to renew
        now = int(time.time())
        if getattr(session, "modified", False):
            session[self.KEY] = (
                now  # Django writes it anyway (a login, a form): count it as renewed
            )
            return response
        try:
            renewed = int(session.get(self.KEY, 0))
        except (TypeError, ValueError):
            renewed = 0
        if now - renewed >= self.RENEW_AFTER or renewed > now:
            session[self.KEY] = now
        return response
