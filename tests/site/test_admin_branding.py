"""The Wagtail admin wears the network's name, icon and colours, and asks no outside service
for avatars (issue #18)."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db


def test_the_admin_is_branded_and_loads_no_gravatar(client, make_user):
    client.force_login(make_user(Role.MANAGER, email="marieke@example.test"))
    html = client.get("/admin/").content.decode()
    assert " - Leernetwerk</title>" in html and " - Wagtail</title>" not in html
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    assert 'href="/static/css/admin-brand.css"' in html
    assert 'alt="Leernetwerk"' in html
    assert "gravatar.com" not in html
