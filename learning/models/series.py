"""A series of leersessies ("every first Tuesday, 14:00–16:00"): it generates the upcoming
sessions as drafts; moving or cancelling one session leaves the series intact."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, WEEKLY, rrule, weekday
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from leernetwerk.kernel import guarded
from leernetwerk.learning.constants import SeriesFrequency, Weekday, WeekOfMonth, level_choices


class SessionSeries(guarded.GuardedModelMixin, models.Model):
    """The rule a level's sessions follow; ``occurrences`` gives its dates (dateutil's rrule)."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("E.g. Leersessie professionals")
    )
    level = models.CharField(_("level"), max_length=20, choices=level_choices)
    frequency = models.CharField(
        _("frequency"),
        max_length=10,
        choices=SeriesFrequency.choices,
        default=SeriesFrequency.MONTHLY,
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, default=Weekday.TUESDAY
    )
    week_of_month = models.SmallIntegerField(
        _("which one in the month"),
        choices=WeekOfMonth.choices,
        default=WeekOfMonth.FIRST,
        help_text=_("For a monthly series: the first, second, … or last weekday of the month."),
    )
    interval_weeks = models.PositiveSmallIntegerField(
        _("every how many weeks"),
        default=4,
        help_text=_("For a series every few weeks: 3 to 6 is common."),
    )
    start_time = models.TimeField(_("from"), default=time(14, 0))
    end_time = models.TimeField(_("until"), default=time(16, 0))
    starts_on = models.DateField(_("first possible date"), default=timezone.localdate)
    ends_on = models.DateField(_("last possible date"), null=True, blank=True)
    horizon_months = models.PositiveSmallIntegerField(
        _("plan ahead (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("Draft sessions are made this far ahead; the daily job keeps it so."),
    )
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
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("level"),
        MultiFieldPanel(
            [
                FieldPanel("frequency"),
                FieldRowPanel([FieldPanel("weekday"), FieldPanel("week_of_month")]),
                FieldPanel("interval_weeks"),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                FieldPanel("horizon_months"),
            ],
            heading=_("When"),
        ),
        FieldPanel("location"),
        FieldPanel("online_link"),
        FieldRowPanel([FieldPanel("facilitator"), FieldPanel("capacity")]),
        FieldPanel("description"),
        FieldPanel("is_active"),
    ]

    class Meta:
        ordering = ["level", "title"]
        verbose_name = _("session series")
        verbose_name_plural = _("session series")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        super().clean()
        errors = {}
        if self.end_time and self.start_time and self.end_time <= self.start_time:
            errors["end_time"] = _("A session must end after it starts.")
        if self.frequency == SeriesFrequency.WEEKS and not 1 <= (self.interval_weeks or 0) <= 12:
            errors["interval_weeks"] = _("Choose between 1 and 12 weeks.")
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The last date lies before the first.")
        if errors:
            raise ValidationError(errors)

    def occurrences(self, *, start: date, end: date) -> list[date]:
        """The series' dates from ``start`` to ``end`` (inclusive)."""
        first = max(start, self.starts_on)
        last = min(end, self.ends_on) if self.ends_on else end
        if last < first:
            return []
        if self.frequency == SeriesFrequency.MONTHLY:
            rule = rrule(
                MONTHLY,
                byweekday=weekday(self.weekday)(self.week_of_month),
                dtstart=datetime.combine(first.replace(day=1), time()),
                until=datetime.combine(last, time()),
            )
        else:
            # Every N weeks counted from the series' first date, so the rhythm never shifts.
            anchor = self.starts_on + timedelta(days=(self.weekday - self.starts_on.weekday()) % 7)
            rule = rrule(
                WEEKLY,
                interval=self.interval_weeks,
                dtstart=datetime.combine(anchor, time()),
                until=datetime.combine(last, time()),
            )
        return [moment.date() for moment in rule if moment.date() >= first]

    def horizon_end(self, today: date | None = None) -> date:
        return (today or timezone.localdate()) + relativedelta(months=self.horizon_months)

    def bounds(self, day: date) -> tuple[datetime, datetime]:
        """Start and end of the session on ``day`` in the network's time zone (Europe/Amsterdam):
        14:00 stays 14:00 in summer and winter time."""
        zone = timezone.get_default_timezone()
        return (
            datetime.combine(day, self.start_time, tzinfo=zone),
            datetime.combine(day, self.end_time, tzinfo=zone),
        )
