"""URLs of the host site: the admin, accounts, the plugin apps and Wagtail's page tree last."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("casework.members.urls_accounts")),
    path("netwerk/leden/", include("casework.members.urls")),
    path("netwerk/casussen/", include("casework.urls")),
    path("netwerk/patronen/", include("patterns.urls")),
    path("netwerk/leren/", include("learning.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
