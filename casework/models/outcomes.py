"""What became of the resident: the mark they give their life (1–10) at the start, at the
solution and after a year, entered by the professional with them. A mark is only ever shown
inside its case; the network sees medians of at least ``LEERNETWERK_SCORE_MIN_RESIDENTS``."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leernetwerk.casework.constants import ScoreMoment


class ResidentScore(models.Model):
    """One mark of the resident, for their life as a whole or one leefgebied."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="scores"
    )
    moment = models.CharField(_("moment"), max_length=20, choices=ScoreMoment.choices)
    life_domain = models.ForeignKey(
        "leernetwerk_casework.LifeDomain",
        verbose_name=_("leefgebied"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the resident's life as a whole."),
    )
    score = models.PositiveSmallIntegerField(
        _("mark (1–10)"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    scored_on = models.DateField(_("given on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    #: On a solution mark: when the author was reminded that the one-year mark is due.
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["case", "life_domain__sort_order", "scored_on", "pk"]
        verbose_name = _("resident's mark")
        verbose_name_plural = _("residents' marks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=10),
                name="resident_score_1_to_10",
            ),
            models.UniqueConstraint(
                fields=["case", "moment"],
                condition=models.Q(life_domain__isnull=True),
                name="resident_score_one_overall_per_moment",
            ),
            models.UniqueConstraint(
                fields=["case", "moment", "life_domain"],
                condition=models.Q(life_domain__isnull=False),
                name="resident_score_one_per_domain_per_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.moment}"


class CaseClosing(models.Model):
    """How a case was closed: the partners' short evaluation of their cooperation, and when.
    The case's status is "afgesloten" from then on (until its author reopens it)."""

    case = models.OneToOneField(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="closing"
    )
    closed_on = models.DateField(_("closed on"), default=timezone.localdate)
    worked = models.TextField(
        _("what worked in the cooperation"),
        max_length=2000,
        help_text=_("Between the partners and with the resident. No names."),
    )
    did_not_work = models.TextField(_("what did not work"), max_length=2000, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("closing evaluation")
        verbose_name_plural = _("closing evaluations")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.closed_on}"

    @property
    def text_fields(self) -> dict[str, str]:
        from leernetwerk.kernel import guarded

        return {name: getattr(self, name) for name in guarded.text_field_names(self)}
