"""The leersessies: the public calendar and the session pages, and what happens around a
session: registrations and attendance, the live run (current item), minutes per agenda item,
actions (checked six weeks later) and dilemmas for the level above."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from leernetwerk.kernel import guarded
from leernetwerk.kernel.models.vocabularies import EnglishTitleMixin
from leernetwerk.learning.constants import (
    ActionStatus,
    CheckOutcome,
    DilemmaStatus,
    RegistrationStatus,
    RunState,
    level_choices,
)
from leernetwerk.learning.sessions.blocks import AgendaBlock


class SessionIndexPage(guarded.GuardedModelMixin, EnglishTitleMixin, Page):
    """The public calendar of leersessies."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("title_en"), FieldPanel("intro")]

    subpage_types = ["leernetwerk_learning.LearningSessionPage"]
    max_count = 1

    class Meta:
        verbose_name = _("sessions index")
        verbose_name_plural = _("sessions indexes")

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.learning.sessions.views import session_index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(session_index_context(request, index=self))
        return context


class LearningSessionPage(Page):
    """One leersessie of one level: a meeting with an agenda, registrations and attendance,
    minutes, actions and dilemmas. The calendar entry is public; what is said is for members."""

    level = models.CharField(_("level"), max_length=20, choices=level_choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    online_link = models.URLField(_("online link"), blank=True, max_length=500)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    description = models.TextField(_("description"), blank=True)
    agenda = StreamField(AgendaBlock(), verbose_name=_("agenda"), blank=True)
    series = models.ForeignKey(
        "leernetwerk_learning.SessionSeries",
        verbose_name=_("series"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    occurrence = models.DateField(
        _("date in the series"),
        null=True,
        blank=True,
        help_text=_("The series date this session was made for; moving the session keeps it."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("level"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("location"),
                FieldPanel("online_link"),
            ],
            heading=_("When and where"),
        ),
        FieldRowPanel([FieldPanel("facilitator"), FieldPanel("capacity")]),
        FieldPanel("description"),
        FieldPanel("agenda"),
        MultiFieldPanel(
            [
                FieldPanel("series", read_only=True),
                FieldPanel("occurrence", read_only=True),
                FieldPanel("cancelled_at", read_only=True),
                FieldPanel("cancel_reason", read_only=True),
            ],
            heading=_("Series and cancellation"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        index.FilterField("level"),
        index.FilterField("starts_at"),
    ]

    parent_page_types = ["leernetwerk_learning.SessionIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("leersessie")
        verbose_name_plural = _("leersessies")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="session_one_page_per_series_date"
            )
        ]

    def clean(self):
        """Times in order, and the privacy guard over every text the public calendar shows
        (the description and the agenda's titles, questions and descriptions)."""
        from django.core.exceptions import ValidationError

        from leernetwerk.kernel import guarded
        from leernetwerk.kernel.pii import privacy_check

        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("A session must end after it starts.")
        try:
            # Every guarded text (``kernel.guarded``): also location, link, every string of the
            # agenda (presenters included: a member's name there is not a resident's) and the
            # reason for cancelling.
            privacy_check(guarded.texts(self), members=guarded.members(self))
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        from leernetwerk.learning.sessions.views import session_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(session_page_context(request, session=self))
        return context

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @classmethod
    def pseudonymise_presenters(cls, *, names: list[str], pseudonym: str) -> int:
        """An erased member's name, typed as the presenter of agenda items, becomes their
        pseudonym in every session (the public calendar and session mode show the live agenda;
        revisions are the kernel's erasure's). Returns how many sessions changed."""
        names = sorted({name for name in names if name and len(name) >= 3}, key=len, reverse=True)
        if not names:
            return 0
        changed = 0
        for session in cls.objects.only("pk", "agenda"):
            raw = list(session.agenda.raw_data)
            touched = False
            for block in raw:
                value = block.get("value")
                presenter = value.get("presenter") if isinstance(value, dict) else None
                if not presenter:
                    continue
                for name in names:
                    presenter = presenter.replace(name, pseudonym)
                if presenter != value["presenter"]:
                    value["presenter"] = presenter[:120]
                    touched = True
            if touched:
                # An update: saving the page would make a revision-less change and run its clean.
                cls.objects.filter(pk=session.pk).update(agenda=raw)
                changed += 1
        return changed


class Registration(models.Model):
    """A member's registration for a session, with the perspective they bring; past capacity it
    is a place on the waiting list. Attendance is taken during the session."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_registrations"
    )
    perspective = models.ForeignKey(
        "leernetwerk_kernel.Perspective",
        verbose_name=_("perspective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, db_index=True
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="registration_once_per_session"
            )
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.session_id} ({self.status})"


class SessionRun(models.Model):
    """The live state of a session (kept apart from the page, so an editor publishing the page
    never overwrites it) and its public summary."""

    session = models.OneToOneField(
        "leernetwerk_learning.LearningSessionPage", on_delete=models.CASCADE, related_name="run"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.PLANNED
    )
    current_item = models.CharField(_("current agenda item"), max_length=64, blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    summary = models.TextField(_("public summary"), blank=True)
    summary_published_at = models.DateTimeField(_("summary published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("session run")
        verbose_name_plural = _("session runs")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.state}"


class AgendaMinute(models.Model):
    """The minutes of one agenda item (written live by the facilitator)."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage", on_delete=models.CASCADE, related_name="minutes"
    )
    item_id = models.CharField(max_length=64)
    text = models.TextField(_("minutes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "item_id"], name="minute_once_per_item")
        ]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.session_id}/{self.item_id}"


class SessionAction(models.Model):
    """An actiepunt: what, who, by when (six weeks later by default). The next session of the
    same level checks it: done, not done, or carried over."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage", on_delete=models.CASCADE, related_name="actions"
    )
    item_id = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("what"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="session_actions",
    )
    due_date = models.DateField(_("due"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ActionStatus.choices,
        default=ActionStatus.OPEN,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = pgettext_lazy("leersessie", "action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def dom_id(self) -> str:
        return f"action-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.status == ActionStatus.OPEN and self.due_date < timezone.localdate()


class ActionCheck(models.Model):
    """One six-week check of an action at a later session (its history: checked, carried over,
    checked again)."""

    action = models.ForeignKey(SessionAction, on_delete=models.CASCADE, related_name="checks")
    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        on_delete=models.CASCADE,
        related_name="action_checks",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CheckOutcome.choices)
    note = models.TextField(pgettext_lazy("six-week check", "note"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    checked_at = models.DateTimeField(auto_now_add=True)
    new_due_date = models.DateField(_("new due date"), null=True, blank=True)

    class Meta:
        ordering = ["checked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "session"], name="action_checked_once_per_session"
            )
        ]
        verbose_name = _("action check")
        verbose_name_plural = _("action checks")

    def __str__(self) -> str:
        return f"{self.action_id}: {self.outcome}"


class Dilemma(models.Model):
    """What a level cannot solve itself: it goes on the agenda of the next session of the level
    above, with a link back. It can become (or be linked to) a pattern at a learning table, and
    a pattern at a stuurgroep can ask for the top level's agenda the same way (then it has no
    session of its own): one thread from the minutes to the decision (issue #22)."""

    session = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        verbose_name=_("raised in"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="dilemmas",
        help_text=_("Empty when a pattern's table put it on the agenda."),
    )
    pattern = models.ForeignKey(
        "leernetwerk_patterns.Pattern",
        verbose_name=_("pattern"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dilemmas",
    )
    pattern_linked_at = models.DateTimeField(null=True, blank=True)
    pattern_linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    item_id = models.CharField(max_length=64, blank=True)
    text = models.TextField(_("dilemma"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    target = models.ForeignKey(
        "leernetwerk_learning.LearningSessionPage",
        verbose_name=_("on the agenda of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incoming_dilemmas",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DilemmaStatus.choices, default=DilemmaStatus.WAITING
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("dilemma")
        verbose_name_plural = _("dilemmas")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def dom_id(self) -> str:
        return f"dilemma-{self.pk}"

    @property
    def from_pattern(self) -> bool:
        """Put on the agenda from a pattern's page, not raised in a session."""
        return self.session_id is None


class CalendarFeed(models.Model):
    """A member's secret address for "my sessions" in a calendar app (which cannot log in);
    making a new one stops the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id}"
