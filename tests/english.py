"""What "reads English" means for the tests of issue #18: a literal list of Dutch interface words
(``tests/data/dutch_ui_words.txt``) and the domain terms that stay Dutch by design (README,
"Language")."""

from __future__ import annotations

import re
from pathlib import Path

WORDS_FILE = Path(__file__).parent / "data" / "dutch_ui_words.txt"

#: Domain terms that read Dutch in English too (README, "Language"), and the names of the
#: languages in the switch (each language is named in itself).
EXEMPT = {
    "leersessie",
    "leersessies",
    "werktafel",
    "werktafels",
    "stuurgroep",
    "ambtelijke",
    "bestuurlijke",
    "doorbraak",
    "doorbraken",
    "herken",
    "maatwerk",
    "knelpunt",
    "nederlands",
}

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ]+")


def dutch_words() -> set[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")} - EXEMPT


def dutch_in(text: str, words: set[str]) -> list[str]:
    """The Dutch interface words in ``text`` (whole words, any case), in order of appearance."""
    return [word for word in _WORD.findall(text) if word.lower() in words]
