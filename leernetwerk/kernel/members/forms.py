"""Forms about members."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel.constants import NotificationCategory, NotificationDelivery
from leernetwerk.kernel.models import Organisation, Perspective


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
    notification_delivery = forms.ChoiceField(
        label=_("Notifications by e-mail"),
        choices=NotificationDelivery.choices,
        initial=NotificationDelivery.IMMEDIATE,
        widget=forms.RadioSelect,
        required=False,  # left out: the choice stays as it was
        help_text=_("You always see your notifications in the network (the bell in the header)."),
    )
    muted_categories = forms.MultipleChoiceField(
        label=_("Mute"),
        choices=NotificationCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "No notifications of these kinds, except those that ask you to do something "
            "(a question about your case, an action for you, a doorbraak to decide)."
        ),
    )

    notification_fields = ("notification_delivery", "muted_categories")

    def profile_fields(self):
        return [field for field in self if field.name not in self.notification_fields]


class DirectoryFilterForm(forms.Form):
    organisatie = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
    )
    perspectief = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Perspective"),
        queryset=Perspective.objects.all(),
        required=False,
    )
    q = forms.CharField(label=_("Name"), max_length=100, required=False)
