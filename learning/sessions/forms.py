"""Front-end forms of the learning app. Rules live in the services; forms only parse input."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel.forms import IsoDateInput
from leernetwerk.kernel.roles import MEMBER_ROLES, role_members
from leernetwerk.kernel.selectors import perspectives
from leernetwerk.learning.constants import CheckOutcome


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        from leernetwerk.kernel.members.names import member_name

        return member_name(obj)


def members():
    return (
        role_members(*MEMBER_ROLES)
        .select_related("member_profile")
        .order_by("member_profile__display_name", "last_name", "username")
    )


class StartForm(forms.Form):
    """Starting a session: the explicit "yes, now" when its scheduled start is still far off
    (``services.EARLY_START``; the service decides whether it is needed)."""

    confirm_early = forms.BooleanField(label=_("Yes, start it now"), required=False)


class RegistrationForm(forms.Form):
    perspective = forms.ModelChoiceField(
        label=_("The perspective you bring"),
        queryset=perspectives().none(),
        required=False,
        help_text=_("Learning works when every perspective is at the table."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].queryset = perspectives()


class ItemForm(forms.Form):
    item = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class MinuteForm(ItemForm):
    text = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ActionForm(ItemForm):
    text = forms.CharField(label=_("Action: what is to be done"), max_length=2_000)
    owner = MemberChoiceField(label=_("Owner"), queryset=get_user_model().objects.none())
    due_date = forms.DateField(
        label=_("Due"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Six weeks after the session when left empty."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members()


class DilemmaForm(ItemForm):
    text = forms.CharField(
        label=_("Dilemma: what this level cannot solve"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=CheckOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=2_000)
    new_due_date = forms.DateField(label=_("New due date"), required=False, widget=IsoDateInput())


class AttendanceForm(forms.Form):
    member = MemberChoiceField(label=_("Member"), queryset=get_user_model().objects.none())
    attended = forms.BooleanField(label=_("Attended"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members()


class SummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Public summary"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What the session learned, for everyone to read. No personal data."),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300)


class PatternChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.table})"


class DilemmaPatternForm(forms.Form):
    """Take a dilemma to the tables: as a new pattern at the right table, or linked to a
    pattern the tables already know (issue #22)."""

    NEW, LINK = "new", "link"

    mode = forms.ChoiceField(
        label=_("The dilemma is"),
        choices=[(NEW, _("a new pattern")), (LINK, _("a pattern the tables already know"))],
        widget=forms.RadioSelect,
        initial=NEW,
    )
    title = forms.CharField(label=_("Title of the new pattern"), max_length=200, required=False)
    table = forms.ModelChoiceField(
        label=_("Learning table"),
        queryset=None,
        required=False,
        help_text=_("A dilemma of the management or the executive is a question for a stuurgroep."),
    )
    pattern = PatternChoiceField(label=_("Existing pattern"), queryset=None, required=False)

    def __init__(self, *args, tables, patterns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = tables
        self.fields["pattern"].queryset = patterns

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.NEW:
            if not (data.get("title") or "").strip():
                self.add_error("title", _("Give the new pattern a title."))
            if not data.get("table"):
                self.add_error("table", _("Choose the table the pattern starts at."))
        elif data.get("mode") == self.LINK and not data.get("pattern"):
            self.add_error("pattern", _("Choose the pattern this dilemma belongs to."))
        return data


class PatternAgendaForm(forms.Form):
    text = forms.CharField(
        label=_("What is the executive asked to decide?"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No personal data: the executive sees the pattern, never a case."),
    )
