"""The casework part of a member's privacy rights (AVG), registered with the kernel's hook:
the cases, comments, recognitions, case views, follows, doorbraken and MDO agreements of a
member in their data export. On erasure, other members' comments that @mention the member name
the pseudonym instead (comments and doorbraken otherwise name members through their profile, and
live events refer to them instead of storing their HTML — ADR 0009)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from leernetwerk.casework.models import (
    Agreement,
    AgreementCheck,
    CaseAccess,
    CaseClosing,
    CaseFollow,
    CasePage,
    CaseVisit,
    Comment,
    Doorbraak,
    Mandate,
    Precedent,
    Recognition,
    ResidentScore,
)
from leernetwerk.kernel import guarded, toets
from leernetwerk.kernel.sanitize import plain_text


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _names(items) -> list[str]:
    return [str(item) for item in items]


def member_export_part(user) -> dict[str, Any]:
    """Hook ``leernetwerk_member_export``: what the member brought in and did on cases."""
    return {
        "cases": _export_cases(user),
        "comments": _export_comments(user),
        "recognitions": _export_recognitions(user),
        "case_views": _export_case_views(user),
        "case_follows": [
            {"case": row.case_id, "following": row.following, "changed_at": _iso(row.changed_at)}
            for row in CaseFollow.objects.filter(user=user).order_by("pk")
        ],
        "case_visits": [
            {"case": row.case_id, "last_seen_at": _iso(row.seen_at)}
            for row in CaseVisit.objects.filter(user=user).order_by("pk")
        ],
        "doorbraken": _export_doorbraken(user),
        "mandates": [
            {
                "title": item.title,
                "organisation": str(item.organisation),
                "laws": [str(law) for law in item.laws.all()],
                "budget_ceiling": str(item.budget_ceiling) if item.budget_ceiling else "",
                "valid_from": _iso(item.valid_from),
                "valid_until": _iso(item.valid_until),
                "granted_by": item.granted_by,
            }
            for item in Mandate.objects.filter(holder=user)
            .select_related("organisation")
            .prefetch_related("laws")
            .order_by("pk")
        ],
        "agreements": _export_agreements(user),
        "precedents": [
            {
                "id": item.pk,
                "case": item.case_id,
                "source": item.source,
                "title": item.title,
                "weighed": item.weighed,
                "rule": item.rule,
                "why": item.why,
                "mandate": item.mandate,
                "created_at": _iso(item.created_at),
            }
            for item in Precedent.objects.filter(created_by=user).order_by("pk")
        ],
        "case_closings": [
            {
                "case": item.case_id,
                "closed_on": _iso(item.closed_on),
                "worked": item.worked,
                "did_not_work": item.did_not_work,
            }
            for item in CaseClosing.objects.filter(closed_by=user).order_by("pk")
        ],
        # The marks are the resident's, not the member's: that they recorded one, not the mark.
        "resident_marks_recorded": [
            {"case": case_id, "moment": moment, "given_on": _iso(given_on)}
            for case_id, moment, given_on in ResidentScore.objects.filter(recorded_by=user)
            .order_by("pk")
            .values_list("case_id", "moment", "scored_on")
        ],
        "notes": {
            "case_views": _(
                "Every time you opened a case it was logged (the AVG asks for an access log)."
            ),
            "resident_marks_recorded": _(
                "The marks themselves are the resident's and are shown only on their case."
            ),
        },
    }


def _export_cases(user) -> list[dict[str, Any]]:
    cases = []
    queryset = (
        CasePage.objects.filter(owner=user)
        .select_related("knelpunt_type")
        .prefetch_related("life_domains", "laws", "organisations", "tags")
        .order_by("pk")
    )
    for case in queryset:
        # A draft's latest text lives in its newest revision.
        current = case.get_latest_revision_as_object() if case.has_unpublished_changes else case
        cases.append(
            {
                "id": case.pk,
                "title": current.title,
                "status": current.status,
                "live": case.live,
                "has_unpublished_changes": case.has_unpublished_changes,
                "texts": {
                    field: getattr(current, field)
                    for field in guarded.text_field_names(CasePage)
                    if field != "title"
                },
                "knelpunt_type": str(case.knelpunt_type) if case.knelpunt_type else None,
                "window": current.window,
                "transition": str(current.transition) if current.transition_id else None,
                "solution_type": current.solution_type,
                "maatwerk_outcome": current.maatwerk_outcome,
                "life_domains": _names(case.life_domains.all()),
                "laws": _names(case.laws.all()),
                "organisations": _names(case.organisations.all()),
                "tags": _names(case.tags.all()),
                "consent_given": current.consent_given,
                "retention_date": _iso(current.retention_date),
                "first_published_at": _iso(case.first_published_at),
                "last_published_at": _iso(case.last_published_at),
                "latest_revision_created_at": _iso(case.latest_revision_created_at),
                # Counts only: who commented or recognised it is other people's data.
                "comment_count": case.comments.filter(removed_at=None, hidden_at=None).count(),
                "recognition_count": case.recognitions.count(),
            }
        )
    return cases


def _export_comments(user) -> list[dict[str, Any]]:
    comments = Comment.objects.filter(author=user).select_related("case").order_by("created_at")
    return [
        {
            "id": comment.pk,
            "case": {"id": comment.case_id, "title": comment.case.title},
            # The id only: the parent's author is another person.
            "reply_to": comment.parent_id,
            "body": plain_text(comment.body),
            "created_at": _iso(comment.created_at),
            "edited_at": _iso(comment.edited_at),
            "removed_at": _iso(comment.removed_at),
            "hidden_at": _iso(comment.hidden_at),
            "hidden_reason": comment.hidden_reason,
        }
        for comment in comments
    ]


def _export_recognitions(user) -> list[dict[str, Any]]:
    recognitions = Recognition.objects.filter(user=user).select_related("case")
    return [
        {
            "case": {"id": item.case_id, "title": item.case.title},
            "note": item.note,
            "created_at": _iso(item.created_at),
        }
        for item in recognitions.order_by("created_at")
    ]


def _export_case_views(user) -> list[dict[str, Any]]:
    views = CaseAccess.objects.filter(user=user).order_by("viewed_at", "pk")
    return [
        {"case": {"id": case_id, "title": title}, "viewed_at": _iso(viewed_at)}
        for case_id, title, viewed_at in views.values_list("case_id", "case__title", "viewed_at")
    ]


def _export_doorbraken(user) -> dict[str, list[dict[str, Any]]]:
    """The doorbraken a member asked for, and the decisions they took as a mandate holder
    (without the other person's name)."""
    asked = Doorbraak.objects.filter(requested_by=user).select_related("case")
    decided = Doorbraak.objects.filter(decided_by=user).select_related("case")
    return {
        "requested": [
            {
                "case": {"id": item.case_id, "title": item.case.title},
                "kind": item.kind,
                "rule": item.rule,
                "proposal": item.proposal,
                "reasons": item.reasons,
                "settlement": item.settlement,
                "law": str(item.law) if item.law_id else "",
                "amount": str(item.amount) if item.amount is not None else "",
                "omgekeerde_toets": {name: getattr(item, name) for name in toets.REQUEST_STEPS},
                "requested_at": _iso(item.requested_at),
                "status": item.status,
                "decision_reason": item.decision_reason,
                "decided_at": _iso(item.decided_at),
            }
            for item in asked.select_related("law").order_by("requested_at", "pk")
        ],
        "decided": [
            {
                "case": {"id": item.case_id, "title": item.case.title},
                "status": item.status,
                "decision_reason": item.decision_reason,
                "omgekeerde_toets": {
                    "toets_legal": item.toets_legal,
                    "toets_outcome": item.toets_outcome,
                    "toets_conditions": item.toets_conditions,
                },
                "mandate_used": str(item.mandate_used) if item.mandate_used_id else "",
                "stand_in": item.stand_in,
                "decided_at": _iso(item.decided_at),
            }
            for item in decided.select_related("mandate_used__organisation").order_by(
                "decided_at", "pk"
            )
        ],
    }


def _export_agreements(user) -> dict[str, list[dict[str, Any]]]:
    """The MDO agreements a member recorded or owns, and the checks they recorded."""

    def row(item: Agreement) -> dict[str, Any]:
        return {
            "id": item.pk,
            "case": {"id": item.case_id, "title": item.case.title},
            "what": item.what,
            "party": item.party,
            "organisation": str(item.organisation) if item.organisation else None,
            "agreed_on": _iso(item.agreed_on),
            "check_due": _iso(item.check_due),
            "status": item.status,
            "signalled_at": _iso(item.signalled_at),
            "you_recorded_it": item.created_by_id == user.pk,
            "you_own_it": item.owner_id == user.pk,
        }

    agreements = (
        Agreement.objects.filter(created_by=user) | Agreement.objects.filter(owner=user)
    ).select_related("case", "organisation")
    checks = AgreementCheck.objects.filter(checked_by=user).select_related("agreement__case")
    return {
        "agreements": [row(item) for item in agreements.order_by("pk")],
        "checks": [
            {
                "agreement": check.agreement_id,
                "case": {"id": check.agreement.case_id, "title": check.agreement.case.title},
                "outcome": check.outcome,
                "note": check.note,
                "next_check": _iso(check.next_check),
                "checked_at": _iso(check.checked_at),
            }
            for check in checks.order_by("checked_at", "pk")
        ],
    }


def member_erase_part(user, *, pseudonym: str, old: dict) -> None:
    """Hook ``leernetwerk_member_erase``: "@username" in other members' comments (a mention, or
    the "@username wrote:" of a quote) becomes the pseudonym: the username was personal data."""
    from leernetwerk.casework.threads import forget_threads

    # The cached threads that show the member's name or handle go (casework/threads.py).
    cases = set(Comment.objects.filter(author=user).values_list("case_id", flat=True))
    username = old.get("username") or ""
    if username:
        mention = re.compile(rf"(?<![\w@])@{re.escape(username)}(?![\w.-])", re.IGNORECASE)
        for comment in Comment.objects.filter(body__icontains=f"@{username}").only(
            "pk", "body", "case_id"
        ):
            body = mention.sub(pseudonym, comment.body)
            if body != comment.body:
                Comment.objects.filter(pk=comment.pk).update(body=body)
                cases.add(comment.case_id)
    forget_threads(cases)
