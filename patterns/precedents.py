"""Similar precedents next to a case (issue #20): the precedent library is casework's; the text
similarity is the suggestion engine's (the same Dutch terms, the index's document frequencies
and the same mix of text and facets), so precedents are found the way patterns are."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from leernetwerk.casework.selectors import precedent_list
from leernetwerk.patterns.models import SignalDoc, SignalIndexStats, SignalTerm
from leernetwerk.patterns.text import cosine, terms, tfidf_vector

#: The newest precedents a case is compared with (the library is read in one query).
POOL = 300
#: Shown next to a case, at most.
SHOWN = 3
#: Below this score a precedent is not "similar". Precedents are written in general terms, so
#: they share fewer words with a case than two cases do (the suggestion threshold is 0.2).
MIN_SCORE = 0.12
TEXT_WEIGHT, FACET_WEIGHT = 0.75, 0.25


@dataclass(frozen=True)
class SimilarPrecedent:
    precedent: object
    score: float


@lru_cache(maxsize=4_096)
def _precedent_terms(pk: int, text: str):
    """A precedent's term counts (precedents are never edited: their text is their key)."""
    return terms(text)


def _case_facets(case) -> set[str]:
    # ``.all()``: a draft shown in the admin's preview holds its relations in memory only.
    facets = {f"law:{law.pk}" for law in case.laws.all()}
    facets |= {f"domain:{domain.pk}" for domain in case.life_domains.all()}
    if case.knelpunt_type_id:
        facets.add(f"type:{case.knelpunt_type_id}")
    if case.transition_id:
        facets.add(f"transition:{case.transition_id}")
    return facets


def _precedent_facets(precedent) -> set[str]:
    facets = {f"law:{law.pk}" for law in precedent.laws.all()}
    facets |= {f"domain:{domain.pk}" for domain in precedent.life_domains.all()}
    if precedent.knelpunt_type_id:
        facets.add(f"type:{precedent.knelpunt_type_id}")
    if precedent.transition_id:
        facets.add(f"transition:{precedent.transition_id}")
    return facets


def _case_vector(case, documents: int) -> dict[str, float]:
    doc = SignalDoc.objects.filter(case_id=case.pk).only("vector").first()
    if doc is not None:
        return doc.vector
    counts = terms(" ".join(filter(None, (case.knelpunt, case.situation, case.maatwerk))))
    frequencies = dict(SignalTerm.objects.filter(term__in=counts).values_list("term", "documents"))
    return tfidf_vector(counts, frequencies, documents)


def similar_precedents(case, *, limit: int = SHOWN) -> list[SimilarPrecedent]:
    """The precedents most like ``case`` (other cases' precedents only): score = 0.75 · text
    cosine + 0.25 · facet overlap (laws, leefgebieden, knelpunt type, overgangsmoment).
    A fixed number of queries, whatever the size of the library."""
    pool = list(precedent_list().exclude(case_id=case.pk)[:POOL])
    if not pool:
        return []
    documents = SignalIndexStats.objects.values_list("documents", flat=True).first() or 0
    case_vector = _case_vector(case, documents)
    counts = {p.pk: _precedent_terms(p.pk, p.search_text) for p in pool}
    vocabulary = {term for c in counts.values() for term in c}
    frequencies = dict(
        SignalTerm.objects.filter(term__in=vocabulary).values_list("term", "documents")
    )
    facets = _case_facets(case)
    found = []
    for precedent in pool:
        vector = tfidf_vector(counts[precedent.pk], frequencies, documents)
        theirs = _precedent_facets(precedent)
        overlap = len(facets & theirs) / len(facets | theirs) if facets | theirs else 0.0
        score = TEXT_WEIGHT * cosine(case_vector, vector) + FACET_WEIGHT * overlap
        if score >= MIN_SCORE:
            found.append(SimilarPrecedent(precedent, score))
    found.sort(key=lambda item: (-item.score, -item.precedent.pk))
    return found[:limit]
