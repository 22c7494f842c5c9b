"""Vocabularies the whole network shares: organisations and their kinds, the names the privacy
guard blocks, and the base of every vocabulary term."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


def reads_english() -> bool:
    """Whether the interface is in English now (the one alternative to Dutch)."""
    return (get_language() or "").startswith("en")


def name_in_language(name: str, name_en: str) -> str:
    """A term's name as the reader's language shows it (for rows read as values)."""
    return name_en if name_en and reads_english() else name


class VocabularyItem(index.Indexed, models.Model):
    """A term of a vocabulary: a name, an order and whether it is offered for new cases. The name
    is the network's (Dutch) term; ``name_en`` is what the English interface shows."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(
        _("name in English"),
        max_length=120,
        blank=True,
        help_text=_("Shown in the English interface; empty shows the name."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive terms stay on old cases but are not offered."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("sort_order"),
        FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("name_en"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        """The name in the reader's language."""
        return name_in_language(self.name, self.name_en)


class EnglishTitleMixin(models.Model):
    """A section page of the site ("Casussen", "Geleerde lessen") with its title in English: the
    title is the product's word, not a member's text, so the English interface shows
    ``shown_title``."""

    title_en = models.CharField(
        _("title in English"),
        max_length=255,
        blank=True,
        help_text=_("Shown in the English interface; empty shows the title."),
    )

    class Meta:
        abstract = True

    @property
    def shown_title(self) -> str:
        return self.title_en if self.title_en and reads_english() else self.title


class OrganisationKind(VocabularyItem):
    """The kind of a partner organisation (gemeente, wijkteam, UWV, zorgaanbieder …)."""

    class Meta(VocabularyItem.Meta):
        verbose_name = _("organisation kind")
        verbose_name_plural = _("organisation kinds")


class Organisation(index.Indexed, models.Model):
    """A partner organisation in the network; cases name the organisations involved."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.ForeignKey(
        OrganisationKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.CharField(_("municipality or region"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("region"), FieldPanel("is_active")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class SensitiveName(models.Model):
    """A name the privacy guard blocks (e.g. residents known to the team), kept by managers."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("note")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("blocked name")
        verbose_name_plural = _("blocked names")

    def __str__(self) -> str:
        return self.name
