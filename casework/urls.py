"""Front-end routes of the casework app."""

from django.urls import path

from leernetwerk.casework import views
from leernetwerk.kernel.converters import register_converters

register_converters()

app_name = "leernetwerk_casework"
urlpatterns = [
    path("nieuw/", views.case_create, name="case_create"),
    path("mijn/", views.my_cases, name="my_cases"),
    path("<id:pk>/bewerken/", views.case_edit, name="case_edit"),
    path("<id:pk>/inzage/", views.case_access, name="case_access"),
    path("<id:pk>/reacties/", views.comment_create, name="comment_create"),
    path("<id:pk>/herken-ik/", views.recognition_toggle, name="recognition_toggle"),
    path("<id:pk>/volgen/", views.case_follow, name="case_follow"),
    path("reacties/<id:pk>/bewerken/", views.comment_edit, name="comment_edit"),
    path("reacties/<id:pk>/verwijderen/", views.comment_remove, name="comment_remove"),
    path("reacties/<id:pk>/verbergen/", views.comment_hide, name="comment_hide"),
    path("<id:pk>/afspraken/", views.agreement_add, name="agreement_add"),
    path("afspraken/<id:pk>/check/", views.agreement_check, name="agreement_check"),
    path("<id:pk>/rapportcijfer/", views.score_record, name="score_record"),
    path("<id:pk>/afsluiten/", views.case_close, name="case_close"),
    path("<id:pk>/precedent/", views.precedent_create, name="precedent_create"),
    path("precedenten/", views.precedent_index, name="precedent_index"),
    path("precedenten/<id:pk>/", views.precedent_detail, name="precedent_detail"),
    path("precedenten/<id:pk>/verwijderen/", views.precedent_remove, name="precedent_remove"),
    path("<id:pk>/doorbraak/", views.doorbraak_request, name="doorbraak_request"),
    path("doorbraken/", views.doorbraak_inbox, name="doorbraak_inbox"),
    path("mandaten/", views.mandate_register, name="mandate_register"),
    path("doorbraken/<id:pk>/besluit/", views.doorbraak_decide, name="doorbraak_decide"),
    path("doorbraken/<id:pk>/intrekken/", views.doorbraak_withdraw, name="doorbraak_withdraw"),
]
