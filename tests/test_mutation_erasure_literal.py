"""Erasure of a member (AVG art. 17, ``leernetwerk.kernel.members.privacy``), as literal scenarios
the mutation run found unstated.

The pseudonym is an HMAC of the member's id keyed by ``SECRET_KEY`` (its docstring). With the
key "mutatie-sleutel" and id 4711 that is 076bd1c70483a319901e…, so the values below are written
out by hand: "Voormalig lid 076bd1", account name "erased-076bd1".
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail import hooks

from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.members import privacy
from leernetwerk.kernel.models import (
    Invitation,
    MemberProfile,
    Notification,
    Organisation,
    OrganisationKind,
)
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db

MIRJAM_ID = 4711
LEFT = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fixed_key(settings):
    settings.SECRET_KEY = "mutatie-sleutel"


@pytest.fixture
def mirjam(make_user):
    user = make_user(
        Role.PROFESSIONAL,
        id=MIRJAM_ID,
        username="mirjam",
        first_name="Mirjam",
        last_name="Vandersteen",
        email="mirjam.vandersteen@example.test",
    )
    MemberProfile.objects.create(user=user, display_name="Mirjam V.", function="Klantmanager")
    return user


def _erase(member, manager):
    request = privacy.erasure_request_create(user=member)
    privacy.erasure_confirm(request=request, by=manager)
    return get_user_model().objects.get(pk=member.pk)


def test_the_erased_account_is_named_after_the_pseudonym(mirjam, manager):
    assert privacy.member_pseudonym(mirjam) == "Voormalig lid 076bd1"
    erased = _erase(mirjam, manager)
    assert erased.username == "erased-076bd1"
    assert MemberProfile.objects.get(user=erased).pseudonym == "Voormalig lid 076bd1"


def test_a_taken_pseudonym_and_account_name_make_the_code_two_digits_longer(
    mirjam, manager, make_user
):
    """Another former member already carries "076bd1" (say from before the key was
    replaced): Mirjam's code grows to eight digits, in her pseudonym and her account name."""
    former = make_user(None, username="erased-076bd1", is_active=False)
    MemberProfile.objects.create(user=former, pseudonym="Voormalig lid 076bd1")

    assert privacy.member_pseudonym(mirjam) == "Voormalig lid 076bd1c7"
    erased = _erase(mirjam, manager)
    assert MemberProfile.objects.get(user=erased).pseudonym == "Voormalig lid 076bd1c7"
    assert erased.username == "erased-076bd1c7"


def test_only_the_account_name_is_taken(mirjam, manager, make_user):
    make_user(None, username="erased-076bd1", is_active=False)
    erased = _erase(mirjam, manager)
    assert MemberProfile.objects.get(user=erased).pseudonym == "Voormalig lid 076bd1"
    assert erased.username == "erased-076bd1c7"


def test_the_stored_pseudonym_outlives_a_new_secret_key(mirjam, manager, settings):
    _erase(mirjam, manager)
    settings.SECRET_KEY = "een-nieuwe-sleutel"
    assert privacy.member_pseudonym(mirjam) == "Voormalig lid 076bd1"


def test_other_members_notifications_name_the_pseudonym(mirjam, manager, make_user):
    zebedeus = make_user(Role.PROFESSIONAL)
    about = Notification.objects.create(
        user=zebedeus,
        kind="session.action",
        title="Mirjam Vandersteen gaf je een actiepunt",
        body="Mirjam V. vraagt: bel de schuldeiser terug.",
        url="/leersessies/",
    )
    full_name_only = Notification.objects.create(
        user=zebedeus, kind="session.action", title="Mirjam Vandersteen nodigt je uit", body=""
    )
    unrelated = Notification.objects.create(
        user=zebedeus, kind="session.action", title="Een actiepunt voor jou", body="Bel terug."
    )

    _erase(mirjam, manager)

    about.refresh_from_db()
    assert about.title == "Voormalig lid 076bd1 gaf je een actiepunt"
    assert about.body == "Voormalig lid 076bd1 vraagt: bel de schuldeiser terug."
    full_name_only.refresh_from_db()
    assert full_name_only.title == "Voormalig lid 076bd1 nodigt je uit"
    unrelated.refresh_from_db()
    assert (unrelated.title, unrelated.body) == ("Een actiepunt voor jou", "Bel terug.")


def test_the_full_name_goes_before_a_display_name_inside_it(mirjam, manager, make_user):
    """Display name "Vandersteen" is part of "Mirjam Vandersteen": replacing it first would
    leave "Mirjam" behind."""
    MemberProfile.objects.filter(user=mirjam).update(display_name="Vandersteen")
    zebedeus = make_user(Role.PROFESSIONAL)
    about = Notification.objects.create(
        user=zebedeus,
        kind="session.action",
        title="Mirjam Vandersteen gaf je een actiepunt",
        body="Groet, Vandersteen",
    )

    _erase(mirjam, manager)

    about.refresh_from_db()
    assert about.title == "Voormalig lid 076bd1 gaf je een actiepunt"
    assert about.body == "Groet, Voormalig lid 076bd1"


def test_the_members_own_notifications_and_their_live_stream_go(mirjam, manager, make_user):
    other = make_user(Role.PROFESSIONAL)
    notification_send(
        users=[mirjam, other],
        kind="case.comment",
        title="Nieuwe reactie op je casus",
        body="Lees haar in de bespreking.",
        url="/casussen/",
    )
    assert Notification.objects.filter(user=mirjam).count() == 1
    assert LiveEvent.objects.filter(stream__key=f"casework.user.{mirjam.pk}").exists()

    _erase(mirjam, manager)

    assert not Notification.objects.filter(user=mirjam).exists()
    assert Notification.objects.filter(user=other).count() == 1
    assert not LiveEvent.objects.filter(stream__key=f"casework.user.{mirjam.pk}").exists()
    assert LiveEvent.objects.filter(stream__key=f"casework.user.{other.pk}").exists()


def test_an_open_invitation_to_her_address_is_revoked_and_leads_nowhere(mirjam, manager):
    kind = OrganisationKind.objects.get(name="Wijkteam")
    organisation = Organisation.objects.create(name="Wijkteam Zuid", kind=kind)
    later = timezone.now() + timedelta(days=7)
    open_one = Invitation.objects.create(
        email="Mirjam.Vandersteen@Example.test",
        organisation=organisation,
        invited_by=manager,
        expires_at=later,
    )
    revoked_before = Invitation.objects.create(
        email="mirjam.vandersteen@example.test",
        organisation=organisation,
        invited_by=manager,
        expires_at=later,
        revoked_at=LEFT,
    )
    someone_else = Invitation.objects.create(
        email="zeb.quast@example.test",
        organisation=organisation,
        invited_by=manager,
        expires_at=later,
    )
    # The invitation she accepted went to the address she had then.
    accepted = Invitation.objects.create(
        email="m.vandersteen@wijkteam-noord.test",
        organisation=organisation,
        invited_by=manager,
        expires_at=LEFT,
        accepted_at=LEFT,
        accepted_by=mirjam,
    )

    _erase(mirjam, manager)

    open_one.refresh_from_db()
    assert open_one.email == "erased-076bd1@erased.invalid"
    assert open_one.revoked_at is not None and open_one.accepted_at is None
    revoked_before.refresh_from_db()
    assert revoked_before.email == "erased-076bd1@erased.invalid"
    assert revoked_before.revoked_at == LEFT
    someone_else.refresh_from_db()
    assert (someone_else.email, someone_else.revoked_at) == ("zeb.quast@example.test", None)
    accepted.refresh_from_db()
    assert accepted.email == "erased-076bd1@erased.invalid"
    assert (accepted.accepted_at, accepted.revoked_at) == (LEFT, None)


def test_erasure_records_when_the_member_left_unless_they_had_left_already(
    mirjam, manager, make_user
):
    erased = _erase(mirjam, manager)
    profile = MemberProfile.objects.get(user=erased)
    assert profile.left_at is not None and profile.left_at == profile.erased_at

    earlier = make_user(Role.PROFESSIONAL)
    MemberProfile.objects.create(user=earlier, left_at=LEFT)
    _erase(earlier, manager)
    assert MemberProfile.objects.get(user=earlier).left_at == LEFT


def test_other_apps_hear_of_the_erasure_with_the_old_names(mirjam, manager):
    heard = []

    def remember(user, *, pseudonym, old):
        heard.append((user.pk, user.username, user.member_profile.pseudonym, pseudonym, dict(old)))

    with hooks.register_temporarily(privacy.ERASE_HOOK, remember):
        _erase(mirjam, manager)

    assert heard == [
        (
            4711,
            "erased-076bd1",
            "Voormalig lid 076bd1",
            "Voormalig lid 076bd1",
            {
                "username": "mirjam",
                "email": "mirjam.vandersteen@example.test",
                "first_name": "Mirjam",
                "last_name": "Vandersteen",
                "full_name": "Mirjam Vandersteen",
                "display_name": "Mirjam V.",
            },
        )
    ]


def test_a_manager_confirms_a_request_but_not_their_own(mirjam, manager, make_user):
    request = privacy.erasure_request_create(user=mirjam)
    own = privacy.erasure_request_create(user=manager)
    assert privacy.may_confirm_erasure(manager, request)
    assert not privacy.may_confirm_erasure(manager, own)
    assert not privacy.may_confirm_erasure(make_user(Role.PROFESSIONAL), request)
    assert not privacy.may_confirm_erasure(make_user(Role.EDITOR), request)
    assert privacy.may_confirm_erasure(make_user(None, is_superuser=True), own)
    assert privacy.open_erasure_request(mirjam) == request
    privacy.erasure_confirm(request=request, by=manager)
    assert privacy.open_erasure_request(mirjam) is None


def test_names_inside_the_admin_log_about_her_account_become_the_pseudonym(mirjam, manager):
    from wagtail.log_actions import log
    from wagtail.models import ModelLogEntry

    entry = log(
        mirjam,
        "wagtail.edit",
        user=manager,
        data={
            "names": ["Mirjam Vandersteen", "Klantmanager"],
            "was": {"email": "mirjam.vandersteen@example.test"},
        },
    )

    _erase(mirjam, manager)

    entry = ModelLogEntry.objects.get(pk=entry.pk)
    assert entry.label == "Voormalig lid 076bd1"
    assert entry.data == {
        "names": ["Voormalig lid 076bd1", "Klantmanager"],
        "was": {"email": "Voormalig lid 076bd1"},
    }


def test_mentions_and_quotes_of_the_member_name_the_pseudonym(mirjam, manager, make_user):
    """A mention ("@mirjam") and a quote ("@mirjam wrote:") in other members' comments carry
    the account name: after erasure they read the pseudonym; "@mirjamx" is someone else."""
    from leernetwerk.casework.models import CaseIndexPage, CasePage, Comment

    other = make_user(Role.PROFESSIONAL, username="zeb")
    index = CaseIndexPage.objects.first()
    case = index.add_child(
        instance=CasePage(title="Wachttijd schuldhulp", situation="Lange wachttijd.", owner=other)
    )
    mention = Comment.objects.create(case=case, author=other, body="Vraag aan @Mirjam: klopt dit?")
    quote = Comment.objects.create(case=case, author=other, body="> @mirjam wrote:\n> ja\nDank.")
    someone_else = Comment.objects.create(case=case, author=other, body="Ook @mirjamx weet het.")
    _erase(mirjam, manager)
    assert Comment.objects.get(pk=mention.pk).body == "Vraag aan Voormalig lid 076bd1: klopt dit?"
    assert Comment.objects.get(pk=quote.pk).body == "> Voormalig lid 076bd1 wrote:\n> ja\nDank."
    assert Comment.objects.get(pk=someone_else.pk).body == "Ook @mirjamx weet het."
