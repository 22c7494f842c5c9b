"""What a member's home page shows: their open work, per role, with counts and a link to each
(issue #18). Composed by the host from the plugin's selectors; one or two queries per card."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.models import WorkflowState

from leernetwerk.casework.models import CasePage
from leernetwerk.casework.selectors import agreements_of, open_doorbraken_for
from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.models import Invitation
from leernetwerk.kernel.notifications import unread_count
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.constants import ActionStatus
from leernetwerk.learning.models import LessonPage, SessionAction
from leernetwerk.learning.selectors import upcoming_sessions
from leernetwerk.patterns.constants import OPEN_STATUSES
from leernetwerk.patterns.models import Pattern, PatternBoardPage
from leernetwerk.patterns.selectors import overdue_patterns, tables_of


@dataclass(frozen=True)
class WorkCard:
    """One kind of open work: how many, how many need attention now, where to go."""

    title: str
    count: int
    url: str
    urgent: str = ""  # what needs attention now: "1 draft", "2 overdue"


def _some(text: str, count: int) -> str:
    return text % {"count": count} if count else ""


def member_work(user) -> list[WorkCard]:
    today = timezone.localdate()
    cases = CasePage.objects.filter(owner=user)
    drafts = cases.filter(live=False).count()
    cards = [
        WorkCard(
            _("My cases"),
            cases.count(),
            reverse("leernetwerk_casework:my_cases"),
            _some(ngettext("%(count)d draft", "%(count)d drafts", drafts), drafts),
        ),
        WorkCard(
            _("Unread notifications"),
            unread_count(user),
            reverse("leernetwerk_members:notifications"),
        ),
    ]
    actions = SessionAction.objects.filter(owner=user, status=ActionStatus.OPEN)
    late = actions.filter(due_date__lt=today).count()
    cards.append(
        WorkCard(
            _("My open actions"),
            actions.count(),
            reverse("leernetwerk_learning:my_actions"),
            _some(ngettext("%(count)d overdue", "%(count)d overdue", late), late),
        )
    )
    agreements = agreements_of(user)
    if agreements:
        late = sum(1 for agreement in agreements if agreement.is_overdue)
        cards.append(
            WorkCard(
                _("Agreements to check"),
                len(agreements),
                reverse("leernetwerk_learning:my_actions") + "#agreements-heading",
                _some(ngettext("%(count)d overdue", "%(count)d overdue", late), late),
            )
        )
    tables = tables_of(user)
    if tables:
        patterns = Pattern.objects.filter(status__in=OPEN_STATUSES, table_id__in=tables)
        late = patterns.filter(awaiting_info=False, next_deadline__lt=today).count()
        board = PatternBoardPage.objects.live().first()
        cards.append(
            WorkCard(
                _("Patterns at my tables"),
                patterns.count(),
                board.url if board else "",
                _some(
                    ngettext("%(count)d past its deadline", "%(count)d past their deadline", late),
                    late,
                ),
            )
        )
    if has_role(user, Role.MANDATE_HOLDER):
        cards.append(
            WorkCard(
                _("Doorbraken waiting for my decision"),
                open_doorbraken_for(user).count(),
                reverse("leernetwerk_casework:doorbraak_inbox"),
            )
        )
    if has_role(user, Role.POLICY_OFFICER):
        from leernetwerk.patterns.policy import inbox_items

        items = inbox_items()
        late = items.filter(due_date__lt=today).count()
        cards.append(
            WorkCard(
                _("Items in the policy inbox"),
                items.count(),
                reverse("leernetwerk_patterns:policy_inbox"),
                _some(
                    ngettext("%(count)d past its due date", "%(count)d past their due date", late),
                    late,
                ),
            )
        )
    if has_role(user, Role.SESSION_ADMIN):
        cards.append(
            WorkCard(
                _("Upcoming leersessies"),
                upcoming_sessions().count(),
                reverse("leernetwerk_learning:overview"),
            )
        )
    if has_role(user, Role.MANAGER, Role.SESSION_ADMIN):
        pending = Invitation.objects.filter(
            accepted_at=None, revoked_at=None, expires_at__gt=timezone.now()
        )
        cards.append(
            WorkCard(
                _("Invitations not yet accepted"),
                pending.count(),
                reverse("leernetwerk_members:invitation_list"),
            )
        )
    if user.has_perm("wagtailadmin.access_admin") and has_role(user, Role.MANAGER, Role.STUURGROEP):
        cards.append(
            WorkCard(
                _("Patterns past their deadline"),
                overdue_patterns(today=today).count(),
                reverse("patterns_overdue_report"),
            )
        )
    if user.has_perm("wagtailadmin.access_admin") and has_role(user, Role.EDITOR):
        waiting = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            content_type=ContentType.objects.get_for_model(LessonPage),
        )
        cards.append(
            WorkCard(_("Lessons waiting for review"), waiting.count(), reverse("wagtailadmin_home"))
        )
    return cards
