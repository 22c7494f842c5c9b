"""Routes of the member invitations (under ``/netwerk/leden/uitnodigingen/``)."""

from django.urls import path

from leernetwerk.kernel.converters import register_converters
from leernetwerk.kernel.members import invitation_views as views

register_converters()

urlpatterns = [
    path("", views.invitation_list, name="invitation_list"),
    path("nieuw/", views.invitation_create, name="invitation_create"),
    path("importeren/", views.invitation_import, name="invitation_import"),
    path("<id:pk>/opnieuw-versturen/", views.invitation_resend, name="invitation_resend"),
    path("<id:pk>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("accepteren/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
