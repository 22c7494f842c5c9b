"""Patterns past their deadline: listed, chairs told, optionally escalated."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.models import LearningTable, Pattern, PatternEvent
from leernetwerk.patterns.selectors import overdue_patterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def werktafel(make_user):
    table = LearningTable.objects.get(position=20)
    table.chair = make_user(Role.MANAGER, email="voorzitter@example.test")
    table.save()
    return table


def make(table, *, days_late, status=PatternStatus.IN_PROGRESS, title="Patroon"):
    return Pattern.objects.create(
        title=title,
        description="d",
        table=table,
        status=status,
        next_deadline=timezone.localdate() - timedelta(days=days_late),
    )


def test_only_open_patterns_past_their_deadline_are_overdue(werktafel):
    late = make(werktafel, days_late=3, title="Te laat")
    make(werktafel, days_late=-2, title="Op tijd")
    make(werktafel, days_late=10, status=PatternStatus.SOLVED, title="Opgelost")
    assert list(overdue_patterns()) == [late]


def test_the_chair_is_told_and_nothing_moves_without_the_setting(
    werktafel, mailoutbox, django_capture_on_commit_callbacks
):
    pattern = make(werktafel, days_late=3, title="Wachttijd schuldhulp")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_overdue_patterns", verbosity=0)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["voorzitter@example.test"]
    assert "Wachttijd schuldhulp" in mailoutbox[0].body
    # In the chair's notifications too, in the network's language.
    notification = werktafel.chair.notifications.get()
    assert notification.title == "Patronen over hun termijn bij Werktafel"
    pattern.refresh_from_db()
    assert pattern.table == werktafel and not PatternEvent.objects.exists()


def test_dry_run_sends_nothing(werktafel, mailoutbox):
    make(werktafel, days_late=3)
    call_command("notify_overdue_patterns", "--dry-run", verbosity=0)
    assert mailoutbox == []


def test_auto_escalation_moves_overdue_patterns_up_with_an_audit_entry(
    werktafel, settings, mailoutbox
):
    settings.LEERNETWERK_AUTO_ESCALATE_OVERDUE = True
    pattern = make(werktafel, days_late=3)
    call_command("notify_overdue_patterns", verbosity=0)
    pattern.refresh_from_db()
    assert pattern.table.position == 30 and pattern.status == PatternStatus.ESCALATED
    event = PatternEvent.objects.get()
    assert event.action == "escalate" and event.actor is None  # the system, not the chair
    assert pattern.next_deadline > timezone.localdate()
