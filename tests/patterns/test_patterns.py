"""Patterns as a whole: signalling, editing and linking through the services, with the audit
trail, derived facets, the privacy guard, and who may do what per role and table."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from leernetwerk.casework.models import KnelpuntType, Law, LifeDomain
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.constants import PatternAction, PatternStatus
from leernetwerk.patterns.models import LearningTable, Pattern, PatternEvent
from tests.toets import TABLE_TOETS

pytestmark = pytest.mark.django_db

WERKTAFEL, AMBTELIJK, BESTUURLIJK = 20, 30, 40


def at(position: int, **fields) -> Pattern:
    return Pattern.objects.create(
        title="Wachttijd",
        description="d",
        table=LearningTable.objects.get(position=position),
        status=fields.pop("status", PatternStatus.SIGNALLED),
        **fields,
    )


ROLE_CASES = [
    # role, table position, may move the pattern
    (Role.MANAGER, WERKTAFEL, True),
    (Role.MANAGER, AMBTELIJK, True),
    (Role.STUURGROEP, WERKTAFEL, False),
    (Role.STUURGROEP, AMBTELIJK, True),
    (Role.STUURGROEP, BESTUURLIJK, True),
    (Role.PROFESSIONAL, WERKTAFEL, False),
    (Role.PROFESSIONAL, AMBTELIJK, False),
    (Role.SESSION_ADMIN, WERKTAFEL, False),
    (Role.EDITOR, AMBTELIJK, False),
    (Role.MANDATE_HOLDER, WERKTAFEL, False),
    (None, WERKTAFEL, False),
]


@pytest.mark.parametrize(("role", "position", "allowed"), ROLE_CASES)
def test_who_may_move_a_pattern_per_role_and_table(make_user, role, position, allowed):
    """Members of the current table (stuurgroep members sit at the stuurgroep tables) and
    managers; nobody else — and a forbidden step leaves no trace."""
    user = make_user(role)
    pattern = at(position)
    if allowed:
        moved = services.pattern_transition(pattern=pattern, user=user, action="take_up")
        assert moved.status == PatternStatus.IN_PROGRESS
        assert PatternEvent.objects.get().actor == user
    else:
        with pytest.raises(PermissionDenied):
            services.pattern_transition(pattern=pattern, user=user, action="take_up")
        pattern.refresh_from_db()
        assert pattern.status == PatternStatus.SIGNALLED
        assert not PatternEvent.objects.exists()


def test_anonymous_visitors_move_nothing():
    with pytest.raises(PermissionDenied):
        services.pattern_transition(pattern=at(WERKTAFEL), user=AnonymousUser(), action="take_up")


def test_any_member_may_signal_a_pattern_and_it_lands_at_the_werktafel(professional):
    pattern = services.pattern_create(
        user=professional,
        title="Respijtzorg pas na indicatie",
        description="Mantelzorgers wachten.",
    )
    assert pattern.table.position == WERKTAFEL and pattern.status == PatternStatus.SIGNALLED
    assert pattern.next_deadline == timezone.localdate() + timedelta(
        days=pattern.table.response_days
    )
    event = PatternEvent.objects.get()
    assert (event.action, event.actor, event.to_table) == (
        PatternAction.CREATE,
        professional,
        pattern.table,
    )


def test_people_without_a_role_cannot_signal(make_user):
    with pytest.raises(PermissionDenied):
        services.pattern_create(user=make_user(None), title="T", description="D")


def test_the_privacy_guard_blocks_personal_data_in_patterns_and_decisions(manager):
    with pytest.raises(ValidationError) as error:
        services.pattern_create(
            user=manager, title="Wachttijd", description="Mevrouw met BSN 111222333 wacht."
        )
    assert "111222333" in str(error.value.message_dict["description"])
    assert not Pattern.objects.exists()
    pattern = at(AMBTELIJK, status=PatternStatus.IN_PROGRESS)
    with pytest.raises(ValidationError) as error:
        services.pattern_transition(
            toets=TABLE_TOETS,
            pattern=pattern,
            user=manager,
            action="decide",
            text="Bel 06-12345678 voor het voorschot.",
        )
    assert "06-12345678" in str(error.value.message_dict["text"])
    assert not PatternEvent.objects.exists()


def test_linking_cases_derives_laws_leefgebieden_and_type_and_tells_the_author(
    manager, make_user, make_case
):
    wgs = Law.objects.get(name="Wet gemeentelijke schuldhulpverlening")
    financien = LifeDomain.objects.get(name="Financiën")
    capaciteit = KnelpuntType.objects.get(name="Organisatie / capaciteit")
    author = make_user()
    case = make_case(owner=author, laws=[wgs], life_domains=[financien], knelpunt_type=capaciteit)
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="Te lang")
    services.pattern_link_cases(
        pattern=pattern, cases=[case], user=manager, reason="Zelfde knelpunt"
    )
    pattern.refresh_from_db()
    assert list(pattern.laws.all()) == [wgs]
    assert list(pattern.life_domains.all()) == [financien]
    assert pattern.knelpunt_type == capaciteit
    link_event = PatternEvent.objects.get(action=PatternAction.LINK_CASE)
    assert link_event.reason == "Zelfde knelpunt" and link_event.changes["case"] == case.pk
    assert author.notifications.get().kind == "pattern.linked"
    # Linking again changes nothing and records nothing.
    services.pattern_link_cases(pattern=pattern, cases=[case], user=manager)
    assert PatternEvent.objects.filter(action=PatternAction.LINK_CASE).count() == 1


def test_only_live_cases_can_be_linked(manager, make_case):
    draft = make_case(live=False)
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="Te lang")
    with pytest.raises(ValidationError):
        services.pattern_link_cases(pattern=pattern, cases=[draft], user=manager)


def test_who_may_link_a_case(make_user, make_case):
    author, stranger, creator = make_user(), make_user(), make_user()
    case = make_case(owner=author)
    pattern = services.pattern_create(user=creator, title="Wachttijd", description="Te lang")
    with pytest.raises(PermissionDenied):
        services.pattern_link_case(pattern=pattern, case=case, user=stranger)
    # The proposer may while the pattern is open; a case's author may link their own case.
    assert services.pattern_link_case(pattern=pattern, case=case, user=author).linked_by == author
    other = make_case(owner=stranger)
    assert services.pattern_link_case(pattern=pattern, case=other, user=creator)


def test_unlinking_needs_a_reason_and_is_recorded(manager, make_case):
    case = make_case()
    pattern = services.pattern_create(
        user=manager, title="Wachttijd", description="Te lang", cases=[case]
    )
    with pytest.raises(ValidationError):
        services.pattern_unlink_case(pattern=pattern, case=case, user=manager, reason=" ")
    services.pattern_unlink_case(pattern=pattern, case=case, user=manager, reason="Ander knelpunt")
    assert not pattern.links.exists()
    event = PatternEvent.objects.get(action=PatternAction.UNLINK_CASE)
    assert event.reason == "Ander knelpunt"


def test_every_edit_is_recorded_with_before_and_after(manager):
    wmo = Law.objects.get(name="Wmo 2015")
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="Te lang")
    services.pattern_update(
        pattern=pattern,
        user=manager,
        data={"title": "Wachttijd schuldhulp", "laws": [wmo], "tags": ["wachttijd"]},
    )
    event = PatternEvent.objects.get(action=PatternAction.EDIT)
    assert event.changes["title"] == ["Wachttijd", "Wachttijd schuldhulp"]
    assert event.changes["laws"] == [[], ["Wmo 2015"]]
    assert event.changes["tags"] == [[], ["wachttijd"]]
    assert "description" not in event.changes
    # Saving without changes records nothing.
    services.pattern_update(pattern=pattern, user=manager, data={"title": "Wachttijd schuldhulp"})
    assert PatternEvent.objects.filter(action=PatternAction.EDIT).count() == 1


def test_the_proposer_may_edit_while_open_others_may_not(make_user, manager):
    proposer, other = make_user(), make_user()
    pattern = services.pattern_create(user=proposer, title="Wachttijd", description="Te lang")
    services.pattern_update(pattern=pattern, user=proposer, data={"description": "Veel te lang"})
    with pytest.raises(PermissionDenied):
        services.pattern_update(pattern=pattern, user=other, data={"description": "Kort"})
    services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    services.pattern_transition(
        pattern=pattern, user=manager, action="reject", reason="Geen systeemfout"
    )
    with pytest.raises(PermissionDenied):
        services.pattern_update(pattern=pattern, user=proposer, data={"description": "Toch"})


def test_waiting_for_the_authors_pauses_the_deadline(manager, make_user, make_case):
    author = make_user()
    case = make_case(owner=author)
    pattern = services.pattern_create(
        user=manager, title="Wachttijd", description="Te lang", cases=[case]
    )
    pattern = services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    deadline = pattern.next_deadline
    pattern = services.pattern_transition(
        pattern=pattern, user=manager, action="request_info", reason="Hoe vaak zie je dit?"
    )
    assert author.notifications.filter(kind="pattern.request_info").exists()
    # Not overdue while waiting, even past the deadline.
    from leernetwerk.patterns.selectors import overdue_patterns

    Pattern.objects.filter(pk=pattern.pk).update(
        awaiting_since=timezone.localdate() - timedelta(days=10),
        next_deadline=timezone.localdate() - timedelta(days=1),
    )
    assert not overdue_patterns().exists()
    # Only authors of linked cases answer; the table is told.
    with pytest.raises(PermissionDenied):
        services.pattern_info_reply(pattern=pattern, user=make_user(), text="Ik ook")
    services.pattern_info_reply(pattern=pattern, user=author, text="Elke maand twee keer.")
    assert manager.notifications.filter(kind="pattern.info_reply").exists()
    pattern = services.pattern_transition(pattern=pattern, user=manager, action="info_received")
    # The ten days of waiting are added to the deadline.
    assert pattern.next_deadline == timezone.localdate() - timedelta(days=1) + timedelta(days=10)
    assert not pattern.awaiting_info
    assert deadline  # the table had a deadline before it asked


def test_a_closed_pattern_reopens_when_the_knelpunt_shows_again(manager):
    pattern = at(WERKTAFEL, status=PatternStatus.CLOSED)
    reopened = services.pattern_transition(
        pattern=pattern, user=manager, action="reopen", reason="Twee nieuwe casussen"
    )
    assert reopened.status == PatternStatus.SIGNALLED
    assert reopened.next_deadline == timezone.localdate() + timedelta(
        days=reopened.table.response_days
    )


def test_a_follow_up_date_in_the_past_is_refused(manager):
    pattern = at(AMBTELIJK, status=PatternStatus.IN_PROGRESS)
    with pytest.raises(ValidationError):
        services.pattern_transition(
            toets=TABLE_TOETS,
            pattern=pattern,
            user=manager,
            action="decide",
            text="Budget",
            follow_up_date=timezone.localdate() - timedelta(days=1),
        )
