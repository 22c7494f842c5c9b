"""Front-end routes of the patterns app."""

from django.urls import path

from . import views

app_name = "patterns"
urlpatterns = [
    path("nieuw/", views.pattern_create, name="create"),
    path("export.csv", views.pattern_export, name="export"),
    path("<int:pk>/", views.pattern_detail, name="detail"),
    path("<int:pk>/bewerken/", views.pattern_edit, name="edit"),
    path("<int:pk>/casussen/", views.pattern_link, name="link"),
    path("<int:pk>/casussen/<int:case_pk>/ontkoppelen/", views.pattern_unlink, name="unlink"),
    path("<int:pk>/stap/<slug:action>/", views.pattern_transition, name="transition"),
    path("<int:pk>/antwoord/", views.pattern_reply, name="reply"),
    path("<int:pk>/dossier/", views.pattern_dossier, name="dossier"),
    path("suggesties/<int:pk>/koppelen/", views.suggestion_accept, name="suggestion_accept"),
    path("suggesties/<int:pk>/afwijzen/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("kandidaten/<int:pk>/", views.candidate_detail, name="candidate"),
    path("kandidaten/<int:pk>/afwijzen/", views.candidate_dismiss, name="candidate_dismiss"),
]
