"""``manage.py suggestion_eval``: a tiny literal corpus through the real pipeline (in its own
throwaway database, so it runs as a separate process), the metric definitions on literal
predictions, and bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from leernetwerk.patterns.management.commands.suggestion_eval import below_goal, metrics

ROOT = Path(__file__).resolve().parents[2]

BASE = {
    "ik_wil": "",
    "ik_kan": "",
    "ik_heb_nodig": "",
    "knelpunt_type": "Wachttijd",
    "window": "Wmo",
    "laws": ["Participatiewet"],
    "leefgebieden": ["Financiën"],
    "tags": [],
    "profession": "consulent",
}
CORPUS = [
    {
        **BASE,
        "id": "t-1",
        "failure": "briefadres",
        "author": "anna",
        "title": "Geen briefadres, dus geen bijstand en de schulden groeien",
        "situation": (
            "Een man van 52 slaapt bij vrienden. De gemeente geeft pas een briefadres als hij "
            "aantoont waar hij verblijft. Zonder inschrijving geen bijstand."
        ),
        "knelpunt": (
            "Het briefadresbeleid vraagt bewijs van verblijf dat dak- en thuislozen niet "
            "hebben; zonder inschrijving blokkeert de bijstandsaanvraag."
        ),
    },
    {
        **BASE,
        "id": "t-2",
        "failure": "briefadres",
        "author": "bram",
        "knelpunt_type": "Regels sluiten niet aan",
        "title": "Bijstandsaanvraag loopt vast op ontbrekende inschrijving",
        "situation": (
            "Een vrouw van 34 is uitgeschreven. Ons systeem neemt geen aanvraag voor bijstand "
            "aan zonder inschrijving. De opvang heeft geen plek voor een briefadres."
        ),
        "knelpunt": (
            "Zonder briefadres geen inschrijving en zonder inschrijving geen bijstand voor "
            "mensen zonder vaste verblijfplaats."
        ),
    },
    {
        **BASE,
        "id": "t-3",
        "failure": "energie",
        "author": "carla",
        "title": "Afsluiting van energie tijdens de schuldhulpintake",
        "situation": (
            "De energieleverancier sluit de energie af terwijl de schuldhulpintake nog loopt; "
            "de afsluiting komt voor het eerste gesprek."
        ),
        "knelpunt": "Er is geen afsluitstop zolang de schuldhulpintake loopt.",
    },
    {
        **BASE,
        "id": "t-4",
        "failure": "energie",
        "author": "daan",
        "title": "Koud huis: energie afgesloten voor het eerste schuldhulpgesprek",
        "situation": (
            "Tijdens de schuldhulpintake sluit de energieleverancier de energie af; het eerste "
            "gesprek bij de schuldhulp is pas over zes weken."
        ),
        "knelpunt": "De energieleverancier wacht niet op de schuldhulpintake: geen afsluitstop.",
    },
    {
        **BASE,
        "id": "t-5",
        "failure": None,
        "author": "eva",
        "title": "Lang verblijf bij familie in het buitenland stopt de AOW-aanvulling",
        "situation": (
            "Een vrouw van 70 verbleef vier maanden bij haar dochter in Marokko. Haar "
            "aanvullende uitkering is stopgezet omdat zij langer dan dertien weken weg was."
        ),
        "knelpunt": "De verblijfsduur in het buitenland is hard begrensd en niemand zei het.",
    },
]


def _write(path: Path, rows) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(ROOT / "manage.py"), "suggestion_eval", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_a_tiny_corpus_through_the_real_pipeline(tmp_path):
    corpus = _write(tmp_path / "corpus.jsonl", CORPUS)
    out = tmp_path / "predictions.json"
    done = _run(str(corpus), "--out", str(out), "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(out.read_text()) == {
        "t-1": ["t-2"],
        "t-2": ["t-1"],
        "t-3": ["t-4"],
        "t-4": ["t-3"],
        "t-5": [],
    }
    assert "5 cases: 4 in a recurring failure, 1 one-offs" in done.stdout
    assert "precision@1            1.000" in done.stdout
    assert "recall@5               1.000" in done.stdout
    assert "false_suggestion_rate  0.000" in done.stdout
    assert (
        "Not in the network's vocabulary (knelpunt type): Regels sluiten niet aan, Wachttijd"
        in (done.stdout)
    )
    assert "Not in the network's vocabulary (window): Wmo" in done.stdout
    assert "All figures meet the goal." in done.stdout
    assert "Traceback" not in done.stderr


def test_check_fails_below_the_goal(tmp_path):
    """Two cases of one failure that share no words: nothing is found, recall@5 is 0."""
    rows = [
        {**CORPUS[0], "id": "a", "failure": "f"},
        {**CORPUS[4], "id": "b", "failure": "f", "author": "bram"},
    ]
    done = _run(str(_write(tmp_path / "corpus.jsonl", rows)), "--check")
    assert done.returncode == 1
    assert "recall@5               0.000" in done.stdout
    # No failure case has a suggestion: precision@1 counts as 0, not as undefined.
    assert (
        "Below the goal: precision@1 0.00 (goal >= 0.90); recall@5 0.00 (goal >= 0.80)"
        in done.stderr
    )
    assert "Traceback" not in done.stderr


def test_a_floor_lets_check_pass_below_the_goal_and_still_fails_below_the_floor(tmp_path):
    """CI guards the figures reached so far with --floor: a corpus whose one-off gets a
    suggestion (false rate 0.5) passes a floor of 0.5 and fails a floor of 0.4."""
    rows = [
        {**CORPUS[0], "id": "a", "failure": "f"},
        {**CORPUS[1], "id": "b", "failure": "f"},
        {**CORPUS[1], "id": "x", "failure": None, "author": "xander"},
        {**CORPUS[4], "id": "y", "failure": None},
    ]
    corpus = str(_write(tmp_path / "corpus.jsonl", rows))
    passed = _run(corpus, "--check", "--floor", "0,0.5,0.5")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "false_suggestion_rate  0.500" in passed.stdout
    assert "Below the goal: " in passed.stdout
    assert "false_suggestion_rate 0.50 (goal <= 0.15)" in passed.stdout
    assert "All figures meet the floor." in passed.stdout
    failed = _run(corpus, "--check", "--floor", "0,0.5,0.4")
    assert failed.returncode == 1
    assert "Below the floor: false_suggestion_rate 0.50 (floor <= 0.40)" in failed.stderr
    bad = _run(corpus, "--check", "--floor", "high")
    assert bad.returncode == 1
    assert "--floor 'high': give three numbers separated by commas" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_the_metric_definitions():
    rows = [
        {"id": "a1", "failure": "a"},
        {"id": "a2", "failure": "a"},
        {"id": "a3", "failure": "a"},
        {"id": "b1", "failure": "b"},
        {"id": "b2", "failure": "b"},
        {"id": "x", "failure": None},
        {"id": "y", "failure": None},
    ]
    predictions = {
        "a1": ["a2", "x", "a3"],  # first right; 2 of 2 siblings in the top 5; rr 1
        "a2": ["b1", "a1"],  # first wrong; 1 of 2; rr 1/2
        "a3": [],  # no suggestion: not in precision, 0 in recall and MRR
        "b1": ["b2"],  # right; 1 of 1; rr 1
        "b2": ["x"],  # wrong; 0 of 1; rr 0
        "x": ["a1"],  # a one-off with a suggestion
        "y": [],
    }
    figures = metrics(rows, predictions)
    assert figures["failure_cases"] == 5
    assert figures["one_offs"] == 2
    assert figures["precision@1"] == pytest.approx(2 / 4)
    assert figures["precision@3"] == pytest.approx((2 / 3 + 1 / 2 + 1 + 0) / 4)
    assert figures["recall@5"] == pytest.approx((1 + 0.5 + 0 + 1 + 0) / 5)
    assert figures["mrr"] == pytest.approx((1 + 0.5 + 0 + 1 + 0) / 5)
    assert figures["no_suggestion_rate"] == pytest.approx(1 / 5)
    assert figures["false_suggestion_rate"] == pytest.approx(1 / 2)
    assert below_goal(figures) == [
        "precision@1 0.50 (goal >= 0.90)",
        "recall@5 0.50 (goal >= 0.80)",
        "false_suggestion_rate 0.50 (goal <= 0.15)",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json\n", "line 1: not valid JSON"),
        ("[1, 2]\n", "line 1: expected one JSON object per line"),
        (json.dumps(CORPUS[0]) + "\n" + json.dumps({"id": "z"}) + "\n", "line 2: missing key"),
        (json.dumps({**CORPUS[0], "laws": "Wmo 2015"}) + "\n", "line 1: laws must be a list"),
        (json.dumps({**CORPUS[0], "failure": 3}) + "\n", "line 1: failure must be a label"),
        (json.dumps({**CORPUS[0], "title": " "}) + "\n", "line 1: title is empty"),
        (json.dumps(CORPUS[0]) + "\n" + json.dumps(CORPUS[0]) + "\n", "line 2: the id 't-1'"),
        ("\n\n", "the corpus holds no cases"),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_line(tmp_path, content, message):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("suggestion_eval", str(corpus))


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read the corpus"):
        call_command("suggestion_eval", str(tmp_path / "nope.jsonl"))


def test_bad_input_prints_no_traceback(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(CORPUS[0]) + "\n{oops\n")
    done = _run(str(corpus))
    assert done.returncode == 1
    assert "line 2: not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr
