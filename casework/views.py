"""Front-end views of the casework app: bringing in cases, the discussion, the access log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from leernetwerk.casework import services
from leernetwerk.casework.constants import CaseSort, DoorbraakStatus
from leernetwerk.casework.forms import (
    AgreementCheckForm,
    AgreementForm,
    CaseClosingForm,
    CaseFilterForm,
    CaseForm,
    CommentForm,
    DoorbraakDecisionForm,
    DoorbraakForm,
    FollowForm,
    HideCommentForm,
    PrecedentFilterForm,
    PrecedentForm,
    RecognitionForm,
    RouteCheckForm,
    ScoreForm,
)
from leernetwerk.casework.models import (
    Agreement,
    CasePage,
    Comment,
    Doorbraak,
    Precedent,
    Recognition,
)
from leernetwerk.casework.selectors import (
    case_access_log,
    case_agreements,
    case_discussion,
    case_doorbraken,
    case_index,
    case_is_followed,
    case_last_visit,
    case_list,
    case_precedents,
    case_recognitions,
    current_mandates,
    mandates_held_by,
    member_may_see_case,
    open_doorbraken_for,
    precedent_list,
    score_table,
)
from leernetwerk.casework.threads import discussion_html
from leernetwerk.kernel import conf
from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.live.selectors import last_event_id
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.kernel.members.names import member_name
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.views import error_messages, member_required, wants_json

#: Wagtail hook other apps use to show what became of cases (e.g. their patterns) without
#: casework importing them: ``fn(case_ids: list[int]) -> dict[int, list[dict(label, url)]]``.
CASE_BADGES_HOOK = "leernetwerk_case_badges"
#: Wagtail hook other apps use to add a section to a case page (e.g. "this may belong to
#: pattern X"): ``fn(request, case) -> str`` (safe HTML, or "" for nothing).
CASE_PANELS_HOOK = "leernetwerk_case_panels"


def case_panels(request: HttpRequest, case: CasePage) -> list[str]:
    from django.utils.safestring import mark_safe

    panels = (fn(request, case) for fn in hooks.get_hooks(CASE_PANELS_HOOK))
    return [mark_safe(html) for html in panels if html]  # noqa: S308 - rendered templates


def case_badges(case_ids: list[int]) -> dict[int, list[dict]]:
    badges: dict[int, list[dict]] = {}
    for fn in hooks.get_hooks(CASE_BADGES_HOOK):
        for case_id, items in fn(case_ids).items():
            badges.setdefault(case_id, []).extend(items)
    return badges


# --- page contexts (called from the Page models' get_context) ---------------------------------


def case_index_context(request: HttpRequest, *, index) -> dict:
    form = CaseFilterForm(request.GET or None)
    filters, sort = form.filters()
    paginator = Paginator(
        case_list(index=index, filters=filters, sort=sort, viewer=request.user),
        conf.get("LEERNETWERK_CASES_PER_PAGE"),
    )
    page_obj = paginator.get_page(request.GET.get("page"))
    cases = list(page_obj.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "cases": cases,
        "page_obj": page_obj,
        "badges": case_badges([case.pk for case in cases]),
        "querystring": query.urlencode(),
        "active_filters": bool(
            request.GET and any(v for k, v in request.GET.items() if k not in ("page", "sort"))
        ),
    }


def case_page_context(request: HttpRequest, *, case: CasePage) -> dict:
    user = request.user
    recognitions = list(case_recognitions(case))
    comments = case_discussion(case)
    visible = [c for c in comments if c.is_visible] + [
        r for c in comments for r in c.replies.all() if r.is_visible
    ]
    can_edit = services.can_edit_case(user, case)
    last_seen = case_last_visit(case, user)
    quote = _quote(request, comments)
    is_manager = has_role(user, Role.MANAGER)
    agreements = case_agreements(case)
    for agreement in agreements:
        agreement.may_check = services.can_check_agreement(user, agreement)
    return {
        "agreements": agreements,
        "agreement_form": AgreementForm() if can_edit else None,
        "score_table": score_table(case.pk),
        "score_form": ScoreForm() if can_edit else None,
        "precedents": case_precedents(case),
        "comment_initial": _cited_precedent(request),
        "closing": getattr(case, "closing", None) if _has_closing(case) else None,
        "closing_form": _closing_form(case) if can_edit and case.live else None,
        "comments": comments,
        # Cached threads (casework/threads.py); rendered per reader when a quote opens a box.
        "discussion": None
        if quote
        else discussion_html(request, comments, is_manager=is_manager, last_seen=last_seen),
        "comment_count": len(visible),
        "last_seen": last_seen,
        "is_following": case_is_followed(case, user),
        "quote": quote,
        "doorbraken": list(case_doorbraken(case)),
        "doorbraak_form": DoorbraakForm(user=user) if can_edit else None,
        "doorbraak_decision_form": DoorbraakDecisionForm(),
        "is_mandate_holder": services.is_mandate_holder(user),
        "panels": case_panels(request, case),
        "comment_form": CommentForm(),
        "recognitions": recognitions,
        "recognised": any(r.user_id == user.pk for r in recognitions),
        "recognition_form": RecognitionForm(),
        "can_edit": can_edit,
        "is_manager": is_manager,
        "badges": case_badges([case.pk]).get(case.pk, []),
        "live_url": f"/ws/live/case/{case.pk}/",
        "live_since": last_event_id(case_stream(case.pk)),
    }


def _closing_form(case: CasePage) -> CaseClosingForm:
    if not _has_closing(case):
        return CaseClosingForm()
    closing = case.closing
    return CaseClosingForm(
        initial={
            "worked": closing.worked,
            "did_not_work": closing.did_not_work,
            "closed_on": closing.closed_on,
        }
    )


def _has_closing(case: CasePage) -> bool:
    from leernetwerk.casework.models import CaseClosing

    try:
        return case.closing is not None
    except CaseClosing.DoesNotExist:
        return False


def _cited_precedent(request: HttpRequest) -> str:
    """ "Cite in a comment" (``?cite=<precedent number>``): the new comment starts with a link
    to the precedent."""
    from django.utils.html import escape

    try:
        wanted = int(request.GET.get("cite") or 0)
    except ValueError:
        return ""
    precedent = Precedent.objects.filter(pk=wanted).first() if wanted > 0 else None
    if precedent is None:
        return ""
    # The HTML a member would type (a plain string: the template escapes it into the box).
    url, title = precedent.get_absolute_url(), escape(precedent.title)
    return f'<a href="{url}">{_("Precedent")} P{precedent.pk}: {title}</a> '


def _quote(request: HttpRequest, comments: list[Comment]) -> dict | None:
    """ "Citeren" without JavaScript (``?quote=<comment id>``): the thread whose reply box gets
    the quote, and the quote. Only a visible comment of this case (the ones on the page)."""
    try:
        wanted = int(request.GET.get("quote") or 0)
    except ValueError:
        return None
    for top in comments:
        for comment in (top, *top.replies.all()):
            if comment.pk == wanted and comment.is_visible and top.is_visible:
                return {"thread": top.pk, "text": comment.quote_text()}
    return None


# --- cases ------------------------------------------------------------------------------------


@member_required
def case_create(request: HttpRequest) -> HttpResponse:
    """Bring in a case: saved as a draft or published (with the resident's consent)."""
    index = case_index()
    if index is None:
        raise Http404
    return _case_form(request, index=index, case=None)


@member_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(CasePage, pk=pk)
    if not services.can_edit_case(request.user, case):
        raise PermissionDenied
    return _case_form(request, index=case.get_parent().specific, case=case)


def _case_form(request: HttpRequest, *, index, case: CasePage | None) -> HttpResponse:
    may_override = has_role(request.user, Role.MANAGER)
    draft = case.get_latest_revision_as_object() if case else None
    if request.method == "POST":
        form = CaseForm(request.POST, may_override=may_override)
        if form.is_valid():
            publish_now = request.POST.get("action") == "publish"
            data = dict(form.cleaned_data)
            override_reason = data.pop("override_reason", "")
            try:
                saved = services.case_save(
                    user=request.user,
                    data=data,
                    index=index,
                    case=case,
                    publish_now=publish_now,
                    override_reason=override_reason,
                )
            except ValidationError as error:
                for field, messages_ in error_messages(error).items():
                    for message in messages_:
                        form.add_error(field if field in form.fields else None, message)
            else:
                if publish_now:
                    messages.success(request, _("The case is published for the network."))
                    return redirect(saved.url)
                messages.success(request, _("Draft saved. Only you and the managers can see it."))
                return redirect("leernetwerk_casework:case_edit", pk=saved.pk)
    else:
        form = CaseForm(
            initial=CaseForm.initial_for(draft)
            if draft
            else {
                "retention_date": CasePage._meta.get_field("retention_date").get_default(),
            },
            may_override=may_override,
        )
    return render(
        request, "leernetwerk_casework/case_form.html", {"form": form, "case": case, "draft": draft}
    )


@member_required
def my_cases(request: HttpRequest) -> HttpResponse:
    """The member's own cases, drafts included."""
    from leernetwerk.casework.selectors import CaseFilters

    cases = list(
        case_list(
            filters=CaseFilters(owner_id=request.user.pk),
            include_drafts=True,
            viewer=request.user,
        )
    )
    followed = list(
        case_list(
            filters=CaseFilters(followed_by=request.user.pk),
            sort=CaseSort.ACTIVITY,
            viewer=request.user,
        )
    )
    return render(
        request,
        "leernetwerk_casework/my_cases.html",
        {
            "cases": cases,
            "followed": followed,
            "badges": case_badges([c.pk for c in cases + followed]),
        },
    )


@member_required
def case_access(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers see who looked at a case (AVG access log)."""
    if not has_role(request.user, Role.MANAGER):
        raise PermissionDenied
    case = get_object_or_404(CasePage, pk=pk)
    return render(
        request,
        "leernetwerk_casework/case_access.html",
        {"case": case, "entries": case_access_log(case)},
    )


# --- discussion -------------------------------------------------------------------------------


def _respond(
    request: HttpRequest, case: CasePage, *, ok: bool, errors=None, anchor: str = "discussion"
):
    if wants_json(request):
        return JsonResponse({"ok": ok, "errors": errors or {}}, status=200 if ok else 400)
    for messages_ in (errors or {}).values():
        for message in messages_:
            messages.error(request, message)
    return redirect(f"{case.url}#{anchor}")


def _live_case(request: HttpRequest, pk: int) -> CasePage:
    case = get_object_or_404(CasePage.objects.live(), pk=pk)
    if not member_may_see_case(request.user, case):
        raise PermissionDenied
    return case


@require_POST
@member_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _live_case(request, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, case, ok=False, errors={k: list(v) for k, v in form.errors.items()}
        )
    parent = None
    if form.cleaned_data.get("parent"):
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], case=case).first()
        if parent is None:
            return _respond(
                request, case, ok=False, errors={"parent": [_("That comment no longer exists.")]}
            )
    try:
        comment = services.comment_create(
            case=case,
            author=request.user,
            body=form.cleaned_data["body"],
            parent=parent,
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
    except ValidationError as error:
        return _respond(request, case, ok=False, errors=error_messages(error))
    return _respond(request, case, ok=True, anchor=comment.dom_id)


@member_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("case"), pk=pk)
    case = comment.case
    if not comment.can_edit(request.user):
        raise PermissionDenied
    form = CommentForm(
        request.POST if request.method == "POST" else None, initial={"body": comment.body}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            for field, messages_ in error_messages(error).items():
                for message in messages_:
                    form.add_error("body" if field == "body" else None, message)
        else:
            return redirect(f"{case.url}#{comment.dom_id}")
    return render(
        request,
        "leernetwerk_casework/comment_edit.html",
        {"form": form, "comment": comment, "case": case},
    )


@require_POST
@member_required
def comment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("case"), pk=pk)
    services.comment_remove(comment=comment, user=request.user)
    return _respond(request, comment.case, ok=True, anchor=comment.dom_id)


@require_POST
@member_required
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("case"), pk=pk)
    if not has_role(request.user, Role.MANAGER):
        raise PermissionDenied
    form = HideCommentForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, comment.case, ok=False, errors={k: list(v) for k, v in form.errors.items()}
        )
    try:
        services.comment_hide(
            comment=comment, manager=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        return _respond(request, comment.case, ok=False, errors=error_messages(error))
    return _respond(request, comment.case, ok=True, anchor=comment.dom_id)


@require_POST
@member_required
def case_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Volgen" / "Niet meer volgen": hear of every new comment on a case, or no longer."""
    case = _live_case(request, pk)
    form = FollowForm(request.POST)
    if not form.is_valid():
        return _respond(
            request,
            case,
            ok=False,
            errors={k: list(v) for k, v in form.errors.items()},
            anchor="follow",
        )
    following = form.cleaned_data["following"] == "1"
    services.case_follow_set(case=case, user=request.user, following=following)
    if not wants_json(request):
        messages.success(
            request,
            _("You follow this case: you hear of every new comment.")
            if following
            else _("You no longer follow this case."),
        )
    return _respond(request, case, ok=True, anchor="follow")


@require_POST
@member_required
def recognition_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Herken ik" on, or off again."""
    case = _live_case(request, pk)
    if Recognition.objects.filter(case=case, user=request.user).exists():
        services.recognition_remove(case=case, user=request.user)
        return _respond(request, case, ok=True, anchor="recognitions")
    form = RecognitionForm(request.POST)
    if not form.is_valid():
        return _respond(
            request, case, ok=False, errors={k: list(v) for k, v in form.errors.items()}
        )
    try:
        services.recognition_add(case=case, user=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        return _respond(request, case, ok=False, errors=error_messages(error))
    return _respond(request, case, ok=True, anchor="recognitions")


# --- agreements (MDO) --------------------------------------------------------------------------


def _case_form_post(request: HttpRequest, case: CasePage, form, *, anchor: str, save, done):
    """The shape of the case page's small forms: validate ``form``, ``save(cleaned_data)``, and
    answer as ``_respond`` does (JSON for the page's script, a redirect with the message
    otherwise). ``done(saved)`` gives the success message and the anchor to land on."""
    if not form.is_valid():
        errors = {k: list(v) for k, v in form.errors.items()}
        return _respond(request, case, ok=False, errors=errors, anchor=anchor)
    try:
        saved = save(form.cleaned_data)
    except ValidationError as error:
        return _respond(request, case, ok=False, errors=error_messages(error), anchor=anchor)
    message, landing = done(saved)
    if not wants_json(request):
        messages.success(request, message)
    return _respond(request, case, ok=True, anchor=landing)


def _editable_live_case(request: HttpRequest, pk: int) -> CasePage:
    case = _live_case(request, pk)
    if not services.can_edit_case(request.user, case):
        raise PermissionDenied
    return case


@require_POST
@member_required
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's author (or a manager) records an agreement made at the MDO."""
    case = _editable_live_case(request, pk)
    return _case_form_post(
        request,
        case,
        AgreementForm(request.POST),
        anchor="agreements",
        save=lambda data: services.agreement_add(case=case, user=request.user, **data),
        done=lambda agreement: (
            _("The agreement is recorded; it is checked on %(date)s.")
            % {"date": f"{agreement.check_due:%d-%m-%Y}"},
            agreement.dom_id,
        ),
    )


@require_POST
@member_required
def agreement_check(request: HttpRequest, pk: int) -> HttpResponse:
    """The six-week check of an agreement: its owner, the case's author or a manager."""
    agreement = get_object_or_404(Agreement.objects.select_related("case"), pk=pk)
    case = _live_case(request, agreement.case_id)
    if not services.can_check_agreement(request.user, agreement):
        raise PermissionDenied
    return _case_form_post(
        request,
        case,
        AgreementCheckForm(request.POST),
        anchor=agreement.dom_id,
        save=lambda data: services.agreement_check(agreement=agreement, user=request.user, **data),
        done=lambda check: (_("The check is recorded."), agreement.dom_id),
    )


@require_POST
@member_required
def score_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's author (or a manager) records the resident's mark."""
    case = _editable_live_case(request, pk)
    return _case_form_post(
        request,
        case,
        ScoreForm(request.POST),
        anchor="scores",
        save=lambda data: services.score_record(case=case, user=request.user, **data),
        done=lambda score: (_("The mark is recorded."), "scores"),
    )


@require_POST
@member_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    """The author (or a manager) closes the case with the partners' evaluation."""
    case = _editable_live_case(request, pk)
    return _case_form_post(
        request,
        case,
        CaseClosingForm(request.POST),
        anchor="closing",
        save=lambda data: services.case_close(case=case, user=request.user, **data),
        done=lambda closing: (_("The case is closed with your evaluation."), "closing"),
    )


# --- the mandaatregister and "wat mag ik zelf?" ------------------------------------------------


@member_required
def mandate_register(request: HttpRequest) -> HttpResponse:
    """ "Wat mag ik zelf?": the member's own mandates, who decides a request beyond them (a
    route check by law, kind and amount), and the register's current mandates."""
    form = RouteCheckForm(request.GET or None)
    route = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        route = services.doorbraak_route(
            law=data["law"], kind=data["kind"], amount=data["amount"], user=request.user
        )
    own = list(mandates_held_by(request.user))
    return render(
        request,
        "leernetwerk_casework/mandate_register.html",
        {
            "form": form,
            "route": route,
            "own": own,
            "register": current_mandates(),
            "is_mandate_holder": services.is_mandate_holder(request.user),
        },
    )


# --- precedents ("afwegingen") -----------------------------------------------------------------


@member_required
def precedent_index(request: HttpRequest) -> HttpResponse:
    """The precedent library: searchable and filterable by law, leefgebied, knelpunt type and
    overgangsmoment."""
    form = PrecedentFilterForm(request.GET or None)
    filters = form.filters()
    paginator = Paginator(precedent_list(filters), conf.get("LEERNETWERK_CASES_PER_PAGE"))
    page_obj = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "leernetwerk_casework/precedent_index.html",
        {
            "filter_form": form,
            "precedents": list(page_obj.object_list),
            "page_obj": page_obj,
            "querystring": query.urlencode(),
            "active_filters": any(v for k, v in request.GET.items() if k != "page"),
        },
    )


@member_required
def precedent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    precedent = get_object_or_404(precedent_list(), pk=pk)
    return render(
        request,
        "leernetwerk_casework/precedent_detail.html",
        {
            "precedent": precedent,
            "may_remove": precedent.created_by_id == request.user.pk
            or has_role(request.user, Role.MANAGER),
            "case_visible": precedent.case is not None and precedent.case.live,
        },
    )


@member_required
def precedent_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Any member who may see the case marks its maatwerk or a doorbraak decision as a
    precedent, on a page of its own (the case page stays light); what was typed stays on an
    error."""
    case = _live_case(request, pk)
    if request.method != "POST":
        form = PrecedentForm(case=case, initial=PrecedentForm.initial_for(case))
        return render(
            request, "leernetwerk_casework/precedent_form.html", {"form": form, "case": case}
        )
    form = PrecedentForm(request.POST, case=case)
    if form.is_valid():
        try:
            precedent = services.precedent_create(case=case, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error_messages(error).items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            if wants_json(request):
                return JsonResponse({"ok": True, "errors": {}, "url": precedent.get_absolute_url()})
            messages.success(request, _("The precedent is in the library."))
            return redirect(precedent.get_absolute_url())
    if wants_json(request):
        return JsonResponse(
            {"ok": False, "errors": {k: list(v) for k, v in form.errors.items()}}, status=400
        )
    return render(
        request,
        "leernetwerk_casework/precedent_form.html",
        {"form": form, "case": case},
    )


@require_POST
@member_required
def precedent_remove(request: HttpRequest, pk: int) -> HttpResponse:
    precedent = get_object_or_404(Precedent, pk=pk)
    services.precedent_remove(precedent=precedent, user=request.user)
    messages.success(request, _("The precedent is removed from the library."))
    return redirect("leernetwerk_casework:precedent_index")


# --- doorbraak --------------------------------------------------------------------------------


@require_POST
@member_required
def doorbraak_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's author asks a mandate holder for a doorbraak."""
    case = _live_case(request, pk)
    if not services.can_edit_case(request.user, case):
        raise PermissionDenied
    form = DoorbraakForm(request.POST, user=request.user)
    if not form.is_valid():
        return _respond(
            request,
            case,
            ok=False,
            errors={k: list(v) for k, v in form.errors.items()},
            anchor="doorbraak",
        )
    try:
        doorbraak = services.doorbraak_request(case=case, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _respond(request, case, ok=False, errors=error_messages(error), anchor="doorbraak")
    # Shown on the page the form reloads (or redirects) to: who got the request, and why.
    if doorbraak.routed_mandate_id:
        messages.success(
            request,
            _("Your request is sent to %(holder)s, under the mandate “%(mandate)s”.")
            % {
                "holder": member_name(doorbraak.mandate_holder),
                "mandate": doorbraak.routed_mandate.title,
            },
        )
    else:
        messages.success(request, _("Your request is sent to the mandate holder."))
    return _respond(request, case, ok=True, anchor=doorbraak.dom_id)


@require_POST
@member_required
def doorbraak_decide(request: HttpRequest, pk: int) -> HttpResponse:
    doorbraak = get_object_or_404(Doorbraak.objects.select_related("case"), pk=pk)
    if not services.is_mandate_holder(request.user):
        raise PermissionDenied
    case = doorbraak.case
    form = DoorbraakDecisionForm(request.POST)
    if not form.is_valid():
        return _respond(
            request,
            case,
            ok=False,
            errors={k: list(v) for k, v in form.errors.items()},
            anchor=doorbraak.dom_id,
        )
    try:
        decided = services.doorbraak_decide(
            doorbraak=doorbraak,
            user=request.user,
            reason=form.cleaned_data["decision_reason"],
            toets_legal=form.cleaned_data["toets_legal"],
            toets_outcome=form.cleaned_data["toets_outcome"],
            toets_conditions=form.cleaned_data["toets_conditions"],
        )
    except ValidationError as error:
        return _respond(
            request, case, ok=False, errors=error_messages(error), anchor=doorbraak.dom_id
        )
    # Said on the page the form reloads (or redirects) to: in the inbox the request leaves the
    # list, and the member must see why.
    messages.success(
        request,
        _("You granted the doorbraak; the professional is told.")
        if decided.status == DoorbraakStatus.GRANTED
        else _("You refused the doorbraak with your reasons; the professional is told."),
    )
    return _respond(request, case, ok=True, anchor=doorbraak.dom_id)


@require_POST
@member_required
def doorbraak_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    doorbraak = get_object_or_404(Doorbraak.objects.select_related("case"), pk=pk)
    try:
        services.doorbraak_withdraw(doorbraak=doorbraak, user=request.user)
    except ValidationError as error:
        return _respond(request, doorbraak.case, ok=False, errors=error_messages(error))
    if not wants_json(request):
        messages.success(request, _("Your doorbraak request is withdrawn."))
    return _respond(request, doorbraak.case, ok=True, anchor=doorbraak.dom_id)


@member_required
def doorbraak_inbox(request: HttpRequest) -> HttpResponse:
    """A mandate holder's open doorbraak requests, addressed to them first."""
    if not services.is_mandate_holder(request.user):
        raise PermissionDenied
    return render(
        request,
        "leernetwerk_casework/doorbraak_inbox.html",
        {"doorbraken": list(open_doorbraken_for(request.user)), "form": DoorbraakDecisionForm()},
    )
