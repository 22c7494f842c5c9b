"""Reads of the casework app; with ``services`` its public face to the other apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from leernetwerk.casework.constants import CaseSort
from leernetwerk.casework.figures import (
    cases_per_transition,
    closed_cases,
    shared_cases,
    solution_type_counts,
    top_knelpunt_types,
    top_laws,
)
from leernetwerk.casework.models import (
    Agreement,
    CaseAccess,
    CaseFollow,
    CaseIndexPage,
    CasePage,
    CaseVisit,
    Comment,
    Doorbraak,
    KnelpuntType,
    Law,
    LifeDomain,
    Mandate,
    Precedent,
    Recognition,
    ResidentScore,
    Transition,
)
from leernetwerk.kernel import guarded
from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.roles import MEMBER_ROLES, ROLE_LOOKUP, Role, role_members
from leernetwerk.kernel.selectors import organisations

__all__ = [
    "vocabulary_names_shown",
    "CaseFilters",
    "PrecedentFilters",
    "agreements_of",
    "agreements_shown",
    "case_agreements",
    "case_precedents",
    "cases_per_transition",
    "closed_cases",
    "network_members",
    "precedent_list",
    "score_summary",
    "score_table",
    "solution_type_counts",
    "case_access_log",
    "case_audience",
    "case_followers",
    "case_is_followed",
    "case_last_visit",
    "case_get",
    "case_doorbraken",
    "case_signal_facts",
    "case_discussion",
    "case_index",
    "case_list",
    "case_recognitions",
    "case_search",
    "member_may_see_case",
    "members_by_handle",
    "mandate_holders",
    "open_doorbraken_for",
    "current_mandates",
    "mandates_held_by",
    "recognition_list",
    "shared_cases",
    "top_knelpunt_types",
    "top_laws",
    "vocabularies",
]


@dataclass(frozen=True)
class CaseFilters:
    """What the cases index can be narrowed down by (all optional)."""

    life_domain: int | None = None
    law: int | None = None
    knelpunt_type: int | None = None
    window: str = ""
    transition: int | None = None
    solution_type: str = ""
    organisation: int | None = None
    status: str = ""
    tag: str = ""
    query: str = ""
    owner_id: int | None = None
    #: Cases this member follows (of their own choice; their own cases are not among them).
    followed_by: int | None = None


def case_index() -> CaseIndexPage | None:
    """The network's cases index (there is at most one), live or not."""
    return CaseIndexPage.objects.first()


def _count(model, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(case=OuterRef("pk"), **filters)
            .order_by()
            .values("case")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


#: The texts a case search looks in (the guard's list of case texts, tags by name, without
#: the consent purpose); every word of the query must occur in one of them.
CASE_SEARCH_FIELDS = (
    *(name for name in guarded.text_field_names(CasePage) if name != "consent_purpose"),
    "tags__name",
)
#: Words of a query beyond this many are ignored (each one is a condition on every text).
CASE_SEARCH_MAX_WORDS = 8


def case_search(cases: QuerySet[CasePage], query: str) -> QuerySet[CasePage]:
    """``cases`` whose texts hold every word of ``query`` (case-insensitive, parts of words
    too). A database query, not Wagtail search: cases are in no search index (ADR 0007)."""
    for word in query.split()[:CASE_SEARCH_MAX_WORDS]:
        condition = Q()
        for field in CASE_SEARCH_FIELDS:
            condition |= Q(**{f"{field}__icontains": word})
        cases = cases.filter(pk__in=CasePage.objects.filter(condition).values("pk"))
    return cases


def case_list(
    *,
    index: CaseIndexPage | None = None,
    filters: CaseFilters | None = None,
    sort: str = CaseSort.NEWEST,
    include_drafts: bool = False,
    viewer=None,
) -> QuerySet[CasePage]:
    """Cases with their counts and vocabularies loaded in a fixed number of queries.

    Live cases only, unless ``include_drafts`` (for "my cases", where ``filters.owner_id`` is set).
    Each case carries ``last_activity`` (its newest visible comment, else its publication); with
    a ``viewer``, also when they last opened it (``seen_at``, None: never) and how many visible
    comments of others came after that (``num_new_comments``), in the same query.
    """
    filters = filters or CaseFilters()
    qs = CasePage.objects.all() if include_drafts else CasePage.objects.live()
    if index is not None:
        qs = qs.child_of(index)
    if filters.owner_id is not None:
        qs = qs.filter(owner_id=filters.owner_id)
    if filters.followed_by is not None:
        qs = qs.filter(
            pk__in=CaseFollow.objects.filter(user_id=filters.followed_by, following=True).values(
                "case_id"
            )
        ).exclude(owner_id=filters.followed_by)
    if filters.life_domain:
        qs = qs.filter(life_domains=filters.life_domain)
    if filters.law:
        qs = qs.filter(laws=filters.law)
    if filters.knelpunt_type:
        qs = qs.filter(knelpunt_type_id=filters.knelpunt_type)
    if filters.window:
        qs = qs.filter(window=filters.window)
    if filters.transition:
        qs = qs.filter(transition_id=filters.transition)
    if filters.solution_type:
        qs = qs.filter(solution_type=filters.solution_type)
    if filters.organisation:
        qs = qs.filter(organisations=filters.organisation)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.tag:
        qs = qs.filter(tags__slug=filters.tag)
    if filters.query:
        qs = case_search(qs, filters.query)
    published = Coalesce(
        F("last_published_at"), F("first_published_at"), F("latest_revision_created_at")
    )
    newest_comment = Subquery(
        Comment.objects.filter(case=OuterRef("pk"), removed_at=None, hidden_at=None)
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    qs = qs.distinct().annotate(
        num_comments=_count(Comment, removed_at=None, hidden_at=None),
        num_recognitions=_count(Recognition),
        last_activity=Greatest(Coalesce(newest_comment, published), published),
    )
    if viewer is not None and viewer.is_authenticated:
        qs = qs.annotate(
            seen_at=Subquery(
                CaseVisit.objects.filter(case=OuterRef("pk"), user_id=viewer.pk).values("seen_at")[
                    :1
                ]
            )
        ).annotate(
            num_new_comments=Coalesce(
                Subquery(
                    Comment.objects.filter(
                        case=OuterRef("pk"),
                        removed_at=None,
                        hidden_at=None,
                        created_at__gt=OuterRef("seen_at"),
                    )
                    .exclude(author_id=viewer.pk)
                    .order_by()
                    .values("case")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                Value(0),
            )
        )
    order = {
        CaseSort.RECOGNISED: ["-num_recognitions", "-first_published_at", "-pk"],
        CaseSort.DISCUSSED: ["-num_comments", "-first_published_at", "-pk"],
        CaseSort.ACTIVITY: ["-last_activity", "-pk"],
    }.get(sort, ["-first_published_at", "-latest_revision_created_at", "-pk"])
    return (
        qs.select_related("owner__member_profile", "knelpunt_type")
        .prefetch_related("life_domains", "laws", "tags")
        .order_by(*order)
    )


def case_discussion(case: CasePage) -> list[Comment]:
    """Top-level comments in order, each with its replies (``comment.replies.all()``): one
    query, whatever the count. The replies are grouped here rather than by
    ``prefetch_related``, which builds a query set per comment (a fifth of a case page's time
    at 100 comments); they are stored where a prefetch would put them."""
    everything = list(
        Comment.objects.filter(case=case)
        .select_related("author__member_profile", "hidden_by")
        .order_by("created_at", "pk")
    )
    replies: dict[int, list[Comment]] = {}
    for comment in everything:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    tops = [comment for comment in everything if comment.parent_id is None]
    for top in tops:
        found = QuerySet(model=Comment)
        found._result_cache = replies.get(top.pk, [])
        found._prefetch_done = True
        top._prefetched_objects_cache = {"replies": found}  # the related_name
    return tops


def case_recognitions(case: CasePage) -> QuerySet[Recognition]:
    return Recognition.objects.filter(case=case).select_related("user__member_profile")


def case_access_log(case: CasePage, *, limit: int = 500) -> QuerySet[CaseAccess]:
    return CaseAccess.objects.filter(case=case).select_related("user__member_profile")[:limit]


def vocabularies(*, active_only: bool = True, in_use: bool = False) -> dict[str, QuerySet]:
    """The facet vocabularies for filters and forms: the active terms, or every term when
    ``active_only`` is False; with ``in_use``, the active terms and the inactive ones cases still
    carry (a filter offers what it can find, not every term a network ever switched off)."""

    def terms(model) -> QuerySet:
        qs = model.objects.all()
        if in_use:
            return qs.filter(Q(is_active=True) | Q(cases__isnull=False)).distinct()
        return qs.filter(is_active=True) if active_only else qs

    return {
        "life_domains": terms(LifeDomain),
        "laws": terms(Law),
        "knelpunt_types": terms(KnelpuntType),
        "transitions": terms(Transition),
        "organisations": organisations(active_only=active_only),
    }


def case_get(*, pk: int) -> CasePage | None:
    """One case by id in whatever state (draft, shared, withdrawn, anonymised), with its owner;
    the caller decides what it may show of it."""
    return CasePage.objects.filter(pk=pk).select_related("owner__member_profile").first()


def recognition_list() -> QuerySet[Recognition]:
    """Every "herken ik", for the other apps' counts (a pattern's recognitions)."""
    return Recognition.objects.all()


def member_may_see_case(user, case: CasePage) -> bool:
    """Members see live cases; the author and managers also see drafts."""
    if not is_network_member(user):
        return False
    return case.live or case.owner_id == user.pk or has_role(user, Role.MANAGER)


def _network_members() -> QuerySet:
    """Active users who hold a role or are superusers (``is_network_member``, in one query)."""
    return get_user_model().objects.filter(
        Q(is_active=True)
        & (Q(is_superuser=True) | Q(pk__in=role_members(*MEMBER_ROLES).values("pk")))
    )


def case_audience(case: CasePage) -> QuerySet:
    """The members who may see ``case`` now (``member_may_see_case`` for many at once): every
    member while it is live; else its author and the managers."""
    members = _network_members()
    if case.live:
        return members
    managers = get_user_model().objects.filter(**{ROLE_LOOKUP: Role.MANAGER}).values("pk")
    return members.filter(Q(pk=case.owner_id) | Q(is_superuser=True) | Q(pk__in=managers))


def case_followers(case: CasePage) -> list:
    """Who hears of new comments on ``case``: its author unless they stopped, and everyone who
    chose to follow it — as far as they may still see it (one query)."""
    follows = CaseFollow.objects.filter(case=case)
    chosen = Q(pk__in=follows.filter(following=True).values("user_id"))
    if case.owner_id is not None:
        chosen |= Q(pk=case.owner_id)
    return list(
        case_audience(case)
        .filter(chosen)
        .exclude(pk__in=follows.filter(following=False).values("user_id"))
        .select_related("member_profile")
        .order_by("pk")
    )


def case_is_followed(case: CasePage, user) -> bool:
    """Does ``user`` follow ``case`` (of their own choice, or as its author)?"""
    if not user.is_authenticated:
        return False
    choice = (
        CaseFollow.objects.filter(case=case, user_id=user.pk)
        .values_list("following", flat=True)
        .first()
    )
    return choice if choice is not None else case.owner_id == user.pk


def case_last_visit(case: CasePage, user) -> datetime | None:
    """When ``user`` last opened ``case`` before (None: never)."""
    if not user.is_authenticated:
        return None
    return (
        CaseVisit.objects.filter(case=case, user_id=user.pk)
        .values_list("seen_at", flat=True)
        .first()
    )


def members_by_handle(handles: list[str], *, case: CasePage) -> list:
    """The members named by ``@handles`` (usernames, case-insensitive; a handle two accounts
    share but for case names the exact one only) who may see ``case``. Anyone else — unknown,
    without access, gone — is simply not in the answer (one query)."""
    if not handles:
        return []
    wanted = Q()
    for handle in handles:
        wanted |= Q(username__iexact=handle)
    found: dict[str, list] = {}
    for member in case_audience(case).filter(wanted).select_related("member_profile"):
        found.setdefault(member.username.lower(), []).append(member)
    members = []
    for handle in handles:
        matches = found.get(handle.lower(), [])
        exact = [m for m in matches if m.username == handle]
        chosen = exact or (matches if len(matches) == 1 else [])
        members.extend(m for m in chosen if m not in members)
    return members


def case_doorbraken(case: CasePage) -> QuerySet[Doorbraak]:
    return Doorbraak.objects.filter(case=case).select_related(
        "requested_by__member_profile",
        "mandate_holder__member_profile",
        "decided_by__member_profile",
        "precedent",
        "law",
        "routed_mandate__organisation",
        "mandate_used__organisation",
    )


def open_doorbraken_for(user) -> QuerySet[Doorbraak]:
    """Open doorbraak requests a mandate holder may decide: those addressed to them or routed
    to a mandate they hold first (``mine == 0``); the others they may decide as a stand-in."""
    from django.db.models import Case, IntegerField, Q, When

    from leernetwerk.casework import mandates
    from leernetwerk.casework.constants import DoorbraakStatus

    return (
        Doorbraak.objects.filter(status=DoorbraakStatus.REQUESTED, case__live=True)
        .exclude(requested_by=user)
        .select_related(
            "case",
            "requested_by__member_profile",
            "mandate_holder__member_profile",
            "precedent",
            "law",
            "routed_mandate__organisation",
        )
        .annotate(
            mine=Case(
                When(
                    Q(mandate_holder=user)
                    | Q(routed_mandate__in=mandates.mandates_held_by(user).values("pk")),
                    then=0,
                ),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("mine", "requested_at")
    )


def mandates_held_by(user):
    """The mandates ``user`` holds (by person or by a role in their organisation), current or
    not, with their laws and escalation line."""
    from leernetwerk.casework import mandates

    return mandates.mandates_held_by(user)


def current_mandates() -> list[Mandate]:
    """The register's current mandates with their holders' names (``mandate.holders``): a page
    of them costs the same few queries however many there are."""
    from django.db.models import Q
    from django.utils import timezone

    from leernetwerk.casework import mandates

    today = timezone.localdate()
    found = list(
        Mandate.objects.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .filter(valid_from__lte=today)
        .select_related("organisation", "holder__member_profile", "escalates_to__organisation")
        .prefetch_related("laws")
    )
    by_role = {}
    for mandate in found:
        if mandate.holder_id:
            mandate.holders = [mandate.holder] if mandate.holder.is_active else []
        else:
            by_role.setdefault((mandate.organisation_id, mandate.role), []).append(mandate)
    if by_role:
        for group in by_role.values():
            holders = list(mandates.mandate_holders_of(group[0]).select_related("member_profile"))
            for mandate in group:
                mandate.holders = holders
    return found


def mandate_holders():
    """Active members with doorzettingsmacht, for the doorbraak form."""
    return (
        role_members(Role.MANDATE_HOLDER)
        .select_related("member_profile__organisation")
        .order_by("member_profile__display_name", "last_name", "username")
    )


def network_members():
    """Active network members, for choosing who owns an agreement."""
    return (
        role_members(*MEMBER_ROLES)
        .select_related("member_profile__organisation")
        .order_by("member_profile__display_name", "last_name", "username")
    )


def agreements_shown(queryset):
    """What an agreement's rendering reads, in a fixed number of queries."""
    from leernetwerk.casework.models import AgreementCheck

    checks = AgreementCheck.objects.select_related("checked_by__member_profile")
    return queryset.select_related(
        "case", "organisation", "owner__member_profile", "created_by__member_profile"
    ).prefetch_related("perspectives", Prefetch("checks", queryset=checks))


def case_agreements(case: CasePage) -> list[Agreement]:
    """A case's agreements with their checks: three queries, whatever their number."""
    return list(agreements_shown(Agreement.objects.filter(case=case)))


def agreements_of(user) -> list[Agreement]:
    """The open agreements a member owns or made on their own live cases, the earliest check
    first (for "my actions")."""
    from leernetwerk.casework.constants import AgreementStatus

    return list(
        Agreement.objects.filter(Q(owner=user) | Q(case__owner=user), case__live=True)
        .filter(status=AgreementStatus.OPEN)
        .select_related("case", "organisation")
        .order_by("check_due", "pk")
    )


@dataclass
class PrecedentFilters:
    """What the precedent library can be narrowed down by (all optional)."""

    query: str = ""
    law: int | None = None
    life_domain: int | None = None
    knelpunt_type: int | None = None
    transition: int | None = None


def precedent_list(filters: PrecedentFilters | None = None) -> QuerySet[Precedent]:
    """Precedents, newest first, with what their cards show: a fixed number of queries."""
    filters = filters or PrecedentFilters()
    qs = Precedent.objects.select_related(
        "knelpunt_type", "transition", "created_by__member_profile", "case"
    ).prefetch_related("laws", "life_domains")
    if filters.law:
        qs = qs.filter(laws=filters.law)
    if filters.life_domain:
        qs = qs.filter(life_domains=filters.life_domain)
    if filters.knelpunt_type:
        qs = qs.filter(knelpunt_type_id=filters.knelpunt_type)
    if filters.transition:
        qs = qs.filter(transition_id=filters.transition)
    for word in filters.query.split()[:8]:
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(weighed__icontains=word)
            | Q(rule__icontains=word)
            | Q(why__icontains=word)
            | Q(mandate__icontains=word)
        )
    return qs.distinct()


def case_precedents(case: CasePage) -> list[Precedent]:
    """The precedents marked from one case."""
    return list(precedent_list().filter(case=case))


@dataclass(frozen=True)
class ScoreRow:
    """The marks of one case for its whole life (``life_domain`` None) or one leefgebied:
    per moment a ``ResidentScore`` or None."""

    life_domain: LifeDomain | None
    marks: list[ResidentScore | None]


def score_table(case_id: int) -> list[ScoreRow]:
    """The resident's marks on one case, life as a whole first: one query. Only the case page
    shows them (``docs/privacy.md``)."""
    from leernetwerk.casework.constants import ScoreMoment

    moments = list(ScoreMoment.values)
    rows: dict[int | None, ScoreRow] = {}
    for score in ResidentScore.objects.filter(case_id=case_id).select_related("life_domain"):
        row = rows.setdefault(
            score.life_domain_id, ScoreRow(score.life_domain, [None] * len(moments))
        )
        row.marks[moments.index(score.moment)] = score
    overall = rows.pop(None, None)
    ordered = sorted(rows.values(), key=lambda r: (r.life_domain.sort_order, r.life_domain.name))
    return ([overall] if overall else []) + ordered


@dataclass(frozen=True)
class ScoreSummary:
    """The resident's marks over the network: the residents with a mark at the start and at the
    solution (``n``), the medians, and how many gave each mark 1–10 before and after; the
    residents with a mark at the start and after a year (``n_year``) and its median."""

    n: int
    median_before: float | None
    median_after: float | None
    before: list[int]
    after: list[int]
    n_year: int
    median_year: float | None


def score_summary(case_ids: list[int] | None = None) -> ScoreSummary:
    """Marks for life as a whole, over every case (anonymised ones too: a number is not their
    text), or over ``case_ids`` (a proeftuin's). One query. The caller shows nothing below
    ``LEERNETWERK_SCORE_MIN_RESIDENTS``."""
    import statistics

    from leernetwerk.casework.constants import ScoreMoment

    by_case: dict[int, dict[str, int]] = {}
    scores = ResidentScore.objects.filter(life_domain=None)
    if case_ids is not None:
        scores = scores.filter(case_id__in=case_ids)
    for case_id, moment, score in scores.values_list("case_id", "moment", "score"):
        by_case.setdefault(case_id, {})[moment] = score
    pairs = [
        (m[ScoreMoment.INTAKE], m[ScoreMoment.SOLUTION])
        for m in by_case.values()
        if ScoreMoment.INTAKE in m and ScoreMoment.SOLUTION in m
    ]
    year = [
        m[ScoreMoment.ONE_YEAR]
        for m in by_case.values()
        if ScoreMoment.INTAKE in m and ScoreMoment.ONE_YEAR in m
    ]
    before = [0] * 10
    after = [0] * 10
    for start, end in pairs:
        before[start - 1] += 1
        after[end - 1] += 1
    return ScoreSummary(
        n=len(pairs),
        median_before=statistics.median(p[0] for p in pairs) if pairs else None,
        median_after=statistics.median(p[1] for p in pairs) if pairs else None,
        before=before,
        after=after,
        n_year=len(year),
        median_year=statistics.median(year) if year else None,
    )


@dataclass(frozen=True)
class DomainScores:
    """The marks for one leefgebied: residents with a mark at the start and at the solution for
    it (``n``) and the two medians."""

    domain: str
    n: int
    median_before: float
    median_after: float


def score_summary_by_domain() -> list[DomainScores]:
    """Marks per leefgebied (issue #20: "optionally per leefgebied"), in the vocabulary's
    order, for the leefgebieden with at least one resident marked at the start and at the
    solution. One query. The caller shows only those with ``n`` at or above
    ``LEERNETWERK_SCORE_MIN_RESIDENTS``."""
    import statistics

    from leernetwerk.casework.constants import ScoreMoment
    from leernetwerk.kernel.models.vocabularies import name_in_language

    marks: dict[tuple, dict[int, dict[str, int]]] = {}
    rows = (
        ResidentScore.objects.filter(life_domain__isnull=False)
        .order_by("life_domain__sort_order", "life_domain__name")
        .values_list("life_domain__name", "life_domain__name_en", "case_id", "moment", "score")
    )
    for name, name_en, case_id, moment, score in rows:
        marks.setdefault((name, name_en), {}).setdefault(case_id, {})[moment] = score
    found = []
    for (name, name_en), by_case in marks.items():
        pairs = [
            (m[ScoreMoment.INTAKE], m[ScoreMoment.SOLUTION])
            for m in by_case.values()
            if ScoreMoment.INTAKE in m and ScoreMoment.SOLUTION in m
        ]
        if pairs:
            found.append(
                DomainScores(
                    domain=name_in_language(name, name_en),
                    n=len(pairs),
                    median_before=statistics.median(p[0] for p in pairs),
                    median_after=statistics.median(p[1] for p in pairs),
                )
            )
    return found


@dataclass(frozen=True)
class CaseSignalFacts:
    """What the network knows about a set of cases, for pattern suggestions: who brought each in,
    who recognised it (and when), who asked for a doorbraak in it, and which agreements made in
    it were missed (and who recorded them)."""

    authors: dict[int, int | None]
    recognitions: list[tuple[int, int, object]]
    doorbraken: list[tuple[int, int | None, object]]
    missed_agreements: list[tuple[int, int | None, object]]


def case_signal_facts(case_ids: list[int]) -> CaseSignalFacts:
    """Four queries, whatever the number of cases."""
    authors = dict(CasePage.objects.filter(pk__in=case_ids).values_list("pk", "owner_id"))
    recognitions = list(
        Recognition.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "user_id", "created_at"
        )
    )
    doorbraken = list(
        Doorbraak.objects.filter(case_id__in=case_ids).values_list(
            "case_id", "requested_by_id", "requested_at"
        )
    )
    missed = list(
        Agreement.objects.filter(case_id__in=case_ids, signalled_at__isnull=False).values_list(
            "case_id", "created_by_id", "signalled_at"
        )
    )
    return CaseSignalFacts(
        authors=authors,
        recognitions=recognitions,
        doorbraken=doorbraken,
        missed_agreements=missed,
    )


def vocabulary_names_shown() -> dict[str, str]:
    """Leefgebieden, laws and knelpunt types by their (Dutch) name, as the English interface
    shows them; empty in Dutch (names are kept in Dutch). For texts that stored a name, such as
    audit trails. Three small queries, in English only."""
    from leernetwerk.kernel.models.vocabularies import reads_english

    if not reads_english():
        return {}
    shown: dict[str, str] = {}
    for model in (KnelpuntType, Law, LifeDomain):
        shown.update(model.objects.exclude(name_en="").values_list("name", "name_en"))
    return shown
