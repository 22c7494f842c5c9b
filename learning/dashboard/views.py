"""The network dashboard for managers and stuurgroep members: the page, each figure's CSV, and
the panels on the Wagtail admin's home page."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from wagtail.admin.ui.components import Component

from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.spreadsheets import neutralise_formula
from leernetwerk.learning.dashboard.figures import (
    FIGURES,
    PERIOD_12_MONTHS,
    PERIODS,
    Figure,
    dashboard_summary,
    network_figure,
    network_figures,
)


def may_see_dashboard(user) -> bool:
    """Managers and stuurgroep members (and superusers) follow the network's figures."""
    return has_role(user, Role.MANAGER, Role.STUURGROEP)


def _period(request: HttpRequest) -> str:
    value = request.GET.get("periode", PERIOD_12_MONTHS)
    return value if value in dict(PERIODS) else PERIOD_12_MONTHS


@never_cache
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The network dashboard: every figure as an SVG chart with its data table and CSV."""
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    period = _period(request)
    figures = network_figures(period=period)
    return render(
        request,
        "leernetwerk_learning/dashboard/network.html",
        {
            "figures": figures,
            "summary": dashboard_summary(figures),
            "period": period,
            "periods": PERIODS,
        },
    )


def _cell(value) -> str:
    """The value as CSV text; a cell that would start a formula is neutralised."""
    return neutralise_formula("" if value is None else str(value))


def figure_csv(figure: Figure, *, period: str) -> HttpResponse:
    """The figure's data table as CSV: semicolon-separated with a byte-order mark (as Dutch
    spreadsheet programs expect), cells that would start a formula neutralised."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="dashboard-{figure.key}-{period}-{stamp}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_cell(column) for column in figure.columns])
    for row in figure.rows:
        writer.writerow([_cell(value) for value in row])
    return response


@never_cache
@login_required
def dashboard_csv(request: HttpRequest, figure: str) -> HttpResponse:
    if not may_see_dashboard(request.user):
        raise PermissionDenied
    if figure not in FIGURES:
        raise Http404
    period = _period(request)
    return figure_csv(network_figure(figure, period=period), period=period)


# --- the Wagtail admin's home page ---------------------------------------------------------------


def _figures_of(request) -> list[Figure]:
    """The figures, computed once per request however many panels show them."""
    figures = getattr(request, "_leernetwerk_dashboard", None)
    if figures is None:
        figures = request._leernetwerk_dashboard = network_figures(period=PERIOD_12_MONTHS)
    return figures


class DashboardSummaryPanel(Component):
    """The network's key figures at a glance, with a link to the dashboard."""

    name = "leernetwerk_dashboard_summary"
    template_name = "leernetwerk_learning/dashboard/admin_summary_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        return {"summary": dashboard_summary(_figures_of(self.request)), "request": self.request}


class DashboardFigurePanel(Component):
    """One figure of the dashboard (chart, data table, CSV) on the admin's home page."""

    template_name = "leernetwerk_learning/dashboard/admin_figure_panel.html"

    def __init__(self, request, key: str, order: int):
        self.request, self.key, self.order = request, key, order
        self.name = f"leernetwerk_dashboard_{key}"

    def get_context_data(self, parent_context=None):
        figure = next(f for f in _figures_of(self.request) if f.key == self.key)
        return {"figure": figure, "panel_id": self.name, "request": self.request}


def homepage_panels(request, panels: list) -> None:
    """Add the dashboard's panels for managers, stuurgroep members and superusers."""
    if not may_see_dashboard(request.user):
        return
    panels.append(DashboardSummaryPanel(request))
    for index, key in enumerate(FIGURES):
        panels.append(DashboardFigurePanel(request, key, order=51 + index))
