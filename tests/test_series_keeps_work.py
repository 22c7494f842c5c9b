"""Issue #16, finding #14: changing a series' rule never deletes a draft session that someone
prepared (actions, minutes, dilemmas, registrations, agenda, an edit); only untouched drafts go,
and the administrator is told which drafts were kept."""

from datetime import time, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from leernetwerk.learning.models import (
    AgendaMinute,
    Dilemma,
    LearningSessionPage,
    Registration,
    SessionAction,
    SessionSeries,
)
from leernetwerk.learning.sessions import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user):
    return make_user(Role.SESSION_ADMIN, first_name="Sander", last_name="Beheer")


def _weekly_series(weekday: int) -> SessionSeries:
    series = SessionSeries(
        title="Werksessie",
        level="uitvoering",
        frequency="weeks",
        interval_weeks=1,
        weekday=weekday,
        start_time=time(14),
        end_time=time(16),
        starts_on=timezone.localdate() + timedelta(days=1),
        horizon_months=2,
    )
    series.full_clean()
    series.save()
    return series


@pytest.fixture
def prepared(admin, make_user):
    """A weekly Monday series with seven drafts: six that someone prepared, one untouched."""
    series = _weekly_series(0)
    drafts = services.series_generate(series=series, user=admin)
    assert len(drafts) >= 7
    member = make_user(Role.PROFESSIONAL, first_name="Petra", last_name="Prof")
    with_action, with_minutes, with_dilemma, with_registration, edited, with_agenda = drafts[:6]
    SessionAction.objects.create(
        session=with_action,
        text="Bel de woningcorporatie",
        owner=member,
        due_date=timezone.localdate() + timedelta(days=60),
        created_by=admin,
    )
    AgendaMinute.objects.create(session=with_minutes, item_id="x", text="Voorbereid verslag")
    Dilemma.objects.create(session=with_dilemma, text="Geen mandaat voor maatwerk")
    Registration.objects.create(session=with_registration, user=member)
    edited.description = "Voorbereid door de facilitator"
    edited.save_revision(user=admin)
    with_agenda.agenda = [{"type": "theme", "value": {"title": "Schulden", "time_box": 20}}]
    with_agenda.save_revision(user=admin)
    return series, drafts


def test_changing_the_rule_keeps_every_prepared_draft_and_removes_only_untouched_ones(
    prepared,
):
    series, drafts = prepared
    series.weekday = 3  # Monday -> Thursday: no draft's date fits any more
    series.save()

    result = services.series_replace_drafts(series=series)

    left = set(LearningSessionPage.objects.filter(series=series).values_list("pk", flat=True))
    assert {page.pk for page in drafts[:6]} <= left
    assert not {page.pk for page in drafts[6:]} & left
    assert sorted(page.pk for page in result.kept) == sorted(page.pk for page in drafts[:6])
    assert len(result.removed) == len(drafts) - 6
    assert SessionAction.objects.get().text == "Bel de woningcorporatie"
    assert AgendaMinute.objects.get().text == "Voorbereid verslag"
    assert Dilemma.objects.get().text == "Geen mandaat voor maatwerk"
    assert Registration.objects.count() == 1
    edited = LearningSessionPage.objects.get(pk=drafts[4].pk).get_latest_revision_as_object()
    assert edited.description == "Voorbereid door de facilitator"
    assert (
        len(LearningSessionPage.objects.get(pk=drafts[5].pk).get_latest_revision_as_object().agenda)
        == 1
    )
    # and the new rule's dates are made next to the kept drafts
    made = services.series_generate(series=series)
    assert made
    assert all(
        page.starts_at.astimezone(timezone.get_default_timezone()).weekday() == 3 for page in made
    )


def test_the_administrator_is_told_which_drafts_were_kept(client, prepared, admin):
    series, drafts = prepared
    client.force_login(admin)
    response = client.post(
        f"/admin/snippets/leernetwerk_learning/sessionseries/edit/{series.pk}/",
        {
            "title": "Werksessie",
            "level": "uitvoering",
            "frequency": "weeks",
            "weekday": "3",
            "week_of_month": "1",
            "interval_weeks": "1",
            "start_time": "14:00",
            "end_time": "16:00",
            "starts_on": series.starts_on.isoformat(),
            "horizon_months": "2",
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    shown = " ".join(str(message) for message in get_messages(response.wsgi_request))
    for page in drafts[:6]:
        assert page.title in shown
    assert drafts[6].title not in shown
    assert SessionAction.objects.exists() and AgendaMinute.objects.exists()
