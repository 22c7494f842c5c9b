"""The omgekeerde toets (reverse test): a decision is tested against its effect on the person
and the intent of the law before its letter (Tilburg: "pas als laatste stap wordt gekeken of een
voornemen indruist tegen de wet").

Five steps, each a required text, in this order: (1) the intended effect, (2) the effect on the
person and the family, (3) the bedoeling of the law or rule, (4) is it ethically right, (5) only
then the legal check; and an outcome: go, go with conditions (which are then required), or no.

Both apps use it: a doorbraak request carries steps 1-4 (written by the professional who knows
the case) and the mandate holder's decision adds step 5 and the outcome; a table's decision on a
pattern carries all five at once (ADR 0018). The fields live on each model that uses the toets
(``ReverseTestFields``), so every decision keeps its own reasoning, exported and guarded with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _


class ToetsOutcome(models.TextChoices):
    GO = "go", _("Go")
    CONDITIONS = "conditions", _("Go, with conditions")
    NO = "no", _("No")


#: The five steps, in the order the toets takes them: field name → label.
STEPS: dict[str, object] = {
    "toets_effect": _("1. What is the intended effect?"),
    "toets_person": _("2. What is the effect on the person and the family?"),
    "toets_intent": _("3. What is the law or rule meant for?"),
    "toets_ethics": _("4. Is it ethically right?"),
    "toets_legal": _("5. Only then: the legal check"),
}
#: The steps a professional writes when asking for a doorbraak (the mandate holder adds step 5).
REQUEST_STEPS = ("toets_effect", "toets_person", "toets_intent", "toets_ethics")
DECISION_STEPS = ("toets_legal",)
#: Every text of the toets, for the privacy guard, the export and anonymisation.
TEXT_FIELDS = (*STEPS, "toets_conditions")

_HELP = {
    "toets_effect": _("What should this achieve for the resident?"),
    "toets_person": _("What does it mean for the person and those around them?"),
    "toets_intent": _("What was the law or rule meant to achieve, apart from its letter?"),
    "toets_ethics": _("Would you defend this to the resident and to the public?"),
    "toets_legal": _("Does the plan conflict with the law? Which article, and what room is there?"),
}


class ReverseTestFields(models.Model):
    """The omgekeerde toets on a model that records a decision. Blank in the database (rows made
    before the toets existed keep their place); the services require the steps they need."""

    toets_effect = models.TextField(STEPS["toets_effect"], blank=True)
    toets_person = models.TextField(STEPS["toets_person"], blank=True)
    toets_intent = models.TextField(STEPS["toets_intent"], blank=True)
    toets_ethics = models.TextField(STEPS["toets_ethics"], blank=True)
    toets_legal = models.TextField(STEPS["toets_legal"], blank=True)
    toets_outcome = models.CharField(
        _("outcome of the omgekeerde toets"),
        max_length=12,
        choices=ToetsOutcome.choices,
        blank=True,
    )
    toets_conditions = models.TextField(_("conditions"), blank=True)

    class Meta:
        abstract = True

    @property
    def has_toets(self) -> bool:
        return any(getattr(self, name) for name in STEPS)

    @property
    def toets_steps(self) -> list[tuple[object, str]]:
        """(label, text) of each step written so far, in order."""
        return [
            (label, getattr(self, name)) for name, label in STEPS.items() if getattr(self, name)
        ]


def toets_values(data: Mapping[str, object] | None, steps: Iterable[str]) -> dict[str, str]:
    """The stripped texts of ``steps`` (plus the outcome and conditions when given) from
    ``data``; missing values are empty."""
    data = data or {}
    names = (*steps, "toets_outcome", "toets_conditions")
    return {name: str(data.get(name) or "").strip() for name in names}


def toets_errors(values: Mapping[str, str], steps: Iterable[str], *, outcome: bool) -> dict:
    """What is missing, per field: every step in ``steps``; with ``outcome``, the outcome too
    and, for "go with conditions", the conditions."""
    errors = {
        name: _("Fill in step %(step)s of the omgekeerde toets.")
        % {"step": list(STEPS).index(name) + 1}
        for name in steps
        if not values.get(name)
    }
    if outcome:
        chosen = values.get("toets_outcome") or ""
        if chosen not in ToetsOutcome.values:
            errors["toets_outcome"] = _(
                "Choose the outcome of the omgekeerde toets: go, go with conditions, or no."
            )
        elif chosen == ToetsOutcome.CONDITIONS and not values.get("toets_conditions"):
            errors["toets_conditions"] = _("Name the conditions of the go.")
    return errors


def toets_form_fields(steps: Iterable[str], *, outcome: bool, required: bool = True) -> dict:
    """Form fields for ``steps`` (and the outcome with its conditions), for an app's form."""
    fields: dict[str, forms.Field] = {
        name: forms.CharField(
            label=STEPS[name],
            help_text=_HELP[name],
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=3_000,
            required=required,
            error_messages={
                "required": _("Fill in step %(step)s of the omgekeerde toets.")
                % {"step": list(STEPS).index(name) + 1}
            },
        )
        for name in steps
    }
    if outcome:
        fields["toets_outcome"] = forms.ChoiceField(
            label=_("Outcome of the omgekeerde toets"),
            choices=ToetsOutcome.choices,
            widget=forms.RadioSelect,
            required=required,
            error_messages={
                "required": _(
                    "Choose the outcome of the omgekeerde toets: go, go with conditions, or no."
                )
            },
        )
        fields["toets_conditions"] = forms.CharField(
            label=_("Conditions (for a go with conditions)"),
            widget=forms.Textarea(attrs={"rows": 2}),
            max_length=3_000,
            required=False,
        )
    return fields
