"""The PII guard: find personal data of residents in free text before it is saved (AVG/GDPR).

Cases, comments and lessons are written by professionals about residents. Before such a
text is saved, :func:`find_personal_data` looks for personal data; a hit blocks the save
(see :class:`PersonalDataValidator`) and :func:`personal_data_message` tells the author
exactly what to remove.

Design
------
* One small detector function per category, each driven by a regex compiled once at
  module level. Detectors propose candidates; checksums (the BSN 11-proef and the IBAN
  mod-97 check, both from python-stdnum) and small plausibility checks in Python decide.
* Every regex is linear by construction: quantifiers are bounded or possessive, candidate
  matches can only start at a word boundary (look-behinds), and no quantified group
  contains another unbounded quantifier that can match the same characters. The only
  per-call regex is the one for names, which is compiled from a trie of the names
  (cached), so its cost per position is bounded by the longest name, not by the number
  of names.
* Overlaps are resolved in :func:`_resolve_overlaps`: the longest candidate wins, ties go
  to the more specific category (see ``_PRIORITY``). So the digits of an IBAN are never
  also reported as a phone number or a BSN, and a name inside an e-mail address is part
  of the e-mail finding.
* HTML (rich text) is accepted: :func:`to_plain_text` turns block-level tags into line
  breaks, exposes the values of attributes (link targets with their paths and query
  strings, percent-decoded; titles; alternative texts: otherwise invisible personal data),
  strips the remaining tags with Django's ``strip_tags`` and unescapes entities.
  **Offsets of findings refer to that plain text**; for input without markup (no ``<``
  and no ``&``) the plain text *is* the input.
* Notation never hides data: before matching, :func:`normalise` puts the plain text in
  NFKC, drops format and other invisible characters (zero-width spaces and joiners, soft
  hyphens, direction marks), turns every decimal digit of any script into an ASCII digit
  and every space, dash, dot and slash look-alike into " ", "-", "." and "/". The
  detectors run on that text; findings are mapped back, so the message quotes the text as
  the author wrote it. Right after a BSN keyword nine digits count in any grouping, and an
  e-mail address may have its "@" and dots spelled out in brackets ("[at]", "(punt)").

False-positive trade-offs
-------------------------
A guard that cries wolf gets switched off, so every detector prefers missing an odd
notation over flagging ordinary social-domain prose (amounts, years, dates of meetings,
article numbers, law names, case numbers, times, percentages):

* BSN: only 9-digit groups in the usual notations (``123456782``, ``1234.56.782``,
  ``123.456.782``, ``123 456 782``, ``12 34 56 782``) that pass the 11-proef. Roughly one
  in eleven random 9-digit numbers passes that test, so a 9-digit amount written with
  thousands separators could be flagged; amounts with a euro sign, ``euro``, ``,-`` or
  decimals are skipped. 8-digit (zero-padded) BSNs are ignored.
* IBAN: any country, validated with mod-97 and the country's length, so practically
  never a false positive.
* Phone: Dutch numbers only, 10 digits nationally (``0`` + 9) or ``+31``/``0031`` + 9
  digits. Service numbers (0800/090x) and organisation numbers (088) are ignored. Any
  other 10-digit number starting with 0 written like a phone number (e.g. a client
  number ``0123456789``) is flagged. Date-like groupings (``01-03-2024``) are excluded
  by the allowed notations.
* Address: a postcode needs a house number (``1234 AB 12``) or a street before it; a
  bare postcode is not flagged. A street is a *capitalised* word ending in a Dutch
  street suffix followed by a house number; lowercase nouns ("in het park 2 uur"),
  nouns ending in ``-ering``/``-uring`` ("Vergadering 3"), a few common non-street
  compounds ("Leerpad 2", "Arbeidsmarkt"), year-like numbers (1900-2099) and numbers
  followed by a unit ("uur", "weken", "kinderen", months, ...) are not addresses.
  Street names that do not end in a suffix ("Laan van Meerdervoort 12") are missed, and
  the public address of an office ("Stadhuisplein 130") is flagged like any other.
* Date of birth: only a full date (numeric, ISO or with a month name) at most 30
  characters after a birth keyword within the same sentence. Ages, birth years and
  dates without such a keyword are not flagged.
* Names: a configured list, matched case-insensitively as whole words, so a name that
  is also a word ("Roos", "Bas") is flagged wherever that word occurs.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import strip_tags
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from stdnum import iban
from stdnum.nl import bsn

from leernetwerk.kernel import conf

__all__ = [
    "CATEGORY_LABELS",
    "Finding",
    "PersonalDataValidator",
    "find_personal_data",
    "configured_names",
    "normalise",
    "personal_data_message",
    "to_plain_text",
]

BSN = "bsn"
IBAN = "iban"
EMAIL = "email"
PHONE = "phone"
ADDRESS = "address"
BIRTH_DATE = "birth_date"
NAME = "name"

CATEGORY_LABELS = {
    BSN: _("BSN"),
    IBAN: _("IBAN"),
    EMAIL: _("e-mail address"),
    PHONE: _("phone number"),
    ADDRESS: _("address"),
    BIRTH_DATE: _("date of birth"),
    NAME: _("name"),
}

# Ties between overlapping candidates of equal length go to the lower number.
_PRIORITY = {IBAN: 0, BSN: 1, EMAIL: 2, BIRTH_DATE: 3, PHONE: 4, ADDRESS: 5, NAME: 6}

# The message lists this many items, then "and N more".
MAX_LISTED = 5

NAMES_SETTING = "LEERNETWERK_PII_NAMES"


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: ``text == plain_text[start:end]``."""

    category: str  # one of: "bsn", "iban", "email", "phone", "address", "birth_date", "name"
    text: str
    start: int
    end: int


# --------------------------------------------------------------------------- HTML -> text

_TAG_RE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,20})\b([^<>]*)>")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 "
    "h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_ATTRIBUTE_RE = re.compile(
    r"""([A-Za-z_:][-\w:.]{0,40})\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"""
)
# Attributes that hold no text a reader sees (Wagtail's rich text keeps ids and kinds in some).
_SILENT_ATTRIBUTES = frozenset(
    "class id style rel target lang dir width height colspan rowspan linktype embedtype "
    "format data-block-key".split()
)
_URL_PUNCTUATION_RE = re.compile(r"[?&=#;/:]+")
_ANY_TAG_RE = re.compile(r"<[^<>]*>")


def url_text(url: str) -> str:
    """A link target as the detectors read it: percent-decoded, its path, query and fragment
    split into words ("mailto:jan%40example.nl" -> "mailto jan@example.nl")."""
    return _URL_PUNCTUATION_RE.sub(" ", urllib.parse.unquote(url))


def _attribute_text(attributes: str) -> str:
    """The values of a tag's attributes as text: link targets (``mailto:``, ``tel:``, paths
    and query strings, percent-decoded), titles, alternative texts."""
    values = []
    for match in _ATTRIBUTE_RE.finditer(attributes):
        name = match.group(1).lower()
        if name in _SILENT_ATTRIBUTES:
            continue
        value = html.unescape(next(g for g in match.groups()[1:] if g is not None))
        if name in ("href", "src", "action", "cite", "srcset"):
            value = url_text(value)
        values.append(value)
    return " ".join(value for value in values if value.strip())


def _replace_tag(match: re.Match[str]) -> str:
    name = match.group(2).lower()
    shown = "" if match.group(1) else _attribute_text(match.group(3))
    if shown:
        return f" {shown} " + ("\n" if name in _BLOCK_TAGS else "")
    return "\n" if name in _BLOCK_TAGS else match.group(0)


def to_plain_text(text: str) -> str:
    """The text the detectors see: ``text`` itself unless it contains markup or entities.

    Block-level tags become line breaks (so words of adjacent paragraphs don't merge), the
    values of attributes a reader can reach (link targets with their query strings, titles,
    alternative texts) become text, other tags are removed and entities are unescaped.
    """
    if "<" not in text and "&" not in text:
        return text
    text = _TAG_RE.sub(_replace_tag, text)
    try:
        text = strip_tags(text)
    except SuspiciousOperation:  # pathological nesting: fall back to a plain tag regex
        text = _ANY_TAG_RE.sub("", text)
    return html.unescape(text)


# --------------------------------------------------------------------------- normalisation

# Code points that render as nothing but are not of category Cf (default ignorables).
_INVISIBLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]
    + list(range(0x180B, 0x1810))
    + list(range(0xFE00, 0xFE10))
    + list(range(0xE0100, 0xE01F0))
)
# Separators that look like a dash, a dot or a slash (after NFKC).
_DASHES = frozenset("\u2212\u2043\u02d7\ufe63\u2796\u2e3a\u2e3b")
_DOTS = frozenset("\u00b7\u2027\u2219\u22c5\u30fb\uff65\u2e31\u0387\u16eb\u2e33")
_SLASHES = frozenset("\u2044\u2215\u29f8\u2571")
# Cyrillic and Greek letters that look exactly like Latin ones ("Fаtima" with a Cyrillic а).
_LOOKALIKES = dict(
    zip(
        "АВЕЅІЈКМНОРСТХУаеіјоӏрсѕухԁԛԝΑΒΕΖΗΙΚΜΝΟΡΤΥΧοικνρτυχ",
        "ABESIJKMHOPCTXYaeijolpcsyxdqwABEZHIKMNOPTYXoikvptux",
        strict=True,
    )
)


def _normalise_char(char: str) -> str:
    """One character (after NFKC) as the detectors see it ("" for an invisible one)."""
    if char.isascii():
        return " " if char == "\t" else char
    category = unicodedata.category(char)
    if category == "Cf" or ord(char) in _INVISIBLE:
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category == "Zs":
        return " "
    if category in ("Zl", "Zp"):
        return "\n"
    if category == "Pd" or char in _DASHES:
        return "-"
    if char in _DOTS:
        return "."
    if char in _SLASHES:
        return "/"
    return _LOOKALIKES.get(char, char)


def normalise(text: str) -> tuple[str, list[int] | None]:
    """``text`` as the detectors see it, and where each of its characters came from.

    Each character with its combining marks is put in NFKC (full-width letters and digits,
    ``＠``, ligatures and the like become ASCII), then format and other invisible characters
    (zero-width spaces and joiners, soft hyphens, direction marks, variation selectors) are
    dropped, every decimal digit of any script becomes an ASCII digit, every space becomes
    " ", every dash "-", dot and slash look-alikes "." and "/", and Cyrillic and Greek
    letters that look like Latin ones the Latin letter. So a number, an address or a name
    cannot slip past the detectors by its notation.

    The second value maps each character of the result to the offset of the character of
    ``text`` it came from (``None`` when the text is unchanged).
    """
    if text.isascii() and "\t" not in text:
        return text, None
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if not cluster.isascii():
            cluster = unicodedata.normalize("NFKC", cluster)
        for char in cluster:
            mapped = _normalise_char(char)
            for piece in mapped:
                out.append(piece)
                origin.append(i)
        i = j
    return "".join(out), origin


def _to_original(finding: Finding, plain: str, origin: list[int] | None) -> Finding:
    """``finding`` (offsets in the normalised text) with offsets and text of ``plain``."""
    if origin is None:
        return finding
    start = origin[finding.start]
    end = origin[finding.end - 1] + 1
    while end < len(plain) and unicodedata.combining(plain[end]):
        end += 1
    return Finding(finding.category, plain[start:end], start, end)


# --------------------------------------------------------------------------- BSN

_BSN_RE = re.compile(
    r"""
    (?<![\w+€])(?<!€[ \xa0])(?<!\d[.,/-])
    (?:
        \d{9}
      | \d{4}(?P<s1>[ \xa0.-])\d{2}(?P=s1)\d{3}
      | \d{3}(?P<s2>[ \xa0.-])\d{3}(?P=s2)\d{3}
      | \d{2}(?P<s3>[ \xa0.-])\d{2}(?P=s3)\d{2}(?P=s3)\d{3}
    )
    (?!\w)(?![.,/-]\d)(?!,-)(?![ \xa0]?(?i:euro|eur)\b)
    """,
    re.VERBOSE,
)


# Right after a BSN keyword, nine digits in any grouping ("1 2 3 4 5 6 7 8 2", "12.345.67.82").
_BSN_AFTER_KEYWORD_RE = re.compile(
    r"(?<!\w)(?i:bsn|burger[ -]?service[ -]?nummer|sofi[ -]?nummer|sofinr)(?:[ -]?(?i:nummer|nr))?"
    r"[^\w\n]{0,5}(?P<number>\d(?:[ .-]?\d){8})(?![\d])(?![.,/-]\d)"
)


def _find_bsns(text: str) -> Iterator[Finding]:
    for match in _BSN_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) == 9 and bsn.is_valid(digits):
            yield Finding(BSN, match.group(), match.start(), match.end())
    for match in _BSN_AFTER_KEYWORD_RE.finditer(text):
        digits = re.sub(r"\D", "", match.group("number"))
        if bsn.is_valid(digits):
            yield Finding(BSN, match.group("number"), match.start("number"), match.end("number"))


# --------------------------------------------------------------------------- IBAN

# Country code, check digits, then groups of four (with or without a space) and a short
# last group; the candidate is cut back at group boundaries until stdnum accepts it.
_IBAN_RE = re.compile(
    r"(?<!\w)[A-Za-z]{2}\d{2}(?:[ \xa0.-]?[A-Za-z0-9]{4}){2,7}(?:[ \xa0.-]?[A-Za-z0-9]{1,3})?"
    r"(?![A-Za-z0-9])"
)
_IBAN_MIN_LENGTH = 15  # Norway


def _find_ibans(text: str) -> Iterator[Finding]:
    for match in _IBAN_RE.finditer(text):
        candidate = match.group()
        # The whole candidate, then shorter ones ending before a space (a trailing word
        # of four letters or digits may have been taken for a group).
        ends = [len(candidate)] + [
            i for i in range(len(candidate) - 1, 0, -1) if candidate[i] in " \xa0.-"
        ]
        for end in ends:
            piece = candidate[:end]
            compact = re.sub(r"[ \xa0.-]", "", piece)
            if len(compact) < _IBAN_MIN_LENGTH:
                break
            if iban.is_valid(compact):
                yield Finding(IBAN, piece, match.start(), match.start() + end)
                break


# --------------------------------------------------------------------------- e-mail

# "@" may stand alone between spaces or be spelled out in brackets ("(at)", "[at]"), and so
# may the dots of the domain ("[dot]", "(punt)").
_OPEN, _CLOSE = r"[\[({<]", r"[\])}>]"
_EMAIL_AT = rf"(?:[ ]?@[ ]?|[ ]?{_OPEN}[ ]?(?i:at|apenstaartje)[ ]?{_CLOSE}[ ]?)"
_EMAIL_DOT = rf"(?:\.|[ ]?{_OPEN}[ ]?(?i:dot|punt)[ ]?{_CLOSE}[ ]?)"
_EMAIL_RE = re.compile(
    rf"(?<![\w.%+-])[\w.%+-]++{_EMAIL_AT}(?:[A-Za-z0-9-]++{_EMAIL_DOT})+[A-Za-z]{{2,63}}(?![\w-])"
)


def _find_emails(text: str) -> Iterator[Finding]:
    for match in _EMAIL_RE.finditer(text):
        yield Finding(EMAIL, match.group(), match.start(), match.end())


# --------------------------------------------------------------------------- phone

# A Dutch number: trunk 0 or country code 31, an area code (1-3 digits, mobile "6"),
# an optional separator, then the subscriber number in at most four groups separated by one
# and the same space, dot or dash. The digit count is checked in Python, so dates such as
# 01-03-2024 (7 digits after the trunk 0) never fit; spaced dates are excluded below.
_PHONE_RE = re.compile(
    r"""
    (?<![\w+/.,])(?<!\d[-/.])
    (?:
        (?P<country>(?:\+|00)31)[ \xa0]?(?:\(0\)[ \xa0]?)?
      | (?P<paren>\()?0
    )
    (?P<area>[1-9]\d{0,2})(?(paren)\))
    (?:[ \xa0]?[-/][ \xa0]?|[ \xa0.])?
    (?P<subscriber>\d{2,8}(?:(?P<sep>[ \xa0.-])\d{2,4}(?:(?P=sep)\d{2,4}){0,2})?)
    (?!\w)(?![.,:/-]\d)
    """,
    re.VERBOSE,
)
_PHONE_DIGITS = 9  # after the trunk 0 or the country code
# 0800 free numbers, 088 numbers of organisations (UWV, SVB, ...), 0900/0906/0909 paid numbers
_SERVICE_AREAS = ("80", "88", "90")
_SPACED_DATE_RE = re.compile(r"\(?0?\d([ \xa0.-])\d{1,2}\1(?:19|20)\d\d\b")


def _find_phones(text: str) -> Iterator[Finding]:
    for match in _PHONE_RE.finditer(text):
        area = match.group("area")
        if area.startswith(_SERVICE_AREAS) or _SPACED_DATE_RE.match(match.group()):
            continue
        subscriber = match.group("subscriber")
        separator = match.group("sep") or " "
        groups = subscriber.split(separator)
        # Trailing space-separated groups may belong to the next sentence part ("06 12345678
        # 12 keer"): drop them until the digit count fits.
        while groups and len(area) + sum(map(len, groups)) > _PHONE_DIGITS:
            groups.pop()
        if not groups or len(area) + sum(map(len, groups)) != _PHONE_DIGITS:
            continue
        end = match.start("subscriber") + len(separator.join(groups))
        yield Finding(PHONE, text[match.start() : end], match.start(), end)


# --------------------------------------------------------------------------- address

_STREET_SUFFIXES = tuple(
    "straat laan weg plein singel gracht kade dijk hof park dreef steeg pad markt wal baan "
    "erf".split()
)
_POSTCODE = r"[1-9]\d{3}[ \xa0]?(?!S[ADS])[A-Z]{2}(?!\w)"
_HOUSE_NUMBER = (
    r"(?P<number>[1-9]\d{0,4})"
    r"(?P<addition>[-/][A-Za-z0-9]{1,4}|[A-Za-z]{1,2}|[ \xa0][A-Z](?!\w))?"
    r"(?!\w)(?![.,:]\d)"
)
_UPPER = "A-ZÀ-ÖØ-Þ"
# A capitalised word followed by a house number (and maybe a postcode); whether the word is
# a street name is decided in Python (``_is_street_name``).
_STREET_ADDRESS_RE = re.compile(
    rf"(?<![\w'’-])(?P<street>(?:['’]s-)?[{_UPPER}][\w'’-]*+)"
    rf"[ \xa0]+(?:nr\.?[ \xa0]?)?{_HOUSE_NUMBER}"
    rf"(?:,?[ \xa0]+{_POSTCODE})?"
)
# Up to four words before the street word that may belong to its name.
_STREET_PREFIX_RE = re.compile(
    rf"(?<![\w'’.-])(?:(?:[{_UPPER}][\w'’.-]*|de|van|der|den|het|ter|ten|['’][ts])[ \xa0]){{1,4}}$"
)
_STREET_PREFIX_WINDOW = 120
_POSTCODE_ADDRESS_RE = re.compile(
    rf"(?<![\w.,-]){_POSTCODE},?[ \xa0]+(?:nr\.?[ \xa0]?)?{_HOUSE_NUMBER}"
)
# What may follow a number that is a quantity, date or time rather than a house number.
_NOT_A_HOUSE_NUMBER_RE = re.compile(
    r"[ \xa0]*(?:%|(?:procent|uur|u|min|minuten|seconden|dag|dagen|week|weken|maand|maanden|"
    r"jaar|jaren|jr|keer|x|euro|eur|cent|kinderen|personen|mensen|deelnemers|cliënten|"
    r"clienten|gezinnen|huishoudens|meldingen|stuks|km|kilometer|meter|m|januari|februari|maart|"
    r"april|mei|juni|juli|augustus|september|oktober|november|december|jan|feb|mrt|"
    r"apr|jun|jul|aug|sep|sept|okt|nov|dec)\b)",
    re.IGNORECASE,
)
_NON_STREET_WORDS = frozenset(
    "leerpad zorgpad behandelpad loopbaan arbeidsmarkt woningmarkt huurmarkt gerechtshof".split()
)
# Prefix words that start a multi-word street name ("Burgemeester de Withstraat").
_STREET_TITLES = frozenset(
    "Burgemeester Prins Prinses Koning Koningin Graaf Gravin Hertog Generaal Kolonel Majoor "
    "Kapitein Admiraal Dokter Dr. Professor Prof. Pastoor Pater Dominee Ds. Mr. Meester "
    "Jonkheer Jhr. Baron Sint St. Oude Nieuwe Korte Lange Hoge Lage Grote Kleine Eerste "
    "Tweede Derde Van Ter Ten Den Der".split()
)
_PARTICLES = frozenset("de van der den het ter ten 't ’t".split())
# Capitalised words that start a sentence rather than a street name ("In de Kerkstraat").
_NOT_STREET_NAME_START = frozenset(
    "In Op Aan Bij Naar Uit Via Vanaf Tot Voor Achter Langs Over Naast Tegenover Richting Om "
    "Met Zonder Door Rond Nabij Tussen Onder Boven Binnen Buiten Woont Wonen Wonend Verhuisd "
    "Adres En Of Maar Dus Dat Die Dit Deze Zij Hij Ze Wij We Jij Je U Ik Het De Een Mevrouw "
    "Meneer Cliënt Client Gisteren Vandaag Morgen Sinds".split()
)


def _is_house_number(match: re.Match[str], text: str) -> bool:
    number = match.group("number")
    if not match.group("addition") and len(number) == 4 and 1900 <= int(number) <= 2099:
        return False  # a year: "Arbeidsmarkt 2024"
    return not _NOT_A_HOUSE_NUMBER_RE.match(
        text, match.end("number") + len(match.group("addition") or "")
    )


def _is_street_name(word: str) -> bool:
    lower = word.lower()
    if lower in _NON_STREET_WORDS:
        return False
    if lower.endswith(_STREET_SUFFIXES):
        return True
    # "-ring" streets (Ring, Westring, Binnenring), not nouns such as vergadering or sturing.
    return lower.endswith("ring") and (len(lower) == 4 or lower[-5] not in "aeiouy")


def _street_name_start(text: str, street_start: int) -> int:
    """Where the name of the street whose last word starts at ``street_start`` begins."""
    window_start = max(0, street_start - _STREET_PREFIX_WINDOW)
    prefix = _STREET_PREFIX_RE.search(text, window_start, street_start)
    if prefix is None:
        return street_start
    tokens = [(m.start(), m.group()) for m in re.finditer(r"\S+", prefix.group())]
    for i, (offset, token) in enumerate(tokens):
        followed_by_particle = i + 1 < len(tokens) and tokens[i + 1][1] in _PARTICLES
        if token in _STREET_TITLES or (
            token[:1].isupper() and followed_by_particle and token not in _NOT_STREET_NAME_START
        ):
            return prefix.start() + offset
    return street_start


def _find_addresses(text: str) -> Iterator[Finding]:
    for match in _STREET_ADDRESS_RE.finditer(text):
        if _is_street_name(match.group("street")) and _is_house_number(match, text):
            start = _street_name_start(text, match.start())
            yield Finding(ADDRESS, text[start : match.end()], start, match.end())
    for match in _POSTCODE_ADDRESS_RE.finditer(text):
        if _is_house_number(match, text):
            yield Finding(ADDRESS, match.group(), match.start(), match.end())


# --------------------------------------------------------------------------- date of birth

_MONTH = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|"
    r"december|january|february|march|may|june|july|august|october|"
    r"jan|feb|febr|mrt|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\.?"
)
_DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:e|ste|de|st|nd|rd|th)?[ \xa0]{_MONTH}[ \xa0,]{{1,2}}\d{{4}}"
    rf"|{_MONTH}[ \xa0]\d{{1,2}}(?:st|nd|rd|th)?,?[ \xa0]\d{{4}})"
)
_BIRTH_KEYWORD = (
    r"(?:geboortedatum|geboortedag|geboren|geb\.|geb\b|date[ \xa0]+of[ \xa0]+birth|"
    r"birth[ \xa0]?date|birthday|born|d\.o\.b\.?|dob\b)"
)
# The date follows the keyword within 30 characters of the same sentence.
_BIRTH_DATE_RE = re.compile(
    rf"(?<!\w){_BIRTH_KEYWORD}[^\d\n.!?;]{{0,30}}?(?<!\w)(?P<date>{_DATE})(?!\d)",
    re.IGNORECASE,
)


def _find_birth_dates(text: str) -> Iterator[Finding]:
    for match in _BIRTH_DATE_RE.finditer(text):
        yield Finding(BIRTH_DATE, match.group("date"), match.start("date"), match.end("date"))


# --------------------------------------------------------------------------- names

_MAX_NAME_LENGTH = 100


def _trie_regex(node: dict[str, dict]) -> str:
    """A regex matching exactly the strings of a (lowercased) trie; "" marks an end."""
    branches = []
    for char in sorted(key for key in node if key):
        piece = r"\s+" if char == " " else re.escape(char)
        branches.append(piece + _trie_regex(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" in node:  # a name ends here and a longer one continues
        return f"(?:{body})?"
    return body


@functools.lru_cache(maxsize=64)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    trie: dict[str, dict] = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return re.compile(rf"(?<!\w)(?:{_trie_regex(trie)})(?!\w)", re.IGNORECASE)


def _as_names(names: Iterable[str] | str | None) -> list[str]:
    """``names`` as a list (a single string is one name, not a sequence of letters)."""
    if not names:
        return []
    if isinstance(names, str):
        return [names]
    return [str(name) for name in names]


def _normalise_names(names: Iterable[str]) -> tuple[str, ...]:
    cleaned = {" ".join(normalise(str(name))[0].split()).lower() for name in names}
    return tuple(sorted(name for name in cleaned if name and len(name) <= _MAX_NAME_LENGTH))


def _find_names(text: str, names: Iterable[str]) -> Iterator[Finding]:
    normalised = _normalise_names(names)
    if not normalised:
        return
    for match in _names_pattern(normalised).finditer(text):
        yield Finding(NAME, match.group(), match.start(), match.end())


# --------------------------------------------------------------------------- public API

_DETECTORS: tuple[Callable[[str], Iterator[Finding]], ...] = (
    _find_ibans,
    _find_bsns,
    _find_emails,
    _find_birth_dates,
    _find_phones,
    _find_addresses,
)


def _resolve_overlaps(candidates: Iterable[Finding]) -> list[Finding]:
    """Keep the longest candidates (ties: the more specific category), ordered by start."""
    ranked = sorted(candidates, key=lambda f: (f.start - f.end, _PRIORITY[f.category], f.start))
    kept: list[Finding] = []  # sorted by start and pairwise disjoint
    starts: list[int] = []
    for finding in ranked:
        i = bisect.bisect_left(starts, finding.start)
        if i > 0 and kept[i - 1].end > finding.start:
            continue  # overlaps the kept finding before it
        if i < len(kept) and kept[i].start < finding.end:
            continue  # overlaps the kept finding after it
        kept.insert(i, finding)
        starts.insert(i, finding.start)
    return kept


def configured_names() -> list[str]:
    """The names of the ``LEERNETWERK_PII_NAMES`` setting (default: none)."""
    return _as_names(conf.get(NAMES_SETTING))


def find_personal_data(text: str, *, extra_names: Iterable[str] = ()) -> list[Finding]:
    """All personal data in ``text``: non-overlapping findings ordered by ``start``.

    ``text`` may be HTML; offsets and texts of the findings then refer to
    :func:`to_plain_text` of it (identical to ``text`` when it has no markup). Names are
    those of the ``LEERNETWERK_PII_NAMES`` setting plus ``extra_names``.
    """
    if not text:
        return []
    plain = to_plain_text(str(text))
    normalised, origin = normalise(plain)
    candidates: list[Finding] = []
    for detector in _DETECTORS:
        candidates.extend(detector(normalised))
    candidates.extend(_find_names(normalised, [*configured_names(), *_as_names(extra_names)]))
    return [_to_original(f, plain, origin) for f in _resolve_overlaps(candidates)]


def personal_data_message(findings: list[Finding]) -> str:
    """One sentence telling the author what to remove ("" when there is nothing).

    Each distinct finding is listed once, as its category and the quoted text; after
    ``MAX_LISTED`` items the rest is counted ("and 3 more").
    """
    items: list[str] = []
    seen: set[tuple[str, str]] = set()
    for finding in findings:
        if (finding.category, finding.text) in seen:
            continue
        seen.add((finding.category, finding.text))
        label = CATEGORY_LABELS.get(finding.category, finding.category)
        items.append(gettext('%(category)s "%(text)s"') % {"category": label, "text": finding.text})
    if not items:
        return ""
    listed = ", ".join(items[:MAX_LISTED])
    rest = len(items) - MAX_LISTED
    if rest > 0:
        listed = ngettext("%(items)s and %(count)d more", "%(items)s and %(count)d more", rest) % {
            "items": listed,
            "count": rest,
        }
    return gettext("This text seems to contain personal data. Remove: %(items)s.") % {
        "items": listed
    }


@deconstructible
class PersonalDataValidator:
    """Rejects text containing personal data (see :func:`find_personal_data`).

    ``extra_names`` is a callable returning names (evaluated on every call, so an
    admin-editable list takes effect at once) or a fixed iterable of names.
    """

    code = "personal_data"

    def __init__(
        self, extra_names: Callable[[], Iterable[str]] | Iterable[str] | None = None
    ) -> None:
        self.extra_names = extra_names

    def _names(self) -> Iterable[str]:
        if self.extra_names is None:
            return ()
        if callable(self.extra_names):
            return self.extra_names() or ()
        return self.extra_names

    def __call__(self, value: object) -> None:
        if value is None:
            return
        # Wagtail's RichText keeps its stored HTML in ``source``.
        text = getattr(value, "source", value)
        findings = find_personal_data(str(text), extra_names=self._names())
        if not findings:
            return
        message = personal_data_message(findings)
        raise ValidationError(
            # ValidationError applies "%" formatting when params are given.
            message.replace("%", "%%"),
            code=self.code,
            params={
                "categories": ", ".join(dict.fromkeys(f.category for f in findings)),
                "count": len(findings),
                "items": ", ".join(f.text for f in findings),
            },
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PersonalDataValidator) and self.extra_names == other.extra_names

    def __hash__(self) -> int:
        return hash(type(self))


def blocked_names() -> list[str]:
    from leernetwerk.kernel.models.vocabularies import SensitiveName

    return list(SensitiveName.objects.values_list("name", flat=True))


def privacy_check(texts: dict[str, str]) -> None:
    """The privacy guard for texts outside a case (patterns, decisions, doorbraken, minutes):
    raises a ``ValidationError`` per field that says exactly what to remove."""
    names = blocked_names()
    errors = {}
    for field, text in texts.items():
        found = find_personal_data(text or "", extra_names=names)
        if found:
            errors[field] = personal_data_message(found)
    if errors:
        raise ValidationError(errors)
