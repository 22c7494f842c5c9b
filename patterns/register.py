"""The register of written agreements: drafting a version, adopting it, and a readable diff
between two versions (ADR 0019).

Who drafts: managers, stuurgroep members and policy officers (issue #21: beleid drafts what the
tables ask for). Who adopts: managers and stuurgroep members (the tables that change written
agreements). A draft copies nothing by itself; the front-end form starts from the text of the
version it follows. Adopting a version makes it *vigerend* and the one that was vigerend
*vervallen*, in one transaction; the version keeps when that happened (``adopted_at``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.pii import privacy_check
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.sanitize import plain_text
from leernetwerk.patterns.constants import VersionStatus
from leernetwerk.patterns.models import PolicyDocument, PolicyVersion

#: Roles that adopt versions of written agreements (the tables).
ADOPTING_ROLES = (Role.MANAGER, Role.STUURGROEP)
#: Roles that draft versions: the tables and the policy officers who write for them.
DRAFTING_ROLES = (*ADOPTING_ROLES, Role.POLICY_OFFICER)

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def may_draft(user) -> bool:
    return is_network_member(user) and has_role(user, *DRAFTING_ROLES)


def may_adopt(user) -> bool:
    return is_network_member(user) and has_role(user, *ADOPTING_ROLES)


def text_paragraphs(html: str) -> str:
    """The text of a version as plain paragraphs (one per line), for the form and the diff."""
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", html or "")
    lines = (plain_text(line) for line in marked.split("\n"))
    return "\n".join(line for line in lines if line)


def paragraphs_html(text: str) -> str:
    """Plain paragraphs (blank-line or line separated) as the version's HTML, escaped."""
    paragraphs = [p.strip() for p in re.split(r"\n+", text or "") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


@transaction.atomic
def version_draft(
    *,
    document: PolicyDocument,
    user,
    text: str,
    change_summary: str,
    effective_date=None,
    item=None,
) -> PolicyVersion:
    """A new concept version of ``document`` (the next number), written as plain paragraphs;
    drafted for an ``item`` of the policy inbox, the item points at it (*drafted*)."""
    if not may_draft(user):
        raise PermissionDenied
    document = PolicyDocument.objects.select_for_update().get(pk=document.pk)
    text = (text or "").strip()
    change_summary = (change_summary or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the text of the new version.")
    if not change_summary:
        errors["change_summary"] = _("Say in one sentence what this version changes.")
    if errors:
        raise ValidationError(errors)
    privacy_check({"text": text, "change_summary": change_summary})
    number = (document.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = PolicyVersion(
        document=document,
        number=number,
        text=paragraphs_html(text),
        change_summary=change_summary,
        effective_date=effective_date,
        created_by=user,
    )
    version.full_clean()
    version.save()
    if item is not None:
        from leernetwerk.patterns.policy import item_drafted

        item_drafted(item=item, version=version, user=user)
    return version


@transaction.atomic
def version_adopt(*, version: PolicyVersion, user, effective_date=None) -> PolicyVersion:
    """Make a concept version *vigerend*: the version that was vigerend becomes *vervallen*; the
    inbox items that asked for it are done."""
    if not may_adopt(user):
        raise PermissionDenied
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.CONCEPT:
        raise ValidationError(_("Only a concept version can be adopted."))
    effective_date = effective_date or version.effective_date or timezone.localdate()
    PolicyVersion.objects.filter(
        document_id=version.document_id, status=VersionStatus.VIGEREND
    ).update(status=VersionStatus.VERVALLEN)
    version.status = VersionStatus.VIGEREND
    version.effective_date = effective_date
    version.adopted_at = timezone.now()
    version.save(update_fields=["status", "effective_date", "adopted_at"])
    from leernetwerk.patterns.policy import items_adopted

    items_adopted(version=version, user=user)
    return version


@dataclass(frozen=True)
class Change:
    """A run of the diff: ``op`` is "equal", "insert" or "delete"; ``text`` has no markup."""

    op: str
    text: str
    #: The run ends a paragraph (the reader sees a line break after it).
    breaks: bool = False


_TOKEN = re.compile(r"\n|[^\s]+")
#: The token that ends a paragraph in the diff.
_BREAK = "\n"


def version_diff(old: PolicyVersion | None, new: PolicyVersion) -> list[Change]:
    """What changed from ``old`` to ``new``, word by word, paragraph breaks kept."""
    before = _TOKEN.findall(text_paragraphs(old.text)) if old else []
    after = _TOKEN.findall(text_paragraphs(new.text))
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        runs = []
        if tag in ("delete", "replace"):
            runs.append(("delete", before[i1:i2]))
        if tag in ("insert", "replace"):
            runs.append(("insert", after[j1:j2]))
        if tag == "equal":
            runs.append(("equal", after[j1:j2]))
        for op, tokens in runs:
            # Split a run at paragraph breaks: each piece is one line of the reader's view.
            piece: list[str] = []
            for word in tokens:
                if word == _BREAK:
                    changes.append(Change(op, " ".join(piece), breaks=True))
                    piece = []
                else:
                    piece.append(word)
            if piece:
                changes.append(Change(op, " ".join(piece)))
    return changes


def previous_version(version: PolicyVersion) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(document_id=version.document_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
