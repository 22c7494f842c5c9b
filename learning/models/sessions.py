"""What happens around a leersessie: registrations and attendance, the live run (current item),
minutes per agenda item, actions (checked six weeks later) and dilemmas for the level above."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leernetwerk.learning.constants import (
    ActionStatus,
    CheckOutcome,
    DilemmaStatus,
    RegistrationStatus,
    RunState,
)


class Registration(models.Model):
    """A member's registration for a session, with the perspective they bring; past capacity it
    is a place on the waiting list. Attendance is taken during the session."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    perspective = models.ForeignKey(
        "leernetwerk_kernel.Perspective",
        verbose_name=_("perspective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="registration_once_per_session"
            )
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.session_id} ({self.status})"


class SessionRun(models.Model):
    """The live state of a session (kept apart from the page, so an editor publishing the page
    never overwrites it) and its public summary."""

    session = models.OneToOneField(
        "leernetwerk_learning.LearningSessionPage", on_delete=models.CASCADE, related_name="run"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.PLANNED
    )
    current_item = models.CharField(_("current agenda item"), max_length=64, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    summary = models.TextField(_("public summary"), blank=True)
    summary_published_at = models.DateTimeField(_("summary published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session run")
        verbose_name_plural = _("session runs")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.state}"


class AgendaMinute(models.Model):
    """The minutes of one agenda item (written live by the facilitator)."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage", on_delete=models.CASCADE, related_name="minutes"
    )
    item_id = models.CharField(max_length=64)
    text = models.TextField(_("minutes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "item_id"], name="minute_once_per_item")
        ]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.item_id}"


class SessionAction(models.Model):
    """An actiepunt: what, who, by when (six weeks later by default). The next session of the
    same level checks it: done, not done, or carried over."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage", on_delete=models.CASCADE, related_name="actions"
    )
    item_id = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("what"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="session_actions",
    )
    due_date = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = pgettext_lazy("leersessie", "action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def dom_id(self) -> str:
        return f"action-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_date < timezone.localdate()


class ActionCheck(models.Model):
    """One six-week check of an action at a later session (its history: checked, carried over,
    checked again)."""

    action = models.ForeignKey(SessionAction, on_delete=models.CASCADE, related_name="checks")
    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        on_delete=models.CASCADE,
        related_name="action_checks",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CheckOutcome.choices)
    note = models.TextField(pgettext_lazy("six-week check", "note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now_add=True)
    new_due_date = models.DateField(_("new due date"), null=True, blank=True)

    class Meta:
        ordering = ["checked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "session"], name="action_checked_once_per_session"
            )
        ]
        verbose_name = _("action check")
        verbose_name_plural = _("action checks")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.outcome}"


class Dilemma(models.Model):
    """What a level cannot solve itself: it goes on the agenda of the next session of the level
    above, with a link back."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        on_delete=models.CASCADE,
        related_name="dilemmas",
    )
    item_id = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("dilemma"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    target = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        verbose_name=_("on the agenda of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming_dilemmas",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DilemmaStatus.choices, default=DilemmaStatus.WAITING
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dilemma")
        verbose_name_plural = _("dilemmas")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def dom_id(self) -> str:
        return f"dilemma-{self.pk}"


class CalendarFeed(models.Model):
    """A member's secret address for "my sessions" in a calendar app (which cannot log in);
    making a new one stops the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id}"
