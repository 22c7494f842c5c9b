"""Vocabularies the whole network shares: organisations and their kinds, the names the privacy
guard blocks, and the base of every vocabulary term."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class VocabularyItem(index.Indexed, models.Model):
    """A term of a vocabulary: a name, an order and whether it is offered for new cases."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Inactive terms stay on old cases but are not offered."),
    )

    panels = [FieldPanel("name"), FieldPanel("sort_order"), FieldPanel("is_active")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


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
