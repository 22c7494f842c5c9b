"""``manage.py pii_eval TEXTS.jsonl``: measure the privacy guard on a labelled corpus.

Each line of the corpus is ``{"kind", "value", "text", "pii"}`` (see ``tests/data/README.md``).
Every text goes through :func:`leernetwerk.kernel.pii.find_personal_data`, the detector behind
every guarded save, with the shipped configuration: the ``LEERNETWERK_PII_NAMES`` setting in
force and no per-network names from the database (so the command reads and writes no database).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from leernetwerk.kernel import pii

#: The corpus' kind for each category of the guard.
KIND_OF_CATEGORY = {
    pii.BSN: "bsn",
    pii.IBAN: "iban",
    pii.EMAIL: "email",
    pii.PHONE: "phone",
    pii.ADDRESS: "postcode_address",
    pii.NAME: "name",
    pii.BIRTH_DATE: "date_of_birth",
}
PII_KINDS = tuple(KIND_OF_CATEGORY.values())
CLEAN = "clean"
#: Other names corpora use for the same kinds (matched case-insensitively, ``-``/space as ``_``).
ALIASES = {
    "address": "postcode_address",
    "adres": "postcode_address",
    "postcode": "postcode_address",
    "street_address": "postcode_address",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "birthdate": "date_of_birth",
    "geboortedatum": "date_of_birth",
    "e_mail": "email",
    "mail": "email",
    "telephone": "phone",
    "telefoon": "phone",
    "phone_number": "phone",
    "telefoonnummer": "phone",
    "naam": "name",
    "person": "name",
    "person_name": "name",
    "burgerservicenummer": "bsn",
    "none": "clean",
}


def canonical_kind(kind: str) -> str:
    key = kind.strip().lower().replace("-", "_").replace(" ", "_")
    return ALIASES.get(key, key)


#: ``--check`` fails below these detection rates (percent) ...
GOALS = {
    "bsn": 100.0,
    "iban": 100.0,
    "email": 100.0,
    "phone": 100.0,
    "postcode_address": 100.0,
    "name": 90.0,
    "date_of_birth": 90.0,
}
#: ... or above this false-positive rate (percent of the clean lines).
MAX_FALSE_POSITIVE_RATE = 5.0


@dataclass
class Line:
    index: int
    kind: str
    value: str
    text: str
    pii: bool
    found: list[pii.Finding] = field(default_factory=list)

    @property
    def kinds_found(self) -> list[str]:
        return list(dict.fromkeys(KIND_OF_CATEGORY[f.category] for f in self.found))

    @property
    def detected(self) -> bool:
        """Found as its own kind; a kind the guard has no category for counts when anything
        is found (it is reported on its own line)."""
        if self.kind not in PII_KINDS:
            return bool(self.found)
        return self.kind in self.kinds_found

    @property
    def overlaps_value(self) -> bool:
        """A finding of the line's kind overlaps the planted value."""
        start = self.text.find(self.value)
        if not self.value or start < 0:
            return False
        end = start + len(self.value)
        return any(
            KIND_OF_CATEGORY[f.category] == self.kind and f.start < end and start < f.end
            for f in self.found
        )


def read_corpus(path: Path) -> list[Line]:
    """The lines of a corpus; a ``CommandError`` naming the line for anything malformed."""
    try:
        raw_lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file.") from error
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: cannot be read ({error}).") from error
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        where = f"{path}, line {number}"
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise CommandError(f"{where}: not valid JSON ({error.msg}).") from error
        if not isinstance(data, dict):
            raise CommandError(f"{where}: expected a JSON object.")
        missing = [key for key in ("kind", "text") if key not in data]
        if missing:
            raise CommandError(f"{where}: missing key(s) {', '.join(missing)}.")
        kind, text, value = data["kind"], data["text"], data.get("value", "")
        if not isinstance(kind, str) or not isinstance(text, str):
            raise CommandError(f"{where}: 'kind' and 'text' must be strings.")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise CommandError(f"{where}: 'value' must be a string.")
        kind = canonical_kind(kind)
        is_pii = data.get("pii", kind != CLEAN)
        if not isinstance(is_pii, bool):
            raise CommandError(f"{where}: 'pii' must be true or false.")
        if not is_pii:
            kind = CLEAN  # the label decides: a near miss may carry the kind it resembles
        elif kind == CLEAN:
            raise CommandError(f"{where}: a line of kind 'clean' cannot have pii true.")
        lines.append(Line(len(lines), kind, value, text, is_pii))
    if not lines:
        raise CommandError(f"{path}: no lines to evaluate.")
    return lines


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 100.0


class Command(BaseCommand):
    help = (
        "Run the privacy guard over a labelled JSONL corpus ({kind, value, text, pii}) and "
        "report detection per kind and the false-positive rate."
    )

    def add_arguments(self, parser):
        parser.add_argument("corpus", type=Path, help="The corpus, one JSON object per line.")
        parser.add_argument(
            "--out", type=Path, help="Write the categories found per line (index -> kinds) here."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help=(
                "Exit non-zero below the goals: 100 %% for bsn, iban, email, phone and "
                "postcode_address, 90 %% for name and date_of_birth, at most 5 %% false "
                "positives."
            ),
        )

    def handle(self, *args, corpus: Path, out: Path | None, check: bool, **options):
        lines = read_corpus(corpus)
        for line in lines:
            line.found = pii.find_personal_data(line.text)
        if out is not None:
            findings = {str(line.index): line.kinds_found for line in lines}
            try:
                out.write_text(json.dumps(findings, indent=2) + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(f"{out}: cannot be written ({error}).") from error
        failures = self.report(lines)
        if check and failures:
            raise CommandError("Below the goals: " + "; ".join(failures) + ".")

    def report(self, lines: list[Line]) -> list[str]:
        """Print the figures, misses and false positives; return the goals not met."""
        write = self.stdout.write
        failures = []
        write(f"{'kind':<18}{'found':>9}{'%':>8}{'on value':>10}  goal")
        others = sorted({line.kind for line in lines if line.pii} - set(PII_KINDS))
        for kind in (*PII_KINDS, *others):
            of_kind = [line for line in lines if line.kind == kind]
            if not of_kind:
                continue
            found = sum(line.detected for line in of_kind)
            on_value = sum(line.overlaps_value for line in of_kind)
            rate = percent(found, len(of_kind))
            if kind not in GOALS:
                write(
                    f"{kind:<18}{f'{found}/{len(of_kind)}':>9}{rate:>7.1f}%{on_value:>10}  "
                    "(not a kind of the guard: any finding counts; no goal)"
                )
                continue
            met = rate >= GOALS[kind]
            if not met:
                failures.append(f"{kind} {rate:.1f} % < {GOALS[kind]:.0f} %")
            write(
                f"{kind:<18}{f'{found}/{len(of_kind)}':>9}{rate:>7.1f}%{on_value:>10}  "
                f">= {GOALS[kind]:.0f} % {'ok' if met else 'MISSED'}"
            )
        clean = [line for line in lines if not line.pii]
        flagged = [line for line in clean if line.found]
        fp_rate = percent(len(flagged), len(clean)) if clean else 0.0
        met = fp_rate <= MAX_FALSE_POSITIVE_RATE
        if not met:
            failures.append(f"false positives {fp_rate:.1f} % > {MAX_FALSE_POSITIVE_RATE:.0f} %")
        write(
            f"{'false positives':<18}{f'{len(flagged)}/{len(clean)}':>9}{fp_rate:>7.1f}%"
            f"{'':>10}  <= {MAX_FALSE_POSITIVE_RATE:.0f} % {'ok' if met else 'MISSED'}"
        )
        misses = [line for line in lines if line.pii and not line.detected]
        if misses:
            write("\nMissed:")
            for line in misses:
                found = ", ".join(f"{f.category} {f.text!r}" for f in line.found) or "nothing"
                write(f"  [{line.index}] {line.kind} {line.value!r} (found: {found}): {line.text}")
        if flagged:
            write("\nFalse positives:")
            for line in flagged:
                found = ", ".join(f"{f.category} {f.text!r}" for f in line.found)
                write(f"  [{line.index}] {found}: {line.text}")
        off_value = [line for line in lines if line.detected and not line.overlaps_value]
        if off_value:
            write("\nFound, but not on the planted value (informational):")
            for line in off_value:
                found = ", ".join(f.text for f in line.found)
                write(f"  [{line.index}] {line.kind} {line.value!r} (found: {found!r})")
        extra = [line for line in lines if line.pii and set(line.kinds_found) - {line.kind}]
        if extra:
            write("\nOther categories found on PII lines (informational):")
            for line in extra:
                found = ", ".join(
                    f"{KIND_OF_CATEGORY[f.category]} {f.text!r}"
                    for f in line.found
                    if KIND_OF_CATEGORY[f.category] != line.kind
                )
                if not found:
                    continue
                write(f"  [{line.index}] {line.kind}: {found}")
        return failures
