"""The casework part of a member's privacy rights (AVG), registered with the kernel's hooks:
the cases, comments, recognitions, case views and doorbraken of a member in their data export,
and, on erasure, the live events that showed their name rendered again under the pseudonym."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from leernetwerk.casework.models import CaseAccess, CasePage, Comment, Doorbraak, Recognition
from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.live.streams import case_stream
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
        "doorbraken": _export_doorbraken(user),
        "notes": {
            "case_views": _(
                "Every time you opened a case it was logged (the AVG asks for an access log)."
            ),
        },
    }


def member_erase_part(member, *, pseudonym: str, old: dict[str, str]) -> None:
    """Hook ``leernetwerk_member_erase``: live events showing the member's name again."""
    _rerender_live_comments(member)
    _rerender_live_doorbraken(member)


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
                    for field in (
                        "situation",
                        "ik_wil",
                        "ik_kan",
                        "ik_heb_nodig",
                        "knelpunt",
                        "maatwerk",
                        "consent_purpose",
                    )
                },
                "knelpunt_type": str(case.knelpunt_type) if case.knelpunt_type else None,
                "window": current.window,
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
                "requested_at": _iso(item.requested_at),
                "status": item.status,
                "decision_reason": item.decision_reason,
                "decided_at": _iso(item.decided_at),
            }
            for item in asked.order_by("requested_at", "pk")
        ],
        "decided": [
            {
                "case": {"id": item.case_id, "title": item.case.title},
                "status": item.status,
                "decision_reason": item.decision_reason,
                "decided_at": _iso(item.decided_at),
            }
            for item in decided.order_by("decided_at", "pk")
        ],
    }


def _render_comment(comment: Comment) -> str:
    return render_to_string(
        "leernetwerk_casework/includes/comment.html", {"comment": comment, "live": True}
    )


def _rerender_live_comments(member) -> None:
    """The event log replays server-rendered comment HTML, which shows the author's name: the
    events about the member's comments (and about the threads their replies sit in) are
    rendered again, now under the pseudonym."""
    own = Comment.objects.filter(author=member)
    targets = set(own.values_list("pk", flat=True)) | set(
        own.exclude(parent=None).values_list("parent_id", flat=True)
    )
    if not targets:
        return
    comments = {
        comment.pk: comment
        for comment in Comment.objects.filter(pk__in=targets).select_related(
            "author__member_profile"
        )
    }
    streams = [case_stream(case_id) for case_id in {c.case_id for c in comments.values()}]
    rendered: dict[int, str] = {}
    for event in LiveEvent.objects.filter(stream__key__in=streams).iterator(chunk_size=500):
        payload = event.payload if isinstance(event.payload, dict) else {}
        comment_id = payload.get("comment")
        if comment_id not in comments:
            continue
        changed = False
        for op in payload.get("ops") or []:
            if isinstance(op, dict) and "html" in op:
                if comment_id not in rendered:
                    rendered[comment_id] = _render_comment(comments[comment_id])
                op["html"] = rendered[comment_id]
                changed = True
        if changed:
            LiveEvent.objects.filter(pk=event.pk).update(payload=payload)


def _rerender_live_doorbraken(member) -> None:
    """Doorbraak events replay HTML with the requester's, mandate holder's and decider's names:
    those the member appears in are rendered again under the pseudonym."""
    doorbraken = {
        item.pk: item
        for item in Doorbraak.objects.filter(
            Q(requested_by=member) | Q(mandate_holder=member) | Q(decided_by=member)
        ).select_related(
            "requested_by__member_profile",
            "mandate_holder__member_profile",
            "decided_by__member_profile",
        )
    }
    if not doorbraken:
        return
    streams = [case_stream(case_id) for case_id in {d.case_id for d in doorbraken.values()}]
    for event in LiveEvent.objects.filter(stream__key__in=streams).iterator(chunk_size=500):
        payload = event.payload if isinstance(event.payload, dict) else {}
        doorbraak = doorbraken.get(payload.get("doorbraak"))
        if doorbraak is None:
            continue
        html = render_to_string(
            "leernetwerk_casework/includes/doorbraak.html", {"doorbraak": doorbraak, "live": True}
        )
        for op in payload.get("ops") or []:
            if isinstance(op, dict) and "html" in op:
                op["html"] = html
        LiveEvent.objects.filter(pk=event.pk).update(payload=payload)
