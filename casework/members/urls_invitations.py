"""Routes of the member invitations (under ``/netwerk/leden/uitnodigingen/``)."""

from django.urls import path

from . import invitation_views as views

urlpatterns = [
    path("", views.invitation_list, name="invitation_list"),
    path("nieuw/", views.invitation_create, name="invitation_create"),
    path("importeren/", views.invitation_import, name="invitation_import"),
    path("<int:pk>/opnieuw-versturen/", views.invitation_resend, name="invitation_resend"),
    path("<int:pk>/intrekken/", views.invitation_revoke, name="invitation_revoke"),
    path("accepteren/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
