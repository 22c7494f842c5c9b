"""The escalation ladder: every transition of the table, allowed and forbidden, per role."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.constants import LearningOrder, PatternStatus
from leernetwerk.patterns.escalation import TRANSITIONS, allowed_actions
from leernetwerk.patterns.models import Decision, LearningTable, Pattern, PatternEvent
from tests.toets import TABLE_TOETS

pytestmark = pytest.mark.django_db

TABLES_BY_ORDER = {1: 10, 2: 20, 3: 30, 4: 50}  # ladder positions of the default tables


def make_pattern(*, status=PatternStatus.IN_PROGRESS, order=2, awaiting_info=False, case=None):
    """A pattern at a table of ``order``; with ``case`` linked (the table can ask its author)."""
    table = LearningTable.objects.get(position=TABLES_BY_ORDER[order])
    table.is_active = True
    table.save()
    pattern = Pattern.objects.create(
        title="Wachttijd", description="d", table=table, status=status, awaiting_info=awaiting_info
    )
    if case is not None:
        from leernetwerk.patterns.models import PatternCase

        PatternCase.objects.create(pattern=pattern, case=case)
    return pattern


def inputs():
    return {
        "text": "Besloten: voorschot standaard.",
        "reason": "De werktafel heeft geen mandaat.",
        "toets": TABLE_TOETS,
    }


CASES = [
    (transition, status, order)
    for transition in TRANSITIONS
    for status in PatternStatus.values
    for order in (1, 2, 3, 4)
]


@pytest.mark.parametrize(
    ("transition", "status", "order"),
    CASES,
    ids=[f"{t.action}-{s}-order{o}" for t, s, o in CASES],
)
def test_every_transition_from_every_status_at_every_order(
    manager, make_case, transition, status, order
):
    awaiting = transition.action == "info_received"
    pattern = make_pattern(status=status, order=order, awaiting_info=awaiting, case=make_case())
    allowed = status in transition.sources and order in transition.orders
    at_top = transition.moves_up and order == 4
    if not allowed or at_top:
        with pytest.raises(ValidationError):
            services.pattern_transition(
                pattern=pattern, user=manager, action=transition.action, **inputs()
            )
        pattern.refresh_from_db()
        assert pattern.status == status
        assert not PatternEvent.objects.exists()
        return
    moved = services.pattern_transition(
        pattern=pattern, user=manager, action=transition.action, **inputs()
    )
    assert moved.status == (transition.target or status)
    event = PatternEvent.objects.get()
    assert (event.action, event.from_status, event.to_status) == (
        transition.action,
        status,
        moved.status,
    )
    assert event.actor == manager
    if transition.moves_up:
        assert moved.table.position > TABLES_BY_ORDER[order]
        assert event.to_table == moved.table and event.from_table.order == order
    assert Decision.objects.exists() == transition.is_decision


NEEDS_INPUT = [t for t in TRANSITIONS if t.requires]


@pytest.mark.parametrize("transition", NEEDS_INPUT, ids=[t.action for t in NEEDS_INPUT])
def test_required_inputs_are_enforced(manager, make_case, transition):
    status = sorted(transition.sources)[0]
    order = min(o for o in transition.orders if not (transition.moves_up and o == 4))
    pattern = make_pattern(status=status, order=order, case=make_case())
    with pytest.raises(ValidationError) as error:
        services.pattern_transition(pattern=pattern, user=manager, action=transition.action)
    toets = {
        "toets_effect",
        "toets_person",
        "toets_intent",
        "toets_ethics",
        "toets_legal",
        "toets_outcome",
    }
    expected = {"solve": {"text"}, "decide": {"text", *toets}}
    assert set(error.value.error_dict) == expected.get(transition.action, set(transition.requires))


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("manager", True),
        ("table member", True),
        ("member of a table group", True),
        ("chair", True),
        ("professional elsewhere", False),
        ("stuurgroep member at the werktafel", False),
        ("deactivated manager", False),
    ],
)
def test_who_may_move_a_pattern(make_user, who, allowed):
    pattern = make_pattern(status=PatternStatus.SIGNALLED, order=2)
    table = pattern.table
    if who == "manager":
        user = make_user(Role.MANAGER)
    elif who == "deactivated manager":
        user = make_user(Role.MANAGER, is_active=False)
    elif who == "table member":
        user = make_user(Role.PROFESSIONAL)
        table.members.add(user)
    elif who == "member of a table group":
        user = make_user(Role.PROFESSIONAL)
        from django.contrib.auth.models import Group

        group = Group.objects.create(name="Werktafel Heuvelstad")
        group.user_set.add(user)
        table.member_groups.add(group)
    elif who == "chair":
        user = make_user(Role.PROFESSIONAL)
        table.chair = user
        table.save()
    elif who == "stuurgroep member at the werktafel":
        user = make_user(Role.STUURGROEP)
    else:
        user = make_user(Role.PROFESSIONAL)
    if allowed:
        moved = services.pattern_transition(pattern=pattern, user=user, action="take_up")
        assert moved.status == PatternStatus.IN_PROGRESS
    else:
        with pytest.raises(PermissionDenied):
            services.pattern_transition(pattern=pattern, user=user, action="take_up")
        assert not PatternEvent.objects.exists()


def test_deadline_follows_the_tables_response_time(manager):
    pattern = make_pattern(status=PatternStatus.SIGNALLED, order=2)
    taken = services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    assert taken.next_deadline == timezone.localdate() + timedelta(days=taken.table.response_days)
    escalated = services.pattern_transition(
        pattern=taken, user=manager, action="escalate", reason="Budget nodig"
    )
    ambtelijk = LearningTable.objects.get(position=30)
    assert escalated.table == ambtelijk
    assert escalated.next_deadline == timezone.localdate() + timedelta(days=ambtelijk.response_days)
    follow_up = timezone.localdate() + timedelta(days=42)
    services.pattern_transition(pattern=escalated, user=manager, action="take_up")
    decided = services.pattern_transition(
        toets=TABLE_TOETS,
        pattern=escalated,
        user=manager,
        action="decide",
        text="Structureel budget voor voorschotten",
        follow_up_date=follow_up,
        owner=manager,
    )
    assert decided.status == PatternStatus.DECIDED and decided.next_deadline == follow_up
    decision = Decision.objects.get()
    assert (decision.table, decision.owner, decision.follow_up_date) == (
        ambtelijk,
        manager,
        follow_up,
    )


def test_the_whole_ladder_leaves_an_audit_trail_and_tells_the_board(manager, make_case):
    pattern = make_pattern(status=PatternStatus.SIGNALLED, order=1, case=make_case())
    steps = [
        ("take_up", {}),
        ("escalate", {"reason": "Vraagt een andere werkafspraak"}),
        ("take_up", {}),
        ("request_info", {"reason": "Hoe vaak komt dit voor?"}),
        ("info_received", {}),
        ("escalate", {"reason": "Vraagt budget"}),
        ("take_up", {}),
        ("decide", {"text": "Voorschot wordt standaard", "toets": TABLE_TOETS}),
        ("close", {}),
        ("reopen", {"reason": "Nieuwe casussen laten het weer zien"}),
    ]
    for action, kwargs in steps:
        pattern = services.pattern_transition(
            pattern=pattern, user=manager, action=action, **kwargs
        )
    trail = list(PatternEvent.objects.filter(pattern=pattern).values_list("action", "to_status"))
    assert [action for action, _status in trail] == [action for action, _kwargs in steps]
    assert trail[-1] == ("reopen", PatternStatus.SIGNALLED)
    assert (
        PatternEvent.objects.filter(action="escalate").first().reason
        == "Vraagt een andere werkafspraak"
    )
    board = LiveEvent.objects.filter(stream__key="patterns.board")
    assert board.count() == len(steps)
    assert board.last().payload["action"] == "reopen"


def test_asking_the_authors_needs_linked_cases(manager):
    with pytest.raises(ValidationError):
        services.pattern_transition(
            pattern=make_pattern(), user=manager, action="request_info", reason="Sinds wanneer?"
        )


def test_waiting_for_information_is_a_state_of_its_own(manager, make_case):
    pattern = make_pattern(status=PatternStatus.IN_PROGRESS, order=2, case=make_case())
    assert "info_received" not in allowed_actions(pattern.status, 2, awaiting_info=False)
    asked = services.pattern_transition(
        pattern=pattern, user=manager, action="request_info", reason="Sinds wanneer?"
    )
    assert asked.awaiting_info and asked.status == PatternStatus.IN_PROGRESS
    assert "request_info" not in allowed_actions(asked.status, 2, awaiting_info=True)


def test_unknown_action_is_a_clear_error(manager):
    with pytest.raises(ValidationError):
        services.pattern_transition(pattern=make_pattern(), user=manager, action="teleport")


def test_linking_a_case_is_recorded(manager, make_case):
    pattern = make_pattern()
    case = make_case()
    link = services.pattern_link_case(
        pattern=pattern, case=case, user=manager, reason="Zelfde knelpunt"
    )
    again = services.pattern_link_case(pattern=pattern, case=case, user=manager)
    assert link.pk == again.pk and link.linked_by == manager
    assert PatternEvent.objects.get().action == "link_case"
    assert LearningOrder.SECOND == pattern.table.order
