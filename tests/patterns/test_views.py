"""The patterns' pages: the board (filters, counts, overdue marks, live moves), a pattern's page
and its steps, linking cases, the dossier and the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.casework import services as case_services
from leernetwerk.casework.models import KnelpuntType
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.constants import PatternAction, PatternStatus
from leernetwerk.patterns.models import LearningTable, Pattern, PatternEvent
from tests.websocket import connect


@pytest.fixture
def werktafel():
    return LearningTable.objects.get(position=20)


@pytest.fixture
def pattern(manager, make_case, make_user):
    author = make_user(first_name="Anna", last_name="Auteur")
    cases = [make_case(owner=author, title=f"Casus {n}") for n in range(2)]
    return services.pattern_create(
        user=manager,
        title="Voorschot bij wachttijd WW",
        description="Schulden in de weken tot de eerste WW-betaling.",
        cases=cases,
        owner=manager,
    )


@pytest.mark.django_db
def test_the_board_shows_columns_counts_age_and_overdue_marks(client, network, manager, pattern):
    Pattern.objects.filter(pk=pattern.pk).update(
        next_deadline=timezone.localdate() - timedelta(days=2)
    )
    client.force_login(manager)
    page = client.get(network["board"].url).content.decode()
    assert "Werktafel" in page and "Ambtelijke stuurgroep" in page
    card = page[page.index(f'id="pattern-card-{pattern.pk}"') :]
    card = card[: card.index("</li>")]
    assert "Voorschot bij wachttijd WW" in card
    assert "2 casussen" in card
    assert "Te laat" in card
    assert 'data-overdue="1"' in card
    assert reverse("leernetwerk_patterns:transition", args=[pattern.pk, "take_up"]) in card


@pytest.mark.django_db
def test_a_full_column_shows_the_latest_cards_and_counts_them_all(
    client, network, manager, settings
):
    """A network with hundreds of patterns: each column shows the most recently changed, counts
    every one (overdue too), and "show all" opens that one table with all its cards."""
    settings.LEERNETWERK_BOARD_COLUMN_LIMIT = 3
    made = [
        services.pattern_create(user=manager, title=f"Patroon {n}", description="Terugkerend.")
        for n in range(5)
    ]
    Pattern.objects.filter(pk=made[0].pk).update(
        next_deadline=timezone.localdate() - timedelta(days=1)
    )
    werktafel = made[0].table
    client.force_login(manager)
    page = client.get(network["board"].url).content.decode()
    column = page[page.index(f'data-column="{werktafel.pk}"') :]
    column = column[: column.index("</ol>") + 600]
    assert column.count('<li class="ln-board-card') == 3
    assert 'data-more="2"' in column and ">5</span>" in column
    assert 'data-more="1"' in column  # the overdue one is past the limit, still counted
    assert "2 andere patronen aan deze tafel: alles tonen" in column
    assert f"tafel={werktafel.pk}" in column
    one = client.get(network["board"].url, {"tafel": werktafel.pk}).content.decode()
    assert one.count('<li class="ln-board-card') == 5
    assert "Ambtelijke stuurgroep" not in one.split('id="board"')[1].split("candidates")[0]
    assert client.get(network["board"].url, {"tafel": "x"}).status_code == 200


@pytest.mark.django_db
def test_board_filters_narrow_the_board_and_bad_values_are_ignored(
    client, network, manager, pattern
):
    other = services.pattern_create(
        user=manager,
        title="Respijtzorg pas na indicatie",
        description="Mantelzorgers",
        knelpunt_type=KnelpuntType.objects.get(name="Wet- en regelgeving"),
    )
    client.force_login(manager)
    url = network["board"].url
    page = client.get(url, {"q": "respijt"}).content.decode()
    assert f'id="pattern-card-{other.pk}"' in page and f'id="pattern-card-{pattern.pk}"' not in page
    page = client.get(url, {"type": other.knelpunt_type_id}).content.decode()
    assert f'id="pattern-card-{pattern.pk}"' not in page
    page = client.get(url, {"te_laat": "on"}).content.decode()
    assert "pattern-card-" not in page.split('id="board"')[1]
    response = client.get(url, {"type": "x", "status": "nonsense", "wet": "-1"})
    assert response.status_code == 200
    assert f'id="pattern-card-{pattern.pk}"' in response.content.decode()


@pytest.mark.django_db
def test_the_boards_query_count_does_not_grow_with_patterns_or_cases(
    client, network, manager, make_case
):
    client.force_login(manager)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(network["board"].url).status_code == 200
        return len(queries)

    services.pattern_create(user=manager, title="Eerste", description="d", cases=[make_case()])
    count()  # warm the caches (site, content types)
    few = count()
    for n in range(6):
        services.pattern_create(
            user=manager,
            title=f"Patroon {n}",
            description="d",
            cases=[make_case(), make_case()],
            tags=["wachttijd"],
        )
    assert count() == few


@pytest.mark.django_db
def test_a_pattern_page_shows_cases_decisions_and_the_timeline(client, manager, pattern):
    client.force_login(manager)
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert "Casus 0" in page and "Casus 1" in page
    assert "Gesignaleerd" in page  # the timeline's first entry
    for action in ("take_up", "escalate", "reject"):
        assert reverse("leernetwerk_patterns:transition", args=[pattern.pk, action]) in page


@pytest.mark.django_db
def test_a_step_without_its_reason_is_refused_with_a_clear_message(client, manager, pattern):
    client.force_login(manager)
    url = reverse("leernetwerk_patterns:transition", args=[pattern.pk, "escalate"])
    response = client.post(url, {"escalate-reason": " "})
    assert response.status_code == 200
    assert "Dit is een verplicht veld." in response.content.decode()
    pattern.refresh_from_db()
    assert pattern.table.position == 20
    response = client.post(url, {"escalate-reason": "De werktafel heeft geen budget"})
    assert response.status_code == 302
    pattern.refresh_from_db()
    assert pattern.table.position == 30 and pattern.status == PatternStatus.ESCALATED
    assert PatternEvent.objects.filter(action=PatternAction.ESCALATE).get().reason == (
        "De werktafel heeft geen budget"
    )


@pytest.mark.django_db
def test_an_impossible_step_is_explained_not_a_crash(client, manager, pattern):
    client.force_login(manager)
    response = client.post(
        reverse("leernetwerk_patterns:transition", args=[pattern.pk, "decide"]),
        {"decide-text": "Besluit"},
    )
    assert response.status_code == 200
    assert "niet mogelijk" in response.content.decode()
    assert (
        client.get(
            reverse("leernetwerk_patterns:transition", args=[pattern.pk, "teleport"])
        ).status_code
        == 404
    )


@pytest.mark.django_db
def test_linking_cases_from_the_pattern_page(client, manager, pattern, make_case):
    extra = [make_case(title="Nieuwe casus A"), make_case(title="Nieuwe casus B")]
    client.force_login(manager)
    page = client.get(pattern.get_absolute_url(), {"q": "Nieuwe"}).content.decode()
    assert "Nieuwe casus A" in page and "Nieuwe casus B" in page
    response = client.post(
        reverse("leernetwerk_patterns:link", args=[pattern.pk]),
        {"cases": [c.pk for c in extra], "reason": "Zelfde wachttijd"},
    )
    assert response.status_code == 302
    assert pattern.links.count() == 4
    # Nothing chosen: a message, nothing linked.
    response = client.post(
        reverse("leernetwerk_patterns:link", args=[pattern.pk]), {"reason": "x"}, follow=True
    )
    assert "Kies minstens één casus" in response.content.decode()


@pytest.mark.django_db
def test_signalling_a_pattern_from_a_case(client, professional, make_case):
    case = make_case(owner=professional, title="Jongere van 18 valt tussen wal en schip")
    client.force_login(professional)
    url = reverse("leernetwerk_patterns:create") + f"?casus={case.pk}"
    assert case.title in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "title": "Overgang 18-/18+",
            "description": "Geen warme overdracht tussen Jeugdwet en Wmo.",
            "table": LearningTable.objects.get(position=20).pk,
        },
    )
    pattern = Pattern.objects.get()
    assert response.status_code == 302 and response["Location"] == pattern.get_absolute_url()
    assert list(pattern.cases.all()) == [case]
    # Personal data is refused with the reason, and what was typed is kept.
    response = client.post(
        url,
        {
            "title": "Overgang",
            "description": "Zie jan.jansen@example.test",
            "table": LearningTable.objects.get(position=20).pk,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "jan.jansen@example.test" in page and "persoonsgegevens" in page
    assert Pattern.objects.count() == 1


@pytest.mark.django_db
def test_the_dossier_summarises_cases_without_names(client, make_user, pattern):
    stuurgroep = make_user(Role.STUURGROEP)
    client.force_login(stuurgroep)
    page = client.get(reverse("leernetwerk_patterns:dossier", args=[pattern.pk])).content.decode()
    assert "Voorschot bij wachttijd WW" in page
    assert "Casus 0" in page and "De regels sluiten niet op elkaar aan." in page
    body = page.split('class="ln-dossier"')[1]
    assert "Anna" not in body and "Auteur" not in body
    stylesheet = client.get("/static/leernetwerk_patterns/dossier.css").getvalue().decode()
    assert "@media print" in stylesheet


@pytest.mark.django_db
def test_the_csv_export_has_every_pattern_and_its_history(client, manager, pattern):
    services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    services.pattern_transition(
        pattern=pattern, user=manager, action="escalate", reason="=HYPERLINK(budget)"
    )
    client.force_login(manager)
    response = client.get(reverse("leernetwerk_patterns:export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Patroon", "Titel", "Status"]
    assert rows[1][1] == "Voorschot bij wachttijd WW" and rows[1][3] == "Ambtelijke stuurgroep"
    assert rows[1][9] == "2"  # linked cases
    history = client.get(reverse("leernetwerk_patterns:export"), {"geschiedenis": "1"})
    rows = list(csv.reader(io.StringIO(history.content.decode("utf-8-sig")), delimiter=";"))
    actions = [row[4] for row in rows[1:]]
    assert actions[0] == "Gesignaleerd" and "Geëscaleerd" in actions
    escalation = next(row for row in rows if row[4] == "Geëscaleerd")
    # A formula in a reason is written as text (no CSV injection).
    assert escalation[9] == "'=HYPERLINK(budget)"
    assert escalation[7:9] == ["Werktafel", "Ambtelijke stuurgroep"]


@pytest.mark.django_db
def test_the_export_is_for_managers_and_stuurgroep_members(client, professional):
    client.force_login(professional)
    assert client.get(reverse("leernetwerk_patterns:export")).status_code == 403


@pytest.mark.django_db
def test_the_case_page_tells_the_author_and_managers_about_suggestions(
    client, make_user, manager, make_case
):
    from leernetwerk.patterns.models import CasePatternSuggestion

    author, colleague = make_user(), make_user()
    case = make_case(owner=author)
    other = services.pattern_create(user=manager, title="Wachttijd schuldhulp", description="d")
    CasePatternSuggestion.objects.create(
        case=case, pattern=other, score=0.6, shared_terms=["wacht"]
    )
    for user, sees in ((author, True), (manager, True), (colleague, False)):
        client.force_login(user)
        page = client.get(case.url).content.decode()
        assert ("Wachttijd schuldhulp" in page) == sees, user
    client.force_login(author)
    suggestion = CasePatternSuggestion.objects.get()
    client.post(reverse("leernetwerk_patterns:suggestion_accept", args=[suggestion.pk]))
    assert list(other.cases.all()) == [case]
    page = client.get(case.url).content.decode()
    assert other.get_absolute_url() in page  # now a link among the case's patterns


@pytest.mark.django_db(transaction=True)
async def test_a_move_appears_live_on_everyones_board(make_user, network):
    @database_sync_to_async
    def setup():
        manager = make_user(Role.MANAGER)
        pattern = services.pattern_create(user=manager, title="Wachttijd", description="d")
        return make_user(Role.PROFESSIONAL), manager, pattern

    viewer, manager, pattern = await setup()
    communicator = await connect("/ws/live/board/", viewer)
    assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"

    @database_sync_to_async
    def escalate():
        with transaction.atomic():
            services.pattern_transition(
                pattern=pattern, user=manager, action="escalate", reason="Budget nodig"
            )
        return LearningTable.objects.get(position=30).pk

    stuurgroep_id = await escalate()
    frame = await communicator.receive_json_from(timeout=5)
    assert frame["event"] == "pattern.changed" and frame["data"]["action"] == "escalate"
    remove, insert = frame["data"]["ops"]
    assert remove == {"op": "remove", "target": f"#pattern-card-{pattern.pk}"}
    assert insert["target"] == f"#board-list-{stuurgroep_id}"
    assert "Geëscaleerd" in insert["html"] and "Wachttijd" in insert["html"]
    await communicator.disconnect()


@pytest.mark.django_db(transaction=True)
async def test_each_reader_gets_the_live_card_in_their_own_language(make_user, network):
    """A manager who works in English escalates: the Dutch reader's board still says
    "Geëscaleerd", the English reader's "Escalated" (not the actor's language for everyone)."""

    @database_sync_to_async
    def setup():
        manager = make_user(Role.MANAGER)
        pattern = services.pattern_create(user=manager, title="Wachttijd", description="d")
        return make_user(Role.PROFESSIONAL), make_user(Role.PROFESSIONAL), manager, pattern

    dutch, english, manager, pattern = await setup()
    readers = {
        "nl": await connect("/ws/live/board/", dutch),
        "en": await connect("/ws/live/board/", english, language="en"),
    }
    for communicator in readers.values():
        assert (await communicator.receive_json_from(timeout=5))["type"] == "ready"

    @database_sync_to_async
    def escalate_in_english():
        with translation.override("en"), transaction.atomic():
            services.pattern_transition(
                pattern=pattern, user=manager, action="escalate", reason="Budget needed"
            )

    await escalate_in_english()
    cards = {}
    for language, communicator in readers.items():
        frame = await communicator.receive_json_from(timeout=5)
        cards[language] = frame["data"]["ops"][1]["html"]
        await communicator.disconnect()
    assert "Geëscaleerd" in cards["nl"] and "Escalated" not in cards["nl"]
    assert "Escalated" in cards["en"] and "Geëscaleerd" not in cards["en"]


@pytest.mark.django_db
def test_recognitions_of_linked_cases_show_on_the_card(
    client, network, manager, pattern, make_user
):
    case = pattern.cases.first()
    case_services.recognition_add(case=case, user=make_user(), note="")
    client.force_login(manager)
    page = client.get(network["board"].url).content.decode()
    assert "1 herkenning" in page
