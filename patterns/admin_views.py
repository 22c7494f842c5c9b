"""Wagtail admin views of the patterns app: pattern create/edit through the services, and the
report of overdue patterns."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import CreateView, EditView

from leernetwerk.kernel import guarded
from leernetwerk.kernel.pii import privacy_check
from leernetwerk.patterns import services
from leernetwerk.patterns.selectors import overdue_patterns

FIELDS = ("title", "description", "owner", "knelpunt_type", "laws", "life_domains", "tags")


class PatternAdminForm(WagtailAdminModelForm):
    """The admin's pattern form runs the privacy guard too (the services check again)."""

    def clean(self):
        cleaned = super().clean()
        try:
            privacy_check(
                # The pattern's guarded texts and tags (``kernel.guarded``), as submitted.
                {
                    field: guarded.tag_text(cleaned.get(field))
                    if field == guarded.TAGS
                    else guarded.value_text(cleaned.get(field, ""))
                    for field in guarded.guarded_fields(self._meta.model)
                    if field in self.fields
                }
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field, messages)
        return cleaned


def _data(form) -> dict:
    data = {field: form.cleaned_data[field] for field in FIELDS if field in form.cleaned_data}
    if "tags" in data:
        data["tags"] = [getattr(tag, "name", tag) for tag in data["tags"]]
    return data


class _ServiceErrorsOnTheForm:
    """A service that refuses (say, no active table) shows its reasons on the form."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            from leernetwerk.kernel.views import error_messages

            for field, messages in error_messages(error).items():
                form.add_error(field if field in form.fields else None, messages)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class PatternCreateView(_ServiceErrorsOnTheForm, CreateView):
    """Signalling a pattern in the admin goes through ``pattern_create`` (audit trail, board)."""

    def save_instance(self):
        pattern = services.pattern_create(user=self.request.user, **_data(self.form))
        log(pattern, "wagtail.create", user=self.request.user)
        return pattern


class PatternEditView(_ServiceErrorsOnTheForm, EditView):
    """Editing goes through ``pattern_update``: every changed field lands in the audit trail.
    The table and status only change through the ladder's steps."""

    def save_instance(self):
        pattern = services.pattern_update(
            pattern=self.object, user=self.request.user, data=_data(self.form)
        )
        log(pattern, "wagtail.edit", user=self.request.user)
        return pattern


class OverduePatternsReportView(ReportView):
    """Open patterns past their table's response time (the same list the daily command mails)."""

    page_title = _("Overdue patterns")
    header_icon = "time"
    index_url_name = "patterns_overdue_report"
    index_results_url_name = "patterns_overdue_report_results"
    list_export = [
        "title",
        "table",
        "status_label",
        "next_deadline",
        "days_overdue",
        "owner_name",
        "chair_name",
    ]
    export_headings = {
        "title": _("Pattern"),
        "table": _("Table"),
        "status_label": _("Status"),
        "next_deadline": _("Deadline"),
        "days_overdue": _("Days overdue"),
        "owner_name": _("Owner"),
        "chair_name": _("Chair"),
    }
    columns = [
        TitleColumn("title", label=_("Pattern"), url_name="leernetwerk_patterns:detail"),
        Column("table", label=_("Table")),
        Column("status_label", label=_("Status")),
        DateColumn("next_deadline", label=_("Deadline")),
        Column("days_overdue", label=_("Days overdue")),
        Column("owner_name", label=_("Owner")),
        Column("chair_name", label=_("Chair")),
    ]

    def get_filename(self):
        return f"te-late-patronen-{timezone.localdate():%Y-%m-%d}"

    def get_queryset(self):
        return overdue_patterns()

    def decorate_paginated_queryset(self, object_list):
        from leernetwerk.kernel.members.names import member_name

        today = timezone.localdate()
        for pattern in object_list:
            pattern.days_overdue = (today - pattern.next_deadline).days
            pattern.status_label = pattern.get_status_display()
            pattern.chair_name = member_name(pattern.table.chair) if pattern.table.chair else ""
            pattern.owner_name = member_name(pattern.owner) if pattern.owner else ""
        return object_list

    def to_row_dict(self, item):
        self.decorate_paginated_queryset([item])
        return super().to_row_dict(item)
