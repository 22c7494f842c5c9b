"""Trend signals (issue #22): need categories kept as data, and per shared case what its "ik heb
nodig" text asks for, with the facets the trends are split by (ADR 0023).

``NeedSignal`` is a small snapshot of a shared case, kept by ``patterns.trends`` when a case is
published, withdrawn, anonymised or deleted: the stems of its "ik heb nodig" text with, per stem,
the first word it came from (never shown on their own: a word is only suggested when many cases
of several authors use it), the date it was first shared, its kind of solution, overgangsmoment,
leefgebieden and organisations, and the categories its text matches. It goes with the case's
anonymisation. Trend figures count these rows in the database."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from leernetwerk.kernel import guarded
from leernetwerk.kernel.models.vocabularies import name_in_language


class NeedCategory(guarded.GuardedModelMixin, models.Model):
    """What residents need, as the network names it ("woonruimte", "inkomen"): a case whose
    "ik heb nodig" text uses one of its keywords counts for it."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    name_en = models.CharField(
        _("name in English"),
        max_length=80,
        blank=True,
        help_text=_("Shown in the English interface; empty shows the name."),
    )
    description = models.TextField(_("description"), max_length=1_000, blank=True)
    keywords = models.TextField(
        _("keywords"),
        max_length=2_000,
        help_text=_(
            "Words in the “ik heb nodig” texts that mean this need, separated by commas "
            "(“woning, woonruimte, kamer”). Forms of a word count too (“woningen”), and so do "
            "compounds that end in it (“huurwoning”). Several words in one keyword must all occur."
        ),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive categories are not counted in the trends."),
    )
    pattern = models.ForeignKey(
        "leernetwerk_patterns.Pattern",
        verbose_name=_("gap in the offer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The pattern this trend was turned into."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("description"),
        FieldPanel("keywords"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")

    def __str__(self) -> str:
        return self.shown_name

    def get_absolute_url(self) -> str:
        return reverse("leernetwerk_patterns:trend", kwargs={"pk": self.pk})

    @property
    def shown_name(self) -> str:
        return name_in_language(self.name, self.name_en)

    def clean(self):
        from django.core.exceptions import ValidationError

        from leernetwerk.patterns.text import keyword_stems

        super().clean()
        if self.keywords and not keyword_stems(self.keywords):
            raise ValidationError(
                {
                    "keywords": _(
                        "None of these keywords is a word the text analysis can use (a number, "
                        "or a very common word): name what is needed."
                    )
                }
            )


class NeedSignal(models.Model):
    """One shared case as the trends see it: stems and their words, never shown on their own."""

    case = models.OneToOneField(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="+"
    )
    signalled_on = models.DateField(db_index=True)
    author_id = models.BigIntegerField(null=True, blank=True)
    solution_type = models.CharField(max_length=20, blank=True)
    transition = models.ForeignKey(
        "leernetwerk_casework.Transition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    life_domains = models.ManyToManyField("leernetwerk_casework.LifeDomain", related_name="+")
    organisations = models.ManyToManyField("leernetwerk_kernel.Organisation", related_name="+")
    #: Stems of the words of the "ik heb nodig" text, and of the last parts of its compounds.
    terms = models.JSONField(default=list)
    parts = models.JSONField(default=list)
    #: ``{stem: word}``: the word a stem came from, to name a suggested category.
    words = models.JSONField(default=dict)
    categories = models.ManyToManyField(NeedCategory, related_name="signals")

    class Meta:
        verbose_name = _("need signal")
        verbose_name_plural = _("need signals")

    def __str__(self) -> str:
        return f"{self.case_id} ({self.signalled_on})"


class TrendSubscription(models.Model):
    """A member who gets the weekly trend digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("trend subscription")
        verbose_name_plural = _("trend subscriptions")

    def __str__(self) -> str:
        return str(self.user_id)
