"""The Wagtail admin for patterns: create and edit go through the services (audit trail,
privacy guard), the table only moves up the ladder, and the overdue report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.constants import PatternAction
from leernetwerk.patterns.models import LearningTable, Pattern, PatternEvent

pytestmark = pytest.mark.django_db


def test_creating_in_the_admin_is_recorded_like_in_the_front_end(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("wagtailsnippets_leernetwerk_patterns_pattern:add"),
        {"title": "Wachttijd schuldhulp", "description": "Intake te laat", "tags": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "/login/" not in response["Location"], response["Location"]
    pattern = Pattern.objects.get()
    assert pattern.table.position == 20 and pattern.created_by == manager
    assert PatternEvent.objects.get().action == PatternAction.CREATE


def test_editing_in_the_admin_records_the_changes_and_cannot_move_the_table(client, manager):
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="Te lang")
    stuurgroep = LearningTable.objects.get(position=40)
    client.force_login(manager)
    response = client.post(
        reverse("wagtailsnippets_leernetwerk_patterns_pattern:edit", args=[pattern.pk]),
        {
            "title": "Wachttijd schuldhulp",
            "description": "Te lang",
            "table": stuurgroep.pk,
            "tags": "schuldhulp",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pattern.refresh_from_db()
    assert pattern.title == "Wachttijd schuldhulp"
    assert pattern.table.position == 20  # read-only: the ladder moves it, not a form
    edit = PatternEvent.objects.get(action=PatternAction.EDIT)
    assert edit.changes["title"] == ["Wachttijd", "Wachttijd schuldhulp"]
    assert edit.changes["tags"] == [[], ["schuldhulp"]]


def test_the_admin_form_refuses_personal_data_with_the_reason(client, manager):
    client.force_login(manager)
    response = client.post(
        reverse("wagtailsnippets_leernetwerk_patterns_pattern:add"),
        {"title": "Wachttijd", "description": "Bel mevrouw op 0612345678", "tags": ""},
    )
    assert response.status_code == 200
    assert "0612345678" in response.content.decode()
    assert not Pattern.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MANAGER, True),
        (Role.STUURGROEP, True),
        (Role.SESSION_ADMIN, False),
        (Role.EDITOR, False),
    ],
)
def test_the_overdue_report_lists_late_patterns_for_managers_and_stuurgroep(
    client, make_user, manager, role, allowed
):
    late = services.pattern_create(user=manager, title="Te laat patroon", description="d")
    services.pattern_create(user=manager, title="Op tijd patroon", description="d")
    Pattern.objects.filter(pk=late.pk).update(
        next_deadline=timezone.localdate() - timedelta(days=5)
    )
    client.force_login(make_user(role))
    response = client.get(reverse("patterns_overdue_report"))
    if not allowed:
        assert response.status_code in (302, 403)
        return
    page = response.content.decode()
    assert response.status_code == 200
    assert "Te laat patroon" in page and "Op tijd patroon" not in page
    export = client.get(reverse("patterns_overdue_report") + "?export=csv")
    content = b"".join(export.streaming_content).decode()
    assert "Te laat patroon" in content and ",5," in content
