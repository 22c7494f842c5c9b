"""Starting a session far ahead of its date (issue #18) is never silent: more than two hours
before the scheduled start the start needs an explicit "yes, now" — enforced by the service,
shown in session mode with when the session is scheduled. Opening an ended session again asks
nothing; neither does starting it on time."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leernetwerk.learning.constants import RunState
from leernetwerk.learning.models import SessionRun
from leernetwerk.learning.sessions import services

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
#: A Tuesday afternoon years ahead: "5 maart 2030, 14:00–16:00" in Dutch.
FAR_AHEAD = datetime(2030, 3, 5, 14, 0, tzinfo=AMSTERDAM)


def state(session) -> str | None:
    run = SessionRun.objects.filter(session=session).first()
    return run.state if run else None


def test_the_threshold_is_two_hours():
    assert timedelta(hours=2) == services.EARLY_START


def test_far_ahead_the_service_refuses_without_the_explicit_yes(make_session, admin):
    session = make_session(starts_at=FAR_AHEAD)
    with pytest.raises(ValidationError) as error:
        services.session_open(session=session, user=admin, confirmed_early=False)
    [message] = error.value.message_dict["confirm_early"]
    assert "5 maart 2030, 14:00" in message
    assert state(session) is None  # nothing saved, not even a planned run
    run = services.session_open(session=session, user=admin, confirmed_early=True)
    assert run.state == RunState.RUNNING


@pytest.mark.parametrize(
    ("starts_in", "asked"),
    [
        (timedelta(hours=2, minutes=10), True),
        (timedelta(days=1), True),
        (timedelta(hours=1, minutes=50), False),
        (timedelta(minutes=15), False),
        (timedelta(hours=-1), False),  # it started an hour ago
        (timedelta(days=-3), False),  # minutes written afterwards
    ],
)
def test_near_the_start_nobody_is_asked(make_session, admin, starts_in, asked):
    session = make_session(starts_at=timezone.now() + starts_in)
    if asked:
        with pytest.raises(ValidationError):
            services.session_open(session=session, user=admin, confirmed_early=False)
        assert state(session) is None
    else:
        run = services.session_open(session=session, user=admin, confirmed_early=False)
        assert run.state == RunState.RUNNING


def test_opening_an_ended_session_again_asks_nothing(make_session, admin):
    session = make_session(starts_at=FAR_AHEAD)
    services.session_open(session=session, user=admin, confirmed_early=True)
    services.session_close(session=session, user=admin)
    run = services.session_open(session=session, user=admin, confirmed_early=False)
    assert run.state == RunState.RUNNING


def mode(client, session) -> BeautifulSoup:
    response = client.get(reverse("leernetwerk_learning:session_mode", args=[session.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_session_mode_asks_for_the_yes_and_says_when(client, make_session, admin):
    session = make_session(starts_at=FAR_AHEAD)
    client.force_login(admin)
    form = mode(client, session).select_one("form[action$='/starten/']")
    checkbox = form.select_one("input[name=confirm_early]")
    assert checkbox["type"] == "checkbox" and checkbox.has_attr("required")
    assert "5 maart 2030, 14:00" in form.select_one("#early-start-notice").get_text()
    soon = make_session(starts_at=timezone.now() + timedelta(minutes=30))
    form = mode(client, soon).select_one("form[action$='/starten/']")
    assert form.select_one("input[name=confirm_early]") is None
    assert form.select_one("#early-start-notice") is None


def test_the_start_button_without_the_yes_starts_nothing(client, make_session, admin):
    session = make_session(starts_at=FAR_AHEAD)
    client.force_login(admin)
    url = reverse("leernetwerk_learning:session_start", args=[session.pk])
    mode_url = reverse("leernetwerk_learning:session_mode", args=[session.pk])

    response = client.post(url, {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "5 maart 2030" in response.json()["errors"]["confirm_early"][0]
    response = client.post(url, {"confirm_early": ""}, follow=True)
    assert response.redirect_chain == [(mode_url, 302)]
    assert "5 maart 2030" in response.content.decode()  # the message, and the form again
    assert state(session) is None

    response = client.post(url, {"confirm_early": "yes"})
    assert response.status_code == 302 and response["Location"] == mode_url
    assert state(session) == RunState.RUNNING


def test_on_time_the_plain_button_starts_it(client, make_session, admin):
    session = make_session(starts_at=timezone.now() + timedelta(minutes=10))
    client.force_login(admin)
    response = client.post(reverse("leernetwerk_learning:session_start", args=[session.pk]))
    assert response.status_code == 302
    assert state(session) == RunState.RUNNING
