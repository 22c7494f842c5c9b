"""How people get into the network: invitations by e-mail with a signed, single-use link.

An invitation never reveals whether an address already has an account: the inviter always sees
"invitation sent", and an address that already belongs to a member receives a different e-mail
(log in or reset your password) instead of a second account.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template import loader
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leernetwerk.kernel import conf
from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.mail import mail_connection
from leernetwerk.kernel.members.services import profile_update
from leernetwerk.kernel.models import Invitation, Organisation
from leernetwerk.kernel.roles import Role, role_group

__all__ = [
    "ImportReport",
    "InvitationLinkError",
    "RowResult",
    "invitation_accept",
    "invitation_create",
    "invitation_for_acceptance",
    "invitation_from_token",
    "invitation_resend",
    "invitation_revoke",
    "invitation_token",
    "invitations_import_csv",
    "may_invite",
]

INVITATION_SALT = "leernetwerk.invitation"
#: A user name holds at most 150 characters and invitees log in with their e-mail address.
MAX_EMAIL_LENGTH = 150
#: Bytes a CSV row may take on average before the whole file counts as too large.
CSV_BYTES_PER_ROW = 1024
BATCH = 500

#: Words accepted in the CSV's role column (besides the group names), case-insensitive.
ROLE_WORDS: dict[str, str] = {
    "professional": Role.PROFESSIONAL,
    "professionals": Role.PROFESSIONAL,
    "professioneel": Role.PROFESSIONAL,
    "manager": Role.MANAGER,
    "managers": Role.MANAGER,
    "sessiebeheerder": Role.SESSION_ADMIN,
    "sessiebeheerders": Role.SESSION_ADMIN,
    "session administrator": Role.SESSION_ADMIN,
    "session administrators": Role.SESSION_ADMIN,
    "session admin": Role.SESSION_ADMIN,
    "stuurgroep": Role.STUURGROEP,
    "stuurgroeplid": Role.STUURGROEP,
    "stuurgroepleden": Role.STUURGROEP,
    "stuurgroep member": Role.STUURGROEP,
    "steering group": Role.STUURGROEP,
    "redacteur": Role.EDITOR,
    "redacteuren": Role.EDITOR,
    "editor": Role.EDITOR,
    "editors": Role.EDITOR,
    "beleidsmedewerker": Role.POLICY_OFFICER,
    "beleidsmedewerkers": Role.POLICY_OFFICER,
    "policy officer": Role.POLICY_OFFICER,
    "policy officers": Role.POLICY_OFFICER,
}
#: Header names accepted for the three CSV columns, case-insensitive.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "email": ("email", "e-mail", "emailadres", "e-mailadres", "email address", "e-mail address"),
    "organisation": ("organisation", "organization", "organisatie"),
    "role": ("role", "rol"),
}


class InvitationLinkError(ValidationError):
    """The invitation link cannot be used (bad, replaced, used, expired, revoked)."""


@dataclass
class RowResult:
    line_number: int
    email: str
    status: str  # "invited" | "refused"
    reason: str = ""


@dataclass
class ImportReport:
    """What a CSV upload did, row by row; ``file_error`` when the whole file was refused."""

    rows: list[RowResult] = field(default_factory=list)
    file_error: str = ""
    #: Why the file was refused, for programs: too_large, encoding, empty, not_csv, columns,
    #: no_rows, too_many_rows or unreadable.
    file_error_code: str = ""

    @property
    def invited_count(self) -> int:
        return sum(1 for row in self.rows if row.status == "invited")

    @property
    def refused_count(self) -> int:
        return sum(1 for row in self.rows if row.status == "refused")

    @property
    def total(self) -> int:
        return len(self.rows)


# --- permissions, tokens, links ----------------------------------------------------------------


def may_invite(user) -> bool:
    """Managers and session administrators (and superusers) let people into the network."""
    return has_role(user, Role.MANAGER, Role.SESSION_ADMIN)


def allowed_roles(user) -> list[str]:
    """The roles ``user`` may hand out: managers (and superusers) any network role, session
    administrators only professionals (participants, not colleagues with more rights)."""
    if has_role(user, Role.MANAGER):
        return list(Role.values)
    if has_role(user, Role.SESSION_ADMIN):
        return [Role.PROFESSIONAL.value]
    return []


def _require_inviter(user) -> None:
    if not may_invite(user):
        raise PermissionDenied


def _expiry():
    return timezone.now() + timedelta(days=conf.get("LEERNETWERK_INVITATION_DAYS"))


def _open_invitations():
    return Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def invitation_token(invitation: Invitation) -> str:
    """The signed token in the invitation link; a new nonce makes older tokens worthless."""
    return signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt=INVITATION_SALT)


def invitation_from_token(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation ``token`` stands for, if it may still be used; else InvitationLinkError.

    The signature proves the link came from us; ``expires_at`` (not the signature's age) decides
    whether it has expired, so resending or extending an invitation is authoritative.
    """
    try:
        data = signing.loads(token, salt=INVITATION_SALT)
        pk, nonce = int(data["i"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise InvitationLinkError(
            _("This invitation link is not valid. Check that you copied the whole link."),
            code="invalid",
        ) from None
    queryset = Invitation.objects.select_related("organisation")
    if for_update:
        queryset = queryset.select_for_update()
    invitation = queryset.filter(pk=pk).first()
    if invitation is None:
        raise InvitationLinkError(
            _("This invitation link is not valid. Check that you copied the whole link."),
            code="invalid",
        )
    if invitation.revoked_at:
        raise InvitationLinkError(
            _("This invitation has been withdrawn. Ask the person who invited you if in doubt."),
            code="revoked",
        )
    if invitation.accepted_at:
        raise InvitationLinkError(
            _(
                "This invitation has already been used. Log in with your e-mail address and "
                "password, or reset your password if you forgot it."
            ),
            code="used",
        )
    if invitation.nonce != nonce:
        raise InvitationLinkError(
            _(
                "This link has been replaced by a newer invitation. Use the link in the most "
                "recent e-mail."
            ),
            code="replaced",
        )
    if invitation.expires_at <= timezone.now():
        raise InvitationLinkError(
            _(
                "This invitation has expired. Ask the person who invited you to send a new "
                "invitation."
            ),
            code="expired",
        )
    return invitation


def _account_exists(email: str) -> bool:
    return (
        get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()
    )


def _accounts_among(emails: Iterable[str]) -> set[str]:
    """The lower-cased addresses of ``emails`` that already belong to an account."""
    found: set[str] = set()
    users = get_user_model().objects.annotate(_email=Lower("email"), _username=Lower("username"))
    for chunk in _chunks(list(emails), BATCH):
        for email, username in users.filter(
            Q(_email__in=chunk) | Q(_username__in=chunk)
        ).values_list("_email", "_username"):
            found.update({email, username})
    return found


def invitation_for_acceptance(token: str, *, for_update: bool = False) -> Invitation:
    """The invitation behind ``token`` if its invitee may create an account now."""
    invitation = invitation_from_token(token, for_update=for_update)
    if _account_exists(invitation.email):
        raise InvitationLinkError(
            _(
                "There is already an account for this e-mail address. Log in, or reset your "
                "password if you forgot it."
            ),
            code="account_exists",
        )
    return invitation


def _base_url(request) -> str:
    if request is not None and not conf.get("LEERNETWERK_PUBLIC_ORIGIN"):
        return request.build_absolute_uri("/").rstrip("/")
    return conf.public_origin()


def _password_reset_path() -> str:
    try:
        return reverse("password_reset")
    except NoReverseMatch:
        return "/accounts/password_reset/"


class _Mailer:
    """Renders the invitation e-mails in the site's language (Dutch).

    A CSV upload sends thousands of near-identical e-mails: each distinct text (organisation,
    role, expiry, kind of e-mail) is rendered once with a placeholder, and only the personal
    link is filled in per address.
    """

    def __init__(self, request=None):
        self.base_url = _base_url(request)
        self.subject = loader.get_template(
            "leernetwerk_kernel/members/email/invitation_subject.txt"
        )
        self.invitation_body = loader.get_template(
            "leernetwerk_kernel/members/email/invitation_body.txt"
        )
        self.member_body = loader.get_template(
            "leernetwerk_kernel/members/email/already_member_body.txt"
        )
        self.login_url = self.base_url + reverse("login")
        self.password_reset_url = self.base_url + _password_reset_path()
        self.signer = signing.TimestampSigner(salt=INVITATION_SALT)
        self.placeholder = f"link{secrets.token_hex(16)}"
        self.accept_path = reverse("leernetwerk_members:invitation_accept", args=[self.placeholder])
        self.texts: dict[tuple, tuple[str, str]] = {}

    def link(self, invitation: Invitation) -> str:
        token = self.signer.sign_object({"i": invitation.pk, "n": invitation.nonce})
        return self.base_url + self.accept_path.replace(self.placeholder, token)

    def _texts(self, invitation: Invitation, has_account: bool) -> tuple[str, str]:
        key = (has_account, invitation.organisation_id, invitation.role, invitation.expires_at)
        if key not in self.texts:
            with translation.override(settings.LANGUAGE_CODE):
                context: dict[str, Any] = {
                    "organisation": invitation.organisation.name,
                    "role": str(Role(invitation.role).label),
                    "expires_at": invitation.expires_at,
                    "site_name": getattr(settings, "WAGTAIL_SITE_NAME", "Leernetwerk"),
                    "login_url": self.login_url,
                    "password_reset_url": self.password_reset_url,
                    "link": self.placeholder,
                }
                template = self.member_body if has_account else self.invitation_body
                subject = " ".join(self.subject.render(context).split())
                self.texts[key] = (subject, template.render(context))
        return self.texts[key]

    def message(self, invitation: Invitation, *, has_account: bool) -> EmailMessage:
        subject, body = self._texts(invitation, has_account)
        if not has_account:
            body = body.replace(self.placeholder, self.link(invitation))
        return EmailMessage(subject=subject, body=body, to=[invitation.email])


def _send_on_commit(messages: list[EmailMessage]) -> None:
    """Send after the transaction commits, over one connection (a rollback sends nothing)."""

    def send() -> None:
        with mail_connection() as connection:
            connection.send_messages(messages)

    if messages:
        transaction.on_commit(send)


def _mark_sent(invitation: Invitation, now) -> None:
    invitation.nonce = Invitation._meta.get_field("nonce").get_default()
    invitation.expires_at = now + timedelta(days=conf.get("LEERNETWERK_INVITATION_DAYS"))
    invitation.last_sent_at = now
    invitation.send_count = min(invitation.send_count + 1, 32767)


def _normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _validate_address(email: str) -> None:
    validate_email(email)
    if len(email) > MAX_EMAIL_LENGTH:
        raise ValidationError(
            _("An e-mail address may have at most %(max)s characters here.")
            % {"max": MAX_EMAIL_LENGTH},
            code="too_long",
        )


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, email: str, organisation: Organisation, role: str, invited_by, request=None
) -> Invitation:
    """Invite one person; an open invitation for the address is refreshed and sent again."""
    _require_inviter(invited_by)
    email = _normalise_email(email)
    try:
        _validate_address(email)
    except ValidationError as error:
        raise ValidationError({"email": error.messages}) from None
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role not in allowed_roles(invited_by):
        raise ValidationError({"role": _("You may not invite people with this role.")})
    invitation = _open_invitations().select_for_update().filter(email=email).first()
    if invitation is None:
        invitation = Invitation(email=email, expires_at=_expiry())
    invitation.organisation = organisation
    invitation.role = str(role)
    invitation.invited_by = invited_by
    _mark_sent(invitation, timezone.now())
    invitation.full_clean()
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        # Someone invited the same address a moment ago: refresh that invitation instead.
        existing = _open_invitations().select_for_update().get(email=email)
        existing.organisation, existing.role, existing.invited_by = organisation, role, invited_by
        _mark_sent(existing, timezone.now())
        existing.save()
        invitation = existing
    mailer = _Mailer(request)
    _send_on_commit([mailer.message(invitation, has_account=_account_exists(email))])
    return invitation


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by, request=None) -> Invitation:
    """Send an open invitation again with a new link and a new expiry; older links stop working."""
    _require_inviter(by)
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(
            _("Only open invitations can be sent again; this one was %(state)s.")
            % {"state": invitation.get_state_display().lower()},
            code="closed",
        )
    _mark_sent(invitation, timezone.now())
    invitation.save(update_fields=["nonce", "expires_at", "last_sent_at", "send_count"])
    mailer = _Mailer(request)
    _send_on_commit([mailer.message(invitation, has_account=_account_exists(invitation.email))])
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by) -> Invitation:
    """Withdraw an open invitation: its link stops working at once."""
    _require_inviter(by)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(
            _("Only open invitations can be withdrawn; this one was %(state)s.")
            % {"state": invitation.get_state_display().lower()},
            code="closed",
        )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, profile_data: dict):
    """The invitee becomes a member: account, role, profile, and the invitation used up, in one
    transaction; a link that cannot be used creates nothing."""
    invitation = invitation_for_acceptance(token, for_update=True)
    User = get_user_model()
    user = User(username=invitation.email, email=invitation.email)
    try:
        validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.save()
    user.groups.add(role_group(invitation.role))
    data = {
        key: profile_data[key]
        for key in ("display_name", "function", "perspective", "preferred_language")
        if key in profile_data
    }
    profile_update(user=user, data={**data, "organisation": invitation.organisation})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


# --- CSV import --------------------------------------------------------------------------------


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _empty_file() -> ValidationError:
    return ValidationError(
        _("The file is empty. Upload a CSV file with the columns email, organisation and role."),
        code="empty",
    )


def _read_text(file) -> str:
    """The upload as text, or a ValidationError saying why the file cannot be a CSV."""
    limit = conf.get("LEERNETWERK_INVITATION_CSV_MAX_ROWS") * CSV_BYTES_PER_ROW + 4096
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("The file is too large: a file may have at most %(max)s rows.")
            % {"max": conf.get("LEERNETWERK_INVITATION_CSV_MAX_ROWS")},
            code="too_large",
        )
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _(
                    'The file is not a CSV file in UTF-8. Save it as "CSV UTF-8" (comma or '
                    "semicolon separated) and upload it again."
                ),
                code="encoding",
            ) from None
    else:
        text = data.removeprefix("\ufeff")
    if not text.strip():
        raise _empty_file()
    if "\x00" in text:
        raise ValidationError(
            _(
                "The file is not a CSV file. Upload a text file with the columns email, "
                "organisation and role."
            ),
            code="not_csv",
        )
    return text


def _delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _header_positions(header: list[str]) -> dict[str, int]:
    names = [cell.strip().strip('"').lower() for cell in header]
    positions: dict[str, int] = {}
    for column, aliases in CSV_COLUMNS.items():
        for index, name in enumerate(names):
            if name in aliases:
                positions[column] = index
                break
    missing = [column for column in CSV_COLUMNS if column not in positions]
    if missing:
        raise ValidationError(
            _(
                "The file lacks the column(s) %(missing)s. Its first line must name the columns "
                "email, organisation and role."
            )
            % {"missing": ", ".join(missing)},
            code="columns",
        )
    return positions


def _parse_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) of each non-empty data row; the header is checked and skipped."""
    max_rows = conf.get("LEERNETWERK_INVITATION_CSV_MAX_ROWS")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    rows: list[tuple[int, list[str]]] = []
    positions: dict[str, int] | None = None
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            if positions is None:
                positions = _header_positions(cells)
                continue
            rows.append((reader.line_num, cells))
            if len(rows) > max_rows:
                raise ValidationError(
                    _(
                        "The file has more than %(max)s rows. Nothing was imported; split it "
                        "into smaller files."
                    )
                    % {"max": max_rows},
                    code="too_many_rows",
                )
    except csv.Error as error:
        raise ValidationError(
            _("The file could not be read as CSV (line %(line)s: %(error)s).")
            % {"line": reader.line_num, "error": error},
            code="unreadable",
        ) from None
    if positions is None:
        raise _empty_file()
    if not rows:
        raise ValidationError(
            _("The file has a header line but no rows to import."), code="no_rows"
        )
    return [
        (
            line,
            [cells[positions[c]] if positions[c] < len(cells) else "" for c in CSV_COLUMNS],
        )
        for line, cells in rows
    ]


def _role_from_word(word: str) -> str | None:
    key = " ".join(word.split()).lower()
    for value in Role.values:
        if key == value.lower():
            return value
    return ROLE_WORDS.get(key)


@transaction.atomic
def invitations_import_csv(*, file, invited_by, request=None) -> ImportReport:
    """Invite everyone in an uploaded CSV (email, organisation, role) and report row by row.

    A file that cannot be read, lacks a column or has too many rows is refused whole; otherwise
    the good rows are saved in one transaction and their e-mails sent over one connection.
    """
    _require_inviter(invited_by)
    report = ImportReport()
    try:
        rows = _parse_rows(_read_text(file))
    except ValidationError as error:
        report.file_error = " ".join(error.messages)
        report.file_error_code = error.code or "unreadable"
        return report

    organisations = {org.name.strip().casefold(): org for org in Organisation.objects.all()}
    accepted: list[tuple[RowResult, Organisation, str]] = []
    seen: dict[str, int] = {}
    may_hand_out = set(allowed_roles(invited_by))
    for line, (raw_email, raw_organisation, raw_role) in rows:
        email = _normalise_email(raw_email)
        result = RowResult(line_number=line, email=email or raw_email.strip(), status="refused")
        report.rows.append(result)
        try:
            _validate_address(email)
        except ValidationError:
            result.reason = _("Not a valid e-mail address.")
            continue
        if email in seen:
            result.reason = _("This address appears earlier in the file (line %(line)s).") % {
                "line": seen[email]
            }
            continue
        seen[email] = line
        organisation = organisations.get(" ".join(raw_organisation.split()).casefold())
        if organisation is None:
            result.reason = _("Unknown organisation: “%(name)s”.") % {
                "name": raw_organisation.strip()
            }
            continue
        if not organisation.is_active:
            result.reason = _("The organisation “%(name)s” is no longer active.") % {
                "name": organisation.name
            }
            continue
        role = _role_from_word(raw_role)
        if role is None:
            result.reason = _("Unknown role: “%(role)s”.") % {"role": raw_role.strip()}
            continue
        if role not in may_hand_out:
            result.reason = _("You may not invite people with this role.")
            continue
        accepted.append((result, organisation, role))

    if not accepted:
        return report
    emails = [result.email for result, _org, _role in accepted]
    existing: dict[str, Invitation] = {}
    for chunk in _chunks(emails, BATCH):
        for invitation in _open_invitations().select_for_update().filter(email__in=chunk):
            existing[invitation.email] = invitation
    has_account = _accounts_among(emails)

    now = timezone.now()
    to_create: list[Invitation] = []
    to_update: list[Invitation] = []
    invitations: list[Invitation] = []
    for result, organisation, role in accepted:
        invitation = existing.get(result.email)
        if invitation is None:
            invitation = Invitation(email=result.email, created_at=now, expires_at=now)
            to_create.append(invitation)
            result.reason = _("Invitation sent.")
        else:
            to_update.append(invitation)
            result.reason = _("Invitation sent again (an earlier one was still open).")
        invitation.organisation = organisation
        invitation.role = role
        invitation.invited_by = invited_by
        _mark_sent(invitation, now)
        result.status = "invited"
        invitations.append(invitation)

    Invitation.objects.bulk_update(
        to_update,
        ["organisation", "role", "invited_by", "nonce", "expires_at", "last_sent_at", "send_count"],
        batch_size=BATCH,
    )
    Invitation.objects.bulk_create(to_create, batch_size=BATCH)
    if any(invitation.pk is None for invitation in to_create):
        # A database that does not return primary keys from bulk inserts.
        created = {}
        for chunk in _chunks([inv.email for inv in to_create], BATCH):
            created.update({inv.email: inv for inv in _open_invitations().filter(email__in=chunk)})
        for invitation in to_create:
            invitation.pk = created[invitation.email].pk

    mailer = _Mailer(request)
    _send_on_commit(
        [
            mailer.message(invitation, has_account=invitation.email in has_account)
            for invitation in invitations
        ]
    )
    return report
