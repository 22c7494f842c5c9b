"""Form fields and widgets shared by the apps."""

from django import forms
from taggit.forms import TagField, TagWidget
from taggit.utils import edit_string_for_tags

from leernetwerk.kernel.converters import MAX_ID_DIGITS


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's guard against out-of-range ids covers single lookups, not ``pk__in``, and SQLite
    cannot compare a number beyond 64 bits: an id longer than any row can have is refused as an
    invalid choice before the query."""

    def _check_values(self, value):
        for pk in value:
            if len(str(pk).strip()) > MAX_ID_DIGITS:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


# --- date and time inputs ----------------------------------------------------------------------
# The browser's ``<input type=date|datetime-local|time>`` only accepts ISO values; Django would
# render a date in the active language's format (``15-01-2027`` in Dutch), which the browser
# drops, so these widgets always render ISO. Django parses ISO back in every language.

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


class IsoDateInput(forms.DateInput):
    """``<input type="date">`` with an ISO value in every language."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 (Django's name)
        super().__init__(attrs, format=format or ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with an ISO value (to the minute) in every language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None, format=None):  # noqa: A002
        super().__init__(attrs, format=format or ISO_DATETIME)


class IsoTimeInput(forms.TimeInput):
    """``<input type="time">`` with an ISO value in every language."""

    input_type = "time"

    def __init__(self, attrs=None, format=None):  # noqa: A002
        super().__init__(attrs, format=format or ISO_TIME)


def _tag_names(value) -> list[str]:
    """Tag names from what a form may hold as a tags value: tags, tagged items, or names."""
    names = []
    for item in value or ():
        tag = getattr(item, "tag", item)
        names.append(str(getattr(tag, "name", tag)))
    return names


class _TagName:
    def __init__(self, name: str):
        self.name = name


class TagsInput(TagWidget):
    """taggit's text input, also for an initial value given as a list of names."""

    def format_value(self, value):
        if value is not None and not isinstance(value, str):
            value = edit_string_for_tags([_TagName(name) for name in _tag_names(value)])
        return super().format_value(value)


class TagsField(TagField):
    """taggit's field (a comma-separated string in, a list of names out) that takes an initial
    value as names too, rendering and comparing them without a server error."""

    widget = TagsInput

    def has_changed(self, initial_value, data_value):
        if self.disabled:
            return False
        try:
            data_value = self.clean(data_value)
        except forms.ValidationError:
            pass
        if isinstance(initial_value, str):
            try:
                initial_value = self.clean(initial_value)
            except forms.ValidationError:
                initial_value = [initial_value]
        else:
            initial_value = _tag_names(initial_value)
        return sorted(initial_value) != sorted(data_value or [])
