"""``manage.py pii_eval``: the privacy guard measured on a labelled corpus (issue #17)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

CORPUS = [
    {"kind": "bsn", "value": "123456782", "text": "BSN 123456782 in het dossier.", "pii": True},
    {"kind": "name", "value": "Jansen", "text": "Mevrouw Jansen belde.", "pii": True},
    {"kind": "phone", "value": "06-12345678", "text": "Bel 06-12345678.", "pii": True},
    {"kind": "clean", "value": "", "text": "De casustafel is op 3 maart.", "pii": False},
    {
        "kind": "clean",
        "value": "",
        "text": "Stuur het naar Postbus 90155, 5000 LH Tilburg.",
        "pii": False,
    },
]


def write(path: Path, lines: list[object]) -> Path:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def run(*args: str) -> str:
    out = StringIO()
    call_command("pii_eval", *args, stdout=out)
    return out.getvalue()


def test_the_findings_are_written_per_line(tmp_path):
    corpus = write(tmp_path / "texts.jsonl", CORPUS)
    out = tmp_path / "findings.json"
    run(str(corpus), "--out", str(out))
    assert json.loads(out.read_text()) == {
        "0": ["bsn"],
        "1": ["name"],
        "2": ["phone"],
        "3": [],
        "4": [],
    }


def test_the_figures_are_printed_per_kind_with_the_false_positive_rate(tmp_path):
    output = run(str(write(tmp_path / "texts.jsonl", CORPUS)), "--check")
    assert "bsn                     1/1  100.0%" in output
    assert "name                    1/1  100.0%" in output
    assert "false positives         0/2    0.0%" in output
    assert "Missed:" not in output


def test_check_fails_below_the_goals_and_lists_misses_and_false_positives(tmp_path):
    corpus = write(
        tmp_path / "texts.jsonl",
        [
            {"kind": "email", "value": "anna[at]", "text": "Mail anna[at] morgen.", "pii": True},
            {"kind": "clean", "value": "", "text": "Bel 06-12345678.", "pii": False},
        ],
    )
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("pii_eval", str(corpus), "--check", stdout=out)
    assert "email 0.0 % < 100 %" in str(caught.value)
    assert "false positives 100.0 % > 5 %" in str(caught.value)
    output = out.getvalue()
    assert "email                   0/1    0.0%" in output
    assert "[0] email 'anna[at]' (found: nothing): Mail anna[at] morgen." in output
    assert "[1] phone '06-12345678': Bel 06-12345678." in output


def test_without_check_a_failing_corpus_exits_normally(tmp_path):
    corpus = write(
        tmp_path / "texts.jsonl", [{"kind": "clean", "value": "", "text": "Bel 06-12345678."}]
    )
    assert "false positives         1/1  100.0%" in run(str(corpus))


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        (['{"kind": "clean", "text": "ok"}', "{not json"], "texts.jsonl, line 2: not valid JSON"),
        (['{"kind": 3, "value": "", "text": "x"}'], "line 1: 'kind' and 'text' must be strings"),
        (['{"kind": "name", "value": 7, "text": "x"}'], "line 1: 'value' must be a string"),
        (['{"kind": "name", "text": "x", "pii": "ja"}'], "line 1: 'pii' must be true or false"),
        (['{"kind": "name", "value": ""}'], "line 1: missing key(s) text"),
        (["[1, 2]"], "line 1: expected a JSON object"),
        (['{"kind": "clean", "text": "x", "pii": true}'], "line 1: a line of kind 'clean'"),
    ],
)
def test_bad_input_names_the_line(tmp_path, lines, error):
    corpus = write(tmp_path / "texts.jsonl", lines)
    with pytest.raises(CommandError) as caught:
        run(str(corpus))
    assert error in str(caught.value)


def test_other_names_for_the_kinds_are_understood(tmp_path):
    """An independent corpus may call them address and dob; a kind the guard has no category
    for is scored by any finding, without a goal; pii false makes a line clean."""
    corpus = write(
        tmp_path / "texts.jsonl",
        [
            {
                "kind": "address",
                "value": "Kerkstraat 12",
                "text": "Woont Kerkstraat 12.",
                "pii": True,
            },
            {"kind": "DOB", "value": "3-4-1961", "text": "geboren 3-4-1961", "pii": True},
            {"kind": "kenteken", "value": "AB-12-CD", "text": "Mail a@example.nl", "pii": True},
            {"kind": "phone", "value": "", "text": "Bel 0800-8051 gratis.", "pii": False},
        ],
    )
    output = run(str(corpus), "--check")
    assert "postcode_address        1/1  100.0%" in output
    assert "date_of_birth           1/1  100.0%" in output
    assert "kenteken                1/1  100.0%" in output and "no goal" in output
    assert "false positives         0/1    0.0%" in output


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run(str(tmp_path / "nothing.jsonl"))


def test_the_development_corpus_meets_the_goals():
    """CI's quick mode: the guard as shipped on tests/data/pii_dev.jsonl."""
    corpus = Path(__file__).parent / "data" / "pii_dev.jsonl"
    output = run(str(corpus), "--check")
    assert "false positives" in output
