"""Trend signals (issue #22): what residents need, across many cases, over time.

Team 16+ reports trends that are not failures but gaps in the offer ("85 % of the young people
need housing"). The cases' "ik heb nodig" texts say what residents need; need categories
(``NeedCategory``, kept as data by managers and policy officers) name the needs by keywords, and
the words many cases use but no category covers are suggested as new categories (the text
analysis of ``patterns.text``: Dutch stems, compounds split).

* **The snapshot** (``NeedSignal``): a shared case's stems, first-shared date, kind of solution,
  overgangsmoment, leefgebieden, organisations and matching categories, kept up to date from
  ``casework.signals.case_signal`` (``need_signal_received``); a category's keywords changing
  reclassifies every snapshot (``classify_category``). ``manage.py rebuild_need_signals``
  rebuilds them all.
* **The report** (``trend_report``): per period (month or quarter) the cases with an "ik heb
  nodig" text, and per category how many of them and what share; filtered by leefgebied,
  overgangsmoment or organisation. A category **rises** (or **falls**) when its share in the
  recent half of the window differs from the half before by at least
  ``LEERNETWERK_TREND_MIN_CHANGE`` percentage points *and* a two-proportion z-test says the
  difference is unlikely to be chance (|z| ≥ 1.96); with fewer than
  ``LEERNETWERK_TREND_MIN_CASES`` cases on either side there is no direction.
* **Privacy**: a count of 1 to ``LEERNETWERK_TREND_MIN_CASES`` − 1 cases is shown as "fewer than
  n", never as a number or share; a period or group with fewer cases in all is not shown; a word
  is only suggested when at least that many cases of at least two authors use it. No case, text
  or person is ever shown here.

Everything is counted in the database: the number of queries does not depend on the number of
cases (``bench/`` and ``tests/patterns/test_trends.py`` check this).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth, TruncQuarter
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leernetwerk.casework.constants import SolutionType
from leernetwerk.kernel import conf
from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.models.vocabularies import Organisation, name_in_language
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.pii import find_personal_data, privacy_check
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns.constants import OPEN_STATUSES, TrendDirection, TrendGranularity
from leernetwerk.patterns.models import (
    LearningTable,
    NeedCategory,
    NeedSignal,
    Pattern,
    TrendSubscription,
)
from leernetwerk.patterns.text import compound_tails, keyword_stems, terms, terms_and_words

__all__ = [
    "CategorySuggestion",
    "CategoryTrend",
    "TrendCell",
    "TrendPeriod",
    "TrendReport",
    "category_case_counts",
    "category_create",
    "category_suggestions",
    "classify_category",
    "may_manage_trends",
    "may_see_trends",
    "minimum_cases",
    "open_gap_pattern",
    "percent",
    "need_index_case",
    "need_signal_received",
    "need_unindex_case",
    "rebuild_need_signals",
    "send_trend_digests",
    "subscribe",
    "trend_breakdown",
    "trend_report",
    "trend_to_pattern",
]

#: The notification kind of the weekly digest (a "pattern." kind: members may mute it).
KIND_DIGEST = "pattern.trends"
#: The z of a two-sided test at 95 %: a smaller difference may well be chance.
Z_95 = 1.96
#: Periods a report shows by default: two years of quarters, or twelve months.
DEFAULT_PERIODS = {TrendGranularity.QUARTER: 8, TrendGranularity.MONTH: 12}
MAX_PERIODS = 36
#: Words of "ik heb nodig" texts that say nothing about what is needed: never suggested.
GENERIC_WORDS = frozenset(
    terms(
        """hulp nodig ondersteuning iemand help helpen graag goed beter meer snel snelle
        duidelijk duidelijkheid mensen persoon zelf samen weer tijd contact iets veel
        kunnen krijgen hebben willen zorgen vinden weten maken houden blijven moment manier
        gesprek vraag vragen"""
    )
)
#: How many suggestions the categories page shows.
SUGGESTIONS = 12


# --- who may -------------------------------------------------------------------------------------


def may_see_trends(user) -> bool:
    """Managers, policy officers and stuurgroep members read the trends."""
    return has_role(user, Role.MANAGER, Role.POLICY_OFFICER, Role.STUURGROEP)


def may_manage_trends(user) -> bool:
    """Managers and policy officers keep the categories and turn a trend into a pattern."""
    return has_role(user, Role.MANAGER, Role.POLICY_OFFICER)


def minimum_cases() -> int:
    return max(1, int(conf.get("LEERNETWERK_TREND_MIN_CASES")))


# --- the snapshot --------------------------------------------------------------------------------


def _all_category_stems() -> dict[int, list[tuple[str, ...]]]:
    return {
        pk: keyword_stems(keywords)
        for pk, keywords in NeedCategory.objects.values_list("pk", "keywords")
    }


def _matches(keywords: list[tuple[str, ...]], found: set[str]) -> bool:
    return any(all(stem in found for stem in keyword) for keyword in keywords)


@transaction.atomic
def need_index_case(case, *, stems: dict[int, list[tuple[str, ...]]] | None = None):
    """(Re)take the snapshot of a shared case; a case that is not shared, or whose "ik heb
    nodig" is empty, has none. Returns the ``NeedSignal`` or ``None``."""
    from leernetwerk.casework.services import ANONYMISED

    text = (case.ik_heb_nodig or "").strip()
    if not case.live or case.situation == ANONYMISED or not text:
        need_unindex_case(case.pk)
        return None
    counts, words = terms_and_words(text)
    parts = compound_tails(text) - set(counts)
    published = case.first_published_at or timezone.now()
    signal, _created = NeedSignal.objects.update_or_create(
        case_id=case.pk,
        defaults={
            "signalled_on": timezone.localdate(published),
            "author_id": case.owner_id,
            "solution_type": case.solution_type or "",
            "transition_id": case.transition_id,
            "terms": sorted(counts),
            "parts": sorted(parts),
            "words": words,
        },
    )
    signal.life_domains.set(case.life_domains.values_list("pk", flat=True))
    signal.organisations.set(case.organisations.values_list("pk", flat=True))
    found = set(counts) | parts
    stems = _all_category_stems() if stems is None else stems
    signal.categories.set([pk for pk, keywords in stems.items() if _matches(keywords, found)])
    return signal


def need_unindex_case(case_id: int) -> None:
    """A case that is no longer shared (withdrawn, anonymised, deleted) leaves the trends."""
    NeedSignal.objects.filter(case_id=case_id).delete()


def need_signal_received(*, case_id: int, kind: str) -> None:
    """React to ``casework.signals.case_signal``."""
    from leernetwerk.casework.selectors import case_get
    from leernetwerk.casework.signals import CASE_ANONYMISED, PUBLISHED, UNPUBLISHED

    if kind in (UNPUBLISHED, CASE_ANONYMISED):
        need_unindex_case(case_id)
    elif kind == PUBLISHED:
        case = case_get(pk=case_id)
        if case is None:
            need_unindex_case(case_id)
        else:
            need_index_case(case)


@transaction.atomic
def classify_category(category: NeedCategory) -> int:
    """Match every snapshot against one category's keywords (after it was made or changed).
    Returns how many cases it matches."""
    keywords = keyword_stems(category.keywords)
    through = NeedSignal.categories.through
    matching = [
        pk
        for pk, found_terms, found_parts in NeedSignal.objects.values_list(
            "pk", "terms", "parts"
        ).iterator(chunk_size=2_000)
        if _matches(keywords, set(found_terms) | set(found_parts))
    ]
    through.objects.filter(needcategory_id=category.pk).delete()
    # A case published meanwhile may have matched the category already (its own transaction).
    through.objects.bulk_create(
        [through(needsignal_id=pk, needcategory_id=category.pk) for pk in matching],
        batch_size=2_000,
        ignore_conflicts=True,
    )
    return len(matching)


def rebuild_need_signals() -> int:
    """Take every shared case's snapshot again (``manage.py rebuild_need_signals``)."""
    from leernetwerk.casework.selectors import shared_cases

    stems = _all_category_stems()
    kept = 0
    with transaction.atomic():
        NeedSignal.objects.all().delete()
        for case in shared_cases().exclude(ik_heb_nodig="").iterator(chunk_size=500):
            kept += need_index_case(case, stems=stems) is not None
    return kept


# --- categories ----------------------------------------------------------------------------------


@transaction.atomic
def category_create(
    *, user, name: str, keywords: str, name_en: str = "", description: str = ""
) -> NeedCategory:
    """A new need category (from a suggestion or typed), matched against every case at once."""
    if not may_manage_trends(user):
        raise PermissionDenied
    category = NeedCategory(
        name=name.strip(),
        name_en=name_en.strip(),
        keywords=keywords.strip(),
        description=description.strip(),
        created_by=user,
    )
    category.full_clean()  # includes the privacy guard (GuardedModelMixin)
    try:
        with transaction.atomic():
            category.save()  # matched against every case by the post_save receiver
    except IntegrityError as error:  # the same name, saved by someone else just now
        raise ValidationError(
            {"name": _("There is already a need category with this name.")}
        ) from error
    return category


def category_case_counts(*, since: date, today: date) -> dict[int, int]:
    """Cases per category in the window, for the categories page (one query)."""
    return dict(
        NeedSignal.categories.through.objects.filter(
            needsignal__signalled_on__gte=since, needsignal__signalled_on__lte=today
        )
        .order_by()
        .values_list("needcategory_id")
        .annotate(n=Count("needsignal_id"))
    )


@dataclass(frozen=True)
class CategorySuggestion:
    """A word many "ik heb nodig" texts use that no category covers."""

    word: str
    cases: int
    uncategorised: int
    share: float
    minimum: int = 0

    @property
    def uncategorised_text(self) -> str:
        if self.uncategorised < self.minimum:
            return _("fewer than %(n)d") % {"n": self.minimum}
        return str(self.uncategorised)


def category_suggestions(*, today: date | None = None, limit: int = SUGGESTIONS):
    """Words the cases of the last year ask for that no category's keywords cover, the words of
    cases no category matches first. Only words of at least ``LEERNETWERK_TREND_MIN_CASES`` cases
    by at least two authors: a word of one case, or one author, could tell who it is about.
    Two queries; the texts' stems are counted here (a year of cases)."""
    today = today or timezone.localdate()
    minimum = minimum_cases()
    covered = {
        stem for keywords in _all_category_stems().values() for kw in keywords for stem in kw
    }
    since = today - timedelta(days=365)
    signals = NeedSignal.objects.filter(signalled_on__gte=since, signalled_on__lte=today)
    categorised = set(
        NeedSignal.categories.through.objects.filter(
            needsignal__in=signals.values("pk"), needcategory__is_active=True
        ).values_list("needsignal_id", flat=True)
    )
    cases, uncategorised = Counter(), Counter()
    authors: dict[str, set] = defaultdict(set)
    forms: dict[str, Counter] = defaultdict(Counter)
    total = 0
    for pk, found, words, author in signals.values_list("pk", "terms", "words", "author_id"):
        total += 1
        for stem in found:
            if stem in covered or stem in GENERIC_WORDS or len(stem) < 3:
                continue
            cases[stem] += 1
            authors[stem].add(author)
            forms[stem][words.get(stem, stem)] += 1
            if pk not in categorised:
                uncategorised[stem] += 1
    eligible = [
        stem
        for stem, n in cases.items()
        if n >= minimum
        and len(authors[stem] - {None}) >= 2
        and not find_personal_data(forms[stem].most_common(1)[0][0])
    ]
    eligible.sort(key=lambda stem: (-uncategorised[stem], -cases[stem], stem))
    return [
        CategorySuggestion(
            word=forms[stem].most_common(1)[0][0],
            cases=cases[stem],
            uncategorised=uncategorised[stem],
            share=cases[stem] / total,
            minimum=minimum,
        )
        for stem in eligible[:limit]
    ]


# --- the report ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPeriod:
    start: date
    end: date  # the last day
    label: str
    total: int
    shown: bool


@dataclass
class TrendCell:
    count: int
    total: int
    shown: bool  # the period has at least the minimum number of cases
    small: bool  # 0 to minimum − 1 cases: "fewer than n" (0 too: a rare keyword tells nothing)
    minimum: int = 0
    #: Not shown although large enough: otherwise the one small cell of its half could be
    #: worked out from the half's share (complementary suppression).
    withheld: bool = False

    @property
    def share(self) -> float | None:
        hidden = not self.shown or self.small or self.withheld
        return None if hidden or not self.total else self.count / self.total

    @property
    def text(self) -> str:
        """What the table shows: "12 % (7)", "fewer than 5", "not shown", or "–" for a period
        of too few cases."""
        if not self.shown:
            return "–"
        if self.small:
            return _("fewer than %(n)d") % {"n": self.minimum}
        if self.withheld:
            return _("not shown")
        return f"{percent(self.share)} ({self.count})"

    @property
    def unknown(self) -> bool:
        """Not shown as a number (a period without any case has nothing to hide)."""
        return self.total > 0 and (not self.shown or self.small or self.withheld)


@dataclass
class CategoryTrend:
    category: NeedCategory
    cells: list[TrendCell]
    before: tuple[int, int]  # (cases in the category, cases) in the earlier half
    recent: tuple[int, int]
    direction: str
    #: The change in percentage points, recent minus before (``None`` without a direction).
    change: float | None
    minimum: int = 0

    def _half_share(self, half: tuple[int, int]) -> float | None:
        count, total = half
        if self.direction == TrendDirection.TOO_FEW or count < self.minimum:
            return None
        return _share(count, total)

    @property
    def share_before(self) -> float | None:
        """The earlier half's share; ``None`` with fewer than the minimum cases in it."""
        return self._half_share(self.before)

    @property
    def share_recent(self) -> float | None:
        return self._half_share(self.recent)

    @property
    def direction_label(self) -> str:
        return str(TrendDirection(self.direction).label)

    def _half_text(self, half: tuple[int, int], share: float | None) -> str:
        if share is None and self.direction != TrendDirection.TOO_FEW:
            return _("fewer than %(n)d") % {"n": self.minimum}
        return percent(share)

    @property
    def before_text(self) -> str:
        return self._half_text(self.before, self.share_before)

    @property
    def recent_text(self) -> str:
        return self._half_text(self.recent, self.share_recent)

    @property
    def change_shown(self) -> float | None:
        """The change, only when both halves' shares are shown (it would tell the hidden one)."""
        if self.share_before is None or self.share_recent is None:
            return None
        return self.change

    @property
    def change_text(self) -> str:
        change = self.change_shown
        if change is None:
            return "–"
        if abs(change) < 0.05:
            return formats.number_format(0.0, decimal_pos=1, use_l10n=True)
        sign = "+" if change > 0 else ""
        return sign + formats.number_format(change, decimal_pos=1, use_l10n=True)


@dataclass
class TrendReport:
    granularity: str
    periods: list[TrendPeriod]
    rows: list[CategoryTrend]
    minimum: int
    total: int
    before_label: str
    recent_label: str
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def rising(self) -> list[CategoryTrend]:
        return [row for row in self.rows if row.direction == TrendDirection.RISING]

    @property
    def falling(self) -> list[CategoryTrend]:
        return [row for row in self.rows if row.direction == TrendDirection.FALLING]

    @property
    def enough(self) -> bool:
        return self.total >= self.minimum


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def period_starts(granularity: str, *, today: date, count: int) -> list[date]:
    """The first days of the ``count`` periods up to and including today's, oldest first."""
    step = 3 if granularity == TrendGranularity.QUARTER else 1
    year, month = today.year, today.month - (today.month - 1) % step
    starts = []
    for _index in range(count):
        starts.append(date(year, month, 1))
        month -= step
        if month < 1:
            year, month = year - 1, month + 12
    return starts[::-1]


def _period_label(granularity: str, start: date) -> str:
    if granularity == TrendGranularity.QUARTER:
        return _("%(year)s Q%(quarter)s") % {"year": start.year, "quarter": (start.month + 2) // 3}
    return formats.date_format(start, "b Y")


def _period_end(granularity: str, start: date) -> date:
    months = 3 if granularity == TrendGranularity.QUARTER else 1
    year, month = start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1
    return date(year, month, 1) - timedelta(days=1)


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _filtered(signals: QuerySet, *, life_domain=None, transition=None, organisation=None):
    if life_domain is not None:
        signals = signals.filter(life_domains=life_domain)
    if transition is not None:
        signals = signals.filter(transition=transition)
    if organisation is not None:
        signals = signals.filter(organisations=organisation)
    return signals


def direction(before: tuple[int, int], recent: tuple[int, int], *, minimum: int) -> str:
    """Rising, falling, stable, or too few cases to say: the share ``count / total`` of the
    recent half against the earlier half (a two-proportion z-test, and a minimum change)."""
    (b_count, b_total), (r_count, r_total) = before, recent
    if b_total < minimum or r_total < minimum or max(b_count, r_count) < minimum:
        return TrendDirection.TOO_FEW
    p_before, p_recent = b_count / b_total, r_count / r_total
    pooled = (b_count + r_count) / (b_total + r_total)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / b_total + 1 / r_total))
    if spread == 0:
        return TrendDirection.STABLE
    z = (p_recent - p_before) / spread
    change = 100 * (p_recent - p_before)
    least = float(conf.get("LEERNETWERK_TREND_MIN_CHANGE"))
    if z >= Z_95 and change >= least:
        return TrendDirection.RISING
    if z <= -Z_95 and -change >= least:
        return TrendDirection.FALLING
    return TrendDirection.STABLE


def _withhold(cells: list[TrendCell], share_shown: bool) -> None:
    """Complementary suppression: when a half's share is shown and exactly one of its cells is
    unknown (small, or in a period of too few cases), that cell would be the half's count minus
    the others; the smallest other cell is withheld too."""
    if not share_shown:
        return
    unknown = [cell for cell in cells if cell.unknown]
    others = [cell for cell in cells if not cell.unknown]
    if len(unknown) == 1 and others:
        min(others, key=lambda cell: cell.count).withheld = True


def trend_report(
    *,
    granularity: str = TrendGranularity.QUARTER,
    periods: int | None = None,
    today: date | None = None,
    life_domain=None,
    transition=None,
    organisation=None,
    categories: list[NeedCategory] | None = None,
) -> TrendReport:
    """The share of cases per need category per period (three queries, whatever the number of
    cases), the recent half of the periods against the earlier half."""
    today = today or timezone.localdate()
    granularity = TrendGranularity(granularity)
    count = max(2, min(MAX_PERIODS, periods or DEFAULT_PERIODS[granularity]))
    minimum = minimum_cases()
    starts = period_starts(granularity, today=today, count=count)
    trunc = TruncQuarter if granularity == TrendGranularity.QUARTER else TruncMonth
    signals = _filtered(
        NeedSignal.objects.filter(signalled_on__gte=starts[0], signalled_on__lte=today),
        life_domain=life_domain,
        transition=transition,
        organisation=organisation,
    )
    totals = {
        _as_date(start): n
        for start, n in signals.order_by()
        .annotate(period=trunc("signalled_on"))
        .values("period")
        .annotate(n=Count("pk", distinct=True))
        .values_list("period", "n")
    }
    if categories is None:
        categories = list(NeedCategory.objects.filter(is_active=True).select_related("pattern"))
    per_category: dict[int, dict[date, int]] = defaultdict(dict)
    through = NeedSignal.categories.through
    rows = (
        through.objects.filter(
            needsignal__in=signals.values("pk"),
            needcategory__in=[category.pk for category in categories],
        )
        .order_by()
        .annotate(period=trunc("needsignal__signalled_on"))
        .values("needcategory_id", "period")
        .annotate(n=Count("needsignal_id", distinct=True))
        .values_list("needcategory_id", "period", "n")
    )
    for category_id, start, n in rows:
        per_category[category_id][_as_date(start)] = n
    trend_periods = [
        TrendPeriod(
            start=start,
            end=min(_period_end(granularity, start), today),
            label=_period_label(granularity, start),
            total=totals.get(start, 0),
            shown=totals.get(start, 0) >= minimum,
        )
        for start in starts
    ]
    split = count - count // 2  # the earlier half gets the odd period
    before_periods, recent_periods = trend_periods[:split], trend_periods[split:]
    before_total = sum(p.total for p in before_periods)
    recent_total = sum(p.total for p in recent_periods)
    report_rows = []
    for category in categories:
        counts = per_category.get(category.pk, {})
        cells = [
            TrendCell(
                count=counts.get(p.start, 0),
                total=p.total,
                shown=p.shown,
                small=counts.get(p.start, 0) < minimum,
                minimum=minimum,
            )
            for p in trend_periods
        ]
        before = (sum(counts.get(p.start, 0) for p in before_periods), before_total)
        recent = (sum(counts.get(p.start, 0) for p in recent_periods), recent_total)
        way = direction(before, recent, minimum=minimum)
        change = (
            round(100 * (recent[0] / recent[1] - before[0] / before[1]), 1)
            if way != TrendDirection.TOO_FEW
            else None
        )
        row = CategoryTrend(category, cells, before, recent, way, change, minimum)
        _withhold(cells[:split], row.share_before is not None)
        _withhold(cells[split:], row.share_recent is not None)
        report_rows.append(row)
    order = {
        TrendDirection.RISING: 0,
        TrendDirection.FALLING: 1,
        TrendDirection.STABLE: 2,
        TrendDirection.TOO_FEW: 3,
    }
    report_rows.sort(
        key=lambda row: (order[row.direction], -(row.recent[0]), row.category.shown_name)
    )
    filters = {}
    if life_domain is not None:
        filters[_("Leefgebied")] = str(life_domain)
    if transition is not None:
        filters[_("Overgangsmoment")] = str(transition)
    if organisation is not None:
        filters[_("Organisation")] = str(organisation)
    return TrendReport(
        granularity=granularity,
        periods=trend_periods,
        rows=report_rows,
        minimum=minimum,
        total=before_total + recent_total,
        before_label=f"{before_periods[0].label} – {before_periods[-1].label}",
        recent_label=f"{recent_periods[0].label} – {recent_periods[-1].label}",
        filters=filters,
    )


@dataclass(frozen=True)
class BreakdownRow:
    name: str
    total: int
    count: int
    small: bool  # 0 to minimum − 1 cases: "fewer than n"
    minimum: int = 0

    @property
    def share(self) -> float | None:
        return None if self.small or not self.total else self.count / self.total

    @property
    def text(self) -> str:
        if self.small:
            return _("fewer than %(n)d") % {"n": self.minimum}
        return f"{percent(self.share)} ({self.count})"


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[BreakdownRow]
    hidden: int  # groups with fewer than the minimum cases, not shown


def _group_counts(signals: QuerySet, category: NeedCategory, relation: str) -> tuple[dict, dict]:
    totals = dict(
        signals.exclude(**{f"{relation}__isnull": True})
        .order_by()
        .values_list(relation)
        .annotate(n=Count("pk", distinct=True))
    )
    counts = dict(
        signals.filter(categories=category)
        .exclude(**{f"{relation}__isnull": True})
        .order_by()
        .values_list(relation)
        .annotate(n=Count("pk", distinct=True))
    )
    return totals, counts


def _breakdown(key, title, names: dict, totals: dict, counts: dict, minimum: int) -> Breakdown:
    rows = [
        BreakdownRow(
            name=names.get(pk, "?"),
            total=total,
            count=counts.get(pk, 0),
            small=counts.get(pk, 0) < minimum,
            minimum=minimum,
        )
        for pk, total in totals.items()
        if total >= minimum
    ]
    rows.sort(key=lambda row: (-(row.share or 0), -row.total, row.name))
    return Breakdown(key, title, rows, hidden=sum(1 for t in totals.values() if t < minimum))


def trend_breakdown(category: NeedCategory, *, since: date, today: date | None = None):
    """One category's share per leefgebied, overgangsmoment, organisation and kind of solution
    in the window (groups of fewer than the minimum cases are counted, not shown); a fixed
    number of queries."""
    today = today or timezone.localdate()
    minimum = minimum_cases()
    signals = NeedSignal.objects.filter(signalled_on__gte=since, signalled_on__lte=today)
    domain_model = NeedSignal.life_domains.field.related_model
    transition_model = NeedSignal._meta.get_field("transition").related_model
    result = []
    for key, title, relation, model in (
        ("leefgebied", _("Per life domain"), "life_domains", domain_model),
        ("overgangsmoment", _("Per overgangsmoment"), "transition", transition_model),
        ("organisatie", _("Per organisation involved"), "organisations", Organisation),
    ):
        totals, counts = _group_counts(signals, category, relation)
        shown = [pk for pk, total in totals.items() if total >= minimum]
        if model is Organisation:
            names = dict(Organisation.objects.filter(pk__in=shown).values_list("pk", "name"))
        else:
            names = {
                pk: name_in_language(name, name_en)
                for pk, name, name_en in model.objects.filter(pk__in=shown).values_list(
                    "pk", "name", "name_en"
                )
            }
        result.append(_breakdown(key, title, names, totals, counts, minimum))
    solution_totals = dict(
        signals.exclude(solution_type="")
        .order_by()
        .values_list("solution_type")
        .annotate(n=Count("pk"))
    )
    solution_counts = dict(
        signals.filter(categories=category)
        .exclude(solution_type="")
        .order_by()
        .values_list("solution_type")
        .annotate(n=Count("pk", distinct=True))
    )
    names = {value: str(label) for value, label in SolutionType.choices}
    result.append(
        _breakdown(
            "oplossing",
            _("Per kind of solution"),
            names,
            {k: v for k, v in solution_totals.items() if k in names},
            solution_counts,
            minimum,
        )
    )
    return result


def percent(value: float | None) -> str:
    """A share as a whole percentage, rounded half up ("12,5 %" is "13 %")."""
    if value is None:
        return "–"
    whole = Decimal(str(100 * value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return formats.number_format(int(whole), use_l10n=True) + " %"


# --- from a trend to a pattern ----------------------------------------------------------------


def open_gap_pattern(category: NeedCategory) -> Pattern | None:
    pattern = category.pattern
    return pattern if pattern is not None and pattern.status in OPEN_STATUSES else None


def trend_to_pattern(
    *, category: NeedCategory, user, table: LearningTable | None, note: str = ""
) -> Pattern:
    """Turn a trend into a pattern, "gap in the offer", at ``table`` (one action): its
    description holds the figures (never a case), and the category points at it."""
    from leernetwerk.patterns.services import pattern_create

    if not may_manage_trends(user):
        raise PermissionDenied
    note = (note or "").strip()
    privacy_check({"note": note})
    with transaction.atomic():
        category = NeedCategory.objects.select_for_update().get(pk=category.pk)
        existing = open_gap_pattern(category)
        if existing is not None:
            raise ValidationError(
                _("This trend is already the open pattern “%(title)s”.") % {"title": existing.title}
            )
        # In the network's language (the pattern, its tag and its trail are shared texts), with
        # the thresholds of the trends page: every member reads patterns, not only the managers.
        with translation.override(settings.LANGUAGE_CODE):
            report = trend_report(categories=[category])
            row = report.rows[0]
            if row.direction == TrendDirection.TOO_FEW:
                figures = _(
                    "From the “ik heb nodig” texts of the shared cases: too few cases ask for "
                    "%(need)s in %(before_label)s and %(recent_label)s to show a share."
                )
            else:
                figures = _(
                    "From the “ik heb nodig” texts of the shared cases: %(recent)s of the cases "
                    "in %(recent_label)s asked for %(need)s, against %(before)s in "
                    "%(before_label)s (%(direction)s)."
                )
            figures %= {
                "recent": row.recent_text,
                "recent_label": report.recent_label,
                "need": category.name,
                "before": row.before_text,
                "before_label": report.before_label,
                "direction": row.direction_label.lower(),
            }
            title = _("Gap in the offer: %(need)s") % {"need": category.name}
            tag = _("gap in the offer")
            origin = _("Trend signal “%(need)s”") % {"need": category.name}
        description = figures + (f"\n\n{note}" if note else "")
        pattern = pattern_create(
            user=user,
            title=title,
            description=description,
            table=table,
            tags=[tag],
            origin=origin,
        )
        category.pattern = pattern
        category.save(update_fields=["pattern"])
    return pattern


# --- the weekly digest ---------------------------------------------------------------------------


def is_subscribed(user) -> bool:
    return TrendSubscription.objects.filter(user_id=user.pk).exists()


def subscribe(user, *, on: bool) -> bool:
    """Start or stop the weekly digest for ``user``; returns whether they now get it."""
    if not may_see_trends(user):
        raise PermissionDenied
    if on:
        TrendSubscription.objects.get_or_create(user=user)
    else:
        TrendSubscription.objects.filter(user=user).delete()
    return on


def _lines(rows: list[CategoryTrend]) -> str:
    return "\n".join(
        f"- {row.category.name}: {row.before_text} → {row.recent_text}" for row in rows
    )


def send_trend_digests(*, today: date | None = None) -> int:
    """Once per ISO week (the first daily run of ``notify_overdue_patterns`` in it): tell each
    subscriber which needs rise and fall. Subscribers who may no longer see the trends are
    skipped. Returns how many were told."""
    today = today or timezone.localdate()
    year, week, _weekday = today.isocalendar()
    subscribers = [
        s.user
        for s in TrendSubscription.objects.select_related("user")
        if s.user.is_active and may_see_trends(s.user)
    ]
    if not subscribers:
        return 0
    report = trend_report(today=today)
    rising, falling = report.rising, report.falling
    nothing = gettext_lazy("No need rises or falls clearly in the cases of the last two years.")
    body = (
        gettext_lazy("Rising:\n%(rising_lines)s\n\nFalling:\n%(falling_lines)s")
        if rising or falling
        else nothing
    )
    return len(
        notification_send(
            users=subscribers,
            kind=KIND_DIGEST,
            title=gettext_lazy(
                "Trends in needs, week %(week)s: %(rising)s rising, %(falling)s falling"
            ),
            body=body,
            params={
                "week": f"{week}",
                "rising": len(rising),
                "falling": len(falling),
                "rising_lines": _lines(rising) or "–",
                "falling_lines": _lines(falling) or "–",
            },
            url=reverse("leernetwerk_patterns:trends"),
            key=f"trends.digest.{year}-{week:02d}",
        )
    )
