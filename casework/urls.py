"""Front-end routes of the casework app (case forms and discussion come with the casework issue)."""

app_name = "casework"
urlpatterns: list = []
