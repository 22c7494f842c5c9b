"""Member routes: profile and directory, invitations, privacy rights."""

from django.urls import include, path

from leernetwerk.kernel.converters import register_converters
from leernetwerk.kernel.members import notification_views, views
from leernetwerk.kernel.views import noindex_urls

register_converters()

app_name = "leernetwerk_members"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("profiel/", views.profile_edit, name="profile"),
    path("<id:user_id>/deactiveren/", views.member_deactivate, name="deactivate"),
    path("meldingen/", notification_views.notifications, name="notifications"),
    path("meldingen/<id:pk>/", notification_views.notification_open, name="notification_open"),
    path(
        "meldingen/<id:pk>/gelezen/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "meldingen/alles-gelezen/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("uitnodigingen/", include("leernetwerk.kernel.members.urls_invitations")),
    path("privacy/", include("leernetwerk.kernel.members.urls_privacy")),
]
# Account, member and invitation pages are never for search engines.
noindex_urls(urlpatterns)
