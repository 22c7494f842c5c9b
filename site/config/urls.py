"""URLs of the host site: the admin, accounts, the plugin apps and Wagtail's page tree last."""

from django.conf import settings
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls


class FaviconView(RedirectView):
    """/favicon.ico: browsers and feed readers ask for it whatever the page's icon link says."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static_url("img/favicon.svg")  # at request time: the manifest's hashed name


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Choosing the interface language changes nothing but a cookie; without a CSRF token in the
    # language switch, public pages carry nothing of the reader and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("favicon.ico", FaviconView.as_view()),
    path("", include("leernetwerk.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
