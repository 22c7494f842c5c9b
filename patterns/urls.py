"""Front-end routes of the patterns app (pattern detail and board actions come later)."""

app_name = "patterns"
urlpatterns: list = []
