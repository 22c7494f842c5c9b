"""The policy inbox (issue #21): signals from the tables that need a written change, each an item
with an owner, a due date and a status; and what a policy officer follows (laws and
beleidsterreinen), so patterns about them reach their inbox (ADR 0020)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from leernetwerk.kernel import guarded
from leernetwerk.patterns.constants import POLICY_ITEM_OPEN, PolicyItemKind, PolicyItemStatus


class PolicyItem(guarded.GuardedModelMixin, models.Model):
    """One signal on its way to a written agreement: which pattern, what should change, who
    works on it until when, and the concept version it produced."""

    kind = models.CharField(_("source"), max_length=12, choices=PolicyItemKind.choices)
    pattern = models.ForeignKey(
        "leernetwerk_patterns.Pattern",
        verbose_name=_("pattern"),
        on_delete=models.CASCADE,
        related_name="policy_items",
    )
    table = models.ForeignKey(
        "leernetwerk_patterns.LearningTable",
        verbose_name=_("asked by the table"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.ForeignKey(
        "leernetwerk_patterns.Decision",
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_items",
    )
    document = models.ForeignKey(
        "leernetwerk_patterns.PolicyDocument",
        verbose_name=_("agreement to change"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_items",
    )
    request = models.TextField(_("what should change in writing"), max_length=2_000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due_date = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PolicyItemStatus.choices, default=PolicyItemStatus.OPEN
    )
    status_note = models.TextField(_("note on the status"), max_length=2_000, blank=True)
    version = models.ForeignKey(
        "leernetwerk_patterns.PolicyVersion",
        verbose_name=_("concept version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_items",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("dealt with at"), null=True, blank=True)

    panels = [
        FieldPanel("kind", read_only=True),
        FieldPanel("pattern", read_only=True),
        FieldPanel("document"),
        FieldPanel("request"),
        FieldPanel("owner"),
        FieldPanel("due_date"),
        FieldPanel("status"),
        FieldPanel("status_note"),
    ]

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("item in the policy inbox")
        verbose_name_plural = _("policy inbox")

    def __str__(self) -> str:
        return f"{self.pattern} ({self.get_status_display()})" if self.pattern_id else ""

    @property
    def dom_id(self) -> str:
        return f"policy-item-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in POLICY_ITEM_OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()


class PolicyWatch(guarded.GuardedModelMixin, models.Model):
    """What one policy officer follows: patterns about these laws or with these tags
    (beleidsterreinen) reach their inbox once they stand at a werktafel or stuurgroep."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("policy officer"),
        on_delete=models.CASCADE,
        related_name="policy_watch",
    )
    laws = models.ManyToManyField(
        "leernetwerk_casework.Law", verbose_name=_("laws"), blank=True, related_name="+"
    )
    tags = models.CharField(
        _("policy areas (tags)"),
        max_length=500,
        blank=True,
        help_text=_("Tags of patterns, separated by commas."),
    )

    class Meta:
        verbose_name = _("what a policy officer follows")
        verbose_name_plural = _("what policy officers follow")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def tag_names(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]
