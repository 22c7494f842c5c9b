"""Front-end views of proeftuinen (issue #22): start one from a pattern's solution or decision,
its page (cases, measures, log, the decision at the end of a term) and the overview."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leernetwerk.kernel.views import member_required
from leernetwerk.patterns import proeftuin as service
from leernetwerk.patterns.constants import ProeftuinDecision, ProeftuinState
from leernetwerk.patterns.forms import (
    ProeftuinCasesForm,
    ProeftuinDecisionForm,
    ProeftuinForm,
    ProeftuinMeasureForm,
    ProeftuinNoteForm,
    ProeftuinVersionForm,
)
from leernetwerk.patterns.selectors import pattern_get
from leernetwerk.patterns.views import _add_errors

#: A new proeftuin's term, as the form proposes it (half a year).
DEFAULT_TERM_DAYS = 182


@member_required
def proeftuin_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a proeftuin from one of the pattern's solutions or decisions."""
    pattern = pattern_get(pk=pk)
    if pattern is None:
        raise Http404
    if not service.may_start(request.user, pattern):
        raise PermissionDenied
    today = timezone.localdate()
    form = ProeftuinForm(
        request.POST if request.method == "POST" else None,
        pattern=pattern,
        initial={
            "decision": service.starting_decisions(pattern).first(),
            "owner": request.user,
            "starts_on": today,
            "ends_on": today + timedelta(days=DEFAULT_TERM_DAYS),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            proeftuin = service.proeftuin_start(
                pattern=pattern, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The proeftuin has started."))
            return redirect(proeftuin.get_absolute_url())
    return render(
        request,
        "leernetwerk_patterns/proeftuin_form.html",
        {"pattern": pattern, "form": form},
    )


#: The forms of a proeftuin's page, by the ``step`` a POST names: (form class, who may, service).
STEPS = {
    "cases": (ProeftuinCasesForm, service.may_keep),
    "measure": (ProeftuinMeasureForm, service.may_keep),
    "note": (ProeftuinNoteForm, service.may_keep),
    "decide": (ProeftuinDecisionForm, service.may_decide),
    "version": (ProeftuinVersionForm, service.may_link_version),
}


def _form(step: str, proeftuin, data=None):
    form_class = STEPS[step][0]
    if form_class is ProeftuinCasesForm:
        return form_class(data, proeftuin=proeftuin, prefix=step)
    return form_class(data, prefix=step)


def _run(request: HttpRequest, step: str, proeftuin, data: dict) -> str:
    """Run one step; the success message."""
    user = request.user
    if step == "cases":
        added = service.proeftuin_add_cases(proeftuin=proeftuin, user=user, cases=data["cases"])
        return ngettext(
            "%(count)d case added to the proeftuin.",
            "%(count)d cases added to the proeftuin.",
            added,
        ) % {"count": added}
    if step == "measure":
        service.proeftuin_measure(proeftuin=proeftuin, user=user, **data)
        return _("The measure is recorded.")
    if step == "note":
        service.proeftuin_note(proeftuin=proeftuin, user=user, text=data["text"])
        return _("The note is in the log.")
    if step == "decide":
        service.proeftuin_decide(proeftuin=proeftuin, user=user, **data)
        return _("The decision is recorded: %(decision)s.") % {
            "decision": ProeftuinDecision(data["decision"]).label
        }
    service.proeftuin_link_version(
        proeftuin=proeftuin, user=user, policy_version=data["policy_version"]
    )
    return _("The proeftuin points at the agreement version now.")


@member_required
def proeftuin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A proeftuin's page; its forms post here with ``step`` and come back with their errors
    (nothing typed is lost)."""
    proeftuin = service.proeftuin_get(pk)
    if proeftuin is None:
        raise Http404
    user = request.user
    forms = {}
    if request.method == "POST":
        step = request.POST.get("step", "")
        if step not in STEPS:
            messages.error(request, _("Unknown step."))
            return redirect(proeftuin.get_absolute_url())
        if not STEPS[step][1](user, proeftuin):
            raise PermissionDenied
        form = _form(step, proeftuin, request.POST)
        if form.is_valid():
            try:
                success = _run(request, step, proeftuin, form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, success)
                return redirect(f"{proeftuin.get_absolute_url()}#{step}")
        forms[step] = form
    for step, (_form_class, allowed) in STEPS.items():
        if step not in forms and allowed(user, proeftuin):
            forms[step] = _form(step, proeftuin)
    if "cases" in forms and not forms["cases"].fields["cases"].queryset.exists():
        if not forms["cases"].is_bound:
            del forms["cases"]
    return render(
        request,
        "leernetwerk_patterns/proeftuin_detail.html",
        {
            "proeftuin": proeftuin,
            "pattern": proeftuin.pattern,
            "cases": list(service.proeftuin_cases(proeftuin)),
            "measures": list(service.proeftuin_measures(proeftuin)),
            "log": list(service.proeftuin_log(proeftuin)),
            "scores": service.proeftuin_scores(proeftuin),
            "forms": forms,
            "may_keep": service.may_keep(user, proeftuin),
        },
    )


@member_required
def proeftuin_index(request: HttpRequest) -> HttpResponse:
    """Every proeftuin by where it stands: decision due first, then running, planned, ended."""
    groups = service.proeftuin_overview()
    order = (
        ProeftuinState.TO_DECIDE,
        ProeftuinState.RUNNING,
        ProeftuinState.PLANNED,
        ProeftuinState.STRUCTURAL,
        ProeftuinState.STOPPED,
    )
    return render(
        request,
        "leernetwerk_patterns/proeftuin_index.html",
        {
            "groups": [(ProeftuinState(state), groups[state]) for state in order],
            "total": sum(len(items) for items in groups.values()),
        },
    )
