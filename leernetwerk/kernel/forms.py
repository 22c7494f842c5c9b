"""Form fields shared by the apps."""

from django import forms

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
