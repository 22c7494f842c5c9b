"""Every HTTP route of the plugin, for a host's ``urls.py``:
``urlpatterns = [path("", include("leernetwerk.urls")), *urlpatterns]`` (before Wagtail's
page-tree catch-all). Paths are Dutch; route names are namespaced ``leernetwerk_*`` except the
account routes, which Django and Wagtail look up by their standard names."""

from django.urls import include, path

from leernetwerk.learning.lessons.api import api_router

urlpatterns = [
    path("accounts/", include("leernetwerk.kernel.members.urls_accounts")),
    path("netwerk/leden/", include("leernetwerk.kernel.members.urls")),
    path("netwerk/casussen/", include("leernetwerk.casework.urls")),
    path("netwerk/patronen/", include("leernetwerk.patterns.urls")),
    path("netwerk/leren/", include("leernetwerk.learning.urls")),
    # The public lessons API (JSON only); its namespace is leernetwerk_api.
    path("api/v2/", api_router.urls),
]
