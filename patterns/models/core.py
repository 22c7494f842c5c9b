"""Patterns (patronen): recurring system failures shown by several cases, and the learning
tables they climb to get fixed."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from leernetwerk.kernel import guarded
from leernetwerk.kernel.access import MembersOnlyPageMixin
from leernetwerk.kernel.models.vocabularies import EnglishTitleMixin
from leernetwerk.kernel.toets import ReverseTestFields
from leernetwerk.patterns.constants import (
    OPEN_STATUSES,
    LearningOrder,
    PatternAction,
    PatternStatus,
)


class LearningTable(index.Indexed, models.Model):
    """A rung of the escalation ladder (casustafel, werktafel, stuurgroepen, landelijk signaal)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    order = models.PositiveSmallIntegerField(_("order of learning"), choices=LearningOrder.choices)
    position = models.PositiveSmallIntegerField(
        _("position on the ladder"), unique=True, help_text=_("Lower comes first.")
    )
    description = models.TextField(_("description"), blank=True)
    cadence = models.CharField(_("meeting cadence"), max_length=120, blank=True)
    response_days = models.PositiveSmallIntegerField(_("response time in days"), default=30)
    is_active = models.BooleanField(_("active"), default=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="+"
    )
    member_groups = models.ManyToManyField(
        "auth.Group",
        verbose_name=_("member groups"),
        blank=True,
        related_name="+",
        help_text=_("Everyone in these groups sits at this table."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("order"),
        FieldPanel("position"),
        FieldPanel("description"),
        FieldPanel("cadence"),
        FieldPanel("response_days"),
        FieldPanel("is_active"),
        FieldPanel("chair"),
        FieldPanel("members"),
        FieldPanel("member_groups"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["position"]
        verbose_name = _("learning table")
        verbose_name_plural = _("learning tables")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        """A table with open patterns stays active: they would drop off the board."""
        from django.core.exceptions import ValidationError

        super().clean()
        if self.pk and not self.is_active:
            open_count = self.patterns.filter(status__in=OPEN_STATUSES).count()
            if open_count:
                raise ValidationError(
                    {
                        "is_active": _(
                            "This table still has %(count)d open pattern(s): escalate, decide "
                            "or close them first."
                        )
                        % {"count": open_count}
                    }
                )

    def has_member(self, user) -> bool:
        """The chair, the named members and everyone in the member groups sit at this table."""
        if not user.is_authenticated or not user.is_active:
            return False
        if self.chair_id == user.pk or self.members.filter(pk=user.pk).exists():
            return True
        return self.member_groups.filter(user=user).exists()


class PatternTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "leernetwerk_patterns.Pattern", on_delete=models.CASCADE, related_name="tagged_items"
    )


class Pattern(index.Indexed, models.Model):
    """A recurring system failure (systeemfout) that several cases show."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description of the systemic mismatch"))
    table = models.ForeignKey(
        LearningTable,
        verbose_name=_("current table"),
        on_delete=models.PROTECT,
        related_name="patterns",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PatternStatus.choices, default=PatternStatus.SIGNALLED
    )
    cases = models.ManyToManyField(
        "leernetwerk_casework.CasePage",
        through="PatternCase",
        related_name="patterns",
        verbose_name=_("cases"),
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    knelpunt_type = models.ForeignKey(
        "leernetwerk_casework.KnelpuntType",
        verbose_name=_("knelpunt type"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="patterns",
    )
    laws = models.ManyToManyField(
        "leernetwerk_casework.Law",
        verbose_name=_("laws involved"),
        blank=True,
        related_name="patterns",
    )
    life_domains = models.ManyToManyField(
        "leernetwerk_casework.LifeDomain",
        verbose_name=_("leefgebieden"),
        blank=True,
        related_name="patterns",
    )
    tags = TaggableManager(through=PatternTag, blank=True, verbose_name=_("tags"))
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    awaiting_info = models.BooleanField(
        _("waiting for information from the case authors"), default=False
    )
    awaiting_since = models.DateField(_("waiting since"), null=True, blank=True)
    table_since = models.DateTimeField(_("at this table since"), default=timezone.now)
    created_at = models.DateTimeField(_("signalled at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        # The table and status change only through the ladder's steps (patterns.services).
        FieldPanel("status", read_only=True),
        FieldPanel("owner"),
        MultiFieldPanel(
            [
                FieldPanel("knelpunt_type"),
                FieldPanel("laws", widget=forms.CheckboxSelectMultiple),
                FieldPanel("life_domains", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("What the pattern is about"),
        ),
        FieldPanel("next_deadline", read_only=True),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("table_id"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pattern")
        verbose_name_plural = _("patterns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("leernetwerk_patterns:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return (
            self.is_open
            and not self.awaiting_info
            and self.next_deadline is not None
            and self.next_deadline < timezone.localdate()
        )

    @property
    def age_days(self) -> int:
        return (timezone.now() - self.created_at).days

    @property
    def days_at_table(self) -> int:
        return (timezone.now() - self.table_since).days

    @property
    def dom_id(self) -> str:
        return f"pattern-card-{self.pk}"

    @property
    def text_fields(self) -> dict[str, str]:
        """The texts the privacy guard checks (its one list, ``kernel.guarded``, without tags)."""
        from leernetwerk.kernel import guarded

        return {name: getattr(self, name) for name in guarded.text_field_names(self)}


class PatternCase(models.Model):
    """A case linked to a pattern: who linked it, when and why."""

    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="pattern_links"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    reason = models.TextField(_("why this case shows the pattern"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pattern", "case"], name="pattern_case_unique")
        ]
        verbose_name = _("linked case")
        verbose_name_plural = _("linked cases")

    def __str__(self) -> str:
        return f"{self.pattern} – {self.case}"


class PatternBoardPage(guarded.GuardedModelMixin, MembersOnlyPageMixin, EnglishTitleMixin, Page):
    """The board where managers follow patterns up the learning tables (members only)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("title_en"), FieldPanel("intro")]

    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("pattern board")
        verbose_name_plural = _("pattern boards")

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.patterns.views import board_context

        context = super().get_context(request, *args, **kwargs)
        context.update(board_context(request))
        return context


class Decision(ReverseTestFields, models.Model):
    """A table's decision on a pattern: what was decided, by whom, from when, and when to check;
    with the omgekeerde toets it was tested by (required for a third-order decision)."""

    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="decisions")
    table = models.ForeignKey(LearningTable, on_delete=models.PROTECT, related_name="decisions")
    action = models.CharField(_("kind of decision"), max_length=20, choices=PatternAction.choices)
    text = models.TextField(_("decision"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    follow_up_date = models.DateField(_("follow up on"), null=True, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    policy_version = models.ForeignKey(
        "leernetwerk_patterns.PolicyVersion",
        verbose_name=_("changes the agreement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        help_text=_("The version of a written agreement this decision changed or asks for."),
    )

    class Meta:
        ordering = ["decided_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.pattern_id}: {self.action}"


class PatternEvent(models.Model):
    """The audit trail: every transition, link and edit of a pattern (who, when, from, to, why)."""

    pattern = models.ForeignKey(Pattern, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=PatternAction.choices)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    from_table = models.ForeignKey(
        LearningTable, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    to_table = models.ForeignKey(
        LearningTable, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("why"), blank=True)
    #: For edits: ``{field: [before, after]}``; for links: ``{"case": id}``.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("pattern event")
        verbose_name_plural = _("pattern events")

    def __str__(self) -> str:
        return f"{self.pattern_id} {self.action} {self.from_status}→{self.to_status}"
