"""Suggestions: "this case may belong to pattern X", and candidate new patterns.

Similarity is the cosine of TF-IDF vectors of all of a case's texts, field-weighted, with Dutch
compounds split against the index's vocabulary (see ``patterns.text``); shared laws, leefgebieden
and tags add to the score, the knelpunt type is no filter (issue #17: professionals classify one
failure differently). It has to stay fast as the network grows, so nothing here scans all cases:

* **An incremental inverted index** in the database (``SignalTerm``, ``SignalDoc``,
  ``SignalPosting``): publishing a case indexes its text once (a few rows); unpublishing removes
  it. Document frequencies are kept up to date as texts come and go.
* **Bounded retrieval**: a new text looks up its ``QUERY_TERMS`` most distinctive terms, and per
  term only the ``POSTINGS_PER_TERM`` most recent postings of its kind within the window,
  through one composite index each. The work per suggestion is therefore bounded by
  a constant, not by the number of cases; exact cosines are computed for the best
  ``RESCORE`` candidates only. See ``bench/suggestions.py`` for the measurements and
  ``docs/decisions/0003-pattern-suggestions.md`` for the trade-offs.

Everything is triggered by ``casework.signals.case_signal`` (see ``patterns.receivers``).
"""

from __future__ import annotations

import heapq
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from leernetwerk.casework.selectors import case_get, case_signal_facts, shared_cases
from leernetwerk.kernel import conf
from leernetwerk.patterns.constants import (
    OPEN_STATUSES,
    PatternStatus,
    SignalKind,
    SuggestionStatus,
)
from leernetwerk.patterns.models import (
    CasePatternSuggestion,
    Pattern,
    PatternCandidate,
    PatternCase,
    SignalDoc,
    SignalIndexStats,
    SignalPosting,
    SignalTerm,
)
from leernetwerk.patterns.text import (
    compound_part_terms,
    cosine,
    knelpunt_phrase,
    terms_and_words,
    tfidf_vector,
)

logger = logging.getLogger(__name__)

__all__ = [
    "CandidateEvidence",
    "Match",
    "candidate_evaluate",
    "candidate_evidence",
    "candidate_retitle",
    "case_signal_received",
    "index_case",
    "index_pattern",
    "knelpunt_phrase",
    "pattern_suggestions_for_case",
    "rebuild_index",
    "similar_cases",
    "similarity_to_pattern",
    "unindex_case",
]

#: How many of a text's terms (the most distinctive) are looked up in the index.
QUERY_TERMS = 16
#: How many of a text's terms (the heaviest) get a posting: every term counts in the exact
#: cosine, but a case is found through its distinctive words; long texts (all fields are
#: indexed) would otherwise write a hundred rows per publish.
POSTED_TERMS = 48
#: How many postings per term are read (the most recent of that kind, any knelpunt type).
POSTINGS_PER_TERM = 600
#: How many of the best candidates get an exact cosine.
RESCORE = 60
#: How many patterns are suggested for one case at most.
MAX_PATTERN_SUGGESTIONS = 3
#: Weight of the facet overlap (laws, leefgebieden, tags) next to the text similarity.
FACET_WEIGHT = 0.25
#: The text cosine must reach this share of the threshold on its own: two texts about different
#: things with the same single law (facet overlap 1.0) are no match.
MIN_TEXT_SHARE = 0.5


@dataclass(frozen=True)
class Match:
    """A similar text: the cosine of the knelpunt texts, the facet overlap, the combined score
    and the words they share (to explain the suggestion)."""

    doc: SignalDoc
    similarity: float
    facet_overlap: float
    score: float
    shared_terms: tuple[str, ...]


# --- what a case or pattern looks like to the index -------------------------------------------


#: What of a case is indexed, and how much each part counts: professionals describe one failure
#: in different words and put the cause in different fields, so every text of the case is read;
#: the title and the knelpunt, where the cause is named, count double.
CASE_FIELD_WEIGHTS = {
    "title": 2,
    "situation": 1,
    "ik_wil": 1,
    "ik_kan": 1,
    "ik_heb_nodig": 1,
    "knelpunt": 2,
}


def _case_text(case) -> list[tuple[str, int]]:
    return [(getattr(case, name) or "", weight) for name, weight in CASE_FIELD_WEIGHTS.items()]


def _case_facets(case) -> list[str]:
    facets = [f"law:{pk}" for pk in case.laws.values_list("pk", flat=True)]
    facets += [f"domain:{pk}" for pk in case.life_domains.values_list("pk", flat=True)]
    facets += [f"tag:{slug}" for slug in case.tags.values_list("slug", flat=True)]
    return sorted(facets)


def _pattern_facets(pattern: Pattern) -> list[str]:
    facets = [f"law:{pk}" for pk in pattern.laws.values_list("pk", flat=True)]
    facets += [f"domain:{pk}" for pk in pattern.life_domains.values_list("pk", flat=True)]
    facets += [f"tag:{slug}" for slug in pattern.tags.values_list("slug", flat=True)]
    return sorted(facets)


def _window_start(now: datetime | None = None) -> datetime:
    months = conf.get("LEERNETWERK_PATTERN_WINDOW_MONTHS")
    return (now or timezone.now()) - timedelta(days=round(months * 30.44))


# --- the index ---------------------------------------------------------------------------------


def _count_documents(delta: int = 0) -> int:
    """Add ``delta`` to the number of indexed texts (an atomic update) and return it."""
    if delta:
        updated = SignalIndexStats.objects.filter(pk=1).update(documents=F("documents") + delta)
        if not updated:
            SignalIndexStats.objects.get_or_create(pk=1, defaults={"documents": max(delta, 0)})
    return SignalIndexStats.objects.filter(pk=1).values_list("documents", flat=True).first() or 0


@transaction.atomic(savepoint=False)
def _index(
    *,
    kind: str,
    text: str | list[tuple[str, int]],
    facets: list[str],
    knelpunt_type_id: int | None,
    author_id: int | None,
    signalled_at: datetime,
    case=None,
    pattern: Pattern | None = None,
) -> SignalDoc:
    parts = compound_part_terms(text)
    known = set(SignalTerm.objects.filter(term__in=parts).values_list("term", flat=True))
    counts, words = terms_and_words(text, known)
    lookup = {"case": case} if kind == SignalKind.CASE else {"pattern": pattern}
    doc = SignalDoc.objects.filter(**lookup).first()
    old_terms = set(doc.vector) if doc is not None else set()
    new_terms = set(counts)
    documents = _count_documents(1 if doc is None else 0)
    if new_terms - old_terms:
        SignalTerm.objects.bulk_create(
            [SignalTerm(term=term) for term in new_terms - old_terms], ignore_conflicts=True
        )
        SignalTerm.objects.filter(term__in=new_terms - old_terms).update(
            documents=F("documents") + 1
        )
    if old_terms - new_terms:
        SignalTerm.objects.filter(term__in=old_terms - new_terms, documents__gt=0).update(
            documents=F("documents") - 1
        )
    rows = SignalTerm.objects.filter(term__in=new_terms).values_list("term", "pk", "documents")
    term_ids = {term: pk for term, pk, _n in rows}
    vector = tfidf_vector(counts, {term: n for term, _pk, n in rows}, documents)
    values = {
        "kind": kind,
        "knelpunt_type_id": knelpunt_type_id,
        "author_id": author_id,
        "signalled_at": signalled_at,
        "facets": facets,
        "vector": vector,
        "words": words,
    }
    if doc is None:
        doc = SignalDoc.objects.create(**lookup, **values)
    else:
        for field, value in values.items():
            setattr(doc, field, value)
        doc.save()
        doc.postings.all().delete()
    SignalPosting.objects.bulk_create(
        [
            SignalPosting(
                term_id=term_ids[term],
                doc=doc,
                weight=weight,
                kind=kind,
                knelpunt_type_id=knelpunt_type_id,
                signalled_at=signalled_at,
            )
            for term, weight in _posted(vector)
        ]
    )
    doc.term_ids = term_ids  # saves the search a lookup
    return doc


def _posted(vector: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(vector.items(), key=lambda item: (-item[1], item[0]))[:POSTED_TERMS]


def index_case(case) -> SignalDoc | None:
    """Index a live case's knelpunt (again, after an edit); a case that is not live is removed."""
    if not case.live:
        unindex_case(case.pk)
        return None
    return _index(
        kind=SignalKind.CASE,
        text=_case_text(case),
        facets=_case_facets(case),
        knelpunt_type_id=case.knelpunt_type_id,
        author_id=case.owner_id,
        signalled_at=case.first_published_at or timezone.now(),
        case=case,
    )


def index_pattern(pattern: Pattern) -> SignalDoc:
    return _index(
        kind=SignalKind.PATTERN,
        text=f"{pattern.title}\n{pattern.description}",
        facets=_pattern_facets(pattern),
        knelpunt_type_id=pattern.knelpunt_type_id,
        author_id=pattern.created_by_id,
        signalled_at=pattern.created_at or timezone.now(),
        pattern=pattern,
    )


@transaction.atomic(savepoint=False)
def _unindex(doc: SignalDoc | None) -> None:
    if doc is None:
        return
    SignalTerm.objects.filter(term__in=list(doc.vector), documents__gt=0).update(
        documents=F("documents") - 1
    )
    SignalIndexStats.objects.filter(pk=1, documents__gt=0).update(documents=F("documents") - 1)
    doc.delete()


def unindex_case(case_id: int) -> None:
    """A case that went offline (unpublished, anonymised, deleted) leaves the index."""
    _unindex(SignalDoc.objects.filter(case_id=case_id).first())


@transaction.atomic
def rebuild_index(*, cases=None, patterns=None, batch_size: int = 2_000) -> int:
    """Rebuild the whole index from the live cases and the patterns (``manage.py
    rebuild_suggestion_index``): two passes, bulk inserts. Returns the number of texts."""
    SignalPosting.objects.all().delete()
    SignalDoc.objects.all().delete()
    SignalTerm.objects.all().delete()
    if cases is None:
        cases = shared_cases().prefetch_related("laws", "life_domains", "tags")
    if patterns is None:
        patterns = Pattern.objects.prefetch_related("laws", "life_domains", "tags")
    subjects = []
    for case in cases.iterator(chunk_size=batch_size) if hasattr(cases, "iterator") else cases:
        subjects.append(
            (
                {"kind": SignalKind.CASE, "case_id": case.pk},
                _case_text(case),
                _prefetched_facets(case),
                case.knelpunt_type_id,
                case.owner_id,
                case.first_published_at or timezone.now(),
            )
        )
    for pattern in patterns:
        subjects.append(
            (
                {"kind": SignalKind.PATTERN, "pattern_id": pattern.pk},
                f"{pattern.title}\n{pattern.description}",
                _prefetched_facets(pattern),
                pattern.knelpunt_type_id,
                pattern.created_by_id,
                pattern.created_at,
            )
        )
    # Compounds are split against the whole vocabulary (the incremental path knows the terms
    # indexed before it): a first pass collects it.
    vocabulary = {term for _subject, text, *_rest in subjects for term in terms_and_words(text)[0]}
    subjects = [
        (subject, terms_and_words(text, vocabulary), *rest) for subject, text, *rest in subjects
    ]
    frequencies: dict[str, int] = defaultdict(int)
    for _subject, (counts, _words), *_rest in subjects:
        for term in counts:
            frequencies[term] += 1
    SignalTerm.objects.bulk_create(
        [SignalTerm(term=term, documents=n) for term, n in frequencies.items()],
        batch_size=batch_size,
    )
    term_ids = dict(SignalTerm.objects.values_list("term", "pk"))
    total = len(subjects)
    SignalIndexStats.objects.update_or_create(pk=1, defaults={"documents": total})
    for start in range(0, total, batch_size):
        chunk = subjects[start : start + batch_size]
        docs = SignalDoc.objects.bulk_create(
            [
                SignalDoc(
                    **subject,
                    knelpunt_type_id=type_id,
                    author_id=author_id,
                    signalled_at=signalled_at,
                    facets=facets,
                    vector=tfidf_vector(counts, frequencies, total),
                    words=words,
                )
                for subject, (counts, words), facets, type_id, author_id, signalled_at in chunk
            ],
            batch_size=batch_size,
        )
        _insert_postings(
            (term_ids[term], doc.pk, weight, doc.kind, doc.knelpunt_type_id, doc.signalled_at)
            for doc in docs
            for term, weight in _posted(doc.vector)
        )
    return total


def _insert_postings(rows) -> None:
    """Plain parameterised inserts: millions of postings, without building model instances."""
    table = connection.ops.quote_name(SignalPosting._meta.db_table)
    sql = (
        f"INSERT INTO {table} (term_id, doc_id, weight, kind, knelpunt_type_id, signalled_at) "  # noqa: S608 - the table name is ours, values are parameters
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    adapt = connection.ops.adapt_datetimefield_value
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for term_id, doc_id, weight, kind, type_id, at in rows:
            batch.append((term_id, doc_id, weight, kind, type_id, adapt(at)))
            if len(batch) >= 20_000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def _prefetched_facets(subject) -> list[str]:
    facets = [f"law:{law.pk}" for law in subject.laws.all()]
    facets += [f"domain:{domain.pk}" for domain in subject.life_domains.all()]
    facets += [f"tag:{tag.slug}" for tag in subject.tags.all()]
    return sorted(facets)


# --- retrieval ---------------------------------------------------------------------------------


def _facet_overlap(a: list[str], b: list[str]) -> float | None:
    """Jaccard overlap of two facet sets; ``None`` when either text has no facets at all."""
    if not a or not b:
        return None
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb)


def _match(doc: SignalDoc, other: SignalDoc) -> Match | None:
    """How ``other`` compares to ``doc``: ``None`` unless the score — the text cosine, with the
    facet overlap (laws, leefgebieden, tags) as extra evidence — reaches the threshold. The
    knelpunt type and the facets are evidence, not filters: professionals classify one failure
    differently (ADR 0003)."""
    minimum = conf.get("LEERNETWERK_SUGGESTION_MIN_SIMILARITY")
    similarity = cosine(doc.vector, other.vector)
    if similarity < MIN_TEXT_SHARE * minimum:
        return None  # facets support a text match; alone they are no evidence
    overlap = _facet_overlap(doc.facets, other.facets) or 0.0
    score = (1 - FACET_WEIGHT) * similarity + FACET_WEIGHT * overlap
    if score < minimum:
        return None
    shared = sorted(
        set(doc.vector) & set(other.vector),
        key=lambda t: doc.vector[t] * other.vector[t],
        reverse=True,
    )[:5]
    return Match(
        doc=other,
        similarity=similarity,
        facet_overlap=overlap,
        score=score,
        shared_terms=tuple(doc.words.get(term, term) for term in shared),
    )


def _postings(
    term_ids: list[int], *, kind: str, since: datetime | None
) -> list[tuple[int, int, float]]:
    """``(term_id, doc_id, weight)`` of the ``POSTINGS_PER_TERM`` most recent postings per term
    of texts of ``kind``, whatever their knelpunt type, in one query: a ``UNION ALL`` of one
    index range per term (each an index-only scan of the covering posting index
    ``posting_term_kind_date``). Django's ``union()`` cannot slice its parts, hence plain SQL."""
    table = connection.ops.quote_name(SignalPosting._meta.db_table)
    parts, params = [], []
    for n, term_id in enumerate(term_ids):
        where, values = ["term_id = %s", "kind = %s"], [term_id, kind]
        if since is not None:
            where.append("signalled_at >= %s")
            values.append(connection.ops.adapt_datetimefield_value(since))
        parts.append(
            f"SELECT * FROM (SELECT term_id, doc_id, weight FROM {table} "  # noqa: S608 - fixed
            f"WHERE {' AND '.join(where)} ORDER BY signalled_at DESC LIMIT %s) AS p{n}"
        )
        params += [*values, POSTINGS_PER_TERM]
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def similar_cases(doc: SignalDoc, *, since: datetime | None = None) -> list[Match]:
    """Live cases with the same knelpunt (within the window), best first: bounded retrieval
    through the inverted index, then an exact cosine for the best ``RESCORE`` candidates."""
    query = sorted(doc.vector.items(), key=lambda item: item[1], reverse=True)[:QUERY_TERMS]
    if not query:
        return []
    term_ids = getattr(doc, "term_ids", None) or dict(
        SignalTerm.objects.filter(term__in=[t for t, _w in query]).values_list("term", "pk")
    )
    weights = {term_ids[term]: weight for term, weight in query if term in term_ids}
    rows = _postings(
        list(weights),
        kind=SignalKind.CASE,
        since=since or _window_start(),
    )
    # Up to QUERY_TERMS x POSTINGS_PER_TERM rows: the loop is kept to a bare accumulation.
    partial: dict[int, float] = defaultdict(float)
    for term_id, doc_id, weight in rows:
        partial[doc_id] += weights[term_id] * weight
    partial.pop(doc.pk, None)
    best = heapq.nlargest(RESCORE, partial, key=partial.__getitem__)
    candidates = SignalDoc.objects.filter(pk__in=best)
    matches = [m for m in (_match(doc, other) for other in candidates) if m is not None]
    matches.sort(key=lambda m: m.score, reverse=True)
    return matches


def _similar_patterns(doc: SignalDoc, case_matches: list[Match]) -> dict[int, Match]:
    """Patterns like the case: by their own description (patterns are few: every pattern text
    is compared exactly), or through a similar linked case."""
    best: dict[int, Match] = {}
    patterns = SignalDoc.objects.filter(kind=SignalKind.PATTERN)
    for other in patterns:
        match = _match(doc, other)
        if match is not None:
            best[other.pattern_id] = match
    by_case = {m.doc.case_id: m for m in case_matches}
    links = PatternCase.objects.filter(case_id__in=list(by_case)).values_list(
        "pattern_id", "case_id"
    )
    for pattern_id, case_id in links:
        match = by_case[case_id]
        if pattern_id not in best or match.score > best[pattern_id].score:
            best[pattern_id] = match
    return best


# --- suggestions -------------------------------------------------------------------------------


def pattern_suggestions_for_case(
    case, doc: SignalDoc, case_matches: list[Match]
) -> list[CasePatternSuggestion]:
    """Store "this case may belong to pattern X" for the best patterns the case is not in yet
    (open ones, and closed ones it shows again); dismissed suggestions are not repeated."""
    best = _similar_patterns(doc, case_matches)
    if not best:
        return []
    linked = set(PatternCase.objects.filter(case=case).values_list("pattern_id", flat=True))
    existing = {
        s.pattern_id: s
        for s in CasePatternSuggestion.objects.filter(case=case, pattern_id__in=best)
    }
    patterns = {
        p.pk: p
        for p in Pattern.objects.filter(pk__in=best)
        .select_related("owner__member_profile")
        .exclude(status=PatternStatus.REJECTED)
        .exclude(pk__in=linked)
    }
    ranked = sorted(patterns, key=lambda pk: best[pk].score, reverse=True)[:MAX_PATTERN_SUGGESTIONS]
    stored, new = [], []
    for pattern_id in ranked:
        match = best[pattern_id]
        suggestion = existing.get(pattern_id)
        if suggestion is not None:
            if suggestion.status == SuggestionStatus.OPEN:
                suggestion.score = match.score
                suggestion.shared_terms = list(match.shared_terms)
                suggestion.save(update_fields=["score", "shared_terms", "updated_at"])
                stored.append(suggestion)
            continue
        suggestion = CasePatternSuggestion.objects.create(
            case=case,
            pattern=patterns[pattern_id],
            score=match.score,
            shared_terms=list(match.shared_terms),
        )
        stored.append(suggestion)
        new.append(suggestion)
    if new:
        _notify_new_suggestions(case, new)
    return stored


def _notify_new_suggestions(case, suggestions: list[CasePatternSuggestion]) -> None:
    """One notification per person for what this case brought: the case's author hears of
    every pattern, a pattern's owner of theirs (three suggestions for one owner are one
    message, not three)."""
    from leernetwerk.kernel.notifications import notification_send

    url = f"{case.url}#pattern-suggestions"  # one page lookup for every message
    told: dict[int, tuple] = {}
    for suggestion in suggestions:
        for user in {u.pk: u for u in (case.owner, suggestion.pattern.owner) if u}.values():
            told.setdefault(user.pk, (user, []))[1].append(suggestion)
    for user, theirs in told.values():
        if len(theirs) == 1:
            (suggestion,) = theirs
            title = gettext_lazy("The case “%(case)s” may belong to the pattern “%(pattern)s”")
            params = {"pattern": suggestion.pattern.title}
        else:
            title = gettext_lazy("The case “%(case)s” may belong to the patterns %(patterns)s")
            params = {"patterns": ", ".join(f"“{s.pattern.title}”" for s in theirs)}
        words = list(dict.fromkeys(term for s in theirs for term in s.shared_terms))[:8]
        notification_send(
            users=[user],
            kind="pattern.suggestion",
            title=title,
            body=gettext_lazy("Shared words: %(terms)s. Link it, or say it does not belong."),
            params={"case": case.title, "terms": ", ".join(words), **params},
            url=url,
            email=False,
        )


def candidate_evaluate(
    case, doc: SignalDoc | None, case_matches: list[Match]
) -> PatternCandidate | None:
    """Propose a new pattern when at least ``LEERNETWERK_PATTERN_MIN_SIGNALS`` signals (cases,
    recognitions, doorbraken, missed agreements) from at least
    ``LEERNETWERK_PATTERN_MIN_PEOPLE`` professionals share this knelpunt within the window, and
    the cases are not in an open pattern yet."""
    in_open_pattern = set(
        PatternCase.objects.filter(
            case_id__in=[case.pk, *(m.doc.case_id for m in case_matches)],
            pattern__status__in=OPEN_STATUSES,
        ).values_list("case_id", flat=True)
    )
    if case.pk in in_open_pattern:
        return None
    cluster = [case.pk] + [
        m.doc.case_id for m in case_matches if m.doc.case_id not in in_open_pattern
    ]
    since = _window_start()
    facts = case_signal_facts(cluster)
    # The similar cases come from the window; the case itself (an old case recognised again)
    # counts as a signal only when it was published inside it.
    counted = [c for c in facts.authors if c != case.pk or (doc and doc.signalled_at >= since)]
    people = {facts.authors[c] for c in counted if facts.authors[c] is not None}
    signals = len(counted)
    for _case_id, user_id, at in facts.recognitions:
        if at >= since:
            signals += 1
            people.add(user_id)
    missed = sum(1 for _case_id, _user_id, at in facts.missed_agreements if at >= since)
    for _case_id, user_id, at in (*facts.doorbraken, *facts.missed_agreements):
        if at >= since:
            signals += 1
            if user_id is not None:
                people.add(user_id)
    if signals < conf.get("LEERNETWERK_PATTERN_MIN_SIGNALS") or len(people) < conf.get(
        "LEERNETWERK_PATTERN_MIN_PEOPLE"
    ):
        return None
    shared = _shared_terms(doc, case_matches)
    candidate = (
        PatternCandidate.objects.filter(status=SuggestionStatus.OPEN, cases__in=cluster)
        .order_by("-updated_at")
        .first()
    )
    created = candidate is None
    if created:
        covered = PatternCandidate.objects.filter(status=SuggestionStatus.DISMISSED, cases=case.pk)
        for dismissed in covered:
            if dismissed.cases.filter(pk__in=cluster).count() == len(set(cluster)):
                return None  # managers already said these signals are not a pattern
        candidate = PatternCandidate.objects.create(
            title=_candidate_title(
                case, [d for d in [doc, *(m.doc for m in case_matches)] if d], cluster
            ),
            knelpunt_type_id=case.knelpunt_type_id,
        )
        joining = set(cluster)
    else:
        # Only the cluster's cases are looked up: a candidate may hold many.
        joining = set(cluster) - set(
            candidate.cases.filter(pk__in=cluster).values_list("pk", flat=True)
        )
    # A growing candidate shows the most signals and professionals any of its clusters had.
    signal_count = max(signals, candidate.signal_count)
    people_count = max(len(people), candidate.people_count)
    if (
        not created
        and not joining
        and (signal_count, people_count, missed)
        == (candidate.signal_count, candidate.people_count, candidate.missed_agreements)
    ):
        return candidate  # nothing new for the board
    candidate.cases.add(*joining)
    candidate.signal_count, candidate.people_count = signal_count, people_count
    candidate.missed_agreements = missed
    candidate.shared_terms = shared
    candidate.save()
    if created:
        _notify_candidate(candidate)
    from leernetwerk.patterns.services import publish_candidate

    publish_candidate(candidate)
    return candidate


def _centroid(docs) -> dict[str, float]:
    centre: dict[str, float] = defaultdict(float)
    for doc in docs:
        for term, weight in doc.vector.items():
            centre[term] += weight
    return centre


def _candidate_title(case, docs, case_ids: list[int]) -> str:
    """A working title: a phrase from the knelpunt texts of the candidate's cases (from the
    ones still shared; see ``candidate_retitle``), else the knelpunt type. A candidate of one
    case (recognised by colleagues) takes that case's title: its author named the knelpunt."""
    from django.conf import settings
    from django.utils import translation

    shared = list(
        shared_cases().filter(pk__in=case_ids).order_by("pk").values_list("title", "knelpunt")
    )
    if len(shared) == 1 and shared[0][0].strip():
        return shared[0][0].strip()[:255]
    texts = [knelpunt for _title, knelpunt in shared]
    phrase = knelpunt_phrase(texts, _centroid(docs)) if texts else ""
    if phrase:
        return phrase[:255]
    with translation.override(settings.LANGUAGE_CODE):
        kind = str(case.knelpunt_type) if case.knelpunt_type_id else translation.gettext("Knelpunt")
    return kind[:255]


def candidate_retitle(candidate: PatternCandidate) -> None:
    """Name the candidate again from the cases it still shares: a case anonymised by retention
    takes the phrase it gave with it."""
    case_ids = list(candidate.cases.values_list("pk", flat=True))
    docs = list(SignalDoc.objects.filter(case_id__in=case_ids))
    first = shared_cases().filter(pk__in=case_ids).select_related("knelpunt_type").first()
    if first is None:
        with_type = candidate.knelpunt_type
        candidate.title = str(with_type) if with_type else str(gettext_lazy("Knelpunt"))
    else:
        candidate.title = _candidate_title(first, docs, case_ids)
    candidate.save(update_fields=["title", "updated_at"])


@dataclass(frozen=True)
class CaseEvidence:
    """Why a case is in a candidate: how similar it is to the others (mean text cosine), and
    the words of the candidate's shared words it holds."""

    case_id: int
    similarity: float
    words: tuple[str, ...]


@dataclass(frozen=True)
class CandidateEvidence:
    cases: dict[int, CaseEvidence]
    shared_words: tuple[str, ...]
    shared_facets: tuple[str, ...]
    mean_similarity: float


def candidate_evidence(case_ids: list[int]) -> CandidateEvidence:
    """The evidence a candidate pattern shows: per case its similarity to the other cases,
    the words at least two cases share, and the facets (laws, leefgebieden, tags) at least
    two cases share. Two queries, whatever the number of cases."""
    docs = {doc.case_id: doc for doc in SignalDoc.objects.filter(case_id__in=case_ids)}
    term_docs: dict[str, int] = defaultdict(int)
    for doc in docs.values():
        for term in doc.vector:
            term_docs[term] += 1
    centre = _centroid(docs.values())
    shared = sorted((t for t, n in term_docs.items() if n >= 2), key=lambda t: (-centre[t], t))[:8]
    words_of = {}
    for doc in docs.values():
        for term in shared:
            if term in doc.words:
                words_of.setdefault(term, doc.words[term])
    per_case = {}
    for case_id, doc in docs.items():
        others = [cosine(doc.vector, o.vector) for k, o in docs.items() if k != case_id]
        per_case[case_id] = CaseEvidence(
            case_id=case_id,
            similarity=sum(others) / len(others) if others else 0.0,
            words=tuple(words_of[t] for t in shared if t in doc.vector and t in words_of),
        )
    facet_docs: dict[str, int] = defaultdict(int)
    for doc in docs.values():
        for facet in set(doc.facets):
            facet_docs[facet] += 1
    facets = tuple(sorted(f for f, n in facet_docs.items() if n >= 2))
    mean = sum(e.similarity for e in per_case.values()) / len(per_case) if per_case else 0.0
    return CandidateEvidence(
        cases=per_case,
        shared_words=tuple(words_of[t] for t in shared if t in words_of),
        shared_facets=facets,
        mean_similarity=mean,
    )


def similarity_to_pattern(pattern: Pattern, case_ids: list[int]) -> dict[int, float]:
    """How like the pattern each case is (for the link screen): the best text cosine with the
    pattern's own description or with a case already linked to it. Two queries."""
    linked = list(PatternCase.objects.filter(pattern=pattern).values_list("case_id", flat=True))
    docs = SignalDoc.objects.filter(Q(pattern=pattern) | Q(case_id__in=[*case_ids, *linked])).only(
        "case_id", "pattern_id", "vector"
    )
    references, asked = [], {}
    for doc in docs:
        if doc.pattern_id == pattern.pk or doc.case_id in linked:
            references.append(doc.vector)
        if doc.case_id in case_ids:
            asked[doc.case_id] = doc.vector
    return {
        case_id: max((cosine(vector, ref) for ref in references), default=0.0)
        for case_id, vector in asked.items()
    }


def _shared_terms(doc: SignalDoc | None, matches: list[Match]) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for match in matches:
        for term in match.shared_terms:
            counts[term] += 1
    if not counts and doc is not None:
        top = sorted(doc.vector, key=doc.vector.__getitem__, reverse=True)[:5]
        return [doc.words.get(term, term) for term in top]
    return sorted(counts, key=lambda t: (-counts[t], t))[:5]


def _notify_candidate(candidate: PatternCandidate) -> None:
    from django.urls import reverse

    from leernetwerk.kernel.notifications import notification_send
    from leernetwerk.kernel.roles import Role, role_members

    managers = role_members(Role.MANAGER).select_related("member_profile")
    notification_send(
        users=managers,
        kind="pattern.candidate",
        title=gettext_lazy("Possible new pattern: “%(title)s”"),
        body=gettext_lazy("%(signals)d signals from %(people)d professionals share this knelpunt."),
        params={
            "title": candidate.title,
            "signals": candidate.signal_count,
            "people": candidate.people_count,
        },
        url=reverse("leernetwerk_patterns:candidate", args=[candidate.pk]),
    )


# --- the entry point ---------------------------------------------------------------------------


def case_signal_received(*, case_id: int, kind: str) -> None:
    """React to ``casework.signals.case_signal``: (re)index a published case, then suggest
    patterns and evaluate a candidate; a recognition or doorbraak re-evaluates the candidate."""
    from leernetwerk.casework.signals import CASE_ANONYMISED, PUBLISHED, RECOGNISED, UNPUBLISHED

    with transaction.atomic():
        if kind == CASE_ANONYMISED:
            forget_case_texts(case_id)
            return
        if kind == UNPUBLISHED:
            unindex_case(case_id)
            return
        case = case_get(pk=case_id)
        if case is None or not case.live:
            unindex_case(case_id)
            return
        doc = None if kind == PUBLISHED else SignalDoc.objects.filter(case_id=case_id).first()
        if doc is None:
            doc = index_case(case)
        matches = similar_cases(doc)
        if kind in (PUBLISHED, RECOGNISED):
            pattern_suggestions_for_case(case, doc, matches)
        candidate_evaluate(case, doc, matches)


@transaction.atomic
def forget_case_texts(case_id: int) -> None:
    """A case was anonymised (retention): what patterns copied of its text goes too — the
    reasons it was linked with, the words its suggestions showed. The links stay (they count)."""
    from leernetwerk.casework.services import ANONYMISED as PLACEHOLDER
    from leernetwerk.patterns.models import PatternEvent

    unindex_case(case_id)
    PatternCase.objects.filter(case_id=case_id).exclude(reason="").update(reason=PLACEHOLDER)
    PatternEvent.objects.filter(
        action__in=["link_case", "unlink_case"], changes__case=case_id
    ).exclude(reason="").update(reason=PLACEHOLDER)
    CasePatternSuggestion.objects.filter(case_id=case_id).update(shared_terms=[])
    # A candidate named with a phrase of this case's knelpunt is named again without it.
    for candidate in PatternCandidate.objects.filter(cases=case_id):
        candidate_retitle(candidate)


def suggest_cases_for_pattern(pattern: Pattern, doc: SignalDoc) -> list[CasePatternSuggestion]:
    """A newly signalled pattern: the most similar cases not in it yet get "may belong to this
    pattern" (shown on their pages and the pattern's; nobody is notified for this)."""
    linked = set(PatternCase.objects.filter(pattern=pattern).values_list("case_id", flat=True))
    search = SignalDoc(
        pk=doc.pk,
        kind=SignalKind.PATTERN,
        knelpunt_type_id=doc.knelpunt_type_id,
        vector=doc.vector,
        words=doc.words,
        facets=doc.facets,
    )
    search.term_ids = getattr(doc, "term_ids", None)
    made = []
    for match in similar_cases(search)[:10]:
        if match.doc.case_id in linked:
            continue
        suggestion, created = CasePatternSuggestion.objects.get_or_create(
            case_id=match.doc.case_id,
            pattern=pattern,
            defaults={"score": match.score, "shared_terms": list(match.shared_terms)},
        )
        if created:
            made.append(suggestion)
    return made
