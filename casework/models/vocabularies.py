"""Vocabularies kept as data: editors maintain them in the Wagtail admin as snippets."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from leernetwerk.kernel.models.vocabularies import VocabularyItem


class LifeDomain(VocabularyItem):
    """A leefgebied (life domain); seeded with the seven of the 8-fasenmodel. The six areas of
    Positieve Gezondheid are seeded inactive: a network switches by (de)activating terms."""

    scheme = models.CharField(
        _("model"),
        max_length=60,
        blank=True,
        help_text=_("E.g. 8-fasenmodel, Positieve Gezondheid"),
    )

    panels = [*VocabularyItem.panels, FieldPanel("scheme")]

    class Meta(VocabularyItem.Meta):
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")


class Law(VocabularyItem):
    """A law of the social domain (Wmo 2015, Participatiewet, Jeugdwet …)."""

    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)

    panels = [*VocabularyItem.panels, FieldPanel("abbreviation")]

    class Meta(VocabularyItem.Meta):
        verbose_name = _("law")
        verbose_name_plural = _("laws")


class KnelpuntType(VocabularyItem):
    """What kind of obstacle a knelpunt is (wet- en regelgeving, budgetschotten, …)."""

    class Meta(VocabularyItem.Meta):
        verbose_name = _("knelpunt type")
        verbose_name_plural = _("knelpunt types")


class Transition(VocabularyItem):
    """An overgangsmoment: a transition in a resident's life where mature networks find their
    knelpunten (18-/18+, leaving detention, school → work, hospital → home …)."""

    class Meta(VocabularyItem.Meta):
        verbose_name = _("overgangsmoment")
        verbose_name_plural = _("overgangsmomenten")
