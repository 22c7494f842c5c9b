"""No spreadsheet formula leaves the site in an export (CSV injection, OWASP).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel and LibreOffice when the file is opened (``=HYPERLINK(…)`` sends the sheet's
data elsewhere). Such a cell is written with a leading ``'``: the spreadsheet shows the text and
runs nothing. The price: a text like ``-5`` or ``+31 …`` shows with the quote in a CSV (numbers,
dates and empty cells are untouched).

``neutralise_formula`` serves our own CSV writers; ``protect_wagtail_exports`` applies it to every
export of Wagtail's ``SpreadsheetExportMixin`` (the site history and other reports, form
submissions, snippet listings, our overdue-patterns report), CSV and XLSX alike, and to their
column headings. Wagtail's own report URLs cannot be replaced by a plugin (``register_admin_urls``
comes after them), so this is done once, globally, when the kernel app is ready (ADR 0012).
"""

from __future__ import annotations

from typing import Any

#: Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: Any) -> Any:
    """``value`` with a leading ``'`` when it is text a spreadsheet would run; else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def protect_wagtail_exports() -> None:
    """Make every Wagtail spreadsheet export write formulas as text (idempotent)."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    if getattr(SpreadsheetExportMixin, "_leernetwerk_formula_safe", False):
        return
    preprocess = SpreadsheetExportMixin.preprocess_field_value
    heading = SpreadsheetExportMixin.get_heading

    def preprocess_field_value(self, field, value, export_format):
        return neutralise_formula(preprocess(self, field, value, export_format))

    def get_heading(self, queryset, field):
        return neutralise_formula(heading(self, queryset, field))

    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
    SpreadsheetExportMixin.get_heading = get_heading
    SpreadsheetExportMixin._leernetwerk_formula_safe = True
