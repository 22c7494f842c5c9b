"""Issue #22, "dilemma <-> pattern, one thread": a leersessie's dilemma becomes (or is linked to)
a pattern at the right table; a stuurgroep's pattern goes on the agenda of the next bestuur
session; the session's page and the pattern's page show the same thread (minutes, dilemma,
pattern steps, decision)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.kernel.roles import Role
from leernetwerk.learning.constants import DilemmaStatus, level_choices
from leernetwerk.learning.models import Dilemma, LearningSessionPage
from leernetwerk.learning.sessions import services
from leernetwerk.learning.sessions.selectors import agenda, pattern_threads
from leernetwerk.patterns.models import LearningTable, Pattern
from leernetwerk.patterns.services import pattern_create, pattern_transition
from tests.toets import TABLE_TOETS


@pytest.fixture(autouse=True)
def _dutch():
    """The labels are asserted in Dutch, the default language (a request of an earlier test in
    the same worker may have left another language active)."""
    with translation.override("nl"):
        yield


def _with_theme(session: LearningSessionPage, title: str) -> tuple[LearningSessionPage, str]:
    page = session.get_latest_revision_as_object()
    page.agenda = [{"type": "theme", "value": {"title": title, "time_box": 30}}]
    page.save_revision().publish(skip_permission_checks=True)
    session = LearningSessionPage.objects.get(pk=session.pk)
    return session, str(session.agenda[0].id)


@pytest.fixture
def held_management(make_session, admin):
    """A management session held today: minutes on its theme and a dilemma about it; the
    bestuur meets in ten days."""
    bestuur = make_session(
        "bestuur",
        title="Leersessie bestuur december",
        starts_at=timezone.now() + timedelta(days=10),
    )
    session = make_session(
        "management",
        title="Leersessie management november",
        starts_at=timezone.now() + timedelta(hours=1),
    )
    session, theme = _with_theme(session, "Crisisintake schuldhulp")
    services.session_open(session=session, user=admin, confirmed_early=True)
    services.minute_save(
        session=session,
        user=admin,
        item_id=theme,
        text="De teams kunnen de crisisintake niet binnen drie werkdagen doen.",
    )
    dilemma = services.dilemma_record(
        session=session,
        user=admin,
        item_id=theme,
        text="Extra formatie voor de crisisintake: daarover beslist het management niet.",
    )
    services.session_close(session=session, user=admin)
    return {"session": session, "dilemma": dilemma, "bestuur": bestuur}


@pytest.mark.django_db
def test_a_management_dilemma_becomes_a_pattern_at_the_ambtelijke_stuurgroep(
    held_management, make_user
):
    dilemma = held_management["dilemma"]
    assert dilemma.target == held_management["bestuur"]
    manager = make_user(Role.MANAGER)
    tables, right = services.dilemma_tables(manager, dilemma)
    assert right.name == "Ambtelijke stuurgroep"

    pattern = services.dilemma_to_pattern(
        dilemma=dilemma, user=manager, title="Wachttijd schuldhulp langer dan de wet toestaat"
    )

    assert pattern.table.name == "Ambtelijke stuurgroep"
    assert pattern.description == (
        "Extra formatie voor de crisisintake: daarover beslist het management niet."
    )
    created = pattern.events.get(action="create")
    assert created.reason == (
        "Leersessie management november: Extra formatie voor de crisisintake: daarover "
        "beslist het management niet."
    )
    dilemma.refresh_from_db()
    assert dilemma.pattern == pattern and dilemma.pattern_linked_by == manager
    # The one who recorded the dilemma hears what became of it.
    told = dilemma.created_by.notifications.get(kind="session.dilemma_pattern")
    assert told.url == pattern.get_absolute_url()
    # Once is enough.
    with pytest.raises(ValidationError):
        services.dilemma_to_pattern(dilemma=dilemma, user=manager, title="Nog een keer")


@pytest.mark.django_db
def test_a_bestuur_dilemma_goes_to_the_bestuurlijke_stuurgroep(make_session, admin, make_user):
    session = make_session("bestuur", title="Leersessie bestuur oktober")
    dilemma = services.dilemma_record(session=session, user=admin, text="Budget voor preventie")
    _tables, right = services.dilemma_tables(make_user(Role.MANAGER), dilemma)
    assert right.name == "Bestuurlijke stuurgroep"
    front = make_session("uitvoering", title="Leersessie professionals oktober")
    from_front = services.dilemma_record(session=front, user=admin, text="Geen mandaat")
    _tables, right = services.dilemma_tables(make_user(Role.MANAGER), from_front)
    assert right.name == "Werktafel"


@pytest.mark.django_db
def test_who_may_take_a_dilemma_to_the_tables(held_management, make_user):
    dilemma = held_management["dilemma"]
    for role in (Role.PROFESSIONAL, Role.EDITOR, Role.POLICY_OFFICER):
        with pytest.raises(PermissionDenied):
            services.dilemma_to_pattern(dilemma=dilemma, user=make_user(role), title="Patroon")
    # The stuurgroep sits at the stuurgroep tables: it may.
    pattern = services.dilemma_to_pattern(
        dilemma=dilemma, user=make_user(Role.STUURGROEP), title="Formatie crisisintake"
    )
    assert pattern.table.name == "Ambtelijke stuurgroep"


@pytest.mark.django_db
def test_a_session_administrator_cannot_start_a_pattern_at_the_stuurgroep(held_management, admin):
    """Whoever runs sessions may take the dilemma up, but a pattern climbs: who does not sit at
    the stuurgroep signals it to the werktafel (the right table is what they can reach)."""
    dilemma = held_management["dilemma"]
    stuurgroep = LearningTable.objects.get(name="Ambtelijke stuurgroep")
    with pytest.raises(ValidationError):
        services.dilemma_to_pattern(dilemma=dilemma, user=admin, title="Formatie", table=stuurgroep)
    _tables, right = services.dilemma_tables(admin, dilemma)
    assert right.name == "Werktafel"
    assert services.dilemma_to_pattern(dilemma=dilemma, user=admin, title="Formatie").table == right


@pytest.mark.django_db
def test_a_dilemma_is_linked_to_a_pattern_the_tables_know(held_management, make_user):
    manager = make_user(Role.MANAGER)
    known = pattern_create(
        user=manager, title="Crisisroute onbekend", description="Niemand kent hem"
    )
    dilemma = services.dilemma_link_pattern(
        dilemma=held_management["dilemma"], user=manager, pattern=known
    )
    assert dilemma.pattern == known
    closed = pattern_create(user=manager, title="Oud patroon", description="Afgedaan")
    pattern_transition(pattern=closed, user=manager, action="reject", reason="Geen patroon")
    other = services.dilemma_record(
        session=held_management["bestuur"], user=make_user(Role.SESSION_ADMIN), text="Nog een"
    )
    with pytest.raises(ValidationError) as error:
        services.dilemma_link_pattern(dilemma=other, user=manager, pattern=closed)
    assert "heropen" in str(error.value).lower()


@pytest.mark.django_db
def test_the_thread_runs_from_the_minutes_to_the_decision(held_management, make_user):
    dilemma = held_management["dilemma"]
    stuurgroep_member = make_user(Role.STUURGROEP)
    pattern = services.dilemma_to_pattern(
        dilemma=dilemma, user=stuurgroep_member, title="Formatie crisisintake"
    )
    pattern_transition(pattern=pattern, user=stuurgroep_member, action="take_up")
    pattern_transition(
        pattern=pattern,
        user=stuurgroep_member,
        action="decide",
        text="Twee extra schuldhulpverleners voor de crisisintake.",
        toets=TABLE_TOETS,
    )

    thread = pattern_threads([pattern.pk])[pattern.pk]

    kinds = [entry.kind for entry in thread]
    assert kinds == ["minutes", "dilemma", "linked", "step", "step", "decision", "agenda"]
    assert thread[0].text == "De teams kunnen de crisisintake niet binnen drie werkdagen doen."
    assert thread[1].label == "Dilemma ingebracht in Leersessie management november"
    assert [entry.label for entry in thread[3:5]] == ["Gesignaleerd", "In behandeling genomen"]
    assert thread[3].where == "Ambtelijke stuurgroep"
    assert (thread[5].label, thread[5].where) == ("Besluit genomen", "Ambtelijke stuurgroep")
    assert thread[5].text == "Twee extra schuldhulpverleners voor de crisisintake."
    assert thread[6].label == "Op de agenda van Leersessie bestuur december"


@pytest.mark.django_db
def test_a_stuurgroep_pattern_goes_on_the_agenda_of_the_next_bestuur_session(
    make_session, make_user
):
    later = make_session("bestuur", title="Bestuur maart", starts_at=timezone.now() + timedelta(90))
    next_one = make_session(
        "bestuur", title="Bestuur januari", starts_at=timezone.now() + timedelta(30)
    )
    make_session("management", title="Management januari", starts_at=timezone.now() + timedelta(5))
    member = make_user(Role.STUURGROEP)
    manager = make_user(Role.MANAGER)
    pattern = pattern_create(
        user=manager, title="Huurachterstand na ontslag", description="Te laat"
    )
    # At the werktafel it is not a question for the bestuur yet.
    with pytest.raises(PermissionDenied):
        services.pattern_to_agenda(pattern=pattern, user=manager, text="Besluit over budget")
    pattern_transition(pattern=pattern, user=manager, action="take_up")
    pattern = pattern_transition(pattern=pattern, user=manager, action="escalate", reason="Budget")
    assert pattern.table.name == "Ambtelijke stuurgroep"
    with pytest.raises(PermissionDenied):
        services.pattern_to_agenda(pattern=pattern, user=make_user(), text="Besluit over budget")
    with pytest.raises(ValidationError):
        services.pattern_to_agenda(pattern=pattern, user=member, text="  ")
    with pytest.raises(ValidationError) as error:
        services.pattern_to_agenda(pattern=pattern, user=member, text="Bel 06-12345678 even")
    assert "06-12345678" in str(error.value)

    request = services.pattern_to_agenda(
        pattern=pattern, user=member, text="Mag de crisisintake twee extra krachten krijgen?"
    )

    assert request.target == next_one and request.status == DilemmaStatus.ON_AGENDA
    assert request.session is None
    items = [item for item in agenda(next_one) if item.kind == "dilemma"]
    assert [item.title for item in items] == [
        "Patroon van de Ambtelijke stuurgroep: Huurachterstand na ontslag"
    ]
    assert items[0].description == "Mag de crisisintake twee extra krachten krijgen?"
    assert [entry.kind for entry in items[0].thread][-1] == "agenda"
    # Public visitors of the calendar see that a pattern is discussed, not which.
    public = [item for item in agenda(next_one, members=False) if item.kind == "dilemma"]
    assert public[0].title == "Een patroon van het netwerk" and public[0].description == ""
    assert all(item.kind != "dilemma" for item in agenda(later))
    # The organisers are told; once on the agenda, not twice.
    with pytest.raises(ValidationError):
        services.pattern_to_agenda(pattern=pattern, user=member, text="Nog eens")
    # Holding the session marks it discussed: then it can go again.
    admin = make_user(Role.SESSION_ADMIN)
    services.session_open(session=next_one, user=admin, confirmed_early=True)
    services.session_close(session=next_one, user=admin)
    request.refresh_from_db()
    assert request.status == DilemmaStatus.DISCUSSED
    again = services.pattern_to_agenda(pattern=pattern, user=member, text="Vervolgbesluit")
    assert again.target == later


@pytest.mark.django_db
def test_without_a_bestuur_session_the_request_waits_and_is_placed_later(make_session, make_user):
    manager = make_user(Role.MANAGER)
    pattern = pattern_create(user=manager, title="Respijtzorg", description="Geen indicatie")
    pattern_transition(pattern=pattern, user=manager, action="take_up")
    pattern = pattern_transition(pattern=pattern, user=manager, action="escalate", reason="Geld")
    request = services.pattern_to_agenda(pattern=pattern, user=manager, text="Budget respijtzorg?")
    assert request.status == DilemmaStatus.WAITING and request.target is None
    planned = make_session("bestuur", title="Bestuur februari")
    services.dilemmas_place_waiting()
    request.refresh_from_db()
    assert request.target == planned and request.status == DilemmaStatus.ON_AGENDA


def _login(client, user):
    client.force_login(user)


@pytest.mark.django_db
def test_both_pages_show_the_thread(client, held_management, make_user):
    dilemma = held_management["dilemma"]
    manager = make_user(Role.MANAGER)
    _login(client, manager)
    url = reverse(
        "leernetwerk_learning:dilemma_pattern", args=[held_management["session"].pk, dilemma.pk]
    )
    session_page = client.get(held_management["session"].url).content.decode()
    assert url in session_page  # "Naar de tafels als patroon"

    form = client.get(url)
    assert form.status_code == 200
    assert "Ambtelijke stuurgroep" in form.content.decode()
    response = client.post(
        url,
        {
            "mode": "new",
            "title": "Formatie crisisintake",
            "table": LearningTable.objects.get(name="Ambtelijke stuurgroep").pk,
        },
    )
    pattern = Pattern.objects.get(title="Formatie crisisintake")
    assert response.status_code == 302
    assert response["Location"] == pattern.get_absolute_url() + "#thread"

    pattern_page = client.get(pattern.get_absolute_url()).content.decode()
    assert 'id="thread"' in pattern_page
    assert "De teams kunnen de crisisintake niet binnen drie werkdagen doen." in pattern_page
    assert "Dilemma ingebracht in Leersessie management november" in pattern_page
    session_page = client.get(held_management["session"].url).content.decode()
    assert "Opgepakt als het patroon" in session_page
    assert pattern.get_absolute_url() in session_page
    assert "Gesignaleerd" in session_page  # the pattern's steps, in the session's thread
    # Asking again goes to the pattern instead of making a second one.
    assert client.get(url)["Location"] == pattern.get_absolute_url()


@pytest.mark.django_db
def test_the_forms_say_what_is_missing_and_keep_the_input(client, held_management, make_user):
    dilemma = held_management["dilemma"]
    _login(client, make_user(Role.MANAGER))
    url = reverse(
        "leernetwerk_learning:dilemma_pattern", args=[held_management["session"].pk, dilemma.pk]
    )
    response = client.post(url, {"mode": "new", "title": ""})
    assert response.status_code == 200
    assert "Geef het nieuwe patroon een titel." in response.content.decode()
    response = client.post(url, {"mode": "link", "pattern": "99999999"})
    assert response.status_code == 200
    assert "Kies het patroon waar dit dilemma bij hoort." in response.content.decode() or (
        "geldige keuze" in response.content.decode()
    )
    assert not Pattern.objects.exists()


@pytest.mark.django_db
def test_the_pattern_page_offers_the_bestuur_agenda_to_its_table(client, make_session, make_user):
    bestuur = make_session("bestuur", title="Bestuur januari")
    manager = make_user(Role.MANAGER)
    pattern = pattern_create(user=manager, title="Huurachterstand", description="Te laat")
    pattern_transition(pattern=pattern, user=manager, action="take_up")
    pattern_transition(pattern=pattern, user=manager, action="escalate", reason="Budget")
    agenda_url = reverse("leernetwerk_learning:pattern_agenda", args=[pattern.pk])
    professional = make_user(Role.PROFESSIONAL)
    _login(client, professional)
    assert agenda_url not in client.get(pattern.get_absolute_url()).content.decode()
    assert client.get(agenda_url).status_code == 403
    _login(client, manager)
    assert agenda_url in client.get(pattern.get_absolute_url()).content.decode()
    response = client.post(agenda_url, {"text": "Besluit over twee extra krachten"})
    assert response.status_code == 302
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert "Op de agenda van Bestuur januari" in page
    assert 'id="thread"' in page
    session_page = client.get(bestuur.url).content.decode()
    assert "Patroon van de Ambtelijke stuurgroep: Huurachterstand" in session_page
    assert "Besluit over twee extra krachten" in session_page
    # A second request is refused with the reason, nothing is lost.
    response = client.post(agenda_url, {"text": "Nog eens"}, follow=True)
    assert "Dit patroon staat al op de agenda van het bestuur." in response.content.decode()
    assert Dilemma.objects.filter(pattern=pattern).count() == 1


@pytest.mark.django_db
def test_the_session_page_query_count_does_not_grow_with_linked_dilemmas(
    client, make_session, make_user, admin
):
    """A session page with many dilemmas, each taken up as a pattern with steps: the threads
    cost a fixed number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session = make_session("management", title="Management met dilemma's")
    manager = make_user(Role.MANAGER)

    def add(n):
        for i in range(n):
            dilemma = services.dilemma_record(session=session, user=admin, text=f"Dilemma {i}")
            pattern = services.dilemma_to_pattern(dilemma=dilemma, user=manager, title=f"P{i}")
            pattern_transition(pattern=pattern, user=manager, action="take_up")

    _login(client, manager)
    add(1)
    client.get(session.url)  # the first request after logging in also writes the session
    with CaptureQueriesContext(connection) as one:
        assert client.get(session.url).status_code == 200
    add(6)
    with CaptureQueriesContext(connection) as seven:
        assert client.get(session.url).status_code == 200
    assert len(seven) == len(one)


# --- the levels are the network's own (LEERNETWERK_SESSION_LEVELS) ------------------------------

FIVE_LEVELS = (
    "uitvoering",
    "management",
    {
        "value": "beleid",
        "label": {"nl": "Beleid", "en": "Policy"},
        "roles": ("Beleidsmedewerkers", "Managers"),
    },
    "bestuur",
    {
        "value": "inwoners",
        "label": {"nl": "Inwoners", "en": "Residents"},
        "roles": None,
        "ladder": False,
    },
)


@pytest.mark.django_db
def test_a_network_configures_its_own_levels(settings, make_session, make_user, admin, client):
    settings.LEERNETWERK_SESSION_LEVELS = FIVE_LEVELS
    management = make_session("management", title="Management mei")
    beleid = make_session("beleid", title="Beleid juni", starts_at=timezone.now() + timedelta(30))
    bestuur = make_session(
        "bestuur", title="Bestuur juli", starts_at=timezone.now() + timedelta(60)
    )
    residents = make_session("inwoners", title="Luisteren naar inwoners")

    # Dilemmas climb the configured ladder: management -> beleid -> bestuur.
    up = services.dilemma_record(session=management, user=admin, text="Regel knelt")
    assert up.target == beleid
    assert services.dilemma_record(session=beleid, user=admin, text="Geld").target == bestuur
    # A level beside the ladder has no level above.
    beside = services.dilemma_record(session=residents, user=admin, text="Wachten duurt lang")
    assert beside.target is None and beside.status == DilemmaStatus.WAITING
    # Who may register is per level; residents' sessions are open to every member.
    assert services.may_register(make_user(Role.POLICY_OFFICER), beleid)
    assert not services.may_register(make_user(Role.PROFESSIONAL), beleid)
    assert services.may_register(make_user(Role.PROFESSIONAL), residents)
    # The right table: the level just below the top is a question for the ambtelijke
    # stuurgroep, the top's for the bestuurlijke; lower levels start at the werktafel.
    manager = make_user(Role.MANAGER)
    assert services.dilemma_tables(manager, up)[1].name == "Werktafel"
    beleid_dilemma = Dilemma.objects.filter(session=beleid).get()
    assert services.dilemma_tables(manager, beleid_dilemma)[1].name == "Ambtelijke stuurgroep"

    # The calendar offers the levels by their labels, in the reader's language.
    client.force_login(make_user())
    page = client.get(residents.get_parent().url).content.decode()
    assert ">Beleid<" in page and ">Inwoners<" in page
    assert client.get(residents.url).content.decode().count("Inwoners") >= 1
    with translation.override("en"):
        assert dict(level_choices())["inwoners"] == "Residents"


@pytest.mark.django_db
def test_a_wrong_level_configuration_is_reported_by_the_system_check(settings):
    from leernetwerk.learning.constants import check_session_levels

    assert check_session_levels() == []
    settings.LEERNETWERK_SESSION_LEVELS = (
        "uitvoering",
        "bewoners",
        {"value": "raad van bestuur en directie", "label": "Raad"},
        {"value": "uitvoering", "label": "Nog eens"},
        {"label": "Zonder waarde"},
        {"value": "beleid", "label": "Beleid", "roles": ("beleidsmedewerker",)},
    )
    messages = [error.msg for error in check_session_levels()]
    assert {error.id for error in check_session_levels()} == {"leernetwerk.E008"}
    assert any("'bewoners' is not a built-in level" in m for m in messages)
    assert any("'raad van bestuur en directie' is not a short slug" in m for m in messages)
    assert any("'uitvoering' is named twice" in m for m in messages)
    assert any("neither a level's value" in m for m in messages)
    assert any("'beleidsmedewerker' is not a role" in m for m in messages)


@pytest.mark.django_db
def test_a_linked_dilemma_on_the_bestuur_agenda_puts_the_pattern_before_the_bestuur(
    held_management, make_user
):
    """The management's dilemma, linked to a stuurgroep's pattern, is on the bestuur's agenda:
    the pattern is before the bestuur already, so its table is not offered a second item."""
    manager = make_user(Role.MANAGER)
    pattern = pattern_create(user=manager, title="Formatie", description="Te weinig mensen")
    pattern_transition(pattern=pattern, user=manager, action="take_up")
    pattern = pattern_transition(pattern=pattern, user=manager, action="escalate", reason="Geld")
    assert services.may_put_on_agenda(manager, pattern)
    services.dilemma_link_pattern(dilemma=held_management["dilemma"], user=manager, pattern=pattern)
    with pytest.raises(ValidationError) as error:
        services.pattern_to_agenda(pattern=pattern, user=manager, text="Besluit over formatie")
    assert "staat al op de agenda van het bestuur" in str(error.value)
