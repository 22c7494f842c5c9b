"""CSV export of patterns and their history (for a stuurgroep, a report, a ministry)."""

from __future__ import annotations

import csv

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from leernetwerk.kernel.members.names import member_name
from leernetwerk.kernel.spreadsheets import neutralise_formula
from leernetwerk.patterns.selectors import pattern_export_rows


def _cell(value) -> str:
    """The value as CSV text; a cell that would start a formula is neutralised."""
    return neutralise_formula("" if value is None else str(value))


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def patterns_csv(patterns, *, history: bool = False) -> HttpResponse:
    """One row per pattern, or with ``history`` one row per entry of the audit trail.
    Semicolon-separated with a byte-order mark, as Dutch spreadsheet programs expect."""
    stamp = timezone.localdate().isoformat()
    name = f"patronen-geschiedenis-{stamp}.csv" if history else f"patronen-{stamp}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    rows = pattern_export_rows(patterns)
    if history:
        writer.writerow(
            [
                _("Pattern"),
                _("Title"),
                _("When"),
                _("Who"),
                _("Action"),
                _("From status"),
                _("To status"),
                _("From table"),
                _("To table"),
                _("Why"),
            ]
        )
        for pattern in rows:
            for event in pattern.events.all():
                writer.writerow(
                    [
                        _cell(pattern.pk),
                        _cell(pattern.title),
                        _date(event.at),
                        _cell(member_name(event.actor) if event.actor_id else _("the system")),
                        _cell(event.get_action_display()),
                        _cell(_status_label(event.from_status)),
                        _cell(_status_label(event.to_status)),
                        _cell(event.from_table or ""),
                        _cell(event.to_table or ""),
                        _cell(event.reason),
                    ]
                )
        return response
    writer.writerow(
        [
            _("Pattern"),
            _("Title"),
            _("Status"),
            _("Table"),
            _("Order of learning"),
            _("Knelpunt type"),
            _("Laws"),
            _("Leefgebieden"),
            _("Tags"),
            _("Linked cases"),
            _("Recognitions"),
            _("Owner"),
            _("Signalled at"),
            _("Next deadline"),
            _("Overdue"),
            _("Decisions"),
            _("Omgekeerde toets"),
            _("History"),
        ]
    )
    for pattern in rows:
        decisions = " | ".join(
            f"{_date(d.decided_at)} {d.table}: {d.text}"
            + (f" ({_('changes')}: {d.policy_version})" if d.policy_version_id else "")
            for d in pattern.decisions.all()
        )
        toetsen = " | ".join(
            f"{_date(d.decided_at)} {d.table}: {_toets_text(d)}"
            for d in pattern.decisions.all()
            if d.has_toets
        )
        trail = " | ".join(f"{_date(e.at)} {e.get_action_display()}" for e in pattern.events.all())
        writer.writerow(
            [
                _cell(pattern.pk),
                _cell(pattern.title),
                _cell(pattern.get_status_display()),
                _cell(pattern.table),
                _cell(pattern.table.get_order_display()),
                _cell(pattern.knelpunt_type or ""),
                _cell(", ".join(str(law) for law in pattern.laws.all())),
                _cell(", ".join(str(domain) for domain in pattern.life_domains.all())),
                _cell(", ".join(tag.name for tag in pattern.tags.all())),
                _cell(pattern.case_count),
                _cell(pattern.recognition_count),
                _cell(member_name(pattern.owner) if pattern.owner_id else ""),
                _date(pattern.created_at),
                _date(pattern.next_deadline),
                _("yes") if pattern.is_overdue else _("no"),
                _cell(decisions),
                _cell(toetsen),
                _cell(trail),
            ]
        )
    return response


def _toets_text(decision) -> str:
    """The five steps and the outcome of a decision's omgekeerde toets, in one cell."""
    parts = [f"{label} {text}" for label, text in decision.toets_steps]
    outcome = decision.get_toets_outcome_display()
    if decision.toets_conditions:
        outcome = f"{outcome}: {decision.toets_conditions}"
    return "; ".join([*parts, f"{_('Outcome')}: {outcome}"])


def _status_label(value: str) -> str:
    from leernetwerk.patterns.constants import PatternStatus

    return PatternStatus(value).label if value in PatternStatus.values else ""
