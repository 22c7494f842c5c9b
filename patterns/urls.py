"""Front-end routes of the patterns app."""

from django.urls import path

from leernetwerk.kernel.converters import register_converters
from leernetwerk.patterns import proeftuin_views, trend_views, views

register_converters()

app_name = "leernetwerk_patterns"
urlpatterns = [
    path("nieuw/", views.pattern_create, name="create"),
    path("export.csv", views.pattern_export, name="export"),
    path("<id:pk>/", views.pattern_detail, name="detail"),
    path("<id:pk>/bewerken/", views.pattern_edit, name="edit"),
    path("<id:pk>/casussen/", views.pattern_link, name="link"),
    path("<id:pk>/casussen/<id:case_pk>/ontkoppelen/", views.pattern_unlink, name="unlink"),
    path("<id:pk>/stap/<slug:action>/", views.pattern_transition, name="transition"),
    path("<id:pk>/antwoord/", views.pattern_reply, name="reply"),
    path("<id:pk>/volgen/", views.pattern_follow, name="follow"),
    path("<id:pk>/dossier/", views.pattern_dossier, name="dossier"),
    path("suggesties/<id:pk>/koppelen/", views.suggestion_accept, name="suggestion_accept"),
    path("suggesties/<id:pk>/afwijzen/", views.suggestion_dismiss, name="suggestion_dismiss"),
    path("kandidaten/<id:pk>/", views.candidate_detail, name="candidate"),
    path("register/", views.register_index, name="register"),
    path("register/<id:pk>/", views.register_document, name="register_document"),
    path("register/<id:pk>/nieuwe-versie/", views.register_draft, name="register_draft"),
    path("register/versies/<id:pk>/", views.register_version, name="register_version"),
    path("register/versies/<id:pk>/vaststellen/", views.register_adopt, name="register_adopt"),
    path("beleid/", views.policy_inbox, name="policy_inbox"),
    path("beleid/volgen/", views.policy_watch, name="policy_watch"),
    path("beleid/<id:pk>/oppakken/", views.policy_item_take, name="policy_item_take"),
    path("beleid/<id:pk>/doorgeven/", views.policy_item_assign, name="policy_item_assign"),
    path("beleid/<id:pk>/bijwerken/", views.policy_item_update, name="policy_item_update"),
    path("<id:pk>/beleid/", views.policy_request, name="policy_request"),
    path("<id:pk>/beleid/oppakken/", views.policy_take_up, name="policy_take_up"),
    path("kandidaten/<id:pk>/afwijzen/", views.candidate_dismiss, name="candidate_dismiss"),
    path("<id:pk>/proeftuin/nieuw/", proeftuin_views.proeftuin_start, name="proeftuin_start"),
    path("proeftuinen/", proeftuin_views.proeftuin_index, name="proeftuinen"),
    path("proeftuinen/<id:pk>/", proeftuin_views.proeftuin_detail, name="proeftuin"),
    path("trends/", trend_views.trend_index, name="trends"),
    path("trends/export.csv", trend_views.trend_csv, name="trends_export"),
    path("trends/categorieen/", trend_views.trend_categories, name="trend_categories"),
    path("trends/<id:pk>/", trend_views.trend_detail, name="trend"),
]
