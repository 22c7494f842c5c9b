"""URLs of the host site: the admin, accounts, the plugin apps and Wagtail's page tree last."""

from django.conf import settings
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Choosing the interface language changes nothing but a cookie; without a CSRF token in the
    # language switch, public pages carry nothing of the reader and can be cached.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("", include("leernetwerk.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
