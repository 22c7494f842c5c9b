"""Precedents ("afwegingen"): what was weighed in one case, written down as a short generalised
statement so that the next case does not start from zero. A precedent carries no case text:
only its own statement, which passes the privacy guard, and the facets it is found by."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from leernetwerk.casework.constants import PrecedentSource


class Precedent(models.Model):
    """A generalised afweging from a case's maatwerk or a doorbraak decision."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage",
        verbose_name=_("case"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="precedents",
    )
    doorbraak = models.ForeignKey(
        "leernetwerk_casework.Doorbraak",
        verbose_name=_("doorbraak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="precedents",
    )
    source = models.CharField(_("from"), max_length=20, choices=PrecedentSource.choices)
    title = models.CharField(
        _("the afweging in one sentence"),
        max_length=200,
        help_text=_("General, so it fits the next case: no details of this resident."),
    )
    weighed = models.TextField(_("what was weighed"), max_length=2000)
    rule = models.CharField(_("which rule was stretched"), max_length=300, blank=True)
    why = models.TextField(_("why"), max_length=2000)
    mandate = models.CharField(
        _("with which mandate"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the mandate holder's doorzettingsmacht, or the team's own room."),
    )
    laws = models.ManyToManyField(
        "leernetwerk_casework.Law", verbose_name=_("laws"), blank=True, related_name="precedents"
    )
    life_domains = models.ManyToManyField(
        "leernetwerk_casework.LifeDomain",
        verbose_name=_("leefgebieden"),
        blank=True,
        related_name="precedents",
    )
    knelpunt_type = models.ForeignKey(
        "leernetwerk_casework.KnelpuntType",
        verbose_name=_("knelpunt type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="precedents",
    )
    transition = models.ForeignKey(
        "leernetwerk_casework.Transition",
        verbose_name=_("overgangsmoment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="precedents",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("marked at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("precedent")
        verbose_name_plural = _("precedents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leernetwerk_casework:precedent_detail", args=[self.pk])

    @property
    def dom_id(self) -> str:
        return f"precedent-{self.pk}"

    @property
    def text_fields(self) -> dict[str, str]:
        from leernetwerk.kernel import guarded

        return {name: getattr(self, name) for name in guarded.text_field_names(self)}

    @property
    def search_text(self) -> str:
        """What the similarity of precedents to a case reads."""
        return " ".join((self.title, self.weighed, self.rule, self.why))
