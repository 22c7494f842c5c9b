"""Front-end views of the patterns app: the board, a pattern's page, its steps on the ladder,
linking cases, suggestions and candidates, the dossier and the CSV export."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail import hooks

from leernetwerk.casework.selectors import case_get, case_search, shared_cases
from leernetwerk.kernel import conf
from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.live.selectors import last_event_id
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.views import error_messages, member_required
from leernetwerk.patterns import policy, proeftuin, register, services
from leernetwerk.patterns.cards import attach_card_html
from leernetwerk.patterns.constants import PatternAction
from leernetwerk.patterns.escalation import step_label, transition_for
from leernetwerk.patterns.exports import patterns_csv
from leernetwerk.patterns.forms import (
    BoardFilterForm,
    LinkCasesForm,
    PatternForm,
    PolicyAssignForm,
    PolicyRequestForm,
    PolicyUpdateForm,
    PolicyWatchForm,
    ReasonForm,
    RegisterFilterForm,
    ReplyForm,
    TransitionForm,
    VersionAdoptForm,
    VersionDraftForm,
)
from leernetwerk.patterns.models import (
    CasePatternSuggestion,
    Pattern,
    PatternCandidate,
    PolicyDocument,
    PolicyItem,
    PolicyVersion,
)
from leernetwerk.patterns.selectors import (
    open_candidates,
    pattern_board,
    pattern_cases,
    pattern_decisions,
    pattern_list,
    pattern_suggested_cases,
    pattern_timeline,
    register_documents,
    tables_of,
    version_decisions,
)
from leernetwerk.patterns.streams import board_stream
from leernetwerk.patterns.suggestions import candidate_evidence, similarity_to_pattern

LINK_SEARCH_RESULTS = 30


def _add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error_messages(error).items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


def _pattern(pk: int) -> Pattern:
    return get_object_or_404(Pattern.objects.select_related("table", "owner", "created_by"), pk=pk)


def _safe_next(request: HttpRequest) -> str:
    """A ``next`` address only when it stays on this site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    # A path only: ``redirect()`` would try to reverse anything else as a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return ""


def _board_url() -> str:
    from leernetwerk.patterns.models import PatternBoardPage

    board = PatternBoardPage.objects.live().first()
    return board.url if board is not None else ""


def may_see_trends(user) -> bool:
    from leernetwerk.patterns.trends import may_see_trends as rule

    return rule(user)


def _may_export(user) -> bool:
    return has_role(user, Role.MANAGER, Role.STUURGROEP)


# --- the board (PatternBoardPage.get_context) -------------------------------------------------


def _int(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def board_context(request: HttpRequest) -> dict:
    form = BoardFilterForm(request.GET or None)
    filters = form.filters(user=request.user)
    query = request.GET.copy()
    only_table = _int(request.GET.get("tafel"))
    query.pop("tafel", None)
    my_tables = tables_of(request.user)
    is_manager = has_role(request.user, Role.MANAGER)
    top_position = services.highest_active_position()
    columns = pattern_board(
        filters,
        limit=None if only_table else conf.get("LEERNETWERK_BOARD_COLUMN_LIMIT"),
        table_id=only_table,
    )
    attach_card_html(
        (pattern for column in columns for pattern in column.shown),
        may_act_everywhere=is_manager,
        my_table_ids=my_tables,
        top_position=top_position,
    )
    return {
        "filter_form": form,
        "may_act_everywhere": is_manager,
        "my_table_ids": my_tables,
        "columns": columns,
        "only_table": only_table,
        "candidates": list(open_candidates()),
        "is_manager": is_manager,
        "my_tables": ",".join(str(pk) for pk in sorted(my_tables)),
        "may_export": _may_export(request.user),
        "may_see_trends": may_see_trends(request.user),
        "querystring": query.urlencode(),
        "active_filters": any(v for v in request.GET.values()),
        "top_position": top_position,
        "live_url": "/ws/live/board/",
        "live_since": last_event_id(board_stream()),
    }


# --- a pattern ---------------------------------------------------------------------------------


#: Other apps offer actions on a pattern's page through this Wagtail hook: a function
#: ``(request, pattern) -> {"label", "url", "method", "help"} | None`` (the learning app offers
#: "draft a lesson from this pattern"). Patterns never import the apps above them.
PATTERN_ACTIONS_HOOK = "leernetwerk_pattern_actions"


def pattern_extra_actions(request: HttpRequest, pattern: Pattern) -> list[dict]:
    return [
        action
        for hook in hooks.get_hooks(PATTERN_ACTIONS_HOOK)
        if (action := hook(request, pattern))
    ]


#: Other apps add a section to a pattern's page through this hook: ``fn(request, pattern) ->
#: str`` (safe HTML, or "" for nothing); the learning app shows the thread of dilemmas and
#: sessions the pattern is part of (issue #22).
PATTERN_PANELS_HOOK = "leernetwerk_pattern_panels"


def pattern_panels(request: HttpRequest, pattern: Pattern) -> list[str]:
    from django.utils.safestring import mark_safe

    panels = (fn(request, pattern) for fn in hooks.get_hooks(PATTERN_PANELS_HOOK))
    return [mark_safe(html) for html in panels if html]  # noqa: S308 - rendered templates


@member_required
def pattern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = _pattern(pk)
    user = request.user
    may_act = services.may_act(user, pattern)
    actions = services.pattern_actions(pattern) if may_act else []
    links = list(pattern_cases(pattern))
    linked_ids = {link.case_id for link in links}
    timeline = list(pattern_timeline(pattern))
    # A NUL character is no search text (PostgreSQL refuses it in a query: a 500).
    search = (request.GET.get("q") or "").replace("\x00", "").strip()[:200]
    link_candidates = []
    if services.may_edit(user, pattern) or pattern.owner_id == user.pk:
        link_candidates = _with_similarity(
            pattern, _link_candidates(pattern, search, exclude=linked_ids)
        )
    return render(
        request,
        "leernetwerk_patterns/pattern_detail.html",
        {
            "pattern": pattern,
            "links": links,
            "timeline": timeline,
            "question": next(
                (e for e in reversed(timeline) if e.action == PatternAction.REQUEST_INFO), None
            ),
            "board_url": _board_url(),
            "top_position": services.highest_active_position(),
            "live_url": "/ws/live/board/",
            "live_since": last_event_id(board_stream()),
            "decisions": list(pattern_decisions(pattern)),
            "suggested": list(pattern_suggested_cases(pattern)[:10]),
            "actions": [
                (action, step_label(action), TransitionForm(action=action, pattern=pattern))
                for action in actions
            ],
            "may_act": may_act,
            "is_following": services.pattern_is_followed(pattern, user),
            "may_edit": services.may_edit(user, pattern),
            "may_reply": services.may_reply(user, pattern),
            "may_export": _may_export(user),
            "extra_actions": pattern_extra_actions(request, pattern),
            "panels": pattern_panels(request, pattern),
            "link_candidates": link_candidates,
            "search": search,
            "reply_form": ReplyForm(),
            "unlink_form": ReasonForm(),
            "next_table": services._next_table(pattern.table),
            "policy_items": list(
                pattern.policy_items.select_related(
                    "owner__member_profile", "version__document", "document"
                ).order_by("-created_at", "-pk")
            ),
            "may_request_policy": policy.may_request(user, pattern),
            "proeftuinen": proeftuin.proeftuinen_of(pattern),
            "may_start_proeftuin": proeftuin.may_start(user, pattern),
            "may_see_inbox": policy.may_see_inbox(user),
            "policy_form": PolicyRequestForm(),
        },
    )


def _link_candidates(pattern: Pattern, search: str, *, exclude: set[int]) -> list:
    """Cases to link: found by the search, else the suggested ones, else the newest."""
    cases = shared_cases().exclude(pk__in=exclude).select_related("knelpunt_type")
    if search:
        cases = case_search(cases, search)
        return list(cases.order_by("-first_published_at")[:LINK_SEARCH_RESULTS])
    suggested = [s.case_id for s in pattern_suggested_cases(pattern)[:LINK_SEARCH_RESULTS]]
    newest = cases.exclude(pk__in=suggested).order_by("-first_published_at")
    found = list(cases.filter(pk__in=suggested)) + list(
        newest[: max(0, LINK_SEARCH_RESULTS - len(suggested))]
    )
    return found


def _with_similarity(pattern: Pattern, cases: list) -> list:
    """The link screen shows how like the pattern each case is (issue #17), most alike first."""
    scores = similarity_to_pattern(pattern, [case.pk for case in cases])
    for case in cases:
        case.similarity = scores.get(case.pk)
    return sorted(cases, key=lambda case: -(case.similarity or 0.0))


@member_required
def pattern_create(request: HttpRequest) -> HttpResponse:
    """Signal a pattern; ``?casus=<id>`` starts from a case (linked on saving)."""
    case = None
    raw = request.GET.get("casus", "")
    if raw.isascii() and raw.isdigit() and len(raw) < 19:
        case = shared_cases().filter(pk=int(raw)).first()
    if request.method == "POST":
        form = PatternForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                pattern = services.pattern_create(
                    user=request.user,
                    cases=[case] if case else [],
                    link_reason=_("The pattern was signalled from this case.") if case else "",
                    **data,
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    raise
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The pattern is signalled to the %(table)s.") % {"table": pattern.table.name},
                )
                return redirect(pattern.get_absolute_url())
    else:
        initial = {"table": services.default_table()}
        if case is not None:
            initial.update(
                {
                    "title": case.title,
                    "knelpunt_type": case.knelpunt_type_id,
                    "laws": [law.pk for law in case.laws.all()],
                    "life_domains": [domain.pk for domain in case.life_domains.all()],
                }
            )
        form = PatternForm(initial=initial, user=request.user)
    return render(request, "leernetwerk_patterns/pattern_form.html", {"form": form, "case": case})


@member_required
def pattern_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = _pattern(pk)
    if not services.may_edit(request.user, pattern):
        raise PermissionDenied
    if request.method == "POST":
        form = PatternForm(request.POST, editing=True, user=request.user, pattern=pattern)
        if form.is_valid():
            try:
                services.pattern_update(pattern=pattern, user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The pattern is saved."))
                return redirect(pattern.get_absolute_url())
    else:
        form = PatternForm(
            initial=PatternForm.initial_for(pattern),
            editing=True,
            user=request.user,
            pattern=pattern,
        )
    return render(
        request, "leernetwerk_patterns/pattern_form.html", {"form": form, "pattern": pattern}
    )


@require_POST
@member_required
def pattern_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link cases from the pattern's page (a case's author links their own case through a
    suggestion instead)."""
    pattern = _pattern(pk)
    if not services.may_link(request.user, pattern):
        raise PermissionDenied
    form = LinkCasesForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(f"{pattern.get_absolute_url()}#link")
    try:
        links = services.pattern_link_cases(
            pattern=pattern,
            cases=form.cleaned_data["cases"],
            user=request.user,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        for messages_ in error_messages(error).values():
            for message in messages_:
                messages.error(request, message)
        return redirect(f"{pattern.get_absolute_url()}#link")
    messages.success(
        request,
        ngettext(
            "%(count)d case linked to the pattern.",
            "%(count)d cases linked to the pattern.",
            len(links),
        )
        % {"count": len(links)},
    )
    return redirect(f"{pattern.get_absolute_url()}#cases")


@require_POST
@member_required
def pattern_unlink(request: HttpRequest, pk: int, case_pk: int) -> HttpResponse:
    pattern = _pattern(pk)
    case = case_get(pk=case_pk)
    if case is None:
        raise Http404
    form = ReasonForm(request.POST)
    if not services.may_act(request.user, pattern):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect(f"{pattern.get_absolute_url()}#cases")
    try:
        services.pattern_unlink_case(
            pattern=pattern, case=case, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for messages_ in error_messages(error).values():
            for message in messages_:
                messages.error(request, message)
    return redirect(f"{pattern.get_absolute_url()}#cases")


@member_required
def pattern_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on the ladder: a form with what the step requires, then the service."""
    pattern = _pattern(pk)
    if action not in PatternAction.values or transition_for(action) is None:
        raise Http404
    if not services.may_act(request.user, pattern):
        raise PermissionDenied
    back = request.POST.get("next") or request.GET.get("next") or ""
    form = TransitionForm(
        request.POST if request.method == "POST" else None, action=action, pattern=pattern
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.pattern_transition(
                pattern=pattern,
                user=request.user,
                action=action,
                text=data.get("text", ""),
                reason=data.get("reason", ""),
                effective_date=data.get("effective_date"),
                follow_up_date=data.get("follow_up_date"),
                owner=data.get("owner"),
                toets={k: v for k, v in data.items() if k.startswith("toets_")},
                policy_version=data.get("policy_version"),
                policy_request=data.get("policy_request", ""),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Done: %(action)s.") % {"action": PatternAction(action).label.lower()},
            )
            if back == "board" and _board_url():
                return redirect(_board_url())
            return redirect(pattern.get_absolute_url())
    return render(
        request,
        "leernetwerk_patterns/pattern_transition.html",
        {
            "pattern": pattern,
            "action": action,
            "label": step_label(action),
            "form": form,
            "allowed": action in services.pattern_actions(pattern),
            "next": back,
            "next_table": services._next_table(pattern.table),
        },
    )


@require_POST
@member_required
def pattern_follow(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Volgen" / "Niet meer volgen": hear of every step of a pattern, or no longer. The form
    sends the choice itself ("1" or "0"), so sending it twice changes nothing."""
    pattern = _pattern(pk)
    choice = request.POST.get("following")
    if choice not in ("1", "0"):
        messages.error(request, _("Choose whether to follow this pattern."))
    else:
        following = choice == "1"
        services.pattern_follow_set(pattern=pattern, user=request.user, following=following)
        messages.success(
            request,
            _("You follow this pattern: you hear of every step it takes.")
            if following
            else _("You no longer follow this pattern."),
        )
    return redirect(f"{pattern.get_absolute_url()}#follow")


@require_POST
@member_required
def pattern_reply(request: HttpRequest, pk: int) -> HttpResponse:
    pattern = _pattern(pk)
    form = ReplyForm(request.POST)
    if not services.may_reply(request.user, pattern):
        raise PermissionDenied
    if form.is_valid():
        try:
            services.pattern_info_reply(
                pattern=pattern, user=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            for messages_ in error_messages(error).values():
                for message in messages_:
                    messages.error(request, message)
            return redirect(f"{pattern.get_absolute_url()}#reply")
        messages.success(request, _("Thank you: the table has your answer."))
    else:
        messages.error(request, _("Write your answer."))
    return redirect(f"{pattern.get_absolute_url()}#timeline")


@member_required
def pattern_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable dossier for a stuurgroep or a ministry: the pattern, its cases summarised
    (no names), its timeline and its decisions."""
    pattern = _pattern(pk)
    links = list(pattern_cases(pattern))
    return render(
        request,
        "leernetwerk_patterns/pattern_dossier.html",
        {
            "pattern": pattern,
            "links": links,
            "timeline": list(pattern_timeline(pattern)),
            "decisions": list(pattern_decisions(pattern)),
            "recognitions": sum(link.recognition_count for link in links),
            "unshared": pattern.links.count() - len(links),
            "laws": sorted({str(law) for link in links for law in link.case.laws.all()}),
            "domains": sorted(
                {str(domain) for link in links for domain in link.case.life_domains.all()}
            ),
            "organisations": sorted(
                {org.name for link in links for org in link.case.organisations.all()}
            ),
            "printed_at": timezone.now(),
        },
    )


@member_required
def pattern_export(request: HttpRequest) -> HttpResponse:
    """CSV of the patterns (the board's filters apply) with their history."""
    if not _may_export(request.user):
        raise PermissionDenied
    form = BoardFilterForm(request.GET or None)
    patterns = pattern_list(form.filters(user=request.user)).order_by("table__position", "pk")
    history = request.GET.get("geschiedenis") == "1"
    return patterns_csv(patterns, history=history)


# --- suggestions and candidates ----------------------------------------------------------------


@require_POST
@member_required
def suggestion_accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        CasePatternSuggestion.objects.select_related("case", "pattern__table"), pk=pk
    )
    try:
        services.suggestion_accept(suggestion=suggestion, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(sum(error_messages(error).values(), [])))
    else:
        messages.success(
            request,
            _("The case is linked to the pattern “%(pattern)s”.")
            % {"pattern": suggestion.pattern.title},
        )
    return redirect(_safe_next(request) or f"{suggestion.case.url}#pattern-suggestions")


@require_POST
@member_required
def suggestion_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        CasePatternSuggestion.objects.select_related("case", "pattern__table"), pk=pk
    )
    try:
        services.suggestion_dismiss(suggestion=suggestion, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(sum(error_messages(error).values(), [])))
    else:
        messages.success(request, _("Noted: this suggestion will not come back."))
    return redirect(_safe_next(request) or f"{suggestion.case.url}#pattern-suggestions")


@member_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A candidate pattern: its signals, and (for managers) making it a pattern or not."""
    candidate = get_object_or_404(
        PatternCandidate.objects.select_related("knelpunt_type", "pattern"), pk=pk
    )
    is_manager = has_role(request.user, Role.MANAGER)
    cases = list(
        candidate.cases.live()
        .select_related("owner__member_profile", "knelpunt_type")
        .prefetch_related("laws", "life_domains", "tags")
        .order_by("-first_published_at")
    )
    evidence = candidate_evidence([case.pk for case in cases])
    for case in cases:
        case.evidence = evidence.cases.get(case.pk)
    if request.method == "POST":
        if not is_manager:
            raise PermissionDenied
        form = PatternForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                pattern = services.candidate_accept(
                    candidate=candidate, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("The pattern is signalled with its cases."))
                return redirect(pattern.get_absolute_url())
    else:
        laws = {law.pk for case in cases for law in case.laws.all()}
        domains = {domain.pk for case in cases for domain in case.life_domains.all()}
        form = PatternForm(
            user=request.user,
            initial={
                "title": candidate.title,
                "description": cases[0].knelpunt if cases else "",
                "table": services.default_table(),
                "knelpunt_type": candidate.knelpunt_type_id,
                "laws": sorted(laws),
                "life_domains": sorted(domains),
            },
        )
    return render(
        request,
        "leernetwerk_patterns/candidate_detail.html",
        {
            "candidate": candidate,
            "cases": cases,
            "evidence": evidence,
            "shared_facets": _facet_labels(evidence.shared_facets, cases),
            "form": form,
            "dismiss_form": ReasonForm(),
            "is_manager": is_manager,
        },
    )


def _facet_labels(facets, cases) -> list[str]:
    """Names for the index's facet keys (``law:3``, ``domain:2``, ``tag:briefadres``), from the
    cases' prefetched vocabularies."""
    names = {}
    for case in cases:
        names.update({f"law:{law.pk}": str(law) for law in case.laws.all()})
        names.update({f"domain:{d.pk}": str(d) for d in case.life_domains.all()})
        names.update({f"tag:{tag.slug}": f"#{tag.name}" for tag in case.tags.all()})
    return [names[facet] for facet in facets if facet in names]


@require_POST
@member_required
def candidate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(PatternCandidate, pk=pk)
    form = ReasonForm(request.POST)
    if not has_role(request.user, Role.MANAGER):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("Give the reason."))
        return redirect("leernetwerk_patterns:candidate", pk=pk)
    try:
        services.candidate_dismiss(
            candidate=candidate, user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(sum(error_messages(error).values(), [])))
        return redirect("leernetwerk_patterns:candidate", pk=pk)
    messages.success(request, _("Noted: these signals are not proposed as a pattern again."))
    return redirect(_board_url() or reverse("leernetwerk_patterns:candidate", args=[pk]))


# --- the register of written agreements (issue #21) ---------------------------------------------


@member_required
def register_index(request: HttpRequest) -> HttpResponse:
    """The register: werkafspraken, convenanten, spelregels, gegevensregelingen, beleidsregels,
    each with its vigerende version."""
    form = RegisterFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    documents = register_documents(kind=data.get("soort") or "", query=data.get("q") or "")
    return render(
        request,
        "leernetwerk_patterns/register_index.html",
        {"form": form, "documents": documents, "may_draft": register.may_draft(request.user)},
    )


@member_required
def register_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(PolicyDocument.objects.prefetch_related("parties"), pk=pk)
    versions = list(
        document.versions.select_related("created_by__member_profile", "file")
        .annotate(decision_count=Count("decisions"))
        .order_by("-number")
    )
    return render(
        request,
        "leernetwerk_patterns/register_document.html",
        {
            "document": document,
            "versions": versions,
            "may_draft": register.may_draft(request.user),
        },
    )


@member_required
def register_version(request: HttpRequest, pk: int) -> HttpResponse:
    """One version: its text, what led to it (decisions and their patterns), and what changed
    since the version before, as a readable diff."""
    version = get_object_or_404(
        PolicyVersion.objects.select_related("document", "created_by__member_profile", "file"),
        pk=pk,
    )
    previous = register.previous_version(version)
    return render(
        request,
        "leernetwerk_patterns/register_version.html",
        {
            "version": version,
            "previous": previous,
            "diff": register.version_diff(previous, version),
            # The agreements are written in the network's language, whatever the reader's:
            # the diff (pieces of sentences) says so, for screen readers and translators.
            "content_language": settings.LANGUAGE_CODE.split("-")[0],
            "decisions": list(version_decisions(version)),
            "items": list(version.policy_items.select_related("pattern", "table")),
            "may_adopt": register.may_adopt(request.user),
            "adopt_form": VersionAdoptForm(initial={"effective_date": version.effective_date}),
        },
    )


def _drafting_item(request: HttpRequest, document: PolicyDocument) -> PolicyItem | None:
    """The inbox item a draft is written for (``?item=`` or the form's hidden field): an open
    one about this agreement or about none yet, that the member may draft for (theirs or
    nobody's; a manager's any); anything else is ignored."""
    from leernetwerk.patterns.constants import POLICY_ITEM_OPEN

    pk = _int(request.POST.get("item") or request.GET.get("item"))
    if pk is None:
        return None
    item = (
        PolicyItem.objects.filter(pk=pk, status__in=POLICY_ITEM_OPEN)
        .filter(Q(document=document) | Q(document__isnull=True))
        .select_related("pattern")
        .first()
    )
    return item if item is not None and policy.may_draft_for(request.user, item) else None


@member_required
def register_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the next version of an agreement, starting from the newest version's text (for an
    item of the policy inbox when one is named)."""
    document = get_object_or_404(PolicyDocument, pk=pk)
    if not register.may_draft(request.user):
        raise PermissionDenied
    latest = document.versions.order_by("-number").first()
    item = _drafting_item(request, document)
    if request.method == "POST":
        form = VersionDraftForm(request.POST)
        if form.is_valid():
            try:
                version = register.version_draft(
                    document=document, user=request.user, item=item, **form.cleaned_data
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(number)s is drafted as a concept.") % {"number": version.number},
                )
                return redirect(version.get_absolute_url())
    else:
        form = VersionDraftForm(
            initial={"text": register.text_paragraphs(latest.text) if latest else ""}
        )
    return render(
        request,
        "leernetwerk_patterns/register_draft.html",
        {"document": document, "latest": latest, "form": form, "item": item},
    )


@require_POST
@member_required
def register_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(PolicyVersion.objects.select_related("document"), pk=pk)
    if not register.may_adopt(request.user):
        raise PermissionDenied
    form = VersionAdoptForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(version.get_absolute_url())
    try:
        register.version_adopt(
            version=version, user=request.user, effective_date=form.cleaned_data["effective_date"]
        )
    except ValidationError as error:
        for messages_ in error_messages(error).values():
            for message in messages_:
                messages.error(request, message)
    else:
        messages.success(
            request,
            _("Version %(number)s is now vigerend; the version before it has lapsed.")
            % {"number": version.number},
        )
    return redirect(version.get_absolute_url())


# --- the policy inbox (issue #21) ----------------------------------------------------------------


def _form_errors_to_messages(request: HttpRequest, errors) -> None:
    for field_errors in errors.values():
        for message in field_errors:
            messages.error(request, message)


@member_required
def policy_inbox(request: HttpRequest) -> HttpResponse:
    """The policy inbox: open items (mine first when asked), what I follow, what was dealt with."""
    user = request.user
    if not policy.may_see_inbox(user):
        raise PermissionDenied
    mine = request.GET.get("mijn") == "1"
    items = list(policy.inbox_items(mine_only_for=user if mine else None))
    watch = policy.watch_for(user)
    is_officer = has_role(user, Role.POLICY_OFFICER)
    return render(
        request,
        "leernetwerk_patterns/policy_inbox.html",
        {
            "items": items,
            "closed": list(policy.inbox_items(open_only=False)[:20]),
            "mine": mine,
            "may_work": policy.may_work(user),
            "is_manager": has_role(user, Role.MANAGER),
            "is_officer": is_officer,
            "followed": policy.followed_patterns(user) if is_officer else [],
            "watch_form": PolicyWatchForm(
                initial={
                    "laws": list(watch.laws.all()) if watch else [],
                    "tags": watch.tags if watch else "",
                }
            ),
            "assign_form": PolicyAssignForm(),
            "update_form": PolicyUpdateForm(),
            "take_up_form": PolicyRequestForm(),
            "live_url": "/ws/live/beleid/",
            "live_since": last_event_id(policy.policy_stream()),
            "today": timezone.localdate(),
        },
    )


def _policy_item(pk: int) -> PolicyItem:
    return get_object_or_404(PolicyItem.objects.select_related("pattern", "table"), pk=pk)


def _inbox_url() -> str:
    return reverse("leernetwerk_patterns:policy_inbox")


def _policy_post(request, *, form, act, success, back: str, done_url=None) -> HttpResponse:
    """Run one policy step from a POST: a form's errors or the service's refusal become
    messages (nothing is lost: the page shows them), else the success message. ``act`` gets the
    form's cleaned data; ``done_url`` maps its result to where to go (default ``back``)."""
    if form is not None and not form.is_valid():
        _form_errors_to_messages(request, form.errors)
        return redirect(back)
    try:
        result = act(**(form.cleaned_data if form is not None else {}))
    except ValidationError as error:
        _form_errors_to_messages(request, error_messages(error))
        return redirect(back)
    messages.success(request, success)
    return redirect(done_url(result) if done_url else back)


@require_POST
@member_required
def policy_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A table asks policy for a written change (from the pattern's page)."""
    pattern = _pattern(pk)
    if not policy.may_request(request.user, pattern):
        raise PermissionDenied
    return _policy_post(
        request,
        form=PolicyRequestForm(request.POST),
        act=lambda **data: policy.item_request(pattern=pattern, user=request.user, **data),
        success=_("Your request is in the policy inbox; the policy officers are told."),
        back=f"{pattern.get_absolute_url()}#policy",
    )


@require_POST
@member_required
def policy_take_up(request: HttpRequest, pk: int) -> HttpResponse:
    """A policy officer takes up a pattern about something they follow."""
    pattern = _pattern(pk)
    if not has_role(request.user, Role.POLICY_OFFICER):
        raise PermissionDenied
    return _policy_post(
        request,
        form=PolicyRequestForm(request.POST),
        act=lambda **data: policy.item_take_up(
            pattern=pattern, user=request.user, request=data["request"], due_date=data["due_date"]
        ),
        success=_("You took up “%(pattern)s”.") % {"pattern": pattern.title},
        back=_inbox_url(),
        done_url=lambda item: f"{_inbox_url()}#{item.dom_id}",
    )


@require_POST
@member_required
def policy_item_take(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(pk)
    if not policy.may_work(request.user):
        raise PermissionDenied
    return _policy_post(
        request,
        form=None,
        act=lambda: policy.item_take(item=item, user=request.user),
        success=_("The item is yours now."),
        back=f"{_inbox_url()}#{item.dom_id}",
    )


@require_POST
@member_required
def policy_item_assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(pk)
    if not policy.may_work(request.user):
        raise PermissionDenied
    return _policy_post(
        request,
        form=PolicyAssignForm(request.POST),
        act=lambda owner: policy.item_assign(item=item, user=request.user, owner=owner),
        success=_("The item is handed on; the policy officer is told."),
        back=f"{_inbox_url()}#{item.dom_id}",
    )


@require_POST
@member_required
def policy_item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = _policy_item(pk)
    if not policy.may_update(request.user, item):
        raise PermissionDenied
    return _policy_post(
        request,
        form=PolicyUpdateForm(request.POST),
        act=lambda **data: policy.item_update(item=item, user=request.user, **data),
        success=_("The item is updated."),
        back=f"{_inbox_url()}#{item.dom_id}",
    )


@require_POST
@member_required
def policy_watch(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.POLICY_OFFICER):
        raise PermissionDenied
    return _policy_post(
        request,
        form=PolicyWatchForm(request.POST),
        act=lambda **data: policy.watch_set(user=request.user, **data),
        success=_("Saved: patterns about these reach your policy inbox."),
        back=f"{_inbox_url()}#followed",
    )
