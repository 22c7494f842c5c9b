""" "Wat deed mijn signaal?": a professional sees each of their own cases and what became of it
(recognitions, patterns, tables reached, decisions, lessons), nothing of other people's cases,
in a number of queries that does not grow with their cases and patterns."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from leernetwerk.casework.models import Recognition
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.dashboard.my_signals import signals_of
from leernetwerk.learning.models import LessonPage
from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.models import Decision, LearningTable, Pattern, PatternCase, PatternEvent

pytestmark = pytest.mark.django_db


def lesson(network, pattern, title, *, live=True):
    page = LessonPage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        summary="Voorschotten sluiten het gat.",
        what_did_not_fit="De wachttijd.",
        what_changed="Een voorschot.",
        pattern=pattern,
        live=live,
    )
    network["lessons"].add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish(skip_permission_checks=True)
    return page


def climbed(title, cases, *, decision_text="Budget voor voorschotten"):
    """A pattern signalled at the werktafel, escalated to the ambtelijke stuurgroep and decided
    there (plain rows, as the audit trail records them)."""
    werktafel = LearningTable.objects.get(position=20)
    stuurgroep = LearningTable.objects.get(position=30)
    pattern = Pattern.objects.create(
        title=title, description="d", table=stuurgroep, status=PatternStatus.DECIDED
    )
    for case in cases:
        PatternCase.objects.create(pattern=pattern, case=case)
    PatternEvent.objects.create(pattern=pattern, action="create", to_table=werktafel)
    PatternEvent.objects.create(
        pattern=pattern, action="escalate", from_table=werktafel, to_table=stuurgroep
    )
    Decision.objects.create(
        pattern=pattern,
        table=stuurgroep,
        action="decide",
        text=decision_text,
        follow_up_date=timezone.localdate() + timedelta(days=30),
    )
    return pattern


@pytest.fixture
def author(make_user):
    return make_user(Role.PROFESSIONAL, first_name="Fatima", last_name="Auteur")


def test_the_author_sees_what_became_of_each_case(client, network, make_case, make_user, author):
    from leernetwerk.casework.services import case_anonymise

    shared = make_case(owner=author, title="Ontruiming dreigt")
    draft = make_case(owner=author, title="Nog een concept", live=False)
    withdrawn = make_case(owner=author, title="Ingetrokken casus")
    withdrawn.unpublish()
    anonymised = case_anonymise(case=make_case(owner=author, title="Oude casus"))
    theirs = make_case(title="Casus van een collega")
    for _ in range(2):
        Recognition.objects.create(case=shared, user=make_user(Role.PROFESSIONAL))
    pattern = climbed("Wachttijd schuldhulp", [shared, theirs, anonymised])
    lesson(network, pattern, "Voorschot bij wachttijd")
    lesson(network, pattern, "Nog niet gepubliceerd", live=False)
    Pattern.objects.create(
        title="Patroon van een ander", description="d", table=LearningTable.objects.get(position=20)
    ).cases.add(theirs)

    client.force_login(author)
    response = client.get(reverse("leernetwerk_learning:my_signals"))
    assert response.status_code == 200
    html = response.content.decode()
    for title in ("Ontruiming dreigt", "Nog een concept", "Ingetrokken casus", anonymised.title):
        assert title in html
    assert "Oude casus" not in html
    # Other people's cases and patterns that are not about the author's cases stay out.
    assert "Casus van een collega" not in html and "Patroon van een ander" not in html
    assert "Wachttijd schuldhulp" in html and "Budget voor voorschotten" in html
    assert "Werktafel → Ambtelijke stuurgroep" in html
    assert "Voorschot bij wachttijd" in html and "Nog niet gepubliceerd" not in html
    # The anonymised case is not linked; the draft and the withdrawn one open the edit form.
    assert f'href="{anonymised.url}"' not in html
    assert reverse("leernetwerk_casework:case_edit", args=[draft.pk]) in html
    assert reverse("leernetwerk_casework:case_edit", args=[withdrawn.pk]) in html

    signals = {signal.case.pk: signal for signal in signals_of(author)}
    assert set(signals) == {shared.pk, draft.pk, withdrawn.pk, anonymised.pk}
    assert signals[shared.pk].state == "shared" and signals[shared.pk].recognitions == 2
    assert signals[draft.pk].state == "draft" and signals[draft.pk].patterns == []
    assert signals[withdrawn.pk].state == "withdrawn"
    assert signals[anonymised.pk].state == "anonymised"
    (outcome,) = signals[shared.pk].patterns
    assert outcome.pattern == pattern
    assert [t.position for t in outcome.tables] == [20, 30]
    assert [(d.table.position, d.action) for d in outcome.decisions] == [(30, "decide")]
    assert [page.title for page in outcome.lessons] == ["Voorschot bij wachttijd"]
    assert signals[anonymised.pk].patterns[0].pattern == pattern


def test_someone_else_sees_none_of_the_authors_cases(client, make_case, make_user, author):
    make_case(owner=author, title="Ontruiming dreigt")
    other = make_user(Role.PROFESSIONAL)
    client.force_login(other)
    html = client.get(reverse("leernetwerk_learning:my_signals")).content.decode()
    assert "Ontruiming dreigt" not in html
    assert signals_of(other) == []


def test_anonymous_visitors_log_in_and_users_without_a_role_are_refused(client, make_user):
    url = reverse("leernetwerk_learning:my_signals")
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(make_user(None))
    assert client.get(url).status_code == 403


_serial = itertools.count(1)


def _grow(author, network, make_case, n):
    for _ in range(n):
        i = next(_serial)
        cases = [make_case(owner=author, title=f"Casus {i} {j}") for j in range(2)]
        pattern = climbed(f"Patroon {i}", cases, decision_text=f"Besluit {i}")
        lesson(network, pattern, f"Les {i}")
        Recognition.objects.create(case=cases[0], user=author)


def test_the_query_count_does_not_grow_with_cases_and_patterns(
    client, network, make_case, author, django_assert_max_num_queries
):
    client.force_login(author)
    url = reverse("leernetwerk_learning:my_signals")
    _grow(author, network, make_case, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(author, network, make_case, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count('id="signaal-') == 18
    assert len(small.captured_queries) <= 30
