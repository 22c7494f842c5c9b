"""Proeftuinen (issue #22): a fix tried for a limited time before it becomes the rule. Started from
a table's solution or decision, with a hypothesis, an owner, the organisations taking part, a
start and end date, the cases in it, measures and a log; each term ends in a decision: extend,
scale up, make structural (pointing at the agreement version it led to) or stop (ADR 0022)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from leernetwerk.kernel import guarded
from leernetwerk.patterns.constants import (
    ProeftuinDecision,
    ProeftuinEntryKind,
    ProeftuinState,
)


def proeftuin_state(*, starts_on, ends_on, outcome: str, ended: bool) -> str:
    """Where a proeftuin stands today (a ``ProeftuinState``): from its dates and decision."""
    if ended:
        structural = outcome == ProeftuinDecision.STRUCTURAL
        return ProeftuinState.STRUCTURAL if structural else ProeftuinState.STOPPED
    today = timezone.localdate()
    if starts_on > today:
        return ProeftuinState.PLANNED
    if ends_on < today:
        return ProeftuinState.TO_DECIDE
    return ProeftuinState.RUNNING


class Proeftuin(guarded.GuardedModelMixin, models.Model):
    """One time-boxed trial of a fix for a pattern."""

    pattern = models.ForeignKey(
        "leernetwerk_patterns.Pattern",
        verbose_name=_("pattern"),
        on_delete=models.CASCADE,
        related_name="proeftuinen",
    )
    decision = models.ForeignKey(
        "leernetwerk_patterns.Decision",
        verbose_name=_("started from"),
        on_delete=models.CASCADE,
        related_name="proeftuinen",
    )
    title = models.CharField(_("name"), max_length=160)
    hypothesis = models.TextField(
        _("hypothesis"),
        max_length=2_000,
        help_text=_("What you expect the fix to change, and how you will see it."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisations = models.ManyToManyField(
        "leernetwerk_kernel.Organisation",
        verbose_name=_("participating organisations"),
        blank=True,
        related_name="proeftuinen",
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), db_index=True)
    cases = models.ManyToManyField(
        "leernetwerk_casework.CasePage",
        through="ProeftuinCase",
        related_name="proeftuinen",
        verbose_name=_("cases"),
        blank=True,
    )
    #: The last decision at the end of a term; *structural* and *stop* end the proeftuin.
    outcome = models.CharField(
        _("decision"), max_length=12, choices=ProeftuinDecision.choices, blank=True
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    policy_version = models.ForeignKey(
        "leernetwerk_patterns.PolicyVersion",
        verbose_name=_("agreement version it led to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proeftuinen",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The admin corrects texts and the owner; dates and decisions change only through the
    # front end's steps (``patterns.proeftuin``), which keep the log.
    panels = [
        FieldPanel("title"),
        FieldPanel("hypothesis"),
        FieldPanel("owner"),
        FieldPanel("organisations", widget=forms.CheckboxSelectMultiple),
        FieldPanel("starts_on", read_only=True),
        FieldPanel("ends_on", read_only=True),
        FieldPanel("outcome", read_only=True),
    ]

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("proeftuin")
        verbose_name_plural = _("proeftuinen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leernetwerk_patterns:proeftuin", args=[self.pk])

    @property
    def dom_id(self) -> str:
        return f"proeftuin-{self.pk}"

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None

    @property
    def state(self) -> str:
        return proeftuin_state(
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            outcome=self.outcome,
            ended=self.is_ended,
        )

    def get_state_display(self) -> str:
        return ProeftuinState(self.state).label

    @property
    def days_left(self) -> int:
        return (self.ends_on - timezone.localdate()).days


class ProeftuinCase(models.Model):
    """A case taken into a proeftuin: who added it, when."""

    proeftuin = models.ForeignKey(Proeftuin, on_delete=models.CASCADE, related_name="case_links")
    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="proeftuin_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proeftuin", "case"], name="proeftuin_case_unique")
        ]
        verbose_name = _("case in a proeftuin")
        verbose_name_plural = _("cases in a proeftuin")

    def __str__(self) -> str:
        return f"{self.proeftuin_id} – {self.case_id}"


class ProeftuinMeasure(guarded.GuardedModelMixin, models.Model):
    """A figure the proeftuin keeps: what was measured, the number, on which date."""

    proeftuin = models.ForeignKey(Proeftuin, on_delete=models.CASCADE, related_name="measures")
    label = models.CharField(_("what was measured"), max_length=160)
    value = models.DecimalField(
        _("figure"), max_digits=12, decimal_places=2, validators=[MinValueValidator(-(10**9))]
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    measured_on = models.DateField(_("measured on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "pk"]
        verbose_name = _("measure of a proeftuin")
        verbose_name_plural = _("measures of a proeftuin")

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"


class ProeftuinEntry(guarded.GuardedModelMixin, models.Model):
    """The proeftuin's log: who did what when, with the reasons of a decision."""

    proeftuin = models.ForeignKey(Proeftuin, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("what"), max_length=12, choices=ProeftuinEntryKind.choices)
    text = models.TextField(_("text"), max_length=2_000, blank=True)
    #: Extended or scaled up: the new end date.
    ends_on = models.DateField(_("new end date"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("entry in a proeftuin's log")
        verbose_name_plural = _("proeftuin log")

    def __str__(self) -> str:
        return f"{self.proeftuin_id} {self.kind}"
