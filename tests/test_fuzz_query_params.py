"""Issue #16, finding #15: no list, search or API view answers 500 on a nasty query parameter,
neither to an anonymous visitor nor to a member."""

import pytest
from django.test import Client
from django.urls import reverse

from leernetwerk.kernel.roles import Role
from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.models import LearningTable, Pattern

pytestmark = pytest.mark.django_db

NASTY = [
    '"',
    "'",
    "\\",
    "%00",
    "\x00",
    "99999999999999999999",
    "-1",
    "-99999999999999999999",
    "[]",
    "ünïcødé ☃ 𝕏",
    "x" * 10_000,
    '" OR 1=1 --',
    "1e400",
]

#: The parameters each view reads (its filter form's fields, its paging and its own ones).
CASE_INDEX = ["q", "leefgebied", "wet", "type", "venster", "organisatie", "status", "tag"]
CASE_INDEX += ["sort", "page"]
BOARD = ["q", "status", "type", "wet", "leefgebied", "tag", "mijn", "te_laat", "tafel"]
LESSON_INDEX = ["q", "wet", "leefgebied", "orde", "jaar", "pagina"]
LESSONS_API = [
    "laws",
    "life_domains",
    "offset",
    "limit",
    "order",
    "search",
    "search_operator",
    "fields",
    "id",
    "lesson_date",
    "order_of_learning",
    "title",
    "slug",
    "child_of",
    "descendant_of",
    "locale",
    "translation_of",
    "show_in_menus",
]


@pytest.fixture
def targets(network, make_case, make_user):
    """(url, parameters) of every list, search and API view of the plugin."""
    table = LearningTable.objects.get(position=20)
    table.is_active = True
    table.save()
    pattern = Pattern.objects.create(
        title="Wachttijd", description="d", table=table, status=PatternStatus.IN_PROGRESS
    )
    make_case(tags=["schulden"])
    return [
        (network["cases"].url, CASE_INDEX),
        (reverse("leernetwerk_casework:my_cases"), CASE_INDEX),
        (network["board"].url, BOARD),
        (reverse("leernetwerk_patterns:detail", args=[pattern.pk]), ["q"]),
        (reverse("leernetwerk_patterns:create"), ["casus"]),
        (network["sessions"].url, ["niveau"]),
        (network["lessons"].url, LESSON_INDEX),
        (reverse("leernetwerk_learning:dashboard"), ["periode"]),
        (reverse("leernetwerk_members:directory"), ["organisatie", "perspectief", "q", "page"]),
        (reverse("leernetwerk_members:notifications"), ["page", "ongelezen"]),
        ("/api/v2/lessons/", LESSONS_API),
    ]


def _fuzz(client: Client, targets) -> list[str]:
    failures = []
    for url, parameters in targets:
        for parameter in parameters:
            for value in NASTY:
                response = client.get(url, {parameter: value})
                if response.status_code >= 500:
                    failures.append(f"{url}?{parameter}={value[:30]!r}: {response.status_code}")
    return failures


def test_the_reported_values_are_no_server_error(network):
    client = Client(raise_request_exception=False)
    assert client.get(network["cases"].url, {"q": '"'}).status_code < 500
    for parameter in ("laws", "life_domains", "offset"):
        response = client.get("/api/v2/lessons/", {parameter: "99999999999999999999"})
        assert response.status_code == 400, (parameter, response.content[:300])


def test_a_member_searching_a_pattern_with_a_quote_gets_the_page(client, network, make_user):
    manager = make_user(Role.MANAGER)
    table = LearningTable.objects.get(position=20)
    pattern = Pattern.objects.create(title="Wachttijd", description="d", table=table)
    client.force_login(manager)
    response = client.get(reverse("leernetwerk_patterns:detail", args=[pattern.pk]), {"q": '"'})
    assert response.status_code == 200


def test_nasty_query_parameters_never_cause_a_server_error_for_anyone(targets, make_user):
    anonymous = Client(raise_request_exception=False)
    member = Client(raise_request_exception=False)
    member.force_login(make_user(Role.MANAGER))

    failures = _fuzz(anonymous, targets) + _fuzz(member, targets)

    assert failures == []
