"""What patterns keep of cases and people: nothing after a case is anonymised or unpublished,
people by id (their name or pseudonym shown when read); and the index and the board stay
consistent when cases, patterns and tables go away."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from leernetwerk.casework import services as case_services
from leernetwerk.casework.models import KnelpuntType
from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.members.privacy import erasure_confirm
from leernetwerk.kernel.models import ErasureRequest, MemberProfile, Notification
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import services
from leernetwerk.patterns.models import (
    CasePatternSuggestion,
    LearningTable,
    Pattern,
    PatternCase,
    PatternEvent,
    SignalDoc,
    SignalIndexStats,
    SignalTerm,
)
from leernetwerk.patterns.selectors import pattern_timeline
from leernetwerk.patterns.suggestions import similar_cases
from tests.patterns.test_suggestions import SCHULDHULP, SCHULDHULP_2
from tests.toets import GO, REQUEST_TOETS

pytestmark = pytest.mark.django_db
TITLE = "Gezin in Noord wacht op schuldhulp"


@pytest.fixture
def capaciteit():
    return KnelpuntType.objects.get(name="Organisatie / capaciteit")


@pytest.fixture
def publish(make_case, django_capture_on_commit_callbacks):
    def go(owner, knelpunt, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_case(owner=owner, knelpunt=knelpunt, **fields)

    return go


def test_anonymising_a_case_leaves_nothing_of_it_in_patterns_or_notifications(
    make_user, manager, make_case, capaciteit, django_capture_on_commit_callbacks
):
    author, holder = make_user(), make_user(Role.MANDATE_HOLDER)
    case = make_case(owner=author, title=TITLE, knelpunt=SCHULDHULP, knelpunt_type=capaciteit)
    doorbraak = case_services.doorbraak_request(
        **REQUEST_TOETS,
        case=case,
        user=author,
        kind="deviation",
        rule="Wachtlijst van zes weken",
        proposal="Crisisintake",
        reasons="Ontruiming dreigt",
        mandate_holder=holder,
    )
    case_services.doorbraak_decide(
        **GO, doorbraak=doorbraak, user=holder, reason="Akkoord, crisisroute"
    )
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="Te lang")
    services.pattern_link_case(
        pattern=pattern, case=case, user=manager, reason="Ontruiming in Noord"
    )
    CasePatternSuggestion.objects.create(
        case=case,
        pattern=services.pattern_create(user=manager, title="Ander", description="d"),
        score=0.5,
        shared_terms=["ontruiming", "noord"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_anonymise(case=case)

    events = pattern_timeline(pattern)
    link = next(e for e in events if e.action == "link_case")
    assert TITLE not in link.case_title and "Ontruiming in Noord" not in link.reason
    assert PatternCase.objects.get(case=case).reason == case_services.ANONYMISED
    assert CasePatternSuggestion.objects.get(case=case).shared_terms == []
    for notification in Notification.objects.all():
        assert TITLE not in notification.title, notification.kind
        assert "Akkoord, crisisroute" not in notification.body
        assert "Wachtlijst van zes weken" not in notification.body
    for event in LiveEvent.objects.filter(stream__key__startswith="casework.user."):
        assert TITLE not in str(event.payload)
        assert "Akkoord, crisisroute" not in str(event.payload)
        replayed = str([frame.data for frame in events_after(event.stream.key, 0)])
        assert TITLE not in replayed and "Akkoord, crisisroute" not in replayed
    assert not SignalDoc.objects.filter(case=case).exists()


def test_an_unpublished_case_no_longer_shows_on_the_pattern_or_its_dossier(
    client, make_user, manager, make_case
):
    shared, withdrawn = make_case(title="Gedeelde casus"), make_case(title="Ingetrokken casus")
    pattern = services.pattern_create(
        user=manager, title="Wachttijd", description="d", cases=[shared, withdrawn]
    )
    withdrawn.unpublish()
    client.force_login(make_user())
    for url in (
        pattern.get_absolute_url(),
        reverse("leernetwerk_patterns:dossier", args=[pattern.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Gedeelde casus" in page and "Ingetrokken casus" not in page
    dossier = client.get(
        reverse("leernetwerk_patterns:dossier", args=[pattern.pk])
    ).content.decode()
    assert "niet meer met het netwerk gedeeld" in dossier


def test_the_trail_keeps_people_by_id_and_the_dossier_names_nobody(client, make_user, manager):
    # A pattern's owner is its proposer, a member of its table or a manager.
    owner = make_user(Role.MANAGER, username="jan.jansen", first_name="Jan", last_name="Jansen")
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="d")
    services.pattern_update(pattern=pattern, user=manager, data={"owner": owner})
    edit = PatternEvent.objects.get(action="edit")
    assert edit.changes["owner"] == [None, owner.pk]
    assert "jan.jansen" not in str(edit.changes)
    rows = next(e for e in pattern_timeline(pattern) if e.action == "edit").change_rows
    assert rows[0]["after"] == "Jan Jansen" and str(rows[0]["label"]) == "eigenaar"
    client.force_login(manager)
    dossier = client.get(
        reverse("leernetwerk_patterns:dossier", args=[pattern.pk])
    ).content.decode()
    assert "Jan Jansen" not in dossier.split('class="ln-dossier"')[1]
    # After erasure the trail shows the pseudonym.
    erasure_confirm(request=ErasureRequest.objects.create(user=owner), by=make_user(Role.MANAGER))
    rows = next(e for e in pattern_timeline(pattern) if e.action == "edit").change_rows
    assert rows[0]["after"].startswith("Voormalig lid")


def test_the_board_replays_an_erased_owner_under_the_pseudonym(make_user, manager):
    """Board events refer to the pattern; a replay from 0 renders its card as it is now."""
    owner = make_user(Role.MANAGER, first_name="Jan", last_name="Jansen-8812")
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="d")
    services.pattern_update(pattern=pattern, user=manager, data={"owner": owner})

    def replay() -> str:
        return str([frame.data for frame in events_after("patterns.board", 0)])

    assert "Jansen-8812" in replay()
    erasure_confirm(request=ErasureRequest.objects.create(user=owner), by=make_user(Role.MANAGER))
    assert "Jansen-8812" not in replay()
    assert MemberProfile.objects.get(user=owner).pseudonym in replay()
    assert not any("Jansen" in str(event.payload) for event in LiveEvent.objects.all())


def test_the_proposer_edits_only_until_a_table_takes_it_up(make_user, manager):
    from django.core.exceptions import PermissionDenied

    proposer = make_user()
    pattern = services.pattern_create(user=proposer, title="Wachttijd", description="d")
    services.pattern_update(pattern=pattern, user=proposer, data={"description": "Langer"})
    services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    with pytest.raises(PermissionDenied):
        services.pattern_update(pattern=pattern, user=proposer, data={"description": "Anders"})


def test_a_table_with_open_patterns_cannot_be_switched_off(manager):
    pattern = services.pattern_create(user=manager, title="Wachttijd", description="d")
    table = pattern.table
    table.is_active = False
    with pytest.raises(ValidationError) as error:
        table.full_clean()
    assert "is_active" in error.value.message_dict
    services.pattern_transition(pattern=pattern, user=manager, action="reject", reason="Nee")
    table.full_clean()  # no open patterns left


def test_signalling_without_any_active_table_is_a_form_error_in_the_admin(client, manager):
    LearningTable.objects.update(is_active=False)
    client.force_login(manager)
    response = client.post(
        reverse("wagtailsnippets_leernetwerk_patterns_pattern:add"),
        {"title": "Wachttijd", "description": "d", "tags": ""},
    )
    assert response.status_code == 200
    assert "actieve leertafel" in response.content.decode()
    assert not Pattern.objects.exists()


def test_deleting_cases_and_patterns_keeps_the_word_counts_right(
    publish, make_user, manager, capaciteit
):
    first = publish(make_user(), SCHULDHULP, knelpunt_type=capaciteit)
    publish(make_user(), SCHULDHULP_2, knelpunt_type=capaciteit)
    pattern = services.pattern_create(
        user=manager, title="Schuldhulp wacht", description="Ontruiming"
    )
    assert SignalIndexStats.objects.get().documents == 3
    first.delete()
    pattern.delete()
    assert SignalIndexStats.objects.get().documents == 1
    assert SignalTerm.objects.get(term="ontruim").documents == 1


def test_cases_with_and_without_a_type_match_each_other(publish, make_user, capaciteit):
    """The type is evidence people may leave out, not a filter (issue #17)."""
    typed = publish(make_user(), SCHULDHULP, knelpunt_type=capaciteit)
    untyped = publish(make_user(), SCHULDHULP_2)
    assert [m.doc.case_id for m in similar_cases(SignalDoc.objects.get(case=typed))] == [untyped.pk]
    assert [m.doc.case_id for m in similar_cases(SignalDoc.objects.get(case=untyped))] == [typed.pk]


def test_an_old_case_recognised_again_does_not_count_itself(
    publish, make_user, capaciteit, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from leernetwerk.casework.models import CasePage
    from leernetwerk.patterns.models import PatternCandidate
    from leernetwerk.patterns.suggestions import rebuild_index

    old = publish(make_user(), SCHULDHULP, knelpunt_type=capaciteit)
    CasePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - timedelta(days=800)
    )
    rebuild_index()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.recognition_add(case=old, user=make_user())
        case_services.recognition_add(case=old, user=make_user())
    assert not PatternCandidate.objects.exists()  # two signals in the window, not three


def test_a_recognition_and_a_new_pattern_bring_suggestions_too(
    publish, make_user, manager, capaciteit, django_capture_on_commit_callbacks
):
    case = publish(make_user(), SCHULDHULP, knelpunt_type=capaciteit)
    # A pattern signalled after the case: the case is suggested for it.
    pattern = services.pattern_create(
        user=manager,
        title="Wachttijd schuldhulp bij dreigende ontruiming",
        description=SCHULDHULP_2,
        knelpunt_type=capaciteit,
    )
    assert CasePatternSuggestion.objects.filter(case=case, pattern=pattern).exists()
    CasePatternSuggestion.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        case_services.recognition_add(case=case, user=make_user())
    assert CasePatternSuggestion.objects.filter(case=case, pattern=pattern).exists()


def test_deciding_or_withdrawing_a_doorbraak_of_a_withdrawn_case_is_refused(make_user, make_case):
    author, holder = make_user(), make_user(Role.MANDATE_HOLDER)
    case = make_case(owner=author)
    doorbraak = case_services.doorbraak_request(
        **REQUEST_TOETS,
        case=case,
        user=author,
        kind="deviation",
        rule="Regel",
        proposal="Anders",
        reasons="Omdat",
        mandate_holder=holder,
    )
    case.unpublish()
    with pytest.raises(ValidationError):
        case_services.doorbraak_decide(**GO, doorbraak=doorbraak, user=holder, reason="Ja")
    with pytest.raises(ValidationError):
        case_services.doorbraak_withdraw(doorbraak=doorbraak, user=author)


def test_bad_addresses_and_repeated_clicks_are_handled(client, make_user, manager, make_case):
    client.force_login(manager)
    huge = reverse("leernetwerk_patterns:create") + "?casus=99999999999999999999999"
    assert client.get(huge).status_code == 200
    assert client.get(reverse("leernetwerk_patterns:create") + "?casus=%C2%B2").status_code == 200
    case = make_case()
    other = services.pattern_create(user=manager, title="Ander", description="d")
    suggestion = CasePatternSuggestion.objects.create(case=case, pattern=other, score=0.5)
    response = client.post(
        reverse("leernetwerk_patterns:suggestion_accept", args=[suggestion.pk]),
        {"next": "https://evil.example/x"},
    )
    assert response.status_code == 302 and "evil.example" not in response["Location"]
    # Dismissing what was accepted already changes nothing.
    response = client.post(reverse("leernetwerk_patterns:suggestion_dismiss", args=[suggestion.pk]))
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"


def test_auto_escalation_is_the_systems_step_even_without_a_chair(manager):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    pattern = services.pattern_create(user=manager, title="Wachttijd", description="d")
    Pattern.objects.filter(pk=pattern.pk).update(
        next_deadline=timezone.localdate() - timedelta(days=1)
    )
    call_command("notify_overdue_patterns", "--escalate", verbosity=0)
    event = PatternEvent.objects.get(action="escalate")
    assert event.actor is None and Pattern.objects.get(pk=pattern.pk).table.position == 30
