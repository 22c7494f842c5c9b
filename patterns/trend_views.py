"""Front-end views of the trend signals (issue #22): the report of needs across the cases, one
need category's page (its share per group, turning it into a pattern), the categories with the
suggested new ones, the CSV and the weekly digest's subscription."""

from __future__ import annotations

import csv
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from leernetwerk.kernel.spreadsheets import neutralise_formula
from leernetwerk.kernel.views import member_required
from leernetwerk.patterns import trends as service
from leernetwerk.patterns.forms import NeedCategoryForm, TrendFilterForm, TrendPatternForm
from leernetwerk.patterns.models import NeedCategory
from leernetwerk.patterns.views import _add_errors


def _viewer(request: HttpRequest) -> None:
    if not service.may_see_trends(request.user):
        raise PermissionDenied


@never_cache
@member_required
def trend_index(request: HttpRequest) -> HttpResponse:
    """The report: the share of cases per need category per period, rising and falling first;
    a POST starts or stops the weekly digest."""
    _viewer(request)
    if request.method == "POST":
        on = request.POST.get("digest") == "on"
        service.subscribe(request.user, on=on)
        messages.success(
            request,
            _("You will get the trends every week.")
            if on
            else _("You no longer get the trends every week."),
        )
        return redirect("leernetwerk_patterns:trends")
    form = TrendFilterForm(request.GET or None)
    report = service.trend_report(**form.options())
    return render(
        request,
        "leernetwerk_patterns/trend_index.html",
        {
            "form": form,
            "report": report,
            "subscribed": service.is_subscribed(request.user),
            "may_manage": service.may_manage_trends(request.user),
            "query": request.GET.urlencode(),
        },
    )


def _cell_count(cell, minimum: int) -> str:
    """The cell's number of cases as the page shows it (the same thresholds)."""
    if not cell.shown or cell.withheld:
        return ""
    if cell.small:
        return _("fewer than %(n)d") % {"n": minimum}
    return str(cell.count)


@never_cache
@member_required
def trend_csv(request: HttpRequest) -> HttpResponse:
    """The report as CSV (semicolons, byte-order mark, formulas neutralised): per category and
    period the cases and the share, with the same thresholds as the page."""
    _viewer(request)
    report = service.trend_report(**TrendFilterForm(request.GET or None).options())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="trends-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    header = [_("Need"), _("Direction"), _("Change (percentage points)")]
    for period in report.periods:
        header += [f"{period.label} {_('cases')}", f"{period.label} {_('share')}"]
    writer.writerow([neutralise_formula(value) for value in header])
    writer.writerow(
        [_("All cases with an “ik heb nodig” text"), "", ""]
        + [
            value
            for period in report.periods
            for value in ((str(period.total) if period.shown else ""), "")
        ]
    )
    for row in report.rows:
        change = row.change_text if row.change_shown is not None else ""
        values = [row.category.shown_name, row.direction_label, change]
        for cell in row.cells:
            values += [
                _cell_count(cell, report.minimum),
                service.percent(cell.share) if cell.share is not None else "",
            ]
        writer.writerow([neutralise_formula("" if v is None else str(v)) for v in values])
    return response


def _category(pk: int) -> NeedCategory:
    category = NeedCategory.objects.select_related("pattern").filter(pk=pk).first()
    if category is None:
        raise Http404
    return category


@never_cache
@member_required
def trend_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One need over the last two years by quarter: its share per period, per leefgebied,
    overgangsmoment, organisation and kind of solution; managers and policy officers turn it
    into a pattern ("gap in the offer") with the same figures."""
    _viewer(request)
    category = _category(pk)
    may_manage = service.may_manage_trends(request.user)
    form = None
    if may_manage:
        form = TrendPatternForm(
            request.POST if request.method == "POST" else None, user=request.user
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                pattern = service.trend_to_pattern(
                    category=category,
                    user=request.user,
                    table=form.cleaned_data["table"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The trend is now a pattern at the table."))
                return redirect(pattern.get_absolute_url())
    report = service.trend_report(categories=[category])
    since = report.periods[0].start
    today = timezone.localdate()
    return render(
        request,
        "leernetwerk_patterns/trend_detail.html",
        {
            "category": category,
            "row": report.rows[0],
            "report": report,
            "periods": list(zip(report.periods, report.rows[0].cells, strict=True)),
            "breakdowns": service.trend_breakdown(category, since=since, today=today),
            "since": since,
            "form": form,
            "gap_pattern": service.open_gap_pattern(category),
            "may_manage": may_manage,
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@never_cache
@member_required
def trend_categories(request: HttpRequest) -> HttpResponse:
    """The need categories, and the words many cases ask for that none covers (a suggestion is
    one click to a new category)."""
    _viewer(request)
    may_manage = service.may_manage_trends(request.user)
    form = NeedCategoryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                category = service.category_create(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The need category “%(name)s” counts from now on, in every case.")
                    % {"name": category.name},
                )
                return redirect(category.get_absolute_url())
    today = timezone.localdate()
    categories = list(NeedCategory.objects.order_by("-is_active", "name"))
    counts = service.category_case_counts(since=today - timedelta(days=365), today=today)
    return render(
        request,
        "leernetwerk_patterns/trend_categories.html",
        {
            "categories": [(category, counts.get(category.pk, 0)) for category in categories],
            "suggestions": service.category_suggestions(today=today),
            "form": form,
            "may_manage": may_manage,
            "minimum": service.minimum_cases(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
