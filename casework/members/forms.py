"""Forms about members."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, Perspective


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Display name"), max_length=120)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
    )
    function = forms.CharField(label=_("Function or profession"), max_length=120, required=False)
    perspective = forms.ModelChoiceField(
        label=_("Perspective"),
        queryset=Perspective.objects.filter(is_active=True),
        required=False,
        help_text=_("The perspective you bring to the table in leersessies."),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    email_notifications = forms.BooleanField(
        label=_("Also send my notifications by e-mail"), required=False
    )


class DirectoryFilterForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    perspectief = forms.ModelChoiceField(
        label=_("Perspective"), queryset=Perspective.objects.all(), required=False
    )
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
