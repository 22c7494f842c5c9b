"""The beleidsmedewerker and the beleid inbox (issue #21): signals from the werktafel and the
stuurgroepen that need a written change, each an item with an owner, a due date and a status, on
its way to a new version in the register. Every scenario is literal."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.casework.models import Law
from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import policy, register
from leernetwerk.patterns import services as pattern_services
from leernetwerk.patterns.models import (
    LearningTable,
    Pattern,
    PatternCase,
    PolicyDocument,
    PolicyItem,
    PolicyVersion,
    PolicyWatch,
)
from tests.toets import TABLE_TOETS

pytestmark = pytest.mark.django_db

INBOX = "/netwerk/patronen/beleid/"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def werktafel():
    return LearningTable.objects.get(name="Werktafel")


@pytest.fixture
def officer(make_user, werktafel):
    """Hanna, policy officer, seated at the werktafel."""
    user = make_user(Role.POLICY_OFFICER, first_name="Hanna", last_name="Visser")
    werktafel.members.add(user)
    return user


@pytest.fixture
def document():
    document = PolicyDocument.objects.create(
        title="Werkafspraken schuldhulp–wijkteam", kind="werkafspraken"
    )
    PolicyVersion.objects.create(
        document=document,
        number=2,
        text="<p>Schuldhulp en wijkteam overleggen eens per kwartaal.</p>",
        status="vigerend",
        adopted_at=timezone.now(),
    )
    return document


@pytest.fixture
def pattern(werktafel, make_case):
    pattern = Pattern.objects.create(
        title="Schuldhulp en wijkteam delen geen signalen",
        description="Het wijkteam hoort te laat van betalingsachterstanden.",
        table=werktafel,
        status="in_progress",
    )
    PatternCase.objects.create(pattern=pattern, case=make_case())
    return pattern


def _ask(pattern, user, **extra):
    return policy.item_request(
        pattern=pattern,
        user=user,
        request="Leg vast dat schuldhulp en wijkteam vroegsignalen delen.",
        **extra,
    )


def test_a_table_asks_and_the_seated_policy_officer_is_told(pattern, manager, officer, make_user):
    other_officer = make_user(Role.POLICY_OFFICER)  # not seated at the werktafel
    item = _ask(pattern, manager)
    assert (item.kind, item.status, item.owner, item.table.name) == (
        "request",
        "open",
        None,
        "Werktafel",
    )
    # Due: the werktafel's response time (42 days) from today.
    assert item.due_date == timezone.localdate() + timedelta(days=42)
    told = Notification.objects.filter(kind="policy.item")
    assert [n.user for n in told] == [officer]
    assert other_officer not in [n.user for n in told]
    assert told.get().url == f"{INBOX}#policy-item-{item.pk}"
    # The inbox's stream carries the change (the page reads its list again).
    event = LiveEvent.objects.filter(stream__key="patterns.policy").latest("seq")
    assert event.payload["kind"] == "policy.changed" and event.payload["item"] == item.pk


def test_who_may_ask_for_a_written_change(pattern, manager, officer, make_user):
    professional = make_user(Role.PROFESSIONAL)
    with pytest.raises(PermissionDenied):
        _ask(pattern, professional)
    stuurgroep = make_user(Role.STUURGROEP)
    assert _ask(pattern, stuurgroep).created_by == stuurgroep
    # The officer sits at the werktafel: they may ask too.
    assert _ask(pattern, officer).created_by == officer
    # At the casustafel (first order) nobody asks policy: maatwerk happens in the case.
    pattern.table = LearningTable.objects.get(position=10)
    pattern.save()
    with pytest.raises(PermissionDenied):
        _ask(pattern, manager)


def test_an_empty_request_a_past_date_and_personal_data_are_refused(pattern, manager):
    with pytest.raises(ValidationError) as empty:
        policy.item_request(pattern=pattern, user=manager, request="  ")
    assert empty.value.message_dict == {"request": ["Zeg wat er op papier moet veranderen."]}
    with pytest.raises(ValidationError) as past:
        _ask(pattern, manager, due_date=timezone.localdate() - timedelta(days=1))
    assert past.value.message_dict == {"due_date": ["De datum mag niet in het verleden liggen."]}
    with pytest.raises(ValidationError) as pii:
        policy.item_request(pattern=pattern, user=manager, request="Zoals bij BSN 111222333 bleek.")
    assert "request" in pii.value.message_dict
    assert PolicyItem.objects.count() == 0


def test_what_an_officer_follows_passes_the_privacy_guard(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("leernetwerk_patterns:policy_watch"),
        {"tags": "schulden, mevrouw@example.nl"},
        follow=True,
    )
    page = response.content.decode()
    assert "e-mailadres" in page and "Opgeslagen" not in page
    assert not PolicyWatch.objects.filter(user=officer).exists()


def test_the_admin_lists_the_items_and_exports_them_safely(
    client, pattern, manager, officer, make_user
):
    import csv
    import io

    policy.item_request(pattern=pattern, user=manager, request='=HYPERLINK("http://example.test")')
    url = "/admin/snippets/leernetwerk_patterns/policyitem/"
    client.force_login(manager)
    assert (
        "Schuldhulp en wijkteam delen geen signalen"
        in client.get(url, {"status": "open"}).content.decode()
    )
    response = client.get(url, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert '\'=HYPERLINK("http://example.test")' in cells
    assert not any(cell.startswith("=") for cell in cells)
    client.force_login(officer)  # policy officers read the list; professionals do not
    assert client.get(url).status_code == 200
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(url).status_code in (302, 403)


def test_the_officer_takes_drafts_and_the_table_adopts(
    pattern, manager, officer, document, make_user
):
    item = _ask(pattern, manager, document=document)
    item = policy.item_take(item=item, user=officer)
    assert (item.owner, item.status) == (officer, "in_progress")
    # A second officer cannot take a colleague's item (a manager can hand it on).
    with pytest.raises(ValidationError):
        policy.item_take(item=item, user=make_user(Role.POLICY_OFFICER))
    version = register.version_draft(
        document=document,
        user=officer,
        text="Schuldhulp en wijkteam delen vroegsignalen.\nZij overleggen eens per maand.",
        change_summary="Vroegsignalen delen",
        item=item,
    )
    item.refresh_from_db()
    assert (item.status, item.version, version.status, version.number) == (
        "drafted",
        version,
        "concept",
        3,
    )
    # The one who asked hears of the draft.
    assert Notification.objects.filter(user=manager, kind="policy.progress").count() == 1
    # Policy officers draft; adopting stays with the tables.
    with pytest.raises(PermissionDenied):
        register.version_adopt(version=version, user=officer)
    register.version_adopt(version=version, user=manager)
    item.refresh_from_db()
    assert item.status == "done" and item.closed_at is not None
    assert list(policy.inbox_items()) == []
    assert list(policy.inbox_items(open_only=False)) == [item]


def test_a_decision_that_asks_for_a_written_change_leaves_an_item(
    pattern, manager, officer, document
):
    pattern.table = LearningTable.objects.get(name="Ambtelijke stuurgroep")
    pattern.save()
    concept = register.version_draft(
        document=document, user=officer, text="Nieuw.", change_summary="Nieuw"
    )
    pattern_services.pattern_transition(
        pattern=pattern,
        user=manager,
        action="decide",
        text="Vroegsignalen delen met toestemming.",
        toets=TABLE_TOETS,
        policy_version=concept,
        policy_request="Werk de gegevensregeling uit bij versie 3.",
    )
    item = PolicyItem.objects.get()
    assert (item.kind, item.status, item.version, item.document, item.table.name) == (
        "decision",
        "drafted",
        concept,
        document,
        "Ambtelijke stuurgroep",
    )
    assert item.decision.pattern == pattern
    # The stuurgroep's response time (56 days).
    assert item.due_date == timezone.localdate() + timedelta(days=56)


def test_a_step_at_the_casustafel_cannot_ask_policy(manager, make_case):
    pattern = Pattern.objects.create(
        title="Lokaal", description="Iets", table=LearningTable.objects.get(position=10)
    )
    pattern = pattern_services.pattern_transition(pattern=pattern, user=manager, action="take_up")
    with pytest.raises(ValidationError) as error:
        pattern_services.pattern_transition(
            pattern=pattern,
            user=manager,
            action="solve",
            text="Opgelost in het team.",
            policy_request="Schrijf het op.",
        )
    assert "policy_request" in error.value.message_dict
    assert PolicyItem.objects.count() == 0


def test_declining_needs_a_reason_and_tells_the_asker(pattern, manager, officer):
    item = policy.item_take(item=_ask(pattern, manager), user=officer)
    with pytest.raises(ValidationError) as error:
        policy.item_update(item=item, user=officer, status="declined")
    assert error.value.message_dict == {
        "note": ["Zeg waarom geen schriftelijke wijziging nodig is."]
    }
    item = policy.item_update(
        item=item, user=officer, status="declined", note="De huidige werkafspraak dekt dit al."
    )
    assert item.status == "declined" and item.closed_at is not None
    told = Notification.objects.get(user=manager, kind="policy.progress")
    assert "De huidige werkafspraak dekt dit al." in told.body
    with pytest.raises(ValidationError):
        policy.item_update(item=item, user=officer, status="in_progress")


def test_only_the_owner_or_a_manager_updates_and_giving_back_clears_the_owner(
    pattern, manager, officer, make_user
):
    item = policy.item_take(item=_ask(pattern, manager), user=officer)
    with pytest.raises(PermissionDenied):
        policy.item_update(item=item, user=make_user(Role.POLICY_OFFICER), status="open")
    with pytest.raises(PermissionDenied):
        policy.item_update(item=item, user=make_user(Role.STUURGROEP), status="open")
    later = timezone.localdate() + timedelta(days=90)
    item = policy.item_update(item=item, user=manager, status="open", due_date=later)
    assert (item.owner, item.status, item.due_date) == (None, "open", later)


def test_handing_on_tells_the_new_owner(pattern, manager, officer, make_user):
    colleague = make_user(Role.POLICY_OFFICER, first_name="Pieter")
    item = policy.item_take(item=_ask(pattern, manager), user=officer)
    item = policy.item_assign(item=item, user=officer, owner=colleague)
    assert item.owner == colleague
    assert Notification.objects.filter(user=colleague, kind="policy.assigned").count() == 1
    # Only to a policy officer.
    with pytest.raises(ValidationError):
        policy.item_assign(item=item, user=manager, owner=make_user(Role.PROFESSIONAL))
    # Not someone else's item, unless a manager.
    with pytest.raises(PermissionDenied):
        policy.item_assign(item=item, user=officer, owner=officer)


def test_patterns_about_what_an_officer_follows(pattern, manager, officer, werktafel):
    wgs = Law.objects.get(name="Wet gemeentelijke schuldhulpverlening")
    policy.watch_set(user=officer, laws=[wgs], tags="Schulden, armoede")
    assert policy.followed_patterns(officer) == []
    pattern.laws.add(wgs)
    assert policy.followed_patterns(officer) == [pattern]
    # A tag matches too, whatever its case.
    tagged = Pattern.objects.create(
        title="Armoedeval", description="Iets", table=werktafel, status="in_progress"
    )
    tagged.tags.add("armoede")
    assert set(policy.followed_patterns(officer)) == {pattern, tagged}
    # Taken up, it is the officer's item and leaves the list.
    item = policy.item_take_up(pattern=pattern, user=officer, request="Regeling nakijken.")
    assert (item.kind, item.owner, item.status) == ("followed", officer, "in_progress")
    assert policy.followed_patterns(officer) == [tagged]
    with pytest.raises(ValidationError):
        policy.item_take_up(pattern=pattern, user=officer, request="Nog eens.")


def test_arriving_at_the_werktafel_tells_who_follows_its_law(manager, officer, make_user):
    wgs = Law.objects.get(name="Wet gemeentelijke schuldhulpverlening")
    policy.watch_set(user=officer, laws=[wgs], tags="")
    pattern = Pattern.objects.create(
        title="Wachttijd schuldhulp",
        description="Te lang",
        table=LearningTable.objects.get(position=10),
        status="in_progress",
    )
    pattern.laws.add(wgs)
    pattern_services.pattern_transition(
        pattern=pattern, user=manager, action="escalate", reason="Procedure past niet."
    )
    told = Notification.objects.get(user=officer, kind="policy.followed")
    assert told.url == INBOX
    assert "Werktafel" in told.title


def test_overdue_items_remind_their_owner_once_a_day(pattern, manager, officer):
    item = policy.item_take(item=_ask(pattern, manager), user=officer)
    PolicyItem.objects.filter(pk=item.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    call_command("notify_overdue_patterns", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("notify_overdue_patterns", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(user=officer, kind="policy.overdue").count() == 1


# --- the pages ----------------------------------------------------------------------------------


def test_the_inbox_page_per_role(client, pattern, manager, officer, make_user):
    item = _ask(pattern, manager)
    client.force_login(officer)
    page = client.get(INBOX).content.decode()
    assert f'id="policy-item-{item.pk}"' in page
    assert "Leg vast dat schuldhulp en wijkteam vroegsignalen delen." in page
    assert "Dit item oppakken" in page  # nobody has it yet
    assert 'data-live-url="/ws/live/beleid/"' in page
    stuurgroep = make_user(Role.STUURGROEP)
    client.force_login(stuurgroep)
    page = client.get(INBOX).content.decode()
    assert f'id="policy-item-{item.pk}"' in page and "Dit item oppakken" not in page
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(INBOX).status_code == 403


def test_taking_and_updating_through_the_pages(client, pattern, manager, officer, document):
    item = _ask(pattern, manager)
    client.force_login(officer)
    response = client.post(reverse("leernetwerk_patterns:policy_item_take", args=[item.pk]))
    assert response.status_code == 302 and response["Location"].endswith(f"#policy-item-{item.pk}")
    response = client.post(
        reverse("leernetwerk_patterns:policy_item_update", args=[item.pk]),
        {"status": "in_progress", "note": "", "document": document.pk, "due_date": ""},
    )
    item.refresh_from_db()
    assert (item.owner, item.document) == (officer, document)
    page = client.get(INBOX).content.decode()
    assert f"/netwerk/patronen/register/{document.pk}/nieuwe-versie/?item={item.pk}" in page
    # Bad input: a status that does not exist, a date that is no date — said, nothing lost.
    response = client.post(
        reverse("leernetwerk_patterns:policy_item_update", args=[item.pk]),
        {"status": "done", "due_date": "morgen"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "in_progress"


def test_following_taking_up_and_a_refused_take_through_the_pages(
    client, pattern, manager, officer, make_user
):
    wgs = Law.objects.get(name="Wet gemeentelijke schuldhulpverlening")
    pattern.laws.add(wgs)
    client.force_login(officer)
    response = client.post(
        reverse("leernetwerk_patterns:policy_watch"), {"laws": [wgs.pk], "tags": "schulden"}
    )
    assert response["Location"] == f"{INBOX}#followed"
    page = client.get(INBOX).content.decode()
    assert "Opgeslagen: patronen hierover komen in je beleidsinbox." in page
    take_up = reverse("leernetwerk_patterns:policy_take_up", args=[pattern.pk])
    assert f'action="{take_up}"' in page
    response = client.post(take_up, {"request": "Regeling nakijken.", "due_date": ""})
    item = PolicyItem.objects.get(pattern=pattern)
    assert response["Location"] == f"{INBOX}#policy-item-{item.pk}"
    assert (item.kind, item.owner) == ("followed", officer)
    # Twice is refused with a message, and nothing changes.
    response = client.post(take_up, {"request": "Nog eens.", "due_date": ""}, follow=True)
    assert "Dit patroon staat al in de beleidsinbox." in response.content.decode()
    assert PolicyItem.objects.filter(pattern=pattern).count() == 1
    # A colleague cannot take the officer's item: said, and it stays the officer's.
    colleague = make_user(Role.POLICY_OFFICER, first_name="Pieter")
    client.force_login(colleague)
    response = client.post(
        reverse("leernetwerk_patterns:policy_item_take", args=[item.pk]), follow=True
    )
    assert "Een collega heeft dit item" in response.content.decode()
    item.refresh_from_db()
    assert item.owner == officer


def test_a_draft_from_the_inbox_links_the_item(client, pattern, manager, officer, document):
    item = policy.item_take(item=_ask(pattern, manager, document=document), user=officer)
    client.force_login(officer)
    url = reverse("leernetwerk_patterns:register_draft", args=[document.pk]) + f"?item={item.pk}"
    form = client.get(url).content.decode()
    assert "Leg vast dat schuldhulp en wijkteam vroegsignalen delen." in form
    response = client.post(
        url,
        {
            "item": item.pk,
            "change_summary": "Vroegsignalen delen",
            "text": "Schuldhulp en wijkteam delen vroegsignalen.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "drafted" and item.version.number == 3
    version_page = client.get(item.version.get_absolute_url()).content.decode()
    assert "Gevraagd via de beleidsinbox" in version_page
    assert "Schuldhulp en wijkteam delen geen signalen" in version_page
    # The policy officer sees no adopt button: the table adopts.
    assert "Vaststellen (vigerend)" not in version_page


def test_a_colleague_cannot_draft_for_an_officers_item(
    client, pattern, manager, officer, document, make_user
):
    item = policy.item_take(item=_ask(pattern, manager, document=document), user=officer)
    colleague = make_user(Role.POLICY_OFFICER, first_name="Pieter")
    client.force_login(colleague)
    url = reverse("leernetwerk_patterns:register_draft", args=[document.pk]) + f"?item={item.pk}"
    assert (
        "Leg vast dat schuldhulp en wijkteam vroegsignalen delen."
        not in client.get(url).content.decode()
    )
    client.post(
        url, {"item": item.pk, "change_summary": "Eigen versie", "text": "Een andere tekst."}
    )
    item.refresh_from_db()
    # The version is drafted (the register is open to policy officers), the item is not
    # taken over: it is still the officer's and still waits.
    assert (item.owner, item.status, item.version) == (officer, "in_progress", None)
    version = document.versions.order_by("-number").first()
    assert version.change_summary == "Eigen versie"
    with pytest.raises(PermissionDenied):
        policy.item_drafted(item=item, version=version, user=colleague)


def test_the_pattern_page_shows_the_items_and_asks(client, pattern, manager, officer):
    client.force_login(manager)
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert "Vraag beleid om een schriftelijke wijziging" in page
    response = client.post(
        reverse("leernetwerk_patterns:policy_request", args=[pattern.pk]),
        {"request": "Leg de termijn vast.", "document": "", "due_date": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "Je verzoek staat in de beleidsinbox" in page
    assert "Leg de termijn vast." in page
    assert PolicyItem.objects.get().created_by == manager


def test_member_export_and_erasure(client, pattern, manager, officer, make_user):
    def make_superuser():
        return make_user(None, is_superuser=True, is_staff=True)

    from leernetwerk.kernel.members.privacy import member_export

    wgs = Law.objects.get(name="Wet gemeentelijke schuldhulpverlening")
    policy.watch_set(user=officer, laws=[wgs], tags="schulden")
    item = policy.item_take(item=_ask(pattern, manager), user=officer)
    data = member_export(user=officer)["policy"]
    assert data["following"] == {
        "laws": ["Wet gemeentelijke schuldhulpverlening"],
        "tags": ["schulden"],
    }
    assert [(i["mine"], i["asked_by_me"]) for i in data["items"]] == [(True, False)]
    from leernetwerk.kernel.members.privacy import erasure_confirm, erasure_request_create

    request = erasure_request_create(user=officer)
    erasure_confirm(request=request, by=make_superuser())
    item.refresh_from_db()
    assert (item.owner, item.status) == (None, "open")
    assert not officer.policy_watch.__class__.objects.filter(user=officer).exists()
