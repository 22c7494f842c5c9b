"""What casework shows live: the events its services publish on a case's stream, and the
renderers of the objects those events refer to (registered when the app is ready).

Events refer to comments and doorbraken instead of storing their HTML; a replay renders them as
they are now, so a removed or hidden comment replays as its stub and an erased member under the
pseudonym, without anything in the log to redact (ADR 0009).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.template.loader import render_to_string
from wagtail.signals import page_published

from leernetwerk.casework.models import Agreement, CasePage, Comment, Doorbraak, Recognition
from leernetwerk.kernel.live import renderers
from leernetwerk.kernel.live.publisher import publish
from leernetwerk.kernel.live.streams import case_stream
from leernetwerk.kernel.notifications import notifications_retitle_subject

AGREEMENT = "casework.agreement"
COMMENT = "casework.comment"
SCORES = "casework.scores"
DOORBRAAK = "casework.doorbraak"
RECOGNITION = "casework.recognition"


@renderers.register(COMMENT)
def render_comments(keys: list[int]) -> dict[int, str]:
    """Comments as the discussion shows them now (a thread with its replies): two queries."""
    replies = Comment.objects.select_related("author__member_profile", "hidden_by").order_by(
        "created_at", "pk"
    )
    comments = (
        Comment.objects.filter(pk__in=keys)
        .select_related("author__member_profile", "hidden_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    return {
        comment.pk: render_to_string(
            "leernetwerk_casework/includes/comment.html", {"comment": comment, "live": True}
        )
        for comment in comments
    }


@renderers.register(RECOGNITION)
def render_recognitions(keys: list[int]) -> dict[int, str]:
    """ "Herken ik" items as the case page lists them now (an erased member as the pseudonym)."""
    recognitions = Recognition.objects.filter(pk__in=keys).select_related("user__member_profile")
    return {
        recognition.pk: render_to_string(
            "leernetwerk_casework/includes/recognition.html", {"recognition": recognition}
        )
        for recognition in recognitions
    }


@renderers.register(DOORBRAAK)
def render_doorbraken(keys: list[int]) -> dict[int, str]:
    """Doorbraak requests as the case page shows them now."""
    doorbraken = Doorbraak.objects.filter(pk__in=keys).select_related(
        "requested_by__member_profile",
        "mandate_holder__member_profile",
        "decided_by__member_profile",
        "precedent",
        "law",
        "routed_mandate__organisation",
        "mandate_used__organisation",
    )
    return {
        doorbraak.pk: render_to_string(
            "leernetwerk_casework/includes/doorbraak.html",
            {"doorbraak": doorbraak, "live": True},
        )
        for doorbraak in doorbraken
    }


@renderers.register(AGREEMENT)
def render_agreements(keys: list[int]) -> dict[int, str]:
    """Agreements as the case page shows them now (the check form revealed by discussion.js for
    the owner, the case's author and managers)."""
    from leernetwerk.casework.selectors import agreements_shown  # selectors import services

    agreements = agreements_shown(Agreement.objects.filter(pk__in=keys))
    return {
        agreement.pk: render_to_string(
            "leernetwerk_casework/includes/agreement.html",
            {"agreement": agreement, "live": True},
        )
        for agreement in agreements
    }


@renderers.register(SCORES)
def render_scores(keys: list[int]) -> dict[int, str]:
    """The resident's marks of a case, as the case page's table shows them now."""
    from leernetwerk.casework.selectors import score_table

    return {
        case_id: render_to_string(
            "leernetwerk_casework/includes/score_table.html", {"score_table": score_table(case_id)}
        )
        for case_id in keys
    }


def _visible_comment_count(case_id: int) -> int:
    return Comment.objects.filter(case_id=case_id, removed_at=None, hidden_at=None).count()


def publish_comment(comment: Comment, event: str, *, op: str) -> None:
    """A comment was posted (``op="append"``) or changed (``"replace"``)."""
    if op == "append":
        target = f"#replies-{comment.parent_id}" if comment.parent_id else "#comments"
        operation = {"op": "append", "target": target, "id": comment.dom_id}
    else:
        operation = {"op": "replace", "target": f"#{comment.dom_id}"}
    ops = [
        {**operation, "ref": renderers.ref(COMMENT, comment.pk)},
        {
            "op": "text",
            "target": "#comment-count",
            "text": str(_visible_comment_count(comment.case_id)),
        },
    ]
    publish(case_stream(comment.case_id), event, {"comment": comment.pk, "ops": ops})


def publish_recognitions(case_id: int, user_id: int, event: str, *, recognition_id: int) -> None:
    """A "herken ik" was added (listed) or taken back (gone from the list); the count follows."""
    count = Recognition.objects.filter(case_id=case_id).count()
    dom_id = f"recognition-{recognition_id}"
    if event == "recognition.added":
        item = {
            "op": "append",
            "target": "#recognition-list",
            "id": dom_id,
            "ref": renderers.ref(RECOGNITION, recognition_id),
        }
    else:
        item = {"op": "remove", "target": f"#{dom_id}"}
    publish(
        case_stream(case_id),
        event,
        {
            "user": user_id,
            "count": count,
            "ops": [item, {"op": "text", "target": "#recognition-count", "text": str(count)}],
        },
    )


def publish_doorbraak(doorbraak: Doorbraak, event: str, *, op: str) -> None:
    """A doorbraak was requested (``op="append"``), decided or withdrawn (``"replace"``)."""
    if op == "append":
        operation = {"op": "append", "target": "#doorbraken", "id": doorbraak.dom_id}
    else:
        operation = {"op": "replace", "target": f"#{doorbraak.dom_id}"}
    publish(
        case_stream(doorbraak.case_id),
        event,
        {
            "doorbraak": doorbraak.pk,
            "ops": [{**operation, "ref": renderers.ref(DOORBRAAK, doorbraak.pk)}],
        },
    )


def publish_agreement(agreement: Agreement, event: str, *, op: str) -> None:
    """An agreement was recorded (``op="append"``), checked or missed (``"replace"``)."""
    if op == "append":
        operation = {"op": "append", "target": "#agreement-list", "id": agreement.dom_id}
    else:
        operation = {"op": "replace", "target": f"#{agreement.dom_id}"}
    publish(
        case_stream(agreement.case_id),
        event,
        {
            "agreement": agreement.pk,
            "ops": [{**operation, "ref": renderers.ref(AGREEMENT, agreement.pk)}],
        },
    )


def publish_scores(case_id: int) -> None:
    """The resident's marks on a case changed: the case page's table follows (it is shown only
    there, to those who may see the case)."""
    publish(
        case_stream(case_id),
        "scores.changed",
        {
            "ops": [
                {"op": "replace", "target": "#score-table", "ref": renderers.ref(SCORES, case_id)}
            ]
        },
    )


def forget_earlier_case_titles(sender, instance: CasePage, **kwargs) -> None:
    """A case went live under a (perhaps) new title, through the case form or the Wagtail admin:
    the notifications that named it — its owner's, the repliers', "part of a pattern" — keep no
    earlier title (one edited out because it said too much). Live events need nothing: they
    refer to the notifications, which now read the new title (issue 16)."""
    earlier = set(instance.revisions.values_list("content__title", flat=True)) - {instance.title}
    if not earlier or not instance.url:
        return
    notifications_retitle_subject(
        url=instance.url,
        old_titles=[title for title in earlier if isinstance(title, str)],
        new_title=instance.title,
        user_id=instance.owner_id,
        kinds=["pattern.linked"],
    )


page_published.connect(
    forget_earlier_case_titles,
    sender=CasePage,
    weak=False,
    dispatch_uid="leernetwerk_case_forget_earlier_titles",
)
