"""Front-end routes of the learning app (session mode, feeds and calendars come later)."""

app_name = "learning"
urlpatterns: list = []
