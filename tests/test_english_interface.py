"""English leaves no Dutch behind (issue #18): every string the interface can show — each entry
of the translation catalogues, as English renders it, and the literal text of every template and
script — is read against a list of Dutch interface words (``tests/data/dutch_ui_words.txt``);
domain terms that stay Dutch by design are exempt (``tests/english.py``).

The pages themselves, with the demo content and every stored notification, are read in English
by ``tests/outside_in/test_english_pages.py``."""

from __future__ import annotations

import gettext
import html
import re
from pathlib import Path

import pytest

from tests.english import dutch_in, dutch_words

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIRS = [
    ROOT / "leernetwerk" / "kernel" / "locale",
    ROOT / "casework" / "locale",
    ROOT / "patterns" / "locale",
    ROOT / "learning" / "locale",
    ROOT / "site" / "locale",
]
TEMPLATE_ROOTS = [
    ROOT / "leernetwerk" / "kernel" / "templates",
    ROOT / "casework" / "templates",
    ROOT / "patterns" / "templates",
    ROOT / "learning" / "templates",
    ROOT / "templates",
    *sorted((ROOT / "site").glob("*/templates")),
]
SCRIPT_ROOTS = [ROOT / "static", *sorted(ROOT.glob("*/static")), ROOT / "leernetwerk" / "kernel"]


def _catalog(directory: Path, language: str) -> dict:
    with open(directory / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        return gettext.GNUTranslations(handle)._catalog


def english_strings() -> list[tuple[str, str]]:
    """(where, text) for every source string of every catalogue, as the English interface shows
    it: the English translation where there is one, else the source string itself."""
    shown = []
    for directory in LOCALE_DIRS:
        dutch, english = _catalog(directory, "nl"), _catalog(directory, "en")
        for key in dutch:
            if key == "":
                continue
            source = key[0] if isinstance(key, tuple) else key
            source = source.split("\x04", 1)[-1]
            text = english.get(key) or source
            shown.append((f"{directory.parent.name}: {source!r}", text))
    return shown


def test_the_catalogues_are_read():
    shown = dict(english_strings())
    # A few literal entries from each app, so that an empty walk cannot pass.
    texts = set(shown.values())
    assert "Mark all as read" in texts
    assert any(text.startswith("Cases") for text in texts)
    assert len(shown) > 1200


def test_every_catalogue_string_reads_english():
    words = dutch_words()
    found = [
        f"{where} -> {text!r}: {dutch_in(text, words)}"
        for where, text in english_strings()
        if dutch_in(text, words)
    ]
    assert not found, "Dutch in the English interface:\n" + "\n".join(found)


_TEMPLATE_DROP = [
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    # Translated text: the catalogue test reads it (in English).
    re.compile(r"{%\s*blocktrans(late)?\b.*?{%\s*endblocktrans(late)?\s*%}", re.S),
    re.compile(r"{%.*?%}", re.S),
    re.compile(r"{{.*?}}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.S | re.I),
]
_SHOWN_ATTRIBUTES = re.compile(
    r"\b(?:title|alt|placeholder|aria-label|aria-description|data-confirm|content|value)"
    r"\s*=\s*(\"[^\"]*\"|'[^']*')",
    re.I,
)


def template_text(source: str) -> str:
    """The literal text a template shows whatever its context: text between tags and the shown
    attributes, without template tags, comments, scripts and styles."""
    for pattern in _TEMPLATE_DROP:
        source = pattern.sub(" ", source)
    shown = [value[1:-1] for value in _SHOWN_ATTRIBUTES.findall(source)]
    text = re.sub(r"<[^>]*>", " ", source)
    return html.unescape(" ".join([text, *shown]))


#: Served without Django (the server's last resort, no request language): it says the same in
#: Dutch and in English.
BILINGUAL = {ROOT / "templates" / "500.html"}


def templates() -> list[Path]:
    found = []
    for root in TEMPLATE_ROOTS:
        found.extend(sorted(root.rglob("*.html")) + sorted(root.rglob("*.txt")))
    return [path for path in found if path not in BILINGUAL]


def test_the_templates_are_read():
    names = {path.name for path in templates()}
    assert {"base.html", "case_page.html", "lesson_page.html", "pattern_board_page.html"} <= names


@pytest.mark.parametrize("path", templates(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_shows_untranslated_dutch(path):
    found = dutch_in(template_text(path.read_text(encoding="utf-8")), dutch_words())
    assert not found, f"{path.relative_to(ROOT)} shows Dutch outside {{% translate %}}: {found}"


_JS_STRING = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"|'((?:[^'\\\n]|\\.)*)'|`([^`]*)`")
_IDENTIFIER = re.compile(r"[a-z_]+")
_JS_COMMENT = re.compile(r"/\*.*?\*/|^\s*//.*?$", re.S | re.M)


def scripts() -> list[Path]:
    found = set()
    for root in SCRIPT_ROOTS:
        found.update(path for path in root.rglob("*.js") if "vendor" not in path.parts)
    return sorted(found)


def test_the_scripts_are_read():
    assert {"site.js", "controls.js"} <= {path.name for path in scripts()}


@pytest.mark.parametrize("path", scripts(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_script_shows_untranslated_dutch(path):
    source = _JS_COMMENT.sub(" ", path.read_text(encoding="utf-8"))
    strings = " ".join(
        text
        for text in ("".join(groups) for groups in _JS_STRING.findall(source))
        # Keys and query values ("te_laat", "mijn") are not shown.
        if not _IDENTIFIER.fullmatch(text)
    )
    found = dutch_in(strings, dutch_words())
    assert not found, f"{path.relative_to(ROOT)} has Dutch in a string literal: {found}"
