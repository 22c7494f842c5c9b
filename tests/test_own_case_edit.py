"""Issue #16, finding #12: an author edits their own tagged case (and a pattern with tags), and
the tags survive the round trip through the form."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services as pattern_services

pytestmark = pytest.mark.django_db


def _value_of(content: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', content)
    assert match, f"no input {name}"
    value = re.search(r'value="([^"]*)"', match.group(0))
    return unescape(value.group(1)) if value else ""


def test_the_author_opens_and_saves_their_tagged_case_and_keeps_the_tags(
    client, make_case, professional
):
    case = make_case(
        owner=professional,
        tags=["18-/18+", "schulden"],
        retention_date=timezone.localdate() + timedelta(days=400),
    )
    client.force_login(professional)

    page = client.get(f"/netwerk/casussen/{case.pk}/bewerken/")

    assert page.status_code == 200
    content = page.content.decode()
    assert _value_of(content, "tags") == "18-/18+, schulden"

    response = client.post(
        f"/netwerk/casussen/{case.pk}/bewerken/",
        {
            "title": "Wachttijd bij de overgang naar 18+",
            "situation": case.situation,
            "knelpunt": case.knelpunt,
            "maatwerk_outcome": "unknown",
            "status": "open",
            "tags": _value_of(content, "tags"),
            "consent_given": "on",
            "retention_date": _value_of(content, "retention_date"),
            "action": "save",
        },
    )

    assert response.status_code == 302
    draft = CasePage.objects.get(pk=case.pk).get_latest_revision_as_object()
    assert draft.title == "Wachttijd bij de overgang naar 18+"
    assert sorted(tag.name for tag in draft.tags.all()) == ["18-/18+", "schulden"]
    # and the form shows them again after saving
    again = client.get(f"/netwerk/casussen/{case.pk}/bewerken/")
    assert again.status_code == 200
    assert "schulden" in _value_of(again.content.decode(), "tags")


def test_a_pattern_with_tags_is_edited_and_keeps_its_tags(client, make_user):
    manager = make_user(Role.MANAGER)
    pattern = pattern_services.pattern_create(
        user=manager, title="Wachttijd", description="Te lang wachten"
    )
    pattern.tags.set(["wachttijd", "jeugd en wmo"])
    client.force_login(manager)

    page = client.get(f"/netwerk/patronen/{pattern.pk}/bewerken/")

    assert page.status_code == 200
    content = page.content.decode()
    tags = _value_of(content, "tags")
    assert tags == '"jeugd en wmo", wachttijd'
    response = client.post(
        f"/netwerk/patronen/{pattern.pk}/bewerken/",
        {
            "title": "Wachttijd bij de overgang",
            "description": "Te lang wachten",
            "tags": tags,
            "owner": _selected(content, "owner"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pattern.refresh_from_db()
    assert pattern.title == "Wachttijd bij de overgang"
    assert sorted(pattern.tags.names()) == ["jeugd en wmo", "wachttijd"]


def _selected(content: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', content, re.S)
    if not select:
        return ""
    option = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(0))
    return option.group(1) if option else ""
