"""The register of written agreements: werkafspraken between the cooperating organisations, a
convenant, spelregels, a gegevensregeling, a beleidsregel. Each has versions (the text as rich
text and/or an uploaded document, an effective date, concept → vigerend → vervallen). A table's
decision points at the version it changed or asks for (``Decision.policy_version``), so a version
shows the patterns and decisions that led to it, and a lesson can name it (ADR 0019)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index

from leernetwerk.kernel import guarded
from leernetwerk.patterns.constants import AgreementKind, VersionStatus

#: What the text of a version may hold (the admin's editor and the front-end's clean-up).
TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class PolicyDocument(guarded.GuardedModelMixin, index.Indexed, models.Model):
    """One written agreement in the register, with its parties; its text lives in versions."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. “Werkafspraken schuldhulp–wijkteam”.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices)
    parties = models.ManyToManyField(
        "leernetwerk_kernel.Organisation",
        verbose_name=_("parties"),
        blank=True,
        related_name="policy_documents",
    )
    description = models.TextField(_("what it is about"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("kind"),
        FieldPanel("parties"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("agreement in the register")
        verbose_name_plural = _("register of agreements")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("leernetwerk_patterns:register_document", args=[self.pk])


class PolicyVersion(guarded.GuardedModelMixin, models.Model):
    """One version of an agreement: its text, its date, its status, who drafted it."""

    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    text = RichTextField(_("text"), blank=True, features=TEXT_FEATURES)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The signed or published document, when there is one."),
    )
    change_summary = models.CharField(
        _("what changes"),
        max_length=300,
        blank=True,
        help_text=_("In one sentence: what this version changes."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.CONCEPT
    )
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    panels = [
        FieldPanel("document"),
        FieldPanel("number"),
        FieldPanel("change_summary"),
        FieldPanel("text"),
        FieldPanel("file"),
        FieldPanel("status"),
        FieldPanel("effective_date"),
    ]

    class Meta:
        ordering = ["document__title", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number"),
        ]
        verbose_name = _("version of an agreement")
        verbose_name_plural = _("versions of agreements")

    def __str__(self) -> str:
        return _("%(title)s, version %(number)s") % {
            "title": self.document.title if self.document_id else "",
            "number": self.number,
        }

    def get_absolute_url(self) -> str:
        return reverse("leernetwerk_patterns:register_version", args=[self.pk])
