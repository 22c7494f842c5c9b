"""Doorbraak: in one case, a mandate holder lets a professional deviate from a rule (gemotiveerd
afwijken) or bridge a gap whose bill is settled later. Each one is also a signal that the rule
does not fit, so it counts toward pattern suggestions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from leernetwerk.casework.constants import DoorbraakKind, DoorbraakStatus
from leernetwerk.kernel.toets import ReverseTestFields


class Doorbraak(ReverseTestFields, models.Model):
    """A request for a doorbraak in one case, and the mandate holder's reasoned decision.

    The request carries steps 1-4 of the omgekeerde toets (the professional's reasoning); the
    decision adds step 5, the legal check, and the outcome. The request is routed by the
    mandaatregister (``routed_mandate``); the decision records the mandate it used, or that the
    one who decided stood in without a covering mandate."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="doorbraken"
    )
    kind = models.CharField(_("what you ask for"), max_length=20, choices=DoorbraakKind.choices)
    rule = models.CharField(
        _("rule or procedure"),
        max_length=300,
        help_text=_("Which rule, procedure or budget line does not fit this case?"),
    )
    proposal = models.TextField(
        _("what you want to do instead"),
        help_text=_("The solution you propose for this case."),
    )
    reasons = models.TextField(
        _("reasons"),
        blank=True,
        help_text=_("Why deviating serves the intent of the law and what the resident needs."),
    )
    settlement = models.TextField(
        _("how the bill is settled later"),
        blank=True,
        help_text=_("For a bridging solution: who pays for now, and how it is settled later."),
    )
    law = models.ForeignKey(
        "leernetwerk_casework.Law",
        verbose_name=_("law or regeling"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="doorbraken",
    )
    amount = models.DecimalField(
        _("amount involved (euro)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What it costs, when money is involved; routes the request by mandate."),
    )
    routed_mandate = models.ForeignKey(
        "leernetwerk_casework.Mandate",
        verbose_name=_("routed by mandate"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routed_doorbraken",
    )
    escalated = models.BooleanField(
        _("went up the escalation line"),
        default=False,
        help_text=_("No mandate at the first level covered the request."),
    )
    mandate_used = models.ForeignKey(
        "leernetwerk_casework.Mandate",
        verbose_name=_("mandate used"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="used_in_doorbraken",
    )
    stand_in = models.BooleanField(
        _("decided by a stand-in"),
        default=False,
        help_text=_("Decided by a mandate holder whose own mandate does not cover the request."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="doorbraak_requests",
    )
    mandate_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mandate holder"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="doorbraak_inbox",
        help_text=_("Who you ask to decide (doorzettingsmacht)."),
    )
    precedent = models.ForeignKey(
        "leernetwerk_casework.Precedent",
        verbose_name=_("precedent cited"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cited_in_doorbraken",
        help_text=_("An earlier afweging this request builds on."),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DoorbraakStatus.choices,
        default=DoorbraakStatus.REQUESTED,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["granted", "refused"])
                | (~models.Q(decision_reason="") & models.Q(decided_at__isnull=False)),
                name="doorbraak_decision_has_reasons",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="bridging") | ~models.Q(settlement=""),
                name="doorbraak_bridging_has_settlement",
            ),
        ]
        verbose_name = _("doorbraak")
        verbose_name_plural = _("doorbraken")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.rule}"

    @property
    def is_open(self) -> bool:
        return self.status == DoorbraakStatus.REQUESTED

    @property
    def dom_id(self) -> str:
        return f"doorbraak-{self.pk}"

    @property
    def text_fields(self) -> dict[str, str]:
        """The free texts the privacy guard checks."""
        from leernetwerk.kernel import guarded

        return {name: getattr(self, name) for name in guarded.text_field_names(self)}
