"""Front-end routes of the learning app."""

from django.urls import path

from leernetwerk.kernel.converters import register_converters
from leernetwerk.learning.dashboard import my_signals
from leernetwerk.learning.dashboard import views as dashboard_views
from leernetwerk.learning.lessons import views as lesson_views
from leernetwerk.learning.sessions import views

register_converters()

app_name = "leernetwerk_learning"
urlpatterns = [
    path("agenda.ics", views.calendar_all, name="calendar_all"),
    path("mijn-agenda/", views.my_calendar, name="my_calendar"),
    path("mijn-agenda/<str:token>.ics", views.calendar_mine, name="calendar_mine"),
    path("actiepunten/", views.my_actions, name="my_actions"),
    path("beheer/", views.overview, name="overview"),
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/<slug:figure>.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path("mijn-signalen/", my_signals.my_signals, name="my_signals"),
    path("lessen/uit-patroon/<id:pk>/", lesson_views.lesson_draft, name="lesson_draft"),
    path("sessies/<id:pk>/agenda.ics", views.calendar_session, name="session_ics"),
    path("sessies/<id:pk>/aanmelden/", views.register, name="register"),
    path("sessies/<id:pk>/afmelden/", views.unregister, name="unregister"),
    path("sessies/<id:pk>/sessiemodus/", views.session_mode, name="session_mode"),
    path("sessies/<id:pk>/starten/", views.session_start, name="session_start"),
    path("sessies/<id:pk>/afsluiten/", views.session_end, name="session_end"),
    path("sessies/<id:pk>/huidig/", views.session_current, name="session_current"),
    path("sessies/<id:pk>/notulen/", views.session_minutes, name="session_minutes"),
    path("sessies/<id:pk>/actiepunt/", views.session_action, name="session_action"),
    path("sessies/<id:pk>/dilemma/", views.session_dilemma, name="session_dilemma"),
    path(
        "sessies/<id:pk>/dilemma/<id:dilemma_pk>/patroon/",
        views.dilemma_pattern,
        name="dilemma_pattern",
    ),
    path("patronen/<id:pk>/bestuursagenda/", views.pattern_agenda, name="pattern_agenda"),
    path("sessies/<id:pk>/aanwezigheid/", views.session_attendance, name="session_attendance"),
    path("sessies/<id:pk>/check/<id:action_pk>/", views.session_check, name="session_check"),
    path("sessies/<id:pk>/samenvatting/", views.session_summary, name="session_summary"),
    path("sessies/<id:pk>/annuleren/", views.session_cancel, name="session_cancel"),
]
