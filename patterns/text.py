"""Turning a knelpunt text into index terms: words, minus Dutch stop words, stemmed with the
Snowball Dutch stemmer (so "wachttijden" and "wachttijd" are one term)."""

from __future__ import annotations

import math
import re
from collections import Counter
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


def terms_and_words(text: str) -> tuple[Counter[str], dict[str, str]]:
    """Term counts, and for each term the first word it came from (to show people "wachttijd",
    not the stem "wachttijd" or "ontruim")."""
    counts: Counter[str] = Counter()
    words: dict[str, str] = {}
    for match in WORD.finditer(text or ""):
        word = match.group().lower()
        if len(word) < 2 or word.isdigit() or word in STOP_WORDS:
            continue
        stem = _stem(word)[:MAX_TERM_LENGTH]
        if len(stem) >= 2 and stem not in STOP_WORDS:
            counts[stem] += 1
            words.setdefault(stem, word[:MAX_TERM_LENGTH])
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
