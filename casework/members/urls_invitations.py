"""Routes of the member invitations."""

urlpatterns: list = []
