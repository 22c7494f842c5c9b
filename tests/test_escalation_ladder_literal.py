"""The escalation ladder written out by hand, table by table, from DESIGN.md §1 and the glossary.

Nothing here is computed from ``patterns.escalation.TRANSITIONS``: each row says, in plain words,
which steps a table may take for a pattern in a given state, and every other step must be refused.
If someone changes the table in code (for example lets the stuurgroep "solve"), these rows fail.

The ladder (DESIGN.md §1, GLOSSARY.md):
- order 1, casustafel/team, and order 2, werktafel: the way of working is fixed there, so they
  *solve* ("Record the solution"); they never take a decision of a stuurgroep.
- order 3, ambtelijke stuurgroep then bestuurlijke stuurgroep (and the optional national signal,
  order 4): a decision, budget or policy change, so they *decide*; they never "solve".
- every table can escalate to the next table up, with a reason (lichtste oplossing eerst); the top
  of the ladder cannot; a switched-off table is skipped.
- reject needs reasons; a decided, solved or rejected pattern can be closed or reopened; a closed
  one only reopened.
- "reactie gevraagd": while in progress, a table asks the case authors, then marks the
  information received (and nothing else about that pair changes the status).
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leernetwerk.patterns import services
from leernetwerk.patterns.escalation import allowed_actions
from leernetwerk.patterns.models import Decision, LearningTable, Pattern, PatternEvent
from tests.toets import TABLE_TOETS

db = pytest.mark.django_db

EVERY_STEP = (
    "take_up",
    "solve",
    "escalate",
    "decide",
    "reject",
    "close",
    "reopen",
    "request_info",
    "info_received",
)

CASUSTAFEL = "Casustafel / team"
WERKTAFEL = "Werktafel"
AMBTELIJK = "Ambtelijke stuurgroep"
BESTUURLIJK = "Bestuurlijke stuurgroep"
LANDELIJK = "Landelijk signaal"
#: table name -> its order of learning (seeded by ``leernetwerk_setup``)
ORDER = {CASUSTAFEL: 1, WERKTAFEL: 2, AMBTELIJK: 3, BESTUURLIJK: 3, LANDELIJK: 4}

#: (table, status, waiting for the case authors?) -> the steps allowed there; all others refused.
LADDER = {
    # Signalled to a table: take it up, pass it up, or reject it.
    (CASUSTAFEL, "signalled", False): {"take_up", "escalate", "reject"},
    (WERKTAFEL, "signalled", False): {"take_up", "escalate", "reject"},
    (AMBTELIJK, "signalled", False): {"take_up", "escalate", "reject"},
    (BESTUURLIJK, "signalled", False): {"take_up", "escalate", "reject"},
    (LANDELIJK, "signalled", False): {"take_up", "reject"},  # the top: nowhere to escalate to
    # In progress at order 1 and 2: solve in the way of working (never "decide").
    (CASUSTAFEL, "in_progress", False): {"solve", "escalate", "reject", "request_info"},
    (WERKTAFEL, "in_progress", False): {"solve", "escalate", "reject", "request_info"},
    # In progress at the stuurgroepen and the national signal: decide (never "solve").
    (AMBTELIJK, "in_progress", False): {"decide", "escalate", "reject", "request_info"},
    (BESTUURLIJK, "in_progress", False): {"decide", "escalate", "reject", "request_info"},
    (LANDELIJK, "in_progress", False): {"decide", "reject", "request_info"},
    # Waiting for the case authors: no second question, but "information received".
    (CASUSTAFEL, "in_progress", True): {"solve", "escalate", "reject", "info_received"},
    (WERKTAFEL, "in_progress", True): {"solve", "escalate", "reject", "info_received"},
    (AMBTELIJK, "in_progress", True): {"decide", "escalate", "reject", "info_received"},
    (BESTUURLIJK, "in_progress", True): {"decide", "escalate", "reject", "info_received"},
    (LANDELIJK, "in_progress", True): {"decide", "reject", "info_received"},
    # Escalated to this table: take it up or reject it (it is not escalated twice unseen).
    (CASUSTAFEL, "escalated", False): {"take_up", "reject"},
    (WERKTAFEL, "escalated", False): {"take_up", "reject"},
    (AMBTELIJK, "escalated", False): {"take_up", "reject"},
    (BESTUURLIJK, "escalated", False): {"take_up", "reject"},
    (LANDELIJK, "escalated", False): {"take_up", "reject"},
    # Solved, decided or rejected: close, or reopen when new cases show it again.
    (WERKTAFEL, "solved", False): {"close", "reopen"},
    (AMBTELIJK, "solved", False): {"close", "reopen"},
    (WERKTAFEL, "decided", False): {"close", "reopen"},
    (BESTUURLIJK, "decided", False): {"close", "reopen"},
    (CASUSTAFEL, "rejected", False): {"close", "reopen"},
    (LANDELIJK, "rejected", False): {"close", "reopen"},
    # Closed: only reopened.
    (CASUSTAFEL, "closed", False): {"reopen"},
    (AMBTELIJK, "closed", False): {"reopen"},
    (LANDELIJK, "closed", False): {"reopen"},
}

#: step -> the status afterwards ("same" keeps it), written out by hand.
STATUS_AFTER = {
    "take_up": "in_progress",
    "solve": "solved",
    "escalate": "escalated",
    "decide": "decided",
    "reject": "rejected",
    "close": "closed",
    "reopen": "signalled",
    "request_info": "same",
    "info_received": "same",
}
#: The steps a table records as a decision (DESIGN: "solved, escalate, reject with reasons" —
#: the decision text or the reasons of solve, decide and reject).
DECISIONS = {"solve", "decide", "reject"}
#: One table up the ladder (all five tables switched on).
NEXT_TABLE_UP = {
    CASUSTAFEL: WERKTAFEL,
    WERKTAFEL: AMBTELIJK,
    AMBTELIJK: BESTUURLIJK,
    BESTUURLIJK: LANDELIJK,
}

#: Where a table may pass a pattern up, with every table switched on: not at the top.
HAS_A_TABLE_ABOVE = {
    CASUSTAFEL: True,
    WERKTAFEL: True,
    AMBTELIJK: True,
    BESTUURLIJK: True,
    LANDELIJK: False,
}

IDS = [f"{table}-{status}{'-waiting' if waiting else ''}" for table, status, waiting in LADDER]


def _table(name: str) -> LearningTable:
    LearningTable.objects.update(is_active=True)  # the national signal is off by default
    return LearningTable.objects.get(name=name)


def _pattern(table_name: str, status: str, waiting: bool, make_case) -> Pattern:
    from leernetwerk.patterns.models import PatternCase

    pattern = Pattern.objects.create(
        title="Wachttijd bewindvoering",
        description="Drie casussen lopen vast op dezelfde wachttijd.",
        table=_table(table_name),
        status=status,
        awaiting_info=waiting,
    )
    PatternCase.objects.create(pattern=pattern, case=make_case())
    return pattern


def _do(pattern, manager, step):
    return services.pattern_transition(
        pattern=pattern,
        user=manager,
        action=step,
        text="Besloten: voorschot standaard toekennen.",
        reason="De tafel heeft geen mandaat voor budget.",
        toets=TABLE_TOETS,
    )


@pytest.mark.parametrize(("table", "status", "waiting"), list(LADDER), ids=IDS)
def test_the_buttons_each_table_offers(table, status, waiting):
    """What the pattern page offers: exactly the allowed steps, in the ladder's order."""
    expected = LADDER[(table, status, waiting)]
    offered = allowed_actions(
        status, ORDER[table], awaiting_info=waiting, can_move_up=HAS_A_TABLE_ABOVE[table]
    )
    assert offered == [step for step in EVERY_STEP if step in expected]


def test_a_status_nobody_knows_offers_nothing():
    assert allowed_actions("no_such_status", 2) == []
    assert allowed_actions("in_progress", 9) == []  # no table has order 9
    # Not waiting for the case authors, unless said otherwise.
    assert allowed_actions("in_progress", 2) == ["solve", "escalate", "reject", "request_info"]


def test_the_buttons_say_what_they_do():
    from django.utils import translation

    from leernetwerk.patterns.escalation import step_label, transition_for

    with translation.override("en"):
        assert step_label("solve") == "Record the solution"
        assert step_label("decide") == "Record a decision"
        assert step_label("escalate") == "Escalate"
        assert step_label("request_info") == "Ask the case authors"
        assert step_label("made_up") == "made_up"
    with translation.override("nl"):
        assert step_label("solve") != "Record the solution"  # translated
    assert transition_for("solve").action == "solve"
    assert transition_for("made_up") is None


@db
@pytest.mark.parametrize(("table", "status", "waiting"), list(LADDER), ids=IDS)
def test_what_each_table_may_do_and_must_refuse(manager, make_case, table, status, waiting):
    allowed = LADDER[(table, status, waiting)]
    for step in EVERY_STEP:
        pattern = _pattern(table, status, waiting, make_case)
        if step not in allowed:
            with pytest.raises(ValidationError):
                _do(pattern, manager, step)
            pattern.refresh_from_db()
            assert (pattern.status, pattern.table.name, pattern.awaiting_info) == (
                status,
                table,
                waiting,
            ), f"refused {step} still changed the pattern"
            assert not PatternEvent.objects.filter(pattern=pattern).exists(), step
            assert not Decision.objects.filter(pattern=pattern).exists(), step
            continue
        moved = _do(pattern, manager, step)
        expected_status = status if STATUS_AFTER[step] == "same" else STATUS_AFTER[step]
        assert moved.status == expected_status, step
        expected_table = NEXT_TABLE_UP[table] if step == "escalate" else table
        assert moved.table.name == expected_table, step
        assert Decision.objects.filter(pattern=pattern).exists() == (step in DECISIONS), step
        assert moved.awaiting_info == (step == "request_info"), step
        event = PatternEvent.objects.get(pattern=pattern)
        assert (event.action, event.from_status, event.to_status) == (
            step,
            status,
            expected_status,
        )


@db
def test_the_stuurgroep_cannot_solve_and_the_werktafel_cannot_decide(manager, make_case):
    """The review's broken rule, as a user would notice it: the stuurgroep takes decisions."""
    at_stuurgroep = _pattern(AMBTELIJK, "in_progress", False, make_case)
    with pytest.raises(ValidationError):
        _do(at_stuurgroep, manager, "solve")
    at_bestuur = _pattern(BESTUURLIJK, "in_progress", False, make_case)
    with pytest.raises(ValidationError):
        _do(at_bestuur, manager, "solve")
    at_werktafel = _pattern(WERKTAFEL, "in_progress", False, make_case)
    with pytest.raises(ValidationError):
        _do(at_werktafel, manager, "decide")
    assert _do(at_stuurgroep, manager, "decide").status == "decided"
    assert _do(at_werktafel, manager, "solve").status == "solved"


@db
def test_the_top_of_the_ladder_cannot_escalate(manager, make_case):
    pattern = _pattern(LANDELIJK, "in_progress", False, make_case)
    with pytest.raises(ValidationError):
        _do(pattern, manager, "escalate")
    pattern.refresh_from_db()
    assert (pattern.status, pattern.table.name) == ("in_progress", LANDELIJK)


@db
def test_the_top_table_offers_no_escalate_button(client, manager, make_case):
    """With the national signal switched off (the default), the bestuurlijke stuurgroep is the
    top: its pattern page offers decide, reject and ask, but no "Escalate" that would fail."""
    pattern = _pattern(BESTUURLIJK, "in_progress", False, make_case)
    assert services.pattern_actions(pattern) == ["escalate", "decide", "reject", "request_info"]
    LearningTable.objects.filter(name=LANDELIJK).update(is_active=False)
    assert services.pattern_actions(pattern) == ["decide", "reject", "request_info"]
    client.force_login(manager)
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert "Escalate" not in page and "Escaleren" not in page
    assert "Besluit vastleggen" in page or "Record a decision" in page


@db
def test_a_switched_off_table_is_skipped_and_the_bestuur_is_then_the_top(manager, make_case):
    pattern = _pattern(AMBTELIJK, "in_progress", False, make_case)
    LearningTable.objects.filter(name=BESTUURLIJK).update(is_active=False)
    LearningTable.objects.filter(name=LANDELIJK).update(is_active=False)
    with pytest.raises(ValidationError):
        _do(pattern, manager, "escalate")
    LearningTable.objects.filter(name=LANDELIJK).update(is_active=True)
    assert _do(pattern, manager, "escalate").table.name == LANDELIJK


@db
@pytest.mark.parametrize(
    ("table", "status", "step", "missing"),
    [
        (WERKTAFEL, "in_progress", "solve", "text"),
        (AMBTELIJK, "in_progress", "decide", "text"),
        (CASUSTAFEL, "signalled", "escalate", "reason"),
        (WERKTAFEL, "in_progress", "reject", "reason"),
        (BESTUURLIJK, "closed", "reopen", "reason"),
        (WERKTAFEL, "in_progress", "request_info", "reason"),
    ],
)
def test_a_step_without_its_text_or_reason_is_refused(
    manager, make_case, table, status, step, missing
):
    pattern = _pattern(table, status, False, make_case)
    with pytest.raises(ValidationError) as error:
        services.pattern_transition(
            pattern=pattern, user=manager, action=step, text="  ", reason="", toets=TABLE_TOETS
        )
    assert set(error.value.error_dict) == {missing}
    pattern.refresh_from_db()
    assert pattern.status == status


@db
@pytest.mark.parametrize(
    ("table", "status", "step"),
    [
        (WERKTAFEL, "signalled", "take_up"),
        (WERKTAFEL, "solved", "close"),
        (AMBTELIJK, "in_progress", "info_received"),
    ],
)
def test_steps_without_inputs_need_none(manager, make_case, table, status, step):
    pattern = _pattern(table, status, step == "info_received", make_case)
    moved = services.pattern_transition(pattern=pattern, user=manager, action=step)
    assert moved.status == {"take_up": "in_progress", "close": "closed"}.get(step, status)


@db
def test_an_unknown_step_is_refused_with_a_clear_error(manager, make_case):
    pattern = _pattern(WERKTAFEL, "in_progress", False, make_case)
    with pytest.raises(ValidationError) as error:
        _do(pattern, manager, "skip_to_the_minister")
    assert "skip_to_the_minister" in " ".join(error.value.messages)
