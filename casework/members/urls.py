"""Member routes: profile and directory, invitations, privacy rights."""

from django.urls import include, path

from . import notification_views, views

app_name = "members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("profiel/", views.profile_edit, name="profile"),
    path("<int:user_id>/deactiveren/", views.member_deactivate, name="deactivate"),
    path("meldingen/", notification_views.notifications, name="notifications"),
    path("meldingen/<int:pk>/", notification_views.notification_open, name="notification_open"),
    path(
        "meldingen/<int:pk>/gelezen/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "meldingen/alles-gelezen/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("uitnodigingen/", include("casework.members.urls_invitations")),
    path("privacy/", include("casework.members.urls_privacy")),
]
