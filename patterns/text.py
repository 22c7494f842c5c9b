"""Turning a knelpunt text into index terms: words, minus Dutch stop words, stemmed with the
Snowball Dutch stemmer (so "wachttijden" and "wachttijd" are one term)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache

import snowballstemmer

#: Snowball's Dutch stop word list, plus words that carry no knelpunt in this domain's texts.
STOP_WORDS = frozenset(
    """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar om
    hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar haar
    naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
    waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd
    altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere
    één eén af erover erin eruit ermee daarna daarvoor eigen eigenlijk ieder iedere elk zulke
    zo'n zoals alle allemaal beide echter ofwel hoewel toe dus
    pas wel alleen waardoor waarin waarop tussen twee drie eerst elke wanneer terwijl zodat
    daardoor daarom dezelfde hetzelfde zijn haar hun mogen mag moeten kunnen willen gaat gaan
    komt komen krijgt krijgen via per bij binnen buiten sinds tijdens voordat nadat totdat welke
    welk waar wordt werden geworden erg heel zeer vaak soms nooit weer even steeds nog
    """.split()
)

WORD = re.compile(r"[0-9a-zà-öø-ÿ]+", re.IGNORECASE)
MAX_TERM_LENGTH = 60


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def terms(text: str) -> Counter[str]:
    """Term counts of ``text``: lower-cased words of two letters or more, without stop words
    and numbers, stemmed."""
    return terms_and_words(text)[0]


#: Dutch writes compounds as one word ("briefadresbeleid"): a word this long is also split in two,
#: when both parts are words the index knows, so it meets "briefadres" and "beleid".
MIN_COMPOUND = 9
MIN_PART = 4
#: A part found inside a compound counts half as much as the word itself.
PART_WEIGHT = 0.5


def _words(text) -> Iterable[tuple[str, float]]:
    fields = [(text, 1)] if text is None or isinstance(text, str) else text
    for field, weight in fields:
        for match in WORD.finditer(field or ""):
            word = match.group().lower()
            if len(word) >= 2 and not word.isdigit() and word not in STOP_WORDS:
                yield word, weight


def _splits(word: str) -> Iterable[tuple[str, str]]:
    """Every split of ``word`` into a head and a tail of at least ``MIN_PART`` letters, the
    head without a linking -s- or -e- ("betaling-s-regeling"), longest head first."""
    for at in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:at], word[at:]
        yield head, tail
        if head[-1] in "se" and len(head) > MIN_PART:
            yield head[:-1], tail


def compound_part_terms(text) -> set[str]:
    """The terms the parts of the text's long words would be: ask the index which it knows."""
    return {
        _stem(part)[:MAX_TERM_LENGTH]
        for word, _weight in _words(text)
        if len(word) >= MIN_COMPOUND
        for split in _splits(word)
        for part in split
    }


def terms_and_words(
    text: str | Iterable[tuple[str, int]], known: Collection[str] = ()
) -> tuple[Counter[str], dict[str, str]]:
    """Term counts, and for each term the first word it came from (to show people "wachttijd",
    not the stem "wachttijd" or "ontruim"). ``text`` is one text, or ``(text, weight)`` pairs:
    a word in a field of weight 2 counts twice. A long word whose two parts are both ``known``
    terms (or terms of the text itself) adds the parts at ``PART_WEIGHT``."""
    counts: Counter[str] = Counter()
    words: dict[str, str] = {}
    compounds = []
    for word, weight in _words(text):
        stem = _stem(word)[:MAX_TERM_LENGTH]
        if len(stem) >= 2 and stem not in STOP_WORDS:
            counts[stem] += weight
            words.setdefault(stem, word[:MAX_TERM_LENGTH])
            if len(word) >= MIN_COMPOUND:
                compounds.append((word, weight))
    for word, weight in compounds:
        for head, tail in _splits(word):
            parts = [_stem(head)[:MAX_TERM_LENGTH], _stem(tail)[:MAX_TERM_LENGTH]]
            if all((part in known or part in counts) and part not in STOP_WORDS for part in parts):
                for part, source in zip(parts, (head, tail), strict=True):
                    counts[part] += PART_WEIGHT * weight
                    words.setdefault(part, source)
                break
    return counts, words


def idf(documents: int, containing: int) -> float:
    """Smoothed inverse document frequency (as scikit-learn's ``TfidfVectorizer`` computes it)."""
    return math.log((1 + documents) / (1 + containing)) + 1.0


def tfidf_vector(counts: Counter[str], document_frequency: dict[str, int], documents: int):
    """A unit-length TF-IDF vector (sublinear term frequency): the cosine of two such vectors
    is their dot product."""
    weights = {
        term: (1.0 + math.log(count)) * idf(documents, document_frequency.get(term, 0))
        for term, count in counts.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b[term] for term, weight in a.items() if term in b)


#: A candidate's working title: one clause of its knelpunt texts, of at most this many words.
TITLE_WORDS = 14
#: Clauses end at punctuation and before the conjunctions that start a second clause.
CLAUSE_BREAK = re.compile(
    r"[.!?;:,()\n]+|\s(?=(?:terwijl|maar|omdat|waardoor|zodat|want|doordat|hoewel|en dan)\s)",
    re.IGNORECASE,
)
LEADING_CONJUNCTION = re.compile(
    r"^(?:terwijl|maar|omdat|waardoor|zodat|want|doordat|hoewel|en dan|en|dus)\s+", re.IGNORECASE
)
CUT_PENALTY = 0.8


def knelpunt_phrase(texts: list[str], centre: dict[str, float]) -> str:
    """The clause of the knelpunt texts that says most of what they share: each clause is
    weighed by the centroid's weights of its terms, per square root of its length (a short
    clause that holds the shared words beats a long one); a clause longer than
    ``TITLE_WORDS`` words is cut with an ellipsis. Managers read words from the cases
    themselves, not a list of stems (issue #17)."""
    best, best_weight = "", 0.0
    for text in texts:
        for clause in CLAUSE_BREAK.split(text or ""):
            words = LEADING_CONJUNCTION.sub("", clause.strip()).split()
            if len(words) < 3:
                continue
            counts, _words = terms_and_words(clause)
            cut = len(words) > TITLE_WORDS
            weight = sum(centre.get(term, 0.0) for term in counts) / len(words) ** 0.5
            if cut:
                weight *= CUT_PENALTY  # a whole clause reads better than a cut one
            if weight > best_weight:
                best = " ".join(words[:TITLE_WORDS]) + ("…" if cut else "")
                best_weight = weight
    phrase = best.strip(" -–—\"'“”‘’")
    return phrase[:1].upper() + phrase[1:] if phrase else ""


def compound_tails(text) -> set[str]:
    """The stems of every possible last part of the text's long words: in a Dutch compound the
    last part says what it is ("huurwoning" is a "woning"; "ziekenhuis" names no "zieken")."""
    return {
        _stem(tail)[:MAX_TERM_LENGTH]
        for word, _weight in _words(text)
        if len(word) >= MIN_COMPOUND
        for _head, tail in _splits(word)
    }


KEYWORD_SEPARATOR = re.compile(r"[,;\n]+")


def keyword_stems(keywords: str) -> list[tuple[str, ...]]:
    """A need category's keywords as stems: one tuple per comma-separated keyword, whose words
    must all occur ("schuld regeling" needs both); keywords without a usable word are dropped."""
    found: list[tuple[str, ...]] = []
    for keyword in KEYWORD_SEPARATOR.split(keywords or ""):
        stems = tuple(sorted(terms(keyword)))
        if stems and stems not in found:
            found.append(stems)
    return found
