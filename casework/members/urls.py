"""Member routes: profile and directory, invitations, privacy rights."""

from django.urls import include, path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("profiel/", views.profile_edit, name="profile"),
    path("<int:user_id>/deactiveren/", views.member_deactivate, name="deactivate"),
    path("uitnodigingen/", include("casework.members.urls_invitations")),
    path("privacy/", include("casework.members.urls_privacy")),
]
