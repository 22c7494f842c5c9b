"""The network dashboard: the figures a manager or stuurgroep follows (open patterns, lead times,
overdue follow-ups, sessions and attendance, which knelpunten and laws recur) and the accessible
SVG bar charts that show them. Everything is aggregated in the database: the number of queries
does not depend on the number of patterns, cases or sessions."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.casework.constants import SolutionType
from leernetwerk.casework.selectors import (
    cases_per_transition,
    closed_cases,
    score_summary,
    score_summary_by_domain,
    solution_type_counts,
    top_knelpunt_types,
    top_laws,
)
from leernetwerk.kernel import conf
from leernetwerk.kernel.members.names import member_name
from leernetwerk.learning.models import LearningSessionPage, Registration
from leernetwerk.learning.sessions.selectors import overdue_actions
from leernetwerk.patterns.constants import LearningOrder, PatternStatus, ProeftuinState
from leernetwerk.patterns.selectors import (
    SECOND_ORDER_SOLUTION,
    THIRD_ORDER_DECISION,
    agreement_changes,
    lead_times,
    need_trends,
    open_pattern_counts,
    overdue_decisions,
    proeftuin_figures,
    table_orders,
)

__all__ = [
    "PERIODS",
    "BarChart",
    "Figure",
    "bar_chart",
    "dashboard_summary",
    "FIGURES",
    "network_figure",
    "network_figures",
    "period_start",
]

#: The period filter: the last twelve calendar months (this one included), or all time.
PERIOD_12_MONTHS, PERIOD_ALL = "12m", "alles"
PERIODS = [
    (PERIOD_12_MONTHS, gettext_lazy("Last 12 months")),
    (PERIOD_ALL, gettext_lazy("All time")),
]

#: Bar colours: each has at least 4.5:1 contrast on white (and text is dark ink on white).
PALETTE = ("#14507a", "#b34700", "#1e6b38")
INK = "#1b2430"
AXIS = "#4d5968"

OPEN_STATUS_ORDER = (PatternStatus.SIGNALLED, PatternStatus.IN_PROGRESS, PatternStatus.ESCALATED)


# --- charts -------------------------------------------------------------------------------------


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    color: str
    text: str
    text_x: int
    text_y: int


@dataclass
class ChartRow:
    label: str
    short_label: str
    label_y: int
    bars: list[Bar]


@dataclass
class LegendItem:
    label: str
    color: str
    x: int
    y: int

    @property
    def text_x(self) -> int:
        return self.x + 20

    @property
    def text_y(self) -> int:
        return self.y + 12


@dataclass
class BarChart:
    """A horizontal bar chart, laid out here and drawn by ``dashboard/includes/bar_chart.html``
    as SVG with ``role="img"``, a title and a description; every bar carries its value."""

    id: str
    title: str
    desc: str
    width: int
    height: int
    label_width: int
    top: int
    rows: list[ChartRow] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)

    @property
    def axis_bottom(self) -> int:
        return self.height - 8

    @property
    def axis_top(self) -> int:
        return self.top - 4

    @property
    def label_x(self) -> int:
        return self.label_width - 8


def _number(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and not value.is_integer():
        return formats.number_format(value, decimal_pos=1, use_l10n=True)
    return formats.number_format(int(value), use_l10n=True)


def bar_chart(
    *,
    id: str,
    title: str,
    desc: str,
    labels: list[str],
    series: list[str],
    values: list[list[float | int | None]],
    unit: str = "",
) -> BarChart:
    """Lay out ``values[row][series]`` as grouped horizontal bars. With more than one series
    each value is written with its series' name ("In progress: 3"): colour is never the only
    way to tell the bars apart."""
    width, label_width, value_room = 720, 300, 170
    bar_room = width - label_width - value_room - 12
    bar_height, bar_gap, row_gap = 18, 4, 14
    many = len(series) > 1
    top = 34 if many else 8
    peak = max([v for row in values for v in row if v is not None] or [0]) or 1
    chart = BarChart(
        id=id,
        title=title,
        desc=desc,
        width=width,
        height=0,
        label_width=label_width,
        top=top,
    )
    if many:
        x = label_width
        for index, name in enumerate(series):
            chart.legend.append(
                LegendItem(label=name, color=PALETTE[index % len(PALETTE)], x=x, y=10)
            )
            x += 24 + 8 * len(name) + 16
    y = top
    for label, row in zip(labels, values, strict=True):
        bars = []
        # With several series a zero draws nothing and says nothing ("Afgerond: 0" on every
        # row crowds the chart; the table under it has every number); a row of zeros says 0.
        shown = [(index, value) for index, value in enumerate(row) if value or not many]
        if not shown:
            shown, row = [(None, 0)], [0]
        for position, (index, value) in enumerate(shown):
            bar_y = y + position * (bar_height + bar_gap)
            length = 0 if not value else max(2, round(bar_room * value / peak))
            text = _number(value) + (f" {unit}" if unit and value is not None else "")
            if many and index is not None:
                text = f"{series[index]}: {text}"
            bars.append(
                Bar(
                    x=label_width + 1,
                    y=bar_y,
                    width=length,
                    height=bar_height,
                    color=PALETTE[(index or 0) % len(PALETTE)],
                    text=text,
                    text_x=label_width + 1 + length + 6,
                    text_y=bar_y + bar_height - 5,
                )
            )
        block = len(shown) * bar_height + (len(shown) - 1) * bar_gap
        chart.rows.append(
            ChartRow(
                label=label,
                short_label=Truncator(label).chars(38),
                label_y=y + block // 2 + 5,
                bars=bars,
            )
        )
        y += block + row_gap
    chart.height = max(y, top + 24) + 8
    return chart


# --- figures ------------------------------------------------------------------------------------


@dataclass
class Figure:
    """One figure of the dashboard: its chart, and its data as a table (shown in a
    ``<details>`` under the chart and downloaded as CSV)."""

    key: str
    title: str
    description: str
    chart: BarChart
    columns: list[str]
    rows: list[list[Any]]
    note: str = ""
    empty: bool = False
    #: Extra values a template may show (key numbers).
    extra: dict[str, Any] = field(default_factory=dict)


def period_start(period: str, *, now: datetime | None = None) -> datetime | None:
    """The start of the period: the first day (local time) of the month eleven months ago for
    the last twelve months, ``None`` for all time."""
    if period == PERIOD_ALL:
        return None
    now = timezone.localtime(now)
    year, month = now.year, now.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return now.replace(year=year, month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


def _months(start: date, end: date) -> list[date]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def _open_patterns_figure() -> Figure:
    counts = open_pattern_counts()
    orders = sorted(set(table_orders()) | {order for order, _status in counts})
    statuses = [PatternStatus(s).label for s in OPEN_STATUS_ORDER]
    labels = [str(LearningOrder(order).label) for order in orders]
    values = [[counts.get((order, s), 0) for s in OPEN_STATUS_ORDER] for order in orders]
    total = sum(counts.values())
    title = _("Open patterns per order of learning and status")
    return Figure(
        key="open-patronen",
        title=title,
        description=_(
            "Patterns that are signalled, in progress or escalated, by the order of learning of "
            "the table they are at now."
        ),
        chart=bar_chart(
            id="chart-open-patterns",
            title=title,
            desc=_("%(count)d open patterns in total.") % {"count": total},
            labels=labels,
            series=[str(s) for s in statuses],
            values=values,
        ),
        columns=[_("Order of learning"), *[str(s) for s in statuses], _("Total")],
        rows=[[label, *row, sum(row)] for label, row in zip(labels, values, strict=True)],
        note=_("Now: the period does not apply."),
        empty=total == 0,
        extra={"total": total},
    )


def _median_days(rows) -> float | None:
    days = [(reached - first).total_seconds() / 86400 for _pk, first, reached in rows]
    if not days:
        return None
    return round(statistics.median(days), 1)


def _lead_time_figure(since: datetime | None) -> Figure:
    measures = [
        (
            _("Second-order solution (werktafel)"),
            lead_times(
                action=SECOND_ORDER_SOLUTION[0], order=SECOND_ORDER_SOLUTION[1], since=since
            ),
        ),
        (
            _("Third-order decision (stuurgroep)"),
            lead_times(action=THIRD_ORDER_DECISION[0], order=THIRD_ORDER_DECISION[1], since=since),
        ),
    ]
    medians = [(label, len(rows), _median_days(rows)) for label, rows in measures]
    title = _("Median time from first signal to a solution or decision")
    desc = "; ".join(
        _("%(measure)s: %(days)s days (%(count)d patterns)")
        % {"measure": label, "days": _number(median), "count": count}
        if median is not None
        else _("%(measure)s: none yet") % {"measure": label}
        for label, count, median in medians
    )
    return Figure(
        key="doorlooptijd",
        title=title,
        description=_(
            "From the first signal (the pattern was signalled, or its earliest linked case was "
            "published, whichever came first) to the first solution in the way of working at a "
            "werktafel, and to the first decision at a stuurgroep; counted over the patterns "
            "that reached it in the period."
        ),
        chart=bar_chart(
            id="chart-lead-times",
            title=title,
            desc=desc,
            labels=[label for label, _count, _median in medians],
            series=[_("Median")],
            values=[[median] for _label, _count, median in medians],
            unit=_("days"),
        ),
        columns=[_("Measure"), _("Patterns"), _("Median (days)")],
        rows=[
            [label, count, _number(median) if median is not None else ""]
            for label, count, median in medians
        ],
        empty=all(count == 0 for _label, count, _median in medians),
        extra={"medians": medians},
    )


def _overdue_figure() -> Figure:
    today = timezone.localdate()
    decisions = list(overdue_decisions(today=today))
    actions = list(overdue_actions())
    title = _("Overdue decisions and actions")
    rows = [
        [
            _("Decision follow-up"),
            decision.pattern.title,
            decision.table.name,
            decision.follow_up_date.isoformat(),
            member_name(decision.owner) if decision.owner_id else "",
            (today - decision.follow_up_date).days,
        ]
        for decision in decisions
    ] + [
        [
            _("Session action"),
            action.text,
            action.session.title,
            action.due_date.isoformat(),
            member_name(action.owner) if action.owner_id else "",
            (today - action.due_date).days,
        ]
        for action in actions
    ]
    labels = [_("Decisions past their follow-up date"), _("Session actions past their due date")]
    return Figure(
        key="te-laat",
        title=title,
        description=_(
            "Decisions whose follow-up date has passed on patterns that are not closed (and not "
            "reopened since), and open actions of leersessies past their due date."
        ),
        chart=bar_chart(
            id="chart-overdue",
            title=title,
            desc=_("%(decisions)d decisions and %(actions)d actions are overdue.")
            % {"decisions": len(decisions), "actions": len(actions)},
            labels=labels,
            series=[_("Overdue")],
            values=[[len(decisions)], [len(actions)]],
        ),
        columns=[_("Kind"), _("What"), _("Where"), _("Due"), _("Owner"), _("Days overdue")],
        rows=rows,
        note=_("Now: the period does not apply."),
        empty=not rows,
        extra={
            "decisions": decisions,
            "actions": actions,
            "overdue_decisions": len(decisions),
            "overdue_actions": len(actions),
        },
    )


def _sessions_figure(since: datetime | None) -> Figure:
    now = timezone.now()
    held = LearningSessionPage.objects.live().filter(cancelled_at__isnull=True, starts_at__lt=now)
    if since is not None:
        held = held.filter(starts_at__gte=since)
    per_month = dict(
        held.order_by()
        .annotate(month=TruncMonth("starts_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    attended = dict(
        Registration.objects.filter(session__in=held.values("pk"), attended=True)
        .order_by()
        .annotate(month=TruncMonth("session__starts_at"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )

    def as_date(value) -> date:
        return timezone.localtime(value).date() if isinstance(value, datetime) else value

    sessions_by_month = {as_date(k).replace(day=1): v for k, v in per_month.items()}
    attended_by_month = {as_date(k).replace(day=1): v for k, v in attended.items()}
    today = timezone.localdate()
    first = (
        since.date()
        if since is not None
        else min([*sessions_by_month, period_start(PERIOD_12_MONTHS).date()])
    )
    months = _months(first, today)
    labels = [formats.date_format(month, "F Y") for month in months]
    values = [[sessions_by_month.get(m, 0), attended_by_month.get(m, 0)] for m in months]
    title = _("Leersessies held and attendance per month")
    total_sessions = sum(row[0] for row in values)
    total_attended = sum(row[1] for row in values)
    return Figure(
        key="sessies",
        title=title,
        description=_(
            "Published leersessies that took place (not cancelled), and how many participants "
            "were marked present, per month."
        ),
        chart=bar_chart(
            id="chart-sessions",
            title=title,
            desc=_("%(sessions)d sessions held, %(attended)d attendances in total.")
            % {"sessions": total_sessions, "attended": total_attended},
            labels=labels,
            series=[_("Sessions"), _("Present")],
            values=values,
        ),
        columns=[_("Month"), _("Sessions held"), _("Present"), _("Average present per session")],
        rows=[
            [
                month.strftime("%Y-%m"),
                sessions,
                present,
                _number(round(present / sessions, 1)) if sessions else "",
            ]
            for month, (sessions, present) in zip(months, values, strict=True)
        ],
        empty=total_sessions == 0,
        extra={"sessions": total_sessions, "attended": total_attended},
    )


def _top_figure(*, key, title, description, column, rows, chart_id) -> Figure:
    return Figure(
        key=key,
        title=title,
        description=description,
        chart=bar_chart(
            id=chart_id,
            title=title,
            desc="; ".join(f"{name}: {n}" for name, n in rows) or _("No cases in this period."),
            labels=[name for name, _n in rows],
            series=[_("Cases")],
            values=[[n] for _name, n in rows],
        ),
        columns=[column, _("Cases")],
        rows=[[name, n] for name, n in rows],
        empty=not rows,
    )


def _cases_note(since: datetime | None) -> str:
    if since is not None:
        return _(
            "Of the cases shared with the network (published, not withdrawn or anonymised) "
            "first published in the last 12 months."
        )
    return _("Of all cases shared with the network (published, not withdrawn or anonymised).")


def _knelpunt_types_figure(since: datetime | None) -> Figure:
    return _top_figure(
        key="knelpunten",
        title=_("Most frequent knelpunt types"),
        description=_cases_note(since),
        column=_("Knelpunt type"),
        rows=top_knelpunt_types(since=since),
        chart_id="chart-knelpunt-types",
    )


def _laws_figure(since: datetime | None) -> Figure:
    return _top_figure(
        key="wetten",
        title=_("Laws involved most often"),
        description=_cases_note(since),
        column=_("Law"),
        rows=top_laws(since=since),
        chart_id="chart-laws",
    )


def _transitions_figure(since: datetime | None) -> Figure:
    return _top_figure(
        key="overgangsmomenten",
        title=_("Cases per overgangsmoment"),
        description=_cases_note(since),
        column=_("Overgangsmoment"),
        rows=cases_per_transition(since=since),
        chart_id="chart-transitions",
    )


def _percent(part: int, whole: int) -> str:
    return _number(round(100 * part / whole, 1)) + " %" if whole else ""


def _solutions_figure(since: datetime | None) -> Figure:
    """The share of solutions per kind: mostly an existing offer used differently?"""
    counts = solution_type_counts(since=since)
    total = sum(n for _value, n in counts)
    labels = [str(SolutionType(value).label) for value, _n in counts]
    title = _("Kinds of solution")
    closed = closed_cases(since=since)
    return Figure(
        key="oplossingen",
        title=title,
        description=_cases_note(since)
        + " "
        + _("Cases without a kind of solution are not counted."),
        chart=bar_chart(
            id="chart-solutions",
            title=title,
            desc="; ".join(
                f"{label}: {n} ({_percent(n, total)})"
                for label, (_value, n) in zip(labels, counts, strict=True)
            )
            or _("No cases in this period."),
            labels=labels,
            series=[_("Cases")],
            values=[[n] for _value, n in counts],
        ),
        columns=[_("Kind of solution"), _("Cases"), _("Share")],
        rows=[
            [label, n, _percent(n, total)]
            for label, (_value, n) in zip(labels, counts, strict=True)
        ],
        note=_("%(count)d cases were closed with an evaluation in this period.")
        % {"count": closed},
        empty=total == 0,
        extra={"total": total, "closed": closed},
    )


def _scores_figure(since: datetime | None) -> Figure:
    """The residents' marks for their lives, before and after: only as medians and counts of
    at least ``LEERNETWERK_SCORE_MIN_RESIDENTS`` residents; never one resident's mark."""
    minimum = conf.get("LEERNETWERK_SCORE_MIN_RESIDENTS")
    summary = score_summary()
    title = _("The residents' mark for their life, before and after")
    shown = summary.n >= minimum
    marks = [str(mark) for mark in range(1, 11)]
    values = [[b, a] for b, a in zip(summary.before, summary.after, strict=True)] if shown else []
    year_shown = summary.n_year >= minimum
    if shown:
        desc = _("%(n)d residents: median %(before)s at the start, %(after)s at the solution.") % {
            "n": summary.n,
            "before": _number(summary.median_before),
            "after": _number(summary.median_after),
        }
    else:
        desc = _(
            "Fewer than %(minimum)d residents gave a mark at the start and at the solution: "
            "no figure is shown, so no resident can be recognised."
        ) % {"minimum": minimum}
    rows = [[mark, *row] for mark, row in zip(marks, values, strict=True)] if shown else []
    return Figure(
        key="rapportcijfer",
        title=title,
        description=_(
            "The mark (1–10) residents give their life, asked by their professional at the "
            "start and at the solution; how many residents gave each mark. All time: the "
            "period does not apply."
        ),
        chart=bar_chart(
            id="chart-scores",
            title=title,
            desc=desc,
            labels=marks if shown else [],
            series=[_("At the start"), _("At the solution")],
            values=values,
        ),
        columns=[_("Mark"), _("At the start"), _("At the solution")],
        rows=rows,
        note=desc
        + (
            " "
            + _("After one year (%(n)d residents): median %(median)s.")
            % {"n": summary.n_year, "median": _number(summary.median_year)}
            if year_shown
            else ""
        ),
        empty=not shown,
        extra={
            "n": summary.n if shown else None,
            "median_before": summary.median_before if shown else None,
            "median_after": summary.median_after if shown else None,
        },
    )


def _domain_scores_figure(since: datetime | None) -> Figure:
    """The marks per leefgebied, before and after: medians of the leefgebieden with at least
    ``LEERNETWERK_SCORE_MIN_RESIDENTS`` residents; the others are counted, not shown."""
    minimum = conf.get("LEERNETWERK_SCORE_MIN_RESIDENTS")
    domains = score_summary_by_domain()
    shown = [d for d in domains if d.n >= minimum]
    hidden = len(domains) - len(shown)
    title = _("The residents' mark per life domain, before and after")
    desc = "; ".join(
        _("%(domain)s: median %(before)s at the start, %(after)s at the solution (%(n)d)")
        % {
            "domain": d.domain,
            "before": _number(d.median_before),
            "after": _number(d.median_after),
            "n": d.n,
        }
        for d in shown
    ) or _("No life domain has marks of enough residents to show.")
    note = (
        _(
            "%(count)d life domain(s) with marks of fewer than %(minimum)d residents are not "
            "shown, so no resident can be recognised."
        )
        % {"count": hidden, "minimum": minimum}
        if hidden
        else ""
    )
    return Figure(
        key="rapportcijfer-leefgebied",
        title=title,
        description=_(
            "Where the professional asked the resident for a mark per life domain as well: the "
            "median mark at the start and at the solution. All time: the period does not apply."
        ),
        chart=bar_chart(
            id="chart-domain-scores",
            title=title,
            desc=desc,
            labels=[d.domain for d in shown],
            series=[_("At the start"), _("At the solution")],
            values=[[d.median_before, d.median_after] for d in shown],
        ),
        columns=[_("Leefgebied"), _("Residents"), _("At the start"), _("At the solution")],
        rows=[[d.domain, d.n, _number(d.median_before), _number(d.median_after)] for d in shown],
        note=note,
        empty=not shown,
        extra={"shown": len(shown), "hidden": hidden},
    )


def _quarter(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment)
    return local.year, (local.month - 1) // 3 + 1


def _agreements_figure(since: datetime | None) -> Figure:
    """Written agreements changed per quarter, and how long from the first signal to a
    vigerende new version (issue #21)."""
    rows = agreement_changes(since=since)
    counts: dict[tuple[int, int], int] = {}
    for _pk, adopted_at, _first in rows:
        counts[_quarter(adopted_at)] = counts.get(_quarter(adopted_at), 0) + 1
    quarters = []
    if counts:  # from the period's start (or the first change) to now, empty quarters included
        year, quarter = _quarter(since) if since is not None else min(counts)
        end = _quarter(timezone.now())
        while (year, quarter) <= end:
            quarters.append((year, quarter))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    labels = [_("%(year)s Q%(quarter)s") % {"year": year, "quarter": q} for year, q in quarters]
    values = [[counts.get(q, 0)] for q in quarters]
    led = [(pk, first, adopted_at) for pk, adopted_at, first in rows if first is not None]
    median = _median_days(led)
    title = _("Written agreements changed per quarter")
    desc = (
        _(
            "%(count)d versions became vigerend; median %(days)s days from the first signal "
            "(%(led)d versions a decision led to)."
        )
        % {"count": len(rows), "days": _number(median), "led": len(led)}
        if median is not None
        else _("%(count)d versions became vigerend; none that a decision led to yet.")
        % {"count": len(rows)}
    )
    return Figure(
        key="afspraken",
        title=title,
        description=_(
            "Versions of werkafspraken, convenanten, spelregels, gegevensregelingen and "
            "beleidsregels that became vigerend, per quarter; and the median time from the first "
            "signal of the patterns whose decisions led to a version until it became vigerend."
        ),
        chart=bar_chart(
            id="chart-agreements",
            title=title,
            desc=desc,
            labels=labels,
            series=[_("Versions that became vigerend")],
            values=values,
        ),
        columns=[_("Quarter"), _("Versions that became vigerend")],
        rows=[[label, value[0]] for label, value in zip(labels, values, strict=True)],
        note=desc,
        empty=not rows,
        extra={"changed": len(rows), "median": median},
    )


def _proeftuinen_figure() -> Figure:
    """Where the proeftuinen stand today and how the ended ones ended (issue #22)."""
    figures = proeftuin_figures()
    states = [
        (ProeftuinState.PLANNED, figures.planned),
        (ProeftuinState.RUNNING, figures.running),
        (ProeftuinState.TO_DECIDE, figures.to_decide),
        (ProeftuinState.STRUCTURAL, figures.structural),
        (ProeftuinState.STOPPED, figures.stopped),
    ]
    if not figures.total:
        states = []  # no proeftuin yet: "no data", not a chart of zeros
    labels = [str(state.label) for state, _count in states]
    values = [[count] for _state, count in states]
    title = _("Proeftuinen by where they stand")
    desc = _(
        "%(total)d proeftuinen: %(running)d running with %(cases)d cases, %(due)d waiting for a "
        "decision; %(structural)d made structural, %(stopped)d stopped; %(extended)d extended "
        "and %(scaled)d scaled up at least once."
    ) % {
        "total": figures.total,
        "running": figures.running,
        "cases": figures.cases_running,
        "due": figures.to_decide,
        "structural": figures.structural,
        "stopped": figures.stopped,
        "extended": figures.extended,
        "scaled": figures.scaled_up,
    }
    return Figure(
        key="proeftuinen",
        title=title,
        description=_(
            "Fixes tried for a limited time: planned, running, past their end date without a "
            "decision, made structural in a written agreement, or stopped."
        ),
        chart=bar_chart(
            id="chart-proeftuinen",
            title=title,
            desc=desc,
            labels=labels,
            series=[_("Proeftuinen")],
            values=values,
        ),
        columns=[_("Where it stands"), _("Proeftuinen")],
        rows=[[label, value[0]] for label, value in zip(labels, values, strict=True)],
        note=_("Now: the period does not apply.") + " " + desc,
        empty=figures.total == 0,
        extra={
            "total": figures.total,
            "running": figures.running,
            "to_decide": figures.to_decide,
            "structural": figures.structural,
        },
    )


def _needs_figure() -> Figure:
    """What residents need, from the cases' "ik heb nodig" texts: each need category's share of
    the cases in the recent half of two years against the half before (issue #22)."""
    report = need_trends()
    shown = report.enough and bool(report.rows)
    rows = report.rows if shown else []
    title = _("Needs from the “ik heb nodig” texts")
    if shown:
        desc = "; ".join(
            f"{row.category.shown_name}: {row.before_text} → {row.recent_text} "
            f"({row.direction_label.lower()})"
            for row in rows
        )
    else:
        desc = _("Too few cases with an “ik heb nodig” text, or no need categories yet.")
    return Figure(
        key="behoeften",
        title=title,
        description=_(
            "The share of the shared cases whose “ik heb nodig” text asks for each need: "
            "%(recent)s against %(before)s. Rising or falling when the change is large and "
            "unlikely to be chance; the trends page has every period and group."
        )
        % {"recent": report.recent_label, "before": report.before_label},
        chart=bar_chart(
            id="chart-needs",
            title=title,
            desc=desc,
            labels=[row.category.shown_name for row in rows],
            series=[report.before_label, report.recent_label],
            values=[
                [
                    None if row.share_before is None else round(100 * row.share_before, 1),
                    None if row.share_recent is None else round(100 * row.share_recent, 1),
                ]
                for row in rows
            ],
            unit="%",
        ),
        columns=[
            _("Need"),
            _("Direction"),
            report.before_label,
            report.recent_label,
            _("Change (percentage points)"),
        ],
        rows=[
            [
                row.category.shown_name,
                row.direction_label,
                row.before_text,
                row.recent_text,
                row.change_text,
            ]
            for row in rows
        ],
        note=_("The last two years, by quarter: the period does not apply."),
        empty=not shown,
        extra={"rising": len(report.rising), "falling": len(report.falling)},
    )


#: The figures in dashboard order: key (also the CSV's name) -> builder(since).
FIGURES = {
    "open-patronen": lambda since: _open_patterns_figure(),
    "doorlooptijd": _lead_time_figure,
    "te-laat": lambda since: _overdue_figure(),
    "sessies": _sessions_figure,
    "knelpunten": _knelpunt_types_figure,
    "wetten": _laws_figure,
    "overgangsmomenten": _transitions_figure,
    "oplossingen": _solutions_figure,
    "rapportcijfer": _scores_figure,
    "rapportcijfer-leefgebied": _domain_scores_figure,
    "afspraken": _agreements_figure,
    "proeftuinen": lambda since: _proeftuinen_figure(),
    "behoeften": lambda since: _needs_figure(),
}


def dashboard_summary(figures: list[Figure]) -> list[tuple[str, str]]:
    """The key numbers of the dashboard, as ``(label, value)``."""
    by_key = {figure.key: figure for figure in figures}
    summary = []
    if "open-patronen" in by_key:
        summary.append((_("Open patterns"), _number(by_key["open-patronen"].extra["total"])))
    if "doorlooptijd" in by_key:
        labels = (
            _("Median days to a solution at a werktafel"),
            _("Median days to a decision at a stuurgroep"),
        )
        for label, (_measure, _count, median) in zip(
            labels, by_key["doorlooptijd"].extra["medians"], strict=True
        ):
            summary.append((label, _number(median)))
    if "te-laat" in by_key:
        extra = by_key["te-laat"].extra
        summary.append((_("Overdue decisions"), _number(extra["overdue_decisions"])))
        summary.append((_("Overdue actions"), _number(extra["overdue_actions"])))
    if "sessies" in by_key:
        extra = by_key["sessies"].extra
        summary.append((_("Leersessies held"), _number(extra["sessions"])))
        summary.append((_("Attendances"), _number(extra["attended"])))
    if "afspraken" in by_key:
        extra = by_key["afspraken"].extra
        summary.append((_("Written agreements changed"), _number(extra["changed"])))
        summary.append(
            (_("Median days from first signal to a vigerende version"), _number(extra["median"]))
        )
    if "proeftuinen" in by_key:
        extra = by_key["proeftuinen"].extra
        summary.append((_("Proeftuinen running"), _number(extra["running"])))
        summary.append((_("Proeftuinen made structural"), _number(extra["structural"])))
    if "behoeften" in by_key:
        summary.append((_("Needs rising"), _number(by_key["behoeften"].extra["rising"])))
    if "rapportcijfer" in by_key and by_key["rapportcijfer"].extra["n"] is not None:
        extra = by_key["rapportcijfer"].extra
        summary.append(
            (
                _("Residents' median mark, start → solution"),
                f"{_number(extra['median_before'])} → {_number(extra['median_after'])}",
            )
        )
    return summary


def network_figure(key: str, *, period: str = PERIOD_12_MONTHS) -> Figure:
    """One figure of the dashboard (``KeyError`` for an unknown key)."""
    return FIGURES[key](period_start(period))


def network_figures(*, period: str = PERIOD_12_MONTHS) -> list[Figure]:
    """Every figure of the dashboard for ``period`` (``"12m"`` or ``"alles"``)."""
    since = period_start(period)
    return [build(since) for build in FIGURES.values()]
