"""The mandaatregister: who may grant a doorbraak, for which laws or regelingen, which kind of
deviation, up to which amount and until when; who gave the mandate, and where a request goes
when the mandate falls short (the escalation line). Doorbraak requests are routed by it
(``casework.mandates``); a professional reads their own room to act from it ("wat mag ik zelf?")."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from leernetwerk.kernel import guarded
from leernetwerk.kernel.roles import Role


class Mandate(guarded.GuardedModelMixin, index.Indexed, models.Model):
    """One mandate: held by a person, or by everyone with a role in an organisation."""

    title = models.CharField(
        _("name"),
        max_length=160,
        help_text=_("E.g. “Team 16+: Jeugdwet and Wmo provisions”."),
    )
    organisation = models.ForeignKey(
        "leernetwerk_kernel.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by (a person)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mandates",
        help_text=_("A named member; or leave empty and choose a role."),
    )
    role = models.CharField(
        _("held by (a role in the organisation)"),
        max_length=40,
        choices=Role.choices,
        blank=True,
        help_text=_("Everyone with this role in the organisation holds the mandate."),
    )
    laws = models.ManyToManyField(
        "leernetwerk_casework.Law",
        verbose_name=_("laws and regelingen"),
        related_name="mandates",
        help_text=_("The laws or regelingen the mandate covers."),
    )
    covers_deviation = models.BooleanField(
        _("covers gemotiveerd afwijken"),
        default=True,
        help_text=_("May let a professional deviate from a rule or procedure."),
    )
    covers_bridging = models.BooleanField(
        _("covers overbrugging"),
        default=False,
        help_text=_("May grant a bridging solution whose bill is settled later."),
    )
    budget_ceiling = models.DecimalField(
        _("budget ceiling (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("The highest amount per request; empty means no ceiling."),
    )
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: until withdrawn.")
    )
    granted_by = models.CharField(
        _("mandate given by"),
        max_length=200,
        help_text=_("Who gave the mandate and by which decision, with its number."),
    )
    escalates_to = models.ForeignKey(
        "self",
        verbose_name=_("escalation line"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_from",
        help_text=_("Where a request goes when this mandate falls short."),
    )
    note = models.TextField(_("explanation"), blank=True)

    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("organisation"), FieldPanel("holder"), FieldPanel("role")],
            heading=_("Held by"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("laws", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("covers_deviation"), FieldPanel("covers_bridging")]),
                FieldPanel("budget_ceiling"),
            ],
            heading=_("What it covers"),
        ),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")]),
        FieldPanel("granted_by"),
        FieldPanel("escalates_to"),
        FieldPanel("note"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("organisation"),
    ]

    class Meta:
        ordering = ["organisation__name", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(holder__isnull=False) & models.Q(role=""))
                | (models.Q(holder__isnull=True) & ~models.Q(role="")),
                name="mandate_held_by_person_or_role",
            ),
        ]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandaatregister")

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation})" if self.organisation_id else self.title

    def clean(self):
        errors = {}
        if bool(self.holder_id) == bool(self.role):
            errors["role"] = _("A mandate is held by a person or by a role: choose one of them.")
        if not (self.covers_deviation or self.covers_bridging):
            errors["covers_deviation"] = _(
                "A mandate covers gemotiveerd afwijken, overbrugging, or both."
            )
        if self.valid_until and self.valid_from and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The end date lies before the start date.")
        if self.pk and self.escalates_to_id:
            seen, step = {self.pk}, self.escalates_to
            while step is not None:
                if step.pk in seen:
                    errors["escalates_to"] = _(
                        "The escalation line must lead upward, never back to this mandate."
                    )
                    break
                seen.add(step.pk)
                step = step.escalates_to
        if errors:
            raise ValidationError(errors)
        super().clean()

    @property
    def held_by(self) -> str:
        """Who holds it, as the register shows it: the member's name, or the role."""
        from leernetwerk.kernel.members.names import member_name

        if self.holder_id:
            return member_name(self.holder)
        return str(self.get_role_display())

    @property
    def laws_list(self) -> str:
        """The laws, comma-separated (for the register's export)."""
        return ", ".join(str(law) for law in self.laws.all())

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)

    @property
    def is_current(self) -> bool:
        return self.is_valid_on(timezone.localdate())

    def covers_kind(self, kind: str) -> bool:
        return self.covers_bridging if kind == "bridging" else self.covers_deviation

    def covers_amount(self, amount) -> bool:
        return self.budget_ceiling is None or amount is None or amount <= self.budget_ceiling
