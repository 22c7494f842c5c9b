"""Session mode on a phone (issue #18): what the facilitator needs in the room stays open — the
current item with its minutes, the attendance list, the start/end button, the action form while
the session runs — and what is used before, after or rarely folds into <details>: minutes of
the other items, the six-week check forms while the check is not current, the dilemma form, the
walk-in form, the summary until the session has ended. Measured at 390 px (Chromium) with a
demo-like session (five items, three actions to check, four registrations): 5,465 → 3,331 px
planned, 5,571 → 4,273 px running at the check, 3,639 px running at a later item, 3,965 →
2,872 px ended (the host's header takes about 420 px of each)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from leernetwerk.learning.models import LearningSessionPage
from leernetwerk.learning.sessions import services
from leernetwerk.learning.sessions.selectors import CHECK_ITEM

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(make_session, make_user, admin):
    earlier = make_session(starts_at=timezone.now() - timedelta(weeks=6))
    services.action_record(session=earlier, user=admin, text="Kaart bijwerken", owner=make_user())
    session = make_session(starts_at=timezone.now() + timedelta(minutes=20))
    page = session.get_latest_revision_as_object()
    page.agenda = [
        {"type": "theme", "value": {"title": "Wachttijd schuldhulp", "time_box": 30}},
        {"type": "round", "value": {"title": "Wat ging goed?", "time_box": 15}},
    ]
    page.save_revision().publish(skip_permission_checks=True)
    session = LearningSessionPage.objects.get(pk=session.pk)
    services.registration_create(session=session, user=make_user())
    return session


def mode(client, session) -> BeautifulSoup:
    response = client.get(reverse("leernetwerk_learning:session_mode", args=[session.pk]))
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def folded(tag) -> bool:
    """Inside a <details> that is closed."""
    details = tag.find_parent("details")
    return details is not None and not details.has_attr("open")


def item_ids(soup) -> list[str]:
    return [li["id"].removeprefix("agenda-") for li in soup.select("#mode-agenda > li")]


def test_while_running_only_the_current_item_is_unfolded(client, session, admin):
    client.force_login(admin)
    services.session_open(session=session, user=admin)
    soup = mode(client, session)
    check, theme, round_ = item_ids(soup)
    assert check == CHECK_ITEM
    # The session opens at the six-week check: its minutes and the check form are open.
    assert not folded(soup.select_one(f"#minutes-text-{check}"))
    assert not folded(soup.select_one(f"#agenda-{check} .ln-check-form select[name=outcome]"))
    assert folded(soup.select_one(f"#minutes-text-{theme}"))
    assert folded(soup.select_one(f"#minutes-text-{round_}"))

    services.session_set_current(session=session, user=admin, item_id=theme)
    soup = mode(client, session)
    assert not folded(soup.select_one(f"#minutes-text-{theme}"))
    assert soup.select_one(f"#agenda-{theme}")["aria-current"] == "step"
    assert folded(soup.select_one(f"#minutes-text-{check}"))
    assert folded(soup.select_one(f"#agenda-{check} .ln-check-form select[name=outcome]"))
    # The other items can be made current in one tap, without unfolding anything.
    for other in (check, round_):
        assert not folded(soup.select_one(f"#agenda-{other} form[action$='/huidig/'] button"))
    # In the room: the action form is open, the attendance list too; the rest is folded.
    assert not folded(soup.select_one("#actions [name=text]"))
    assert not folded(soup.select_one("#attendance input[name=attended][type=checkbox]"))
    assert folded(soup.select_one("#dilemmas textarea[name=text]"))
    assert folded(soup.select_one("#attendance select[name=member]"))
    assert folded(soup.select_one("#summary textarea[name=text]"))
    assert not folded(soup.select_one("form[action$='/afsluiten/'] button"))


def test_before_and_after_the_session(client, session, admin):
    client.force_login(admin)
    soup = mode(client, session)
    assert not folded(soup.select_one("form[action$='/starten/'] button"))
    for item in item_ids(soup):
        assert folded(soup.select_one(f"#minutes-text-{item}"))
    assert folded(soup.select_one("#actions [name=text]"))
    assert folded(soup.select_one("#summary textarea[name=text]"))

    services.session_open(session=session, user=admin)
    services.session_close(session=session, user=admin)
    soup = mode(client, session)
    assert not folded(soup.select_one("#summary textarea[name=text]"))  # now it is written


def test_the_jump_bar_and_the_stylesheet(client, session, admin, network):
    client.force_login(admin)
    soup = mode(client, session)
    jumps = [a["href"] for a in soup.select(".ln-mode-jump a")]
    assert jumps == ["#mode-agenda-heading", "#actions", "#dilemmas", "#attendance"]
    for target in jumps:
        assert soup.select_one(target) is not None
    sheet = "/static/leernetwerk_learning/sessions.css"
    assert soup.select_one(f'link[rel=stylesheet][href="{sheet}"]') is not None
    calendar = BeautifulSoup(client.get(network["sessions"].url).content, "html.parser")
    assert calendar.select_one(f'link[rel=stylesheet][href="{sheet}"]') is not None
