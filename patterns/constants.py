"""Choices of the patterns app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class LearningOrder(models.IntegerChoices):
    """Tilburg's orders of learning; the national signal is an optional rung above the third."""

    FIRST = 1, _("First order (maatwerk in the case)")
    SECOND = 2, _("Second order (werktafel)")
    THIRD = 3, _("Third order (stuurgroep)")
    NATIONAL = 4, _("Landelijk signaal")


class PatternStatus(models.TextChoices):
    SIGNALLED = "signalled", _("Signalled")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved in practice")
    ESCALATED = "escalated", _("Escalated")
    DECIDED = "decided", _("Decision taken")
    REJECTED = "rejected", _("Rejected")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    PatternStatus.SIGNALLED,
    PatternStatus.IN_PROGRESS,
    PatternStatus.ESCALATED,
)


class PatternAction(models.TextChoices):
    """Every entry of a pattern's audit trail: the transitions of ``escalation.TRANSITIONS`` and
    the other writes (proposing, editing, linking, answering)."""

    CREATE = "create", _("Signalled")
    EDIT = "edit", _("Edited")
    LINK_CASE = "link_case", _("Case linked")
    UNLINK_CASE = "unlink_case", _("Case unlinked")
    TAKE_UP = "take_up", _("Taken up")
    SOLVE = "solve", _("Solved in the way of working")
    ESCALATE = "escalate", _("Escalated")
    DECIDE = "decide", _("Decision taken")
    REJECT = "reject", _("Rejected")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")
    REQUEST_INFO = "request_info", _("Reactie gevraagd")
    INFO_REPLY = "info_reply", _("Answer from a case author")
    INFO_RECEIVED = "info_received", _("Information received")


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", pgettext_lazy("suggestion", "Accepted")
    DISMISSED = "dismissed", pgettext_lazy("suggestion", "Dismissed")


class SignalKind(models.TextChoices):
    """What an indexed text of the suggestion index belongs to."""

    CASE = "case", _("Case")
    PATTERN = "pattern", _("Pattern")


class AgreementKind(models.TextChoices):
    """What kind of written agreement second- and third-order learning changes (issue #21)."""

    WERKAFSPRAKEN = "werkafspraken", _("Werkafspraken")
    CONVENANT = "convenant", _("Convenant")
    SPELREGELS = "spelregels", _("Spelregels")
    GEGEVENSREGELING = "gegevensregeling", _("Gegevensregeling")
    BELEIDSREGEL = "beleidsregel", _("Beleidsregel")


class VersionStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    VIGEREND = "vigerend", _("Vigerend")
    VERVALLEN = "vervallen", _("Vervallen")


class PolicyItemKind(models.TextChoices):
    """Where an item in the policy inbox comes from (issue #21)."""

    #: A table's solution or decision needs a written change.
    DECISION = "decision", _("The table's outcome needs a written change")
    #: A table asks policy to draft a change.
    REQUEST = "request", _("A table asks for a written change")
    #: A pattern about a law or beleidsterrein a policy officer follows, taken up by them.
    FOLLOWED = "followed", _("A pattern about something you follow")


class PolicyItemStatus(models.TextChoices):
    OPEN = "open", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    DRAFTED = "drafted", _("Concept version drafted")
    DONE = "done", _("Done: the new version is vigerend")
    DECLINED = "declined", _("No written change needed")


#: Items still on someone's plate (the inbox shows these; the others under "dealt with").
POLICY_ITEM_OPEN = (PolicyItemStatus.OPEN, PolicyItemStatus.IN_PROGRESS, PolicyItemStatus.DRAFTED)


class ProeftuinDecision(models.TextChoices):
    """How a proeftuin's term ends (issue #22): it runs on (extended, or scaled up to more
    organisations) or it ends (made structural in a written agreement, or stopped)."""

    EXTEND = "extend", _("Extend")
    SCALE_UP = "scale_up", _("Scale up")
    STRUCTURAL = "structural", _("Make structural")
    STOP = "stop", _("Stop")


#: Decisions after which a proeftuin runs on, with a new end date.
PROEFTUIN_RUNS_ON = (ProeftuinDecision.EXTEND, ProeftuinDecision.SCALE_UP)


class ProeftuinEntryKind(models.TextChoices):
    """An entry in a proeftuin's log: its start, notes, cases and measures, its decisions."""

    START = "start", _("Started")
    NOTE = "note", _("Noted")
    CASE = "case", _("Case added")
    MEASURE = "measure", _("Measure recorded")
    VERSION = "version", _("Agreement version linked")
    EXTEND = "extend", _("Extended")
    SCALE_UP = "scale_up", _("Scaled up")
    STRUCTURAL = "structural", _("Made structural")
    STOP = "stop", _("Stopped")


class ProeftuinState(models.TextChoices):
    """Where a proeftuin stands today (worked out from its dates and decision, not stored)."""

    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    TO_DECIDE = "to_decide", _("Decision due")
    STRUCTURAL = "structural", _("Made structural")
    STOPPED = "stopped", _("Stopped")


class TrendDirection(models.TextChoices):
    """Where a need category's share of the cases goes (issue #22): the recent half of the
    window compared with the half before it (``patterns.trends``)."""

    RISING = "rising", _("Rising")
    FALLING = "falling", _("Falling")
    STABLE = "stable", _("Stable")
    TOO_FEW = "too_few", _("Too few cases")


class TrendGranularity(models.TextChoices):
    """The periods a trend report counts in."""

    QUARTER = "kwartaal", _("Per quarter")
    MONTH = "maand", _("Per month")
