"""Routes of the member privacy (under ``/netwerk/leden/privacy/``, namespace ``members``)."""

from django.urls import path

from leernetwerk.kernel.converters import register_converters
from leernetwerk.kernel.members import privacy_views as views

register_converters()

urlpatterns = [
    path("", views.privacy_page, name="privacy"),
    path("export.json", views.privacy_export, name="privacy_export"),
    path("verwijderen/", views.erasure_request, name="erasure_request"),
    path("verwijderen/intrekken/", views.erasure_withdraw, name="erasure_withdraw"),
    path("verzoeken/", views.erasure_requests, name="erasure_requests"),
    path("verzoeken/<id:pk>/bevestigen/", views.erasure_confirm, name="erasure_confirm"),
]
