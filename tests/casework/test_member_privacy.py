"""Privacy rights of members: download one's own data, erasure under a stable pseudonym."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log

from leernetwerk.casework import services
from leernetwerk.casework.models import CaseAccess, Comment
from leernetwerk.kernel.live.models import LiveEvent, LiveStream
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.members import privacy
from leernetwerk.kernel.models import (
    ErasureRequest,
    Invitation,
    MemberProfile,
    Organisation,
    OrganisationKind,
)
from leernetwerk.kernel.roles import Role
from tests.conftest import PASSWORD
from tests.toets import GO, REQUEST_TOETS

pytestmark = pytest.mark.django_db

OLD_SECRETS = ("mirjam", "vandersteen", "mirjam.vandersteen@example.test", "mirjam v.")
OTHER_SECRETS = ("zebedeus", "quastenbroek", "zeb.quast@example.test", "hendrika", "mandaatsma")


@pytest.fixture
def organisation(db):
    kind = OrganisationKind.objects.get(name="Wijkteam")
    return Organisation.objects.create(name="Wijkteam Noord", kind=kind)


@pytest.fixture
def mirjam(make_user, organisation):
    user = make_user(
        Role.PROFESSIONAL,
        username="mirjam",
        first_name="Mirjam",
        last_name="Vandersteen",
        email="mirjam.vandersteen@example.test",
    )
    MemberProfile.objects.create(
        user=user, display_name="Mirjam V.", organisation=organisation, function="Klantmanager"
    )
    return user


@pytest.fixture
def zebedeus(make_user):
    user = make_user(
        Role.PROFESSIONAL,
        username="zebedeus",
        first_name="Zebedeus",
        last_name="Quastenbroek",
        email="zeb.quast@example.test",
    )
    MemberProfile.objects.create(user=user, display_name="Zebedeus Quastenbroek")
    return user


@pytest.fixture
def contributions(mirjam, zebedeus, make_case, make_user):
    """Mirjam brings in a case, Zebedeus discusses and recognises it; Mirjam comments and
    replies on Zebedeus' case and recognises it."""
    own_case = make_case(owner=mirjam, title="Schulden en toeslagen")
    other_case = make_case(owner=zebedeus, title="Wachtlijst beschermd wonen")
    own_comment = services.comment_create(case=own_case, author=mirjam, body="Eén aanvulling")
    services.comment_create(
        case=own_case, author=zebedeus, body="Reactie van de ander", parent=own_comment
    )
    services.recognition_add(case=own_case, user=zebedeus, note="Ook bij ons gezien")
    other_top = services.comment_create(case=other_case, author=zebedeus, body="Startvraag")
    reply = services.comment_create(
        case=other_case, author=mirjam, body="Mijn antwoord", parent=other_top
    )
    top = services.comment_create(case=other_case, author=mirjam, body="Nog een punt")
    services.recognition_add(case=other_case, user=mirjam, note="Herkenbaar in Noord")
    CaseAccess.objects.create(case=other_case, user=mirjam)
    holder = make_user(Role.MANDATE_HOLDER, first_name="Hendrika", last_name="Mandaatsma")
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS,
        case=own_case,
        user=mirjam,
        kind="deviation",
        rule="Toeslag pas na drie maanden",
        proposal="Direct een voorschot",
        reasons="Anders ontstaat een schuld",
        mandate_holder=holder,
    )
    services.doorbraak_decide(**GO, doorbraak=doorbraak, user=holder, reason="Akkoord")
    return {
        "own_case": own_case,
        "other_case": other_case,
        "own_comments": [own_comment, reply, top],
    }


def _lower_json(data) -> str:
    return json.dumps(data, ensure_ascii=False).lower()


# --- export ------------------------------------------------------------------------------------


def test_export_has_own_contributions_and_no_other_persons_data(mirjam, contributions):
    data = privacy.member_export(user=mirjam)
    assert data["profile"]["email"] == "mirjam.vandersteen@example.test"
    assert data["profile"]["display_name"] == "Mirjam V."
    assert data["profile"]["organisation"] == "Wijkteam Noord"
    assert [case["title"] for case in data["cases"]] == ["Schulden en toeslagen"]
    assert data["cases"][0]["comment_count"] == 2 and data["cases"][0]["recognition_count"] == 1
    assert {c["body"] for c in data["comments"]} == {
        "Eén aanvulling",
        "Mijn antwoord",
        "Nog een punt",
    }
    reply = next(c for c in data["comments"] if c["body"] == "Mijn antwoord")
    assert reply["reply_to"] and reply["case"]["title"] == "Wachtlijst beschermd wonen"
    assert [(r["case"]["title"], r["note"]) for r in data["recognitions"]] == [
        ("Wachtlijst beschermd wonen", "Herkenbaar in Noord")
    ]
    assert [v["case"]["id"] for v in data["case_views"]] == [contributions["other_case"].pk]
    assert data["registrations"] == []
    # Colleagues discussed and recognised her case (no names in those), and her doorbraak.
    assert sorted(n["kind"] for n in data["notifications"]) == [
        "case.comment",
        "case.recognised",
        "doorbraak.decided",
    ]
    decided = next(n for n in data["notifications"] if n["kind"] == "doorbraak.decided")
    assert decided["text"] == "Redenen: Akkoord"
    asked = data["doorbraken"]["requested"]
    assert [(d["rule"], d["status"]) for d in asked] == [("Toeslag pas na drie maanden", "granted")]
    assert data["doorbraken"]["decided"] == []

    text = _lower_json(data)
    for secret in OTHER_SECRETS:
        assert secret not in text, secret
    assert "reactie van de ander" not in text and "ook bij ons gezien" not in text
    assert "startvraag" not in text
    json.dumps(data)  # serialisable as it is


def test_other_apps_add_their_part_through_the_hook(mirjam):
    with hooks.register_temporarily(
        privacy.EXPORT_HOOK, lambda user: {"registrations": [{"session": "Leersessie 1"}]}
    ):
        data = privacy.member_export(user=mirjam)
    assert data["registrations"] == [{"session": "Leersessie 1"}]


def test_export_view_is_a_members_only_attachment(client, mirjam, contributions, make_user):
    url = reverse("leernetwerk_members:privacy_export")
    assert client.get(url).status_code == 302
    client.force_login(make_user(None))
    assert client.get(url).status_code == 403

    client.force_login(mirjam)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert (
        response["Content-Disposition"] == 'attachment; filename="leernetwerk-mijn-gegevens.json"'
    )
    body = response.content.decode()
    assert "Eén aanvulling" in body  # ensure_ascii=False
    assert '\n  "profile"' in body  # indented
    assert json.loads(body)["profile"]["username"] == "mirjam"


def test_privacy_page_explains_and_takes_a_request(client, mirjam, make_user):
    url = reverse("leernetwerk_members:privacy")
    assert client.get(url).status_code == 302
    client.force_login(make_user(None))
    assert client.get(url).status_code == 403

    client.force_login(mirjam)
    html = client.get(url).content.decode()
    assert reverse("leernetwerk_members:privacy_export") in html and 'class="ln-form"' in html
    # Without ticking "I understand" nothing is recorded.
    response = client.post(reverse("leernetwerk_members:erasure_request"), {"reason": "Ik stop"})
    assert response.status_code == 400 and not ErasureRequest.objects.exists()
    response = client.post(
        reverse("leernetwerk_members:erasure_request"), {"reason": "Ik stop", "understood": "on"}
    )
    assert response.status_code == 302
    assert ErasureRequest.objects.get().reason == "Ik stop"
    html = client.get(url).content.decode()
    assert reverse("leernetwerk_members:erasure_withdraw") in html
    client.post(reverse("leernetwerk_members:erasure_request"), {"understood": "on"})
    assert ErasureRequest.objects.count() == 1  # one open request at a time
    client.post(reverse("leernetwerk_members:erasure_withdraw"))
    assert not ErasureRequest.objects.exists()


def test_one_open_request_at_a_time_and_the_managers_hear_of_it(mirjam, make_user):
    manager = make_user(Role.MANAGER)
    first = privacy.erasure_request_create(user=mirjam, reason="Weg")
    assert privacy.erasure_request_create(user=mirjam) == first
    assert ErasureRequest.objects.filter(user=mirjam).count() == 1
    told = manager.notifications.get()
    assert told.kind == "member.erasure_request"
    assert told.url == reverse("leernetwerk_members:erasure_requests")
    assert "Mirjam" not in told.title + told.body


# --- erasure -----------------------------------------------------------------------------------


def _case_page_html(client, case) -> str:
    response = client.get(case.url)
    assert response.status_code == 200
    return response.content.decode()


def test_erasure_removes_name_and_email_everywhere(
    client, mirjam, zebedeus, contributions, manager, network
):
    from axes.models import AccessAttempt, AccessLog
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    member_client = type(client)()
    member_client.force_login(mirjam)
    TOTPDevice.objects.create(user=mirjam, name="telefoon")
    StaticDevice.objects.create(user=mirjam, name="backup")
    now = timezone.now()
    AccessAttempt.objects.create(
        username="mirjam",
        ip_address="127.0.0.1",
        user_agent="x",
        attempt_time=now,
        failures_since_start=1,
    )
    AccessLog.objects.create(
        username="mirjam", ip_address="127.0.0.1", user_agent="x", attempt_time=now
    )
    invitation = Invitation.objects.create(
        email="mirjam.vandersteen@example.test",
        organisation=Organisation.objects.first(),
        invited_by=manager,
        expires_at=now,
        accepted_at=now,
        accepted_by=mirjam,
    )
    log(mirjam, "wagtail.edit", user=manager)
    log(mirjam.member_profile, "wagtail.edit", user=manager)
    log(invitation, "wagtail.edit", user=manager)

    request = privacy.erasure_request_create(user=mirjam, reason="Ik ben Mirjam Vandersteen")
    request = privacy.erasure_confirm(request=request, by=manager)

    assert request.confirmed_at and request.confirmed_by == manager and request.reason == ""
    mirjam.refresh_from_db()
    profile = MemberProfile.objects.get(user=mirjam)
    pseudonym = profile.pseudonym
    assert re.fullmatch(r"Voormalig lid [0-9a-f]{6}", pseudonym)
    assert (mirjam.first_name, mirjam.last_name, mirjam.email) == ("", "", "")
    assert mirjam.username.startswith("erased-") and not mirjam.is_active
    assert not mirjam.has_usable_password()
    assert (profile.display_name, profile.function) == ("", "")
    assert profile.organisation is None and profile.perspective is None and profile.erased_at
    assert not TOTPDevice.objects.filter(user=mirjam).exists()
    assert not StaticDevice.objects.filter(user=mirjam).exists()
    assert not AccessAttempt.objects.exists() and not AccessLog.objects.exists()

    # Logged out everywhere, and logging in again is refused.
    response = member_client.get(contributions["own_case"].url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for username in ("mirjam", mirjam.username):
        response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
        assert response.status_code == 200 and "_auth_user_id" not in client.session

    # Nothing shows the old name or e-mail address any more.
    client.force_login(manager)
    outputs = {
        "own case": _case_page_html(client, contributions["own_case"]),
        "other case": _case_page_html(client, contributions["other_case"]),
        "cases index": client.get(network["cases"].url).content.decode(),
        "directory": client.get(reverse("leernetwerk_members:directory")).content.decode(),
        "access log": client.get(
            reverse("leernetwerk_casework:case_access", args=[contributions["other_case"].pk])
        ).content.decode(),
        "erasure requests": client.get(
            reverse("leernetwerk_members:erasure_requests")
        ).content.decode(),
        "fragments": "".join(
            render_to_string(
                "leernetwerk_casework/includes/comment.html", {"comment": c, "live": True}
            )
            for c in Comment.objects.filter(case__in=[contributions["own_case"].pk])
            | Comment.objects.filter(case__in=[contributions["other_case"].pk])
        ),
        "live event log": _lower_json(list(LiveEvent.objects.values_list("payload", flat=True))),
        "live replays from 0": _lower_json(
            [
                frame.data
                for key in LiveStream.objects.values_list("key", flat=True)
                for frame in events_after(key, 0)
            ]
        ),
        "export of another member": _lower_json(privacy.member_export(user=zebedeus)),
        "export view of another member": _export_as(zebedeus),
        "invitations": _lower_json(list(Invitation.objects.values_list("email", flat=True))),
        "wagtail log": _lower_json(_wagtail_log()),
    }
    for where, output in outputs.items():
        for secret in OLD_SECRETS:
            assert secret not in output.lower(), (where, secret)
    assert pseudonym in outputs["access log"]
    assert pseudonym in outputs["erasure requests"]
    assert pseudonym.lower() in outputs["live replays from 0"]
    assert invitation.__class__.objects.get(pk=invitation.pk).email.endswith("@erased.invalid")

    # Case content stays for the network.
    assert "Schulden en toeslagen" in outputs["own case"]
    assert "Mijn antwoord" in outputs["other case"]


def _export_as(user) -> str:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client.get(reverse("leernetwerk_members:privacy_export")).content.decode()


def _wagtail_log() -> list:
    from wagtail.models import ModelLogEntry

    return [(entry.label, entry.data) for entry in ModelLogEntry.objects.all()]


def test_the_pseudonym_is_the_same_on_all_contributions(client, mirjam, contributions, manager):
    expected = privacy.member_pseudonym(mirjam)
    assert privacy.member_pseudonym(mirjam) == expected  # stable
    request = privacy.erasure_request_create(user=mirjam)
    privacy.erasure_confirm(request=request, by=manager)
    mirjam = get_user_model().objects.get(pk=mirjam.pk)
    assert MemberProfile.objects.get(user=mirjam).pseudonym == expected
    assert privacy.member_pseudonym(mirjam) == privacy.member_pseudonym(mirjam) == expected
    assert expected == f"Voormalig lid {privacy.pseudonym_code(mirjam.pk)}"

    client.force_login(manager)
    own = _case_page_html(client, contributions["own_case"])
    assert re.search(r"(brought in by|ingebracht door)\s+" + re.escape(expected), own)
    names = {}
    for case in (contributions["own_case"], contributions["other_case"]):
        html = _case_page_html(client, case)
        names.update(
            {
                int(pk): name.strip()
                for pk, name in re.findall(r'<strong id="comment-(\d+)-by">([^<]*)</strong>', html)
            }
        )
    own_ids = [c.pk for c in contributions["own_comments"]]
    assert [names[pk] for pk in own_ids] == [expected] * len(own_ids)
    assert expected not in {name for pk, name in names.items() if pk not in own_ids}


def test_codes_differ_per_person(make_user):
    codes = {privacy.pseudonym_code(make_user().pk) for _ in range(5)}
    assert len(codes) == 5


def test_only_administrators_confirm_and_never_their_own(mirjam, professional, manager, make_user):
    request = privacy.erasure_request_create(user=mirjam)
    with pytest.raises(PermissionDenied):
        privacy.erasure_confirm(request=request, by=professional)
    own = privacy.erasure_request_create(user=manager)
    with pytest.raises(PermissionDenied):
        privacy.erasure_confirm(request=own, by=manager)
    manager.refresh_from_db()
    assert manager.is_active and not MemberProfile.objects.filter(
        user=manager, erased_at__isnull=False
    )
    # A superuser without a role is an administrator too.
    admin = make_user(None, is_superuser=True)
    privacy.erasure_confirm(request=own, by=admin)
    manager.refresh_from_db()
    assert not manager.is_active
    mirjam.refresh_from_db()
    assert mirjam.is_active


def test_double_confirm_is_harmless(mirjam, manager, make_user):
    request = privacy.erasure_request_create(user=mirjam)
    first = privacy.erasure_confirm(request=request, by=manager)
    profile = MemberProfile.objects.get(user=mirjam)
    again = privacy.erasure_confirm(request=request, by=make_user(Role.MANAGER))
    assert again.confirmed_at == first.confirmed_at and again.confirmed_by == manager
    assert MemberProfile.objects.get(user=mirjam).pseudonym == profile.pseudonym
    assert MemberProfile.objects.get(user=mirjam).erased_at == profile.erased_at
    with pytest.raises(PermissionDenied):  # an erased member cannot ask again
        privacy.erasure_request_create(user=get_user_model().objects.get(pk=mirjam.pk))


def test_erasure_requests_page_is_for_administrators(client, mirjam, professional, manager):
    request = privacy.erasure_request_create(user=mirjam)
    url = reverse("leernetwerk_members:erasure_requests")
    confirm = reverse("leernetwerk_members:erasure_confirm", args=[request.pk])
    assert client.get(url).status_code == 302
    assert client.post(confirm, {"confirm": "on"}).status_code == 302
    assert ErasureRequest.objects.get().confirmed_at is None

    client.force_login(professional)
    assert client.get(url).status_code == 403
    assert client.post(confirm, {"confirm": "on"}).status_code == 403

    client.force_login(manager)
    html = client.get(url).content.decode()
    assert "Mirjam V." in html and confirm in html
    assert client.get(confirm).status_code == 405
    client.post(confirm)  # without ticking the box nothing happens
    assert ErasureRequest.objects.get().confirmed_at is None
    response = client.post(confirm, {"confirm": "on"})
    assert response.status_code == 302
    assert ErasureRequest.objects.get().confirmed_at is not None
    assert client.post(confirm, {"confirm": "on"}).status_code == 302  # again: harmless
    html = client.get(url).content.decode()
    assert "Mirjam" not in html and MemberProfile.objects.get(user=mirjam).pseudonym in html


def test_a_manager_cannot_confirm_their_own_request_in_the_view(client, manager):
    request = privacy.erasure_request_create(user=manager)
    client.force_login(manager)
    html = client.get(reverse("leernetwerk_members:erasure_requests")).content.decode()
    assert reverse("leernetwerk_members:erasure_confirm", args=[request.pk]) not in html
    response = client.post(
        reverse("leernetwerk_members:erasure_confirm", args=[request.pk]), {"confirm": "on"}
    )
    assert response.status_code == 403
    assert ErasureRequest.objects.get().confirmed_at is None
