"""Forms of the lessons: the index's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
        from leernetwerk.learning.lessons.selectors import LessonFilters

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
