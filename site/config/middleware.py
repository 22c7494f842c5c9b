"""Language selection (Dutch unless the visitor chose English with the language switch) and the
Content-Security-Policy, with its own policy for the Wagtail admin."""

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
