"""Reads of the patterns app; the public face other apps may use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Count,
    F,
    IntegerField,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leernetwerk.casework.constants import CaseStatus
from leernetwerk.casework.selectors import (
    recognition_list,
    shared_cases,
    vocabulary_names_shown,
)
from leernetwerk.patterns.constants import OPEN_STATUSES, SuggestionStatus
from leernetwerk.patterns.figures import (
    SECOND_ORDER_SOLUTION,
    THIRD_ORDER_DECISION,
    PatternTrail,
    agreement_changes,
    lead_times,
    open_pattern_counts,
    overdue_decisions,
    pattern_trails,
    table_orders,
)
from leernetwerk.patterns.models import (
    CasePatternSuggestion,
    Decision,
    LearningTable,
    Pattern,
    PatternCandidate,
    PatternCase,
    PatternEvent,
    PatternTag,
)

__all__ = [
    "SECOND_ORDER_SOLUTION",
    "agreement_changes",
    "THIRD_ORDER_DECISION",
    "BoardColumn",
    "PatternFilters",
    "PatternTrail",
    "case_pattern_suggestions",
    "lead_times",
    "lesson_version",
    "open_pattern_counts",
    "overdue_decisions",
    "open_candidates",
    "overdue_patterns",
    "pattern_board",
    "pattern_cases",
    "pattern_decisions",
    "pattern_get",
    "linkable_patterns",
    "pattern_list",
    "pattern_provenance",
    "pattern_suggested_cases",
    "pattern_thread_steps",
    "pattern_timeline",
    "pattern_trails",
    "patterns_for_cases",
    "register_documents",
    "table_orders",
    "tables_of",
    "version_decisions",
]


@dataclass(frozen=True)
class PatternFilters:
    """What the board can be narrowed down by (all optional)."""

    status: str = ""
    knelpunt_type: int | None = None
    law: int | None = None
    life_domain: int | None = None
    tag: str = ""
    owner_id: int | None = None
    overdue: bool = False
    query: str = ""
    #: Patterns with at least one case at this overgangsmoment / with this kind of solution.
    transition: int | None = None
    solution_type: str = ""


@dataclass
class BoardColumn:
    """A table's column: the cards it shows (``patterns``, at most ``limit``, the most recently
    changed) and the counts of every pattern at the table (``total``, ``overdue_count``)."""

    table: LearningTable
    patterns: list[Pattern] = field(default_factory=list)
    #: How many cards the column shows (``None``: all); the counts cover every pattern.
    limit: int | None = None
    total: int = 0
    overdue_count: int = 0

    @property
    def shown(self) -> list[Pattern]:
        return self.patterns

    @property
    def more(self) -> int:
        return self.total - len(self.patterns)

    @property
    def more_overdue(self) -> int:
        return self.overdue_count - sum(1 for pattern in self.patterns if pattern.is_overdue)


def _recognitions_of_linked_cases():
    return Coalesce(
        Subquery(
            recognition_list()
            .filter(case__pattern_links__pattern=OuterRef("pk"))
            .order_by()
            .values("case__pattern_links__pattern")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def pattern_get(*, pk: int) -> Pattern | None:
    """One pattern by id (any status), with its table and people."""
    return Pattern.objects.select_related("table", "owner", "created_by").filter(pk=pk).first()


def _filtered(filters: PatternFilters) -> QuerySet[Pattern]:
    """The patterns ``filters`` select (each once)."""
    qs = Pattern.objects.all()
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.knelpunt_type:
        qs = qs.filter(knelpunt_type_id=filters.knelpunt_type)
    if filters.law:
        qs = qs.filter(laws=filters.law)
    if filters.life_domain:
        qs = qs.filter(life_domains=filters.life_domain)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    if filters.owner_id:
        qs = qs.filter(owner_id=filters.owner_id)
    if filters.overdue:
        qs = qs.filter(_overdue())
    if filters.query:
        qs = qs.filter(Q(title__icontains=filters.query) | Q(description__icontains=filters.query))
    if filters.transition:
        links = PatternCase.objects.filter(case__transition_id=filters.transition)
        qs = qs.filter(pk__in=links.values("pattern_id"))
    if filters.solution_type:
        links = PatternCase.objects.filter(case__solution_type=filters.solution_type)
        qs = qs.filter(pk__in=links.values("pattern_id"))
    if filters.law or filters.life_domain or filters.tag:
        qs = qs.distinct()
    return qs


def _overdue() -> Q:
    """``Pattern.is_overdue`` as a query."""
    return Q(status__in=OPEN_STATUSES, awaiting_info=False, next_deadline__lt=timezone.localdate())


def _with_counts(qs: QuerySet[Pattern]) -> QuerySet[Pattern]:
    links = Subquery(
        PatternCase.objects.filter(pattern=OuterRef("pk"))
        .order_by()
        .values("pattern")
        .annotate(n=Count("pk"))
        .values("n"),
        output_field=IntegerField(),
    )
    from leernetwerk.patterns.proeftuin import with_proeftuin_badge

    qs = qs.select_related("table", "owner__member_profile", "knelpunt_type").annotate(
        case_count=Coalesce(links, Value(0)),
        recognition_count=_recognitions_of_linked_cases(),
    )
    return with_proeftuin_badge(qs)


def board_cards(qs: QuerySet[Pattern]) -> list[Pattern]:
    """The patterns of ``qs`` (in its order) as the board's cards show them: table, owner,
    counts and, as ``board_laws``, ``board_domains`` and ``board_tags``, the keys the board
    filters on. Three plain queries for those instead of a prefetch, which builds a query set
    per card (a third of the board's time at 160 cards)."""
    patterns = list(_with_counts(qs))
    ids = [pattern.pk for pattern in patterns]
    keys: dict[str, dict[int, list]] = {"laws": {}, "life_domains": {}}
    for name, found in keys.items():
        relation = Pattern._meta.get_field(name)
        through = relation.remote_field.through
        rows = through.objects.filter(**{f"{relation.m2m_field_name()}_id__in": ids})
        source, target = (
            f"{relation.m2m_field_name()}_id",
            f"{relation.m2m_reverse_field_name()}_id",
        )
        for pattern_id, key in rows.values_list(source, target).order_by(target):
            found.setdefault(pattern_id, []).append(key)
    tags: dict[int, list[str]] = {}
    tagged = PatternTag.objects.filter(content_object_id__in=ids).order_by("tag__slug")
    for pattern_id, slug in tagged.values_list("content_object_id", "tag__slug"):
        tags.setdefault(pattern_id, []).append(slug)
    for pattern in patterns:
        pattern.board_laws = keys["laws"].get(pattern.pk, [])
        pattern.board_domains = keys["life_domains"].get(pattern.pk, [])
        pattern.board_tags = tags.get(pattern.pk, [])
    return patterns


def _with_card_data(qs: QuerySet[Pattern]) -> QuerySet[Pattern]:
    return _with_counts(qs).prefetch_related("tags", "laws", "life_domains")


def pattern_list(filters: PatternFilters | None = None) -> QuerySet[Pattern]:
    """Patterns with their table, owner, the number of linked cases and of recognitions of
    those cases: a fixed number of queries, whatever the number of patterns or cases."""
    return _with_card_data(_filtered(filters or PatternFilters()))


def pattern_board(
    filters: PatternFilters | None = None, *, limit: int | None = None, table_id: int | None = None
) -> list[BoardColumn]:
    """One column per active learning table (or only ``table_id``), in ladder order, with its
    patterns, most recently changed first; a column shows ``limit`` cards and counts all.

    Only the shown cards are loaded (with their counts, tags and vocabularies): the counts come
    from one aggregate, so a board of 1,000 patterns reads 40 cards a column, not 1,000."""
    tables = LearningTable.objects.filter(is_active=True).order_by("position")
    if table_id is not None:
        tables = tables.filter(pk=table_id)
    tables = list(tables)
    columns = {table.pk: BoardColumn(table=table, limit=limit) for table in tables}
    selected = Pattern.objects.filter(
        pk__in=_filtered(filters or PatternFilters()).values("pk"), table__in=tables
    )
    for row in (
        selected.order_by()
        .values("table_id")
        .annotate(total=Count("pk"), overdue=Count("pk", filter=_overdue()))
    ):
        columns[row["table_id"]].total = row["total"]
        columns[row["table_id"]].overdue_count = row["overdue"]
    shown = selected
    if limit is not None:
        rank = Window(
            RowNumber(),
            partition_by=[F("table_id")],
            order_by=[F("updated_at").desc(), F("pk").desc()],
        )
        shown = selected.annotate(board_rank=rank).filter(board_rank__lte=limit)
    for pattern in board_cards(shown.order_by("-updated_at", "-pk")):
        columns[pattern.table_id].patterns.append(pattern)
    return [columns[table.pk] for table in tables]


def tables_of(user) -> set[int]:
    """The tables ``user`` sits at (chair, named member or through a group)."""
    if not user.is_authenticated:
        return set()
    return set(
        LearningTable.objects.filter(
            Q(chair=user) | Q(members=user) | Q(member_groups__user=user)
        ).values_list("pk", flat=True)
    )


def overdue_patterns(*, today: date | None = None) -> QuerySet[Pattern]:
    """Open patterns past their deadline (not while the table waits for the case authors),
    oldest deadline first, with their table and chair."""
    today = today or timezone.localdate()
    return (
        Pattern.objects.filter(
            status__in=OPEN_STATUSES, awaiting_info=False, next_deadline__lt=today
        )
        .select_related("table__chair", "owner")
        .order_by("next_deadline", "pk")
    )


def pattern_cases(pattern: Pattern) -> QuerySet[PatternCase]:
    """The linked cases that are shared with the network (an unpublished or anonymised case is
    not shown, though it still counts), with who linked them, vocabularies, recognitions."""
    recognitions = Coalesce(
        Subquery(
            recognition_list()
            .filter(case=OuterRef("case"))
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    return (
        PatternCase.objects.filter(pattern=pattern, case__live=True)
        .select_related(
            "case__owner__member_profile", "case__knelpunt_type", "linked_by__member_profile"
        )
        .prefetch_related("case__laws", "case__life_domains", "case__organisations")
        .annotate(recognition_count=recognitions)
        .order_by("linked_at", "pk")
    )


#: How the audit trail names the fields an edit changed.
FIELD_LABELS = {
    "title": _("title"),
    "description": _("description of the systemic mismatch"),
    "knelpunt_type": _("knelpunt type"),
    "owner": _("owner"),
    "laws": _("laws involved"),
    "life_domains": _("leefgebieden"),
    "tags": _("tags"),
}


#: Fields whose audit values are vocabulary names (stored as they read then, in Dutch).
VOCABULARY_FIELDS = {"knelpunt_type", "laws", "life_domains"}


def _change_rows(changes: dict, names: dict[int, str], vocabulary: dict[str, str]) -> list[dict]:
    rows = []
    for name, (before, after) in changes.items():
        if name in VOCABULARY_FIELDS:
            if isinstance(before, list):
                before = [vocabulary.get(item, item) for item in before]
                after = [vocabulary.get(item, item) for item in after]
            else:
                before, after = vocabulary.get(before, before), vocabulary.get(after, after)
        if name == "owner":
            before, after = names.get(before, ""), names.get(after, "")
        elif isinstance(before, list):
            before, after = ", ".join(before), ", ".join(after)
        rows.append(
            {
                "label": FIELD_LABELS.get(name, name),
                "before": before,
                "after": after,
                "person": name == "owner",
            }
        )
    return rows


def pattern_timeline(pattern: Pattern) -> list[PatternEvent]:
    """The audit trail in order, with each entry's case (by its current title: an anonymised
    case shows as such) and the fields an edit or link changed (people by their current name
    or pseudonym). A fixed number of queries."""
    from django.contrib.auth import get_user_model

    from leernetwerk.kernel.members.names import member_name

    events = list(
        pattern.events.select_related("actor__member_profile", "from_table", "to_table").order_by(
            "at", "pk"
        )
    )
    case_ids, people = set(), set()
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        if changes.get("case"):
            case_ids.add(changes["case"])
        edits = changes.get("added", changes) if event.action != "edit" else changes
        for value in (edits.get("owner") or []) if isinstance(edits, dict) else []:
            if value:
                people.add(value)
    # Only cases still shared with the network are named (as on the pattern's page).
    titles = dict(shared_cases().filter(pk__in=case_ids).values_list("pk", "title"))
    names = {
        user.pk: member_name(user)
        for user in get_user_model().objects.filter(pk__in=people).select_related("member_profile")
    }
    vocabulary = vocabulary_names_shown()
    for event in events:
        changes = event.changes if isinstance(event.changes, dict) else {}
        event.case_title = (
            titles.get(changes["case"], _("a case no longer shared with the network"))
            if changes.get("case")
            else ""
        )
        if event.action == "edit":
            event.change_rows = _change_rows(changes, names, vocabulary)
        else:
            event.change_rows = _change_rows(changes.get("added") or {}, names, vocabulary)
    return events


def linkable_patterns() -> QuerySet[Pattern]:
    """Patterns a leersessie's dilemma can be linked to: open, solved or decided (a closed or
    rejected one is reopened first), newest first."""
    from leernetwerk.patterns.constants import PatternStatus

    statuses = (*OPEN_STATUSES, PatternStatus.SOLVED, PatternStatus.DECIDED)
    return Pattern.objects.filter(status__in=statuses).select_related("table").order_by("-pk")


#: The steps of the ladder a thread shows (issue #22): not edits, links or questions; a
#: solution or decision is shown by its ``Decision`` (with its text).
THREAD_STEPS = ("create", "take_up", "escalate", "reject", "close", "reopen")


def pattern_thread_steps(pattern_ids) -> dict[int, dict]:
    """For each pattern: itself (with its table), its ladder steps and its decisions, in three
    queries whatever the number of patterns (a session page shows the threads of its dilemmas)."""
    ids = list(pattern_ids)
    patterns = Pattern.objects.select_related("table").in_bulk(ids)
    result = {pk: {"pattern": p, "steps": [], "decisions": []} for pk, p in patterns.items()}
    steps = PatternEvent.objects.filter(pattern_id__in=ids, action__in=THREAD_STEPS)
    for event in steps.select_related("from_table", "to_table").order_by("at", "pk"):
        result[event.pattern_id]["steps"].append(event)
    decisions = Decision.objects.filter(pattern_id__in=ids).select_related(
        "table", "policy_version__document"
    )
    for decision in decisions.order_by("decided_at", "pk"):
        result[decision.pattern_id]["decisions"].append(decision)
    return result


def pattern_decisions(pattern: Pattern) -> QuerySet[Decision]:
    return pattern.decisions.select_related(
        "table", "decided_by__member_profile", "owner__member_profile", "policy_version__document"
    ).order_by("decided_at", "pk")


def case_pattern_suggestions(case) -> QuerySet[CasePatternSuggestion]:
    """Open "may belong to pattern X" suggestions for one case."""
    return (
        CasePatternSuggestion.objects.filter(case=case, status=SuggestionStatus.OPEN)
        .select_related("pattern__table")
        .order_by("-score", "pk")
    )


def pattern_suggested_cases(pattern: Pattern) -> QuerySet[CasePatternSuggestion]:
    """Cases the network thinks may belong to ``pattern`` (open suggestions)."""
    return (
        CasePatternSuggestion.objects.filter(
            pattern=pattern, status=SuggestionStatus.OPEN, case__live=True
        )
        .select_related("case__owner__member_profile", "case__knelpunt_type")
        .order_by("-score", "pk")
    )


def open_candidates() -> QuerySet[PatternCandidate]:
    return (
        PatternCandidate.objects.filter(status=SuggestionStatus.OPEN)
        .select_related("knelpunt_type")
        .prefetch_related("cases")
        .order_by("-updated_at", "-pk")
    )


def patterns_for_cases(case_ids: list[int]) -> QuerySet[PatternCase]:
    """The pattern links of some cases (for badges on case lists)."""
    return (
        PatternCase.objects.filter(case_id__in=case_ids)
        .select_related("pattern__table")
        .order_by("pattern__title")
    )


def pattern_export_rows(patterns: QuerySet[Pattern]) -> QuerySet[Pattern]:
    """Patterns with everything the CSV export writes, in a fixed number of queries."""
    return patterns.prefetch_related(
        "laws",
        "life_domains",
        Prefetch(
            "decisions",
            queryset=Decision.objects.select_related("table", "policy_version__document").order_by(
                "pk"
            ),
        ),
        Prefetch(
            "events",
            queryset=PatternEvent.objects.select_related(
                "actor__member_profile", "from_table", "to_table"
            ).order_by("at", "pk"),
        ),
    )


def pattern_provenance(pattern: Pattern) -> dict:
    """Where a pattern's lesson comes from, in numbers and dates only (never a case's text or a
    person): cases, the professionals who brought them in, recognitions, the tables it passed
    and its decisions. Five queries, whatever the size of the pattern."""
    links = PatternCase.objects.filter(pattern=pattern)
    counts = links.aggregate(
        cases=Count("case", distinct=True),
        professionals=Count("case__owner", distinct=True),
        first_case=Min("case__first_published_at"),
        # Cases closed with the partners' evaluation (issue #20): how many of the residents'
        # situations behind the lesson were brought to an end.
        closed_cases=Count("case", filter=Q(case__status=CaseStatus.CLOSED), distinct=True),
    )
    recognitions = recognition_list().filter(case__pattern_links__pattern=pattern).count()
    tables: list[dict] = []
    seen: set[int] = set()
    events = (
        PatternEvent.objects.filter(pattern=pattern, to_table__isnull=False)
        .select_related("to_table")
        .order_by("at", "pk")
    )
    for event in events:
        if event.to_table_id not in seen:
            seen.add(event.to_table_id)
            tables.append({"name": event.to_table.name, "order": event.to_table.order})
    if pattern.table_id and pattern.table_id not in seen:
        tables.append({"name": pattern.table.name, "order": pattern.table.order})
    decisions = [
        {
            "date": timezone.localdate(decision.decided_at).isoformat(),
            "table": decision.table.name,
            "order": decision.table.order,
            "action": decision.action,
        }
        for decision in Decision.objects.filter(pattern=pattern)
        .select_related("table")
        .order_by("decided_at", "pk")
    ]
    first = min(
        (moment for moment in (pattern.created_at, counts["first_case"]) if moment), default=None
    )
    return {
        "cases": counts["cases"],
        "closed_cases": counts["closed_cases"],
        "professionals": counts["professionals"],
        "recognitions": recognitions,
        "first_signal": timezone.localdate(first).isoformat() if first else None,
        "tables": tables,
        "decisions": decisions,
        "computed_at": timezone.localdate().isoformat(),
    }


# --- the register of written agreements ----------------------------------------------------------


def register_documents(*, kind: str = "", query: str = "") -> list:
    """The register's agreements (filtered by kind and a search in title and description), each
    with ``current`` (the vigerende version, or None) and ``latest`` (the newest version)."""
    from django.db.models import Q

    from leernetwerk.patterns.models import PolicyDocument

    documents = PolicyDocument.objects.prefetch_related("parties", "versions")
    if kind:
        documents = documents.filter(kind=kind)
    if query:
        documents = documents.filter(Q(title__icontains=query) | Q(description__icontains=query))
    found = list(documents)
    for document in found:
        versions = sorted(document.versions.all(), key=lambda v: v.number)
        document.latest = versions[-1] if versions else None
        document.current = next((v for v in reversed(versions) if v.status == "vigerend"), None)
    return found


def version_decisions(version) -> QuerySet[Decision]:
    """The decisions that point at ``version``, with their patterns and tables: what led to it."""
    return version.decisions.select_related("pattern", "table").order_by("decided_at", "pk")


def lesson_version(pattern: Pattern):
    """The written agreement a pattern's latest decision changed, for its lesson (or None)."""
    decision = (
        pattern.decisions.filter(policy_version__isnull=False)
        .select_related("policy_version__document")
        .order_by("-decided_at", "-pk")
        .first()
    )
    return decision.policy_version if decision else None


def proeftuin_figures(*, today=None):
    """Where the proeftuinen stand and how the ended ones ended (the dashboard's figure)."""
    from leernetwerk.patterns.proeftuin import proeftuin_figures as figures

    return figures(today=today)


def need_trends(**options):
    """The trend report of needs across the cases (``patterns.trends.trend_report``): the
    dashboard's figure and, later, the reports."""
    from leernetwerk.patterns.trends import trend_report

    return trend_report(**options)
