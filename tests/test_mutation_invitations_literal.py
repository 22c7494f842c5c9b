"""What a refused invitation link says, written out literally per case and per language.

``invitation_from_token`` refuses a link for five reasons; each has its own code and its own
message, in English and in Dutch (the site's default language). Mutation testing
(scripts/mutation.sh invitations) showed that only the codes were checked, not the words.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone, translation

from leernetwerk.kernel.members import invitations as services
from leernetwerk.kernel.members.invitations import InvitationLinkError
from leernetwerk.kernel.models import Invitation, Organisation, OrganisationKind
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db

INVALID = {
    "en": "This invitation link is not valid. Check that you copied the whole link.",
    "nl": "Deze uitnodigingslink is niet geldig. Controleer of je de hele link hebt gekopieerd.",
}
REVOKED = {
    "en": "This invitation has been withdrawn. Ask the person who invited you if in doubt.",
    "nl": "Deze uitnodiging is ingetrokken. Twijfel je? Vraag het na bij degene die je heeft "
    "uitgenodigd.",
}
USED = {
    "en": "This invitation has already been used. Log in with your e-mail address and password, "
    "or reset your password if you forgot it.",
    "nl": "Deze uitnodiging is al gebruikt. Log in met je e-mailadres en wachtwoord, of stel een "
    "nieuw wachtwoord in als je het bent vergeten.",
}
REPLACED = {
    "en": "This link has been replaced by a newer invitation. Use the link in the most recent "
    "e-mail.",
    "nl": "Deze link is vervangen door een nieuwere uitnodiging. Gebruik de link in de meest "
    "recente e-mail.",
}
EXPIRED = {
    "en": "This invitation has expired. Ask the person who invited you to send a new invitation.",
    "nl": "Deze uitnodiging is verlopen. Vraag degene die je heeft uitgenodigd om je een nieuwe "
    "uitnodiging te sturen.",
}
SALT = "leernetwerk.invitation"


@pytest.fixture
def invitation(manager, django_capture_on_commit_callbacks):
    organisation = Organisation.objects.create(
        name="Gemeente Letterstad", kind=OrganisationKind.objects.first()
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.invitation_create(
            email="letterlijk@example.test",
            organisation=organisation,
            role=Role.PROFESSIONAL,
            invited_by=manager,
        )


def signed(data) -> str:
    return signing.dumps(data, salt=SALT)


def refusal(token: str, language: str, **kwargs) -> tuple[str, list[str]]:
    with translation.override(language), pytest.raises(InvitationLinkError) as caught:
        services.invitation_from_token(token, **kwargs)
    return caught.value.code, caught.value.messages


def test_the_salt_is_the_one_the_links_are_signed_with(invitation):
    assert services.INVITATION_SALT == SALT
    assert services.invitation_token(invitation) == signed(
        {"i": invitation.pk, "n": invitation.nonce}
    )


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    ("payload", "salt"),
    [
        (None, None),  # no signature at all
        ({"i": 1, "n": "x"}, "another.salt"),  # signed for something else
        ({"n": "x"}, SALT),  # no invitation number (KeyError)
        ({"i": "een", "n": "x"}, SALT),  # not a number (ValueError)
        ({"i": None, "n": "x"}, SALT),  # None (TypeError)
        ([1, "x"], SALT),  # not a mapping (TypeError)
    ],
    ids=["unsigned", "other-salt", "no-number", "not-a-number", "none", "not-a-mapping"],
)
def test_a_link_that_is_not_ours_is_not_valid(invitation, payload, salt, language):
    # Signed here, not at collection: a signature carries the time, and pytest-xdist's workers
    # must collect the same test ids.
    token = "nonsense" if payload is None else signing.dumps(payload, salt=salt)
    assert refusal(token, language) == ("invalid", [INVALID[language]])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_link_to_an_invitation_that_does_not_exist_is_not_valid(invitation, language):
    token = signed({"i": invitation.pk + 1000, "n": invitation.nonce})
    assert refusal(token, language) == ("invalid", [INVALID[language]])
    assert refusal(token, language, for_update=True) == ("invalid", [INVALID[language]])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_revoked_invitation_says_it_was_withdrawn(invitation, language):
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(revoked_at=timezone.now())
    assert refusal(token, language) == ("revoked", [REVOKED[language]])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_accepted_invitation_says_it_was_used(invitation, language):
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(accepted_at=timezone.now())
    assert refusal(token, language) == ("used", [USED[language]])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_older_link_says_it_was_replaced(invitation, language):
    token = signed({"i": invitation.pk, "n": invitation.nonce + "-old"})
    assert refusal(token, language) == ("replaced", [REPLACED[language]])


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_expired_invitation_says_it_expired(invitation, language):
    token = services.invitation_token(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert refusal(token, language) == ("expired", [EXPIRED[language]])


def test_withdrawn_goes_before_used_replaced_and_expired(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        revoked_at=timezone.now(),
        accepted_at=timezone.now(),
        expires_at=timezone.now() - timedelta(days=1),
    )
    token = signed({"i": invitation.pk, "n": "an older nonce"})
    assert refusal(token, "en") == ("revoked", [REVOKED["en"]])


def test_used_goes_before_replaced_and_expired(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        accepted_at=timezone.now(), expires_at=timezone.now() - timedelta(days=1)
    )
    token = signed({"i": invitation.pk, "n": "an older nonce"})
    assert refusal(token, "en") == ("used", [USED["en"]])


def test_replaced_goes_before_expired(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    token = signed({"i": invitation.pk, "n": "an older nonce"})
    assert refusal(token, "en") == ("replaced", [REPLACED["en"]])


@pytest.mark.parametrize("for_update", [False, True])
def test_a_current_link_gives_its_invitation(invitation, for_update):
    token = services.invitation_token(invitation)
    found = services.invitation_from_token(token, for_update=for_update)
    assert found.pk == invitation.pk
    assert found.email == "letterlijk@example.test"
    assert found.organisation.name == "Gemeente Letterstad"


def test_an_invitation_expiring_in_a_minute_still_works(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(minutes=1)
    )
    token = services.invitation_token(invitation)
    assert services.invitation_from_token(token).pk == invitation.pk
