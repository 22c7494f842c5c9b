"""A manager invites a new professional in the browser; the invitee opens the e-mailed link,
chooses a password, fills in the profile and lands on the cases index. A used or an expired
link shows a clear message and creates nothing."""

from __future__ import annotations

import email
import email.policy
import re
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from leernetwerk.kernel.members.invitations import invitation_create, invitation_token
from leernetwerk.kernel.models import Invitation, Organisation, OrganisationKind, Perspective
from leernetwerk.kernel.roles import Role, role_group
from tests.browser.conftest import login
from tests.conftest import PASSWORD
from tests.servers import daphne

LINK = re.compile(r"http://127\.0\.0\.1:\d+/netwerk/leden/uitnodigingen/accepteren/[^/\s]+/")


def wait_for_mail(directory: Path, to: str, timeout: float = 10.0) -> str:
    """The decoded text of the first mail in ``directory`` (the file backend's) addressed to
    ``to`` (Django 6 writes bodies quoted-printable, which wraps long links)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(directory.glob("*.log")):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                message = email.message_from_bytes(raw.strip(), policy=email.policy.default)
                if message["To"] and to in message["To"]:
                    return message.get_body(preferencelist=("plain",)).get_content()
        time.sleep(0.1)
    raise AssertionError(f"no mail to {to} in {directory}")


def test_invited_professional_joins_and_lands_on_the_cases_index(
    live_network, make_user, new_page, tmp_path
):
    manager = make_user(Role.MANAGER, username="manager")
    organisation = Organisation.objects.create(
        name="Gemeente Utrecht", kind=OrganisationKind.objects.first()
    )
    perspective = Perspective.objects.get(name="Wijkteam")
    User = get_user_model()

    database = str(settings.DATABASES["default"]["NAME"])
    with daphne(database, extra_env={"LEERNETWERK_MAIL_DIR": str(tmp_path)}) as address:
        base = f"http://{address}"

        # The manager invites a new professional through the front-end form.
        page = new_page()
        login(page, base, manager.username, PASSWORD)
        page.goto(f"{base}/netwerk/leden/uitnodigingen/nieuw/")
        page.fill("#id_email", "Nieuwe.Collega@Example.test")
        page.select_option("#id_organisation", str(organisation.pk))
        page.select_option("#id_role", Role.PROFESSIONAL.value)
        page.click("#invite-form button[type=submit]")
        page.wait_for_url("**/netwerk/leden/uitnodigingen/")
        row = page.locator("#invitations tr[data-state=pending]")
        assert "nieuwe.collega@example.test" in row.inner_text()

        # The e-mail carries the link.
        mail = wait_for_mail(tmp_path, "nieuwe.collega@example.test")
        link = LINK.search(mail).group(0)

        # The invitee opens it in a browser of their own.
        invitee = new_page()
        invitee.goto(link)
        invitee.fill("#id_display_name", "Nora Nieuw")
        invitee.fill("#id_function", "Wijkcoach")
        invitee.select_option("#id_perspective", str(perspective.pk))
        invitee.select_option("#id_preferred_language", "nl")
        invitee.fill("#id_password", "een-lang-en-sterk-wachtwoord")
        invitee.fill("#id_password_again", "een-lang-en-sterk-wachtwoord")
        invitee.click("#accept-form button[type=submit]")
        invitee.wait_for_url(f"{base}{live_network['cases'].url}")
        assert invitee.get_by_role("heading", level=1).inner_text() == "Casussen"

        users_after_joining = User.objects.count()
        member = User.objects.get(username="nieuwe.collega@example.test")
        assert member.groups.filter(pk=role_group(Role.PROFESSIONAL).pk).exists()
        assert member.member_profile.display_name == "Nora Nieuw"
        assert member.member_profile.organisation == organisation
        assert member.member_profile.perspective == perspective

        # Reopening the used link shows a clear message and creates nothing.
        used = new_page()
        response = used.goto(link)
        assert response.status == 410
        problem = used.locator("#link-problem")
        assert problem.get_attribute("data-reason") == "used"
        assert problem.inner_text().strip()
        assert used.locator("#id_password").count() == 0

        # An expired link shows a clear message too.
        invitation = invitation_create(
            email="te-laat@example.test",
            organisation=organisation,
            role=Role.PROFESSIONAL,
            invited_by=manager,
        )
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(hours=1)
        )
        invitation.refresh_from_db()
        response = used.goto(
            f"{base}/netwerk/leden/uitnodigingen/accepteren/{invitation_token(invitation)}/"
        )
        assert response.status == 410
        assert used.locator("#link-problem").get_attribute("data-reason") == "expired"
        assert used.locator("#link-problem").inner_text().strip()

    assert User.objects.count() == users_after_joining
    assert not User.objects.filter(username="te-laat@example.test").exists()
