"""The filters offer what they can find (issue #18): active leefgebieden, and a switched-off one
only while cases still carry it; "Alle" rather than "---------"."""

from __future__ import annotations

import pytest

from leernetwerk.casework.models import LifeDomain

pytestmark = pytest.mark.django_db


def _options(html: str, name: str) -> list[str]:
    import re

    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return [" ".join(label.split()) for label in re.findall(r"<option[^>]*>(.*?)</option>", select)]


def test_the_leefgebied_filter_offers_active_terms_and_inactive_ones_in_use(
    client, make_user, make_case
):
    LifeDomain.objects.create(name="Buurt", sort_order=1)
    LifeDomain.objects.create(name="Vrije tijd", sort_order=2, is_active=False)
    kept = LifeDomain.objects.create(name="Mobiliteit", sort_order=3, is_active=False)
    make_case(life_domains=[kept])
    client.force_login(make_user())
    for url in ("/casussen/", "/patronen/"):
        options = _options(client.get(url).content.decode(), "leefgebied")
        assert options[:3] == ["Alle", "Buurt", "Mobiliteit"], url
        assert "Vrije tijd" not in options, url
