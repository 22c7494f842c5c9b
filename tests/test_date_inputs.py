"""Issue #16, finding #13: every date input renders an ISO value (what ``<input type=date>``
accepts) in Dutch and in English, and the value it renders is read back as the same date."""

import re
from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from leernetwerk.casework.forms import CaseForm
from leernetwerk.learning.sessions.forms import ActionForm, CheckForm
from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.forms import TransitionForm
from leernetwerk.patterns.models import Decision, LearningTable, Pattern

FOLLOW_UP = date(2035, 1, 15)

#: (form factory, date field) for every front-end form with a date input.
DATE_FIELDS = [
    (lambda initial: CaseForm(initial=initial), "retention_date"),
    (lambda initial: TransitionForm(initial=initial, action="solve"), "effective_date"),
    (lambda initial: TransitionForm(initial=initial, action="solve"), "follow_up_date"),
    (lambda initial: TransitionForm(initial=initial, action="decide"), "follow_up_date"),
    (lambda initial: ActionForm(initial=initial), "due_date"),
    (lambda initial: CheckForm(initial=initial), "new_due_date"),
]


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="(?:[\w-]+-)?{name}"[^>]*>', html)
    assert match, f"no input for {name}"
    return match.group(0)


def _value(tag: str) -> str:
    match = re.search(r'value="([^"]*)"', tag)
    return match.group(1) if match else ""


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("make_form, field", DATE_FIELDS)
def test_a_date_input_shows_an_iso_date_and_reads_it_back(language, make_form, field):
    with translation.override(language):
        form = make_form({field: FOLLOW_UP})
        tag = _input(str(form[field]), field)
        assert 'type="date"' in tag
        assert _value(tag) == "2035-01-15"
        assert form.fields[field].clean(_value(tag)) == FOLLOW_UP


@pytest.fixture
def werktafel_pattern():
    table = LearningTable.objects.get(position=20)
    table.is_active = True
    table.save()
    return Pattern.objects.create(
        title="Wachttijd", description="d", table=table, status=PatternStatus.IN_PROGRESS
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_decision_keeps_the_follow_up_date_the_form_proposed(
    client, manager, werktafel_pattern, language
):
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("leernetwerk_patterns:transition", args=[werktafel_pattern.pk, "solve"])

    page = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()

    proposed = _value(_input(page, "follow_up_date"))
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", proposed), proposed
    response = client.post(
        url,
        {"solve-text": "Voorschot wordt standaard.", "solve-follow_up_date": proposed},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    assert Decision.objects.get().follow_up_date.isoformat() == proposed

    # a date typed by the member (what the browser sends) is kept as such
    other = Pattern.objects.create(
        title="Tweede", description="d", table=werktafel_pattern.table, status="in_progress"
    )
    url = reverse("leernetwerk_patterns:transition", args=[other.pk, "solve"])
    response = client.post(
        url,
        {"solve-text": "Besloten.", "solve-follow_up_date": "2035-01-15"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 302
    assert Decision.objects.get(pattern=other).follow_up_date == FOLLOW_UP
