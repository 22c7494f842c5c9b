"""Front-end forms of the learning app. Rules live in the services; forms only parse input."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel.models import Perspective
from leernetwerk.kernel.roles import MEMBER_ROLES
from leernetwerk.learning.constants import CheckOutcome


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        from leernetwerk.kernel.members.names import member_name

        return member_name(obj)


def members():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=MEMBER_ROLES)
        .select_related("member_profile")
        .distinct()
        .order_by("member_profile__display_name", "last_name", "username")
    )


class RegistrationForm(forms.Form):
    perspective = forms.ModelChoiceField(
        label=_("The perspective you bring"),
        queryset=Perspective.objects.none(),
        required=False,
        help_text=_("Learning works when every perspective is at the table."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].queryset = Perspective.objects.filter(is_active=True)


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
        widget=forms.DateInput(attrs={"type": "date"}),
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
    new_due_date = forms.DateField(
        label=_("New due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


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


class LessonFilterForm(forms.Form):
    """The lessons index's filters. A value that is not on offer is ignored, never an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    wet = forms.TypedChoiceField(label=_("Law"), required=False, coerce=int, empty_value=None)
    leefgebied = forms.TypedChoiceField(
        label=_("Leefgebied"), required=False, coerce=int, empty_value=None
    )
    orde = forms.TypedChoiceField(
        label=_("Order of learning"), required=False, coerce=int, empty_value=None
    )
    jaar = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, facets: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["wet"].choices = everything + [(law.pk, str(law)) for law in facets["laws"]]
        self.fields["leefgebied"].choices = everything + [
            (domain.pk, str(domain)) for domain in facets["life_domains"]
        ]
        self.fields["orde"].choices = everything + list(facets["orders"])
        self.fields["jaar"].choices = everything + [(year, str(year)) for year in facets["years"]]

    def filters(self):
        from leernetwerk.learning.selectors import LessonFilters

        self.is_valid()
        data = {
            name: self.cleaned_data.get(name)
            for name in self.fields
            if name not in self.errors and self.cleaned_data.get(name)
        }
        return LessonFilters(
            law=data.get("wet"),
            life_domain=data.get("leefgebied"),
            order=data.get("orde"),
            year=data.get("jaar"),
            query=(data.get("q") or "").strip(),
        )
