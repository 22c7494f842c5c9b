"""Writes of the lessons learned: a draft lesson from a solved or decided pattern, and the
provenance snapshot taken when an editor publishes it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _

from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.models import LessonIndexPage, LessonPage

__all__ = [
    "LESSON_READY_STATUSES",
    "lesson_draft_from_pattern",
    "lesson_refresh_provenance",
    "may_draft_lesson",
]

#: Patterns whose story can be told as a lesson: solved at a table, or decided.
LESSON_READY_STATUSES = ("solved", "decided", "closed")


def may_draft_lesson(user) -> bool:
    """Managers draft lessons; editors (who approve them) may too."""
    return has_role(user, Role.MANAGER, Role.EDITOR)


@transaction.atomic
def lesson_draft_from_pattern(*, pattern, user) -> tuple[LessonPage, bool]:
    """A draft lesson, pre-filled from a solved or decided pattern: its title, the mismatch,
    the latest decision and where it was taken, laws and leefgebieden, and the provenance.
    A pattern that already has a lesson gets that one back (``created`` is False)."""
    from leernetwerk.patterns.constants import LearningOrder, PatternAction
    from leernetwerk.patterns.selectors import (
        lesson_version,
        pattern_decisions,
        pattern_provenance,
    )

    index = LessonIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("There is no lessons index to put the lesson in."))
    if not may_draft_lesson(user) or not index.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied
    # One lesson per pattern, also when the button is clicked twice.
    pattern = type(pattern).objects.select_for_update().get(pk=pattern.pk)
    existing = LessonPage.objects.filter(pattern=pattern).order_by("-live", "pk").first()
    if existing is not None:
        return existing, False
    decision = (
        pattern_decisions(pattern)
        .filter(action__in=[PatternAction.SOLVE, PatternAction.DECIDE])
        .order_by("-decided_at", "-pk")
        .first()
    )
    if pattern.status not in LESSON_READY_STATUSES or decision is None:
        raise ValidationError(
            _("A lesson tells what changed: this pattern has no solution or decision yet.")
        )
    slug = slugify(pattern.title)[:60].strip("-") or "les"
    if index.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{pattern.pk}"
    order = decision.table.order if decision.table.order in LearningOrder.values else 2
    lesson = LessonPage(
        title=pattern.title,
        slug=slug,
        summary=Truncator(" ".join(pattern.description.split())).chars(300),
        what_did_not_fit=pattern.description,
        what_changed=decision.text,
        order=order,
        lesson_date=decision.effective_date or timezone.localdate(decision.decided_at),
        pattern=pattern,
        policy_version=lesson_version(pattern),
        provenance=pattern_provenance(pattern),
        owner=user,
        live=False,
        has_unpublished_changes=True,
    )
    lesson.laws = list(pattern.laws.all())
    lesson.life_domains = list(pattern.life_domains.all())
    index.add_child(instance=lesson)
    lesson.save_revision(user=user, log_action=True)
    return lesson, True


def lesson_refresh_provenance(*, lesson: LessonPage) -> dict:
    """Take the pattern's numbers again (when a lesson is published): the public page then says
    what was true when the editor approved it."""
    from leernetwerk.patterns.selectors import pattern_provenance

    provenance = pattern_provenance(lesson.pattern) if lesson.pattern_id else {}
    LessonPage.objects.filter(pk=lesson.pk).update(provenance=provenance)
    lesson.provenance = provenance
    return provenance
