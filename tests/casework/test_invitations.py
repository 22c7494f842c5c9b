"""Invitations: one at a time or from a CSV file, the signed single-use link, resending and
withdrawing, and never revealing whether an address already has an account."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.kernel.members import invitations as services
from leernetwerk.kernel.models import (
    Invitation,
    MemberProfile,
    Organisation,
    OrganisationKind,
    Perspective,
)
from leernetwerk.kernel.roles import Role

LINK = re.compile(r"https?://[^/\s]+(/netwerk/leden/uitnodigingen/accepteren/[^/\s]+/)")
User = get_user_model()


@pytest.fixture
def organisation(network):
    kind = OrganisationKind.objects.first()
    return Organisation.objects.create(name="Gemeente Utrecht", kind=kind)


@pytest.fixture
def other_organisation(network):
    kind = OrganisationKind.objects.first()
    return Organisation.objects.create(name="UWV Midden-Nederland", kind=kind)


@pytest.fixture
def session_admin(make_user):
    return make_user(Role.SESSION_ADMIN)


@pytest.fixture
def invite(organisation, manager, django_capture_on_commit_callbacks):
    """``invite(email)`` -> an invitation sent by the manager (its e-mail in ``mailoutbox``)."""

    def make(email="nieuw@example.test", role=Role.PROFESSIONAL, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitation_create(
                email=email,
                organisation=kwargs.get("organisation", organisation),
                role=role,
                invited_by=kwargs.get("invited_by", manager),
            )

    return make


def link_path(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def accept_data(**overrides):
    return {
        "display_name": "Nina Nieuw",
        "function": "Klantmanager",
        "perspective": Perspective.objects.get(name="UWV").pk,
        "preferred_language": "en",
        "password": "een-lang-en-sterk-wachtwoord",
        "password_again": "een-lang-en-sterk-wachtwoord",
        **overrides,
    }


def nothing_created(before: int) -> bool:
    return (
        User.objects.count() == before
        and not MemberProfile.objects.filter(user__username="nieuw@example.test").exists()
    )


# --- sending ----------------------------------------------------------------------------------


def test_manager_invites_through_the_form_and_the_mail_carries_a_working_link(
    client, manager, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    response = client.get(reverse("leernetwerk_members:invitation_create"))
    assert response.status_code == 200
    assert 'id="id_email"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("leernetwerk_members:invitation_create"),
            {"email": " Nieuw@Example.TEST ", "organisation": organisation.pk, "role": "Managers"},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == reverse("leernetwerk_members:invitation_list")
    assert "nieuw@example.test" in response.content.decode()

    invitation = Invitation.objects.get()
    assert invitation.email == "nieuw@example.test"
    assert invitation.role == Role.MANAGER
    assert invitation.organisation == organisation
    assert invitation.invited_by == manager
    assert invitation.state == "pending"
    assert invitation.send_count == 1
    expected = timezone.now() + timedelta(days=7)
    assert abs((invitation.expires_at - expected).total_seconds()) < 60

    [message] = mailoutbox
    assert message.to == ["nieuw@example.test"]
    assert message.subject
    assert "Gemeente Utrecht" in message.body
    assert LINK.search(message.body).group(0).startswith("http://testserver/")
    client.logout()
    page = client.get(link_path(message))
    assert page.status_code == 200
    assert 'id="id_password"' in page.content.decode()


def test_the_link_is_built_from_the_configured_base_url_without_a_request(
    invite, mailoutbox, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://leernetwerk.example.nl/"
    invite()
    assert LINK.search(mailoutbox[0].body).group(0).startswith("https://leernetwerk.example.nl/")


def test_mail_is_sent_only_after_commit(organisation, manager, mailoutbox):
    services.invitation_create(
        email="a@example.test",
        organisation=organisation,
        role=Role.PROFESSIONAL,
        invited_by=manager,
    )
    # Inside the test's transaction: nothing was committed, so nothing was sent.
    assert mailoutbox == []


def test_inviting_an_open_address_again_refreshes_it_instead_of_failing(
    invite, mailoutbox, other_organisation
):
    first = invite(email="dubbel@example.test")
    old_nonce = first.nonce
    second = invite(email="DUBBEL@example.test", role=Role.EDITOR, organisation=other_organisation)
    assert second.pk == first.pk
    assert Invitation.objects.count() == 1
    second.refresh_from_db()
    assert second.nonce != old_nonce
    assert second.role == Role.EDITOR
    assert second.organisation == other_organisation
    assert second.send_count == 2
    assert len(mailoutbox) == 2


def test_a_malformed_address_is_refused(organisation, manager):
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            email="geen-adres",
            organisation=organisation,
            role=Role.PROFESSIONAL,
            invited_by=manager,
        )
    assert "email" in error.value.error_dict
    assert not Invitation.objects.exists()


def test_only_managers_session_admins_and_superusers_invite(
    organisation, make_user, session_admin, django_capture_on_commit_callbacks
):
    for role in (Role.PROFESSIONAL, Role.STUURGROEP, Role.EDITOR, None):
        with pytest.raises(PermissionDenied):
            services.invitation_create(
                email="x@example.test",
                organisation=organisation,
                role=Role.PROFESSIONAL,
                invited_by=make_user(role),
            )
    services.invitation_create(
        email="x@example.test",
        organisation=organisation,
        role=Role.PROFESSIONAL,
        invited_by=session_admin,
    )
    services.invitation_create(
        email="y@example.test",
        organisation=organisation,
        role=Role.PROFESSIONAL,
        invited_by=make_user(None, is_superuser=True),
    )
    assert Invitation.objects.count() == 2


# --- never reveal an existing account ---------------------------------------------------------


def test_an_address_with_an_account_gets_the_other_mail_and_the_inviter_sees_no_difference(
    client, manager, make_user, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    existing = make_user(email="bestaand@example.test")
    users_before = User.objects.count()
    client.force_login(manager)

    def invite(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                reverse("leernetwerk_members:invitation_create"),
                {"email": email, "organisation": organisation.pk, "role": "Professionals"},
                follow=True,
            )

    known = invite("Bestaand@example.test")
    unknown = invite("onbekend@example.test")
    assert known.redirect_chain == unknown.redirect_chain
    messages = [str(m) for m in known.context["messages"]]
    assert messages == [
        str(m).replace("onbekend@", "bestaand@") for m in unknown.context["messages"]
    ]
    assert {i.email: i.state for i in Invitation.objects.all()} == {
        "bestaand@example.test": "pending",
        "onbekend@example.test": "pending",
    }

    to_member, to_newcomer = mailoutbox
    assert to_member.subject == to_newcomer.subject
    assert not LINK.search(to_member.body)
    assert "/accounts/login/" in to_member.body
    assert reverse("password_reset") in to_member.body
    assert LINK.search(to_newcomer.body)
    assert User.objects.count() == users_before
    assert User.objects.filter(email__iexact="bestaand@example.test").get() == existing


def test_accepting_when_the_address_got_an_account_meanwhile_creates_nothing(
    client, invite, mailoutbox, make_user
):
    invite()
    make_user(email="nieuw@example.test")
    before = User.objects.count()
    response = client.post(link_path(mailoutbox[0]), accept_data())
    assert response.status_code == 410
    assert User.objects.count() == before


# --- accepting --------------------------------------------------------------------------------


def test_accepting_creates_the_member_and_lands_on_the_cases_index(
    client, invite, mailoutbox, network, organisation
):
    invitation = invite(role=Role.PROFESSIONAL)
    response = client.post(link_path(mailoutbox[0]), accept_data())
    assert response.status_code == 302
    assert response["Location"] == network["cases"].url
    assert response.cookies["django_language"].value == "en"

    user = User.objects.get(username="nieuw@example.test")
    assert user.email == "nieuw@example.test"
    assert user.check_password("een-lang-en-sterk-wachtwoord")
    assert list(user.groups.values_list("name", flat=True)) == ["Leernetwerk: professionals"]
    profile = user.member_profile
    assert profile.display_name == "Nina Nieuw"
    assert profile.function == "Klantmanager"
    assert profile.perspective.name == "UWV"
    assert profile.organisation == organisation
    assert profile.preferred_language == "en"
    invitation.refresh_from_db()
    assert invitation.state == "accepted"
    assert invitation.accepted_by == user
    assert int(client.session["_auth_user_id"]) == user.pk

    landing = client.get(response["Location"])
    assert landing.status_code == 200
    # In the language the new member chose: the cases index in English.
    assert '<html lang="en">' in landing.content.decode()
    assert "<h1>Cases</h1>" in landing.content.decode()


def test_the_new_member_can_log_in_with_the_e_mail_address(client, invite, mailoutbox):
    invite()
    client.post(link_path(mailoutbox[0]), accept_data())
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "nieuw@example.test", "password": "een-lang-en-sterk-wachtwoord"},
    )
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == User.objects.get(email="nieuw@example.test").pk


@pytest.mark.parametrize("how", ["used", "expired", "revoked", "tampered", "unknown", "garbage"])
def test_an_unusable_link_shows_a_clear_message_and_creates_nothing(
    client, invite, mailoutbox, manager, how
):
    invitation = invite()
    path = link_path(mailoutbox[0])
    if how == "used":
        assert client.post(path, accept_data()).status_code == 302
        client.logout()
    elif how == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    elif how == "revoked":
        services.invitation_revoke(invitation=invitation, by=manager)
    elif how == "tampered":
        token = path.rstrip("/").rsplit("/", 1)[1]
        tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
        path = reverse("leernetwerk_members:invitation_accept", args=[tampered])
    elif how == "unknown":
        token = services.signing.dumps({"i": 987654, "n": "x"}, salt=services.INVITATION_SALT)
        path = reverse("leernetwerk_members:invitation_accept", args=[token])
    else:
        path = reverse("leernetwerk_members:invitation_accept", args=["nonsense"])
    users_before = User.objects.count()

    expected = {
        "used": "used",
        "expired": "expired",
        "revoked": "revoked",
        "tampered": "invalid",
        "unknown": "invalid",
        "garbage": "invalid",
    }[how]
    for response in (client.get(path), client.post(path, accept_data())):
        assert response.status_code == 410
        content = unescape(response.content.decode())
        assert f'id="link-problem" data-reason="{expected}">' in content
        assert re.search(r'id="link-problem"[^>]*>\s*\S', content)  # a message, not blank
        assert 'id="id_password"' not in content
    assert User.objects.count() == users_before
    if how != "used":
        assert not User.objects.filter(username="nieuw@example.test").exists()
        invitation.refresh_from_db()
        assert invitation.accepted_at is None


def test_the_service_refuses_a_used_token_with_a_validation_error(invite, mailoutbox):
    invite()
    token = link_path(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    services.invitation_accept(
        token=token, password="een-lang-en-sterk-wachtwoord", profile_data={"display_name": "A"}
    )
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(
            token=token, password="een-lang-en-sterk-wachtwoord", profile_data={"display_name": "B"}
        )
    assert error.value.code == "used"
    assert User.objects.filter(username="nieuw@example.test").count() == 1


def test_password_validators_apply_and_nothing_is_created(client, invite, mailoutbox):
    invitation = invite()
    path = link_path(mailoutbox[0])
    users_before = User.objects.count()
    response = client.post(path, accept_data(password="kort1", password_again="kort1"))
    assert response.status_code == 200
    with translation.override("nl"):
        try:
            validate_password("kort1")
        except ValidationError as error:
            expected = error.messages
    content = unescape(response.content.decode())
    assert any(message in content for message in expected), expected
    assert User.objects.count() == users_before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None

    token = path.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(ValidationError) as error:
        services.invitation_accept(token=token, password="12345678", profile_data={})
    assert "password" in error.value.error_dict
    assert User.objects.count() == users_before


def test_the_two_passwords_must_match(client, invite, mailoutbox):
    invite()
    response = client.post(link_path(mailoutbox[0]), accept_data(password_again="iets-anders-123"))
    assert response.status_code == 200
    assert not User.objects.filter(username="nieuw@example.test").exists()


# --- resend and revoke ------------------------------------------------------------------------


def test_resend_invalidates_the_old_link(
    client, invite, mailoutbox, manager, django_capture_on_commit_callbacks
):
    invitation = invite()
    old_path = link_path(mailoutbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(hours=1)
    )
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("leernetwerk_members:invitation_resend", args=[invitation.pk])
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 2
    new_path = link_path(mailoutbox[1])
    assert new_path != old_path
    invitation.refresh_from_db()
    assert invitation.send_count == 2
    assert invitation.expires_at > timezone.now() + timedelta(days=6)
    client.logout()

    stale = client.get(old_path)
    assert stale.status_code == 410
    assert 'data-reason="replaced"' in stale.content.decode()
    assert client.post(new_path, accept_data()).status_code == 302
    assert User.objects.filter(username="nieuw@example.test").exists()


def test_resend_renews_an_expired_invitation(invite, mailoutbox, manager, client):
    invitation = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    services.invitation_resend(invitation=invitation, by=manager)
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_revoke_through_the_list(client, invite, mailoutbox, manager):
    invitation = invite()
    client.force_login(manager)
    listing = client.get(reverse("leernetwerk_members:invitation_list"))
    content = listing.content.decode()
    assert reverse("leernetwerk_members:invitation_revoke", args=[invitation.pk]) in content
    assert reverse("leernetwerk_members:invitation_resend", args=[invitation.pk]) in content
    response = client.post(reverse("leernetwerk_members:invitation_revoke", args=[invitation.pk]))
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "revoked"
    # A closed invitation cannot be sent again or withdrawn twice.
    with pytest.raises(ValidationError):
        services.invitation_resend(invitation=invitation, by=manager)
    with pytest.raises(ValidationError):
        services.invitation_revoke(invitation=invitation, by=manager)
    # And the address can be invited anew.
    fresh = invite()
    assert fresh.pk != invitation.pk


def test_the_list_shows_every_state(client, invite, mailoutbox, manager):
    pending = invite(email="p@example.test")
    expired = invite(email="e@example.test")
    revoked = invite(email="r@example.test")
    accepted = invite(email="a@example.test")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    services.invitation_revoke(invitation=revoked, by=manager)
    Invitation.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now())
    client.force_login(manager)
    content = client.get(reverse("leernetwerk_members:invitation_list")).content.decode()
    for invitation, state in (
        (pending, "pending"),
        (expired, "expired"),
        (revoked, "revoked"),
        (accepted, "accepted"),
    ):
        assert f'data-invitation="{invitation.pk}" data-state="{state}"' in content
    filtered = client.get(reverse("leernetwerk_members:invitation_list"), {"state": "expired"})
    assert "e@example.test" in filtered.content.decode()
    assert "p@example.test" not in filtered.content.decode()


# --- permissions ------------------------------------------------------------------------------


def _management_routes(invitation):
    return [
        ("get", reverse("leernetwerk_members:invitation_list")),
        ("get", reverse("leernetwerk_members:invitation_create")),
        ("post", reverse("leernetwerk_members:invitation_create")),
        ("post", reverse("leernetwerk_members:invitation_import")),
        ("post", reverse("leernetwerk_members:invitation_resend", args=[invitation.pk])),
        ("post", reverse("leernetwerk_members:invitation_revoke", args=[invitation.pk])),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, invite):
    for method, url in _management_routes(invite()):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("role", [Role.PROFESSIONAL, Role.STUURGROEP, Role.EDITOR, None])
def test_other_roles_are_refused(client, invite, make_user, role):
    invitation = invite()
    client.force_login(make_user(role))
    for method, url in _management_routes(invitation):
        assert getattr(client, method)(url).status_code == 403, url
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_session_admins_and_superusers_may_manage(client, invite, session_admin, make_user):
    invite()
    for user in (session_admin, make_user(None, is_superuser=True)):
        client.force_login(user)
        assert client.get(reverse("leernetwerk_members:invitation_list")).status_code == 200
        assert client.get(reverse("leernetwerk_members:invitation_create")).status_code == 200


def test_the_accept_page_is_public(client, invite, mailoutbox):
    invite()
    assert client.get(link_path(mailoutbox[0])).status_code == 200


def test_the_admin_lists_invitations_read_only(client, invite, manager, make_user):
    from wagtail.snippets.models import get_snippet_models

    if Invitation not in get_snippet_models():
        pytest.skip(
            "leernetwerk_casework/wagtail_hooks.py does not import wagtail_hooks_invitations yet"
        )
    invitation = invite(email="admin-lijst@example.test")
    client.force_login(manager)
    listing = client.get(reverse("wagtailsnippets_leernetwerk_kernel_invitation:list"))
    assert listing.status_code == 200
    assert "admin-lijst@example.test" in listing.content.decode()
    edit = client.get(
        reverse("wagtailsnippets_leernetwerk_kernel_invitation:edit", args=[invitation.pk])
    )
    assert edit.status_code in (302, 403)
    client.force_login(make_user(Role.EDITOR))
    refused = client.get(reverse("wagtailsnippets_leernetwerk_kernel_invitation:list"))
    assert refused.status_code in (302, 403)


# --- CSV import -------------------------------------------------------------------------------


def upload(text: str | bytes, name: str = "leden.csv") -> SimpleUploadedFile:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def import_csv(manager, django_capture_on_commit_callbacks):
    def run(text, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            return services.invitations_import_csv(file=upload(text), invited_by=by or manager)

    return run


def by_line(report):
    return {row.line_number: row for row in report.rows}


def test_csv_good_rows_are_invited(import_csv, organisation, other_organisation, mailoutbox):
    report = import_csv(
        "email,organisation,role\n"
        "een@example.test,Gemeente Utrecht,professional\n"
        "Twee@Example.test,gemeente utrecht,Managers\n"
        "drie@example.test,UWV Midden-Nederland,sessiebeheerder\n"
        "vier@example.test,UWV Midden-Nederland,Session administrator\n"
        "vijf@example.test,Gemeente Utrecht,stuurgroeplid\n"
        "zes@example.test,Gemeente Utrecht,Redacteur\n"
        "zeven@example.test,Gemeente Utrecht,editor\n"
        "\n"
    )
    assert report.file_error == ""
    assert [row.status for row in report.rows] == ["invited"] * 7
    assert report.invited_count == 7 and report.refused_count == 0
    roles = dict(Invitation.objects.values_list("email", "role"))
    assert roles == {
        "een@example.test": Role.PROFESSIONAL,
        "twee@example.test": Role.MANAGER,
        "drie@example.test": Role.SESSION_ADMIN,
        "vier@example.test": Role.SESSION_ADMIN,
        "vijf@example.test": Role.STUURGROEP,
        "zes@example.test": Role.EDITOR,
        "zeven@example.test": Role.EDITOR,
    }
    assert Invitation.objects.get(email="drie@example.test").organisation == other_organisation
    assert sorted(m.to[0] for m in mailoutbox) == sorted(roles)
    # Every mail's link opens the accept form.
    for message in mailoutbox:
        assert LINK.search(message.body)
    assert all(i.state == "pending" and i.send_count == 1 for i in Invitation.objects.all())


def test_csv_rows_are_refused_with_a_reason(import_csv, organisation, mailoutbox):
    report = import_csv(
        "email,organisation,role\n"
        "goed@example.test,Gemeente Utrecht,professional\n"  # line 2
        "geen-adres,Gemeente Utrecht,professional\n"  # line 3
        "ander@example.test,Gemeente Nergens,professional\n"  # line 4
        "rol@example.test,Gemeente Utrecht,koning\n"  # line 5
        "GOED@example.test,Gemeente Utrecht,manager\n"  # line 6
        "kort@example.test,Gemeente Utrecht\n"  # line 7: no role cell
    )
    rows = by_line(report)
    assert rows[2].status == "invited"
    assert rows[3].status == "refused" and rows[3].reason
    assert rows[4].status == "refused" and "Gemeente Nergens" in rows[4].reason
    assert rows[5].status == "refused" and "koning" in rows[5].reason
    assert rows[6].status == "refused" and "2" in rows[6].reason
    assert rows[7].status == "refused" and rows[7].reason
    assert report.invited_count == 1 and report.refused_count == 5
    assert list(Invitation.objects.values_list("email", "role")) == [
        ("goed@example.test", Role.PROFESSIONAL)
    ]
    assert [m.to for m in mailoutbox] == [["goed@example.test"]]


def test_csv_with_semicolons_and_a_bom(import_csv, organisation):
    data = (
        "\ufeffE-mail;Organisatie;Rol\r\n"
        "a@example.test;Gemeente Utrecht;Professionals\r\n"
        '"b@example.test";"Gemeente Utrecht";"manager"\r\n'
    ).encode()
    report = import_csv(data)
    assert report.file_error == ""
    assert [(r.line_number, r.status) for r in report.rows] == [(2, "invited"), (3, "invited")]
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        "a@example.test",
        "b@example.test",
    }


def test_csv_resends_open_invitations_and_hides_existing_accounts(
    import_csv, invite, make_user, organisation, mailoutbox
):
    open_invitation = invite(email="open@example.test")
    make_user(email="lid@example.test")
    users_before = User.objects.count()
    mailoutbox.clear()
    report = import_csv(
        "email,organisation,role\n"
        "open@example.test,Gemeente Utrecht,professional\n"
        "lid@example.test,Gemeente Utrecht,professional\n"
        "nieuw@example.test,Gemeente Utrecht,professional\n"
    )
    rows = by_line(report)
    assert [rows[n].status for n in (2, 3, 4)] == ["invited"] * 3
    # An address with an account is reported exactly like a new one.
    assert rows[3].reason == rows[4].reason
    open_invitation.refresh_from_db()
    assert open_invitation.send_count == 2
    assert Invitation.objects.count() == 3
    assert User.objects.count() == users_before
    mails = {m.to[0]: m for m in mailoutbox}
    assert LINK.search(mails["open@example.test"].body)
    assert LINK.search(mails["nieuw@example.test"].body)
    assert not LINK.search(mails["lid@example.test"].body)
    assert reverse("password_reset") in mails["lid@example.test"].body


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)), "encoding"),
        (bytes(range(256)) * 8, "encoding"),
        (b"hello\x00world,a,b\n", "not_csv"),
        (b"Dit is gewoon een brief.\nMet twee regels.\n", "columns"),
        (b"email,organisation\nx@example.test,Gemeente Utrecht\n", "columns"),
        (b"email,organisation,role\n", "no_rows"),
        (
            "email,organisation,role\nx@example.test,Gemeente Utrecht,\u00e9\n".encode("latin-1"),
            "encoding",
        ),
    ],
)
def test_a_file_that_is_not_a_usable_csv_is_refused_whole(
    import_csv, organisation, mailoutbox, data, code
):
    report = import_csv(data)
    assert report.file_error_code == code
    assert len(report.file_error) > 20  # a sentence that says what to do
    assert report.rows == []
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_too_many_rows_refuses_the_whole_file(import_csv, organisation, mailoutbox, settings):
    rows = "".join(f"lid{n}@example.test,Gemeente Utrecht,professional\n" for n in range(10_001))
    report = import_csv("email,organisation,role\n" + rows)
    assert report.file_error_code == "too_many_rows"
    assert "10000" in report.file_error
    assert report.rows == []
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_ten_thousand_rows_are_invited_in_one_go(import_csv, organisation, mailoutbox):
    rows = "".join(f"lid{n}@example.test,Gemeente Utrecht,professional\n" for n in range(10_000))
    report = import_csv("email,organisation,role\n" + rows)
    assert report.file_error == ""
    assert report.invited_count == 10_000
    assert Invitation.objects.count() == 10_000
    assert len(mailoutbox) == 10_000
    assert len({m.to[0] for m in mailoutbox}) == 10_000
    # Spot check: a link from the bulk mail is a working token.
    token = link_path(mailoutbox[-1]).rstrip("/").rsplit("/", 1)[1]
    assert services.invitation_from_token(token).email == mailoutbox[-1].to[0]


def test_csv_import_through_the_page_shows_the_report(
    client, manager, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    csv_file = upload(
        "email;organisation;role\n"
        "een@example.test;Gemeente Utrecht;professional\n"
        "fout;Gemeente Utrecht;professional\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("leernetwerk_members:invitation_import"), {"file": csv_file})
    assert response.status_code == 200
    content = unescape(response.content.decode())
    assert 'id="import-report"' in content
    assert "een@example.test" in content
    assert "fout" in content
    assert content.count('data-status="refused"') == 1
    assert len(mailoutbox) == 1

    refused = client.post(
        reverse("leernetwerk_members:invitation_import"),
        {"file": upload(b"\x89PNG\r\n\x1a\n", "x.png")},
    )
    assert refused.status_code == 200
    assert 'id="file-error"' in refused.content.decode()
    assert Invitation.objects.count() == 1


def test_csv_import_requires_an_inviter(organisation, professional):
    with pytest.raises(PermissionDenied):
        services.invitations_import_csv(
            file=upload("email,organisation,role\na@example.test,Gemeente Utrecht,professional\n"),
            invited_by=professional,
        )
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_session_administrators_only_invite_professionals(organisation, make_user, mailoutbox):
    admin = make_user(Role.SESSION_ADMIN)
    with pytest.raises(ValidationError) as error:
        services.invitation_create(
            email="baas@example.test",
            organisation=organisation,
            role=Role.MANAGER,
            invited_by=admin,
        )
    assert "role" in error.value.error_dict
    assert not Invitation.objects.exists()
    services.invitation_create(
        email="prof@example.test",
        organisation=organisation,
        role=Role.PROFESSIONAL,
        invited_by=admin,
    )
    csv = f"email;organisation;role\nx@example.test;{organisation.name};manager\n".encode()
    report = services.invitations_import_csv(
        file=SimpleUploadedFile("leden.csv", csv, content_type="text/csv"), invited_by=admin
    )
    assert [row.status for row in report.rows] == ["refused"]
    assert not Invitation.objects.filter(email="x@example.test").exists()


@pytest.mark.django_db
def test_the_invite_form_offers_only_the_roles_one_may_hand_out(client, make_user):
    client.force_login(make_user(Role.SESSION_ADMIN))
    html = client.get(reverse("leernetwerk_members:invitation_create")).content.decode()
    assert 'value="Professionals"' in html and 'value="Managers"' not in html
