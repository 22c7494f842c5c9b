"""Routes of the member privacy."""

urlpatterns: list = []
