"""Front-end forms of the casework app."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leernetwerk.casework.constants import (
    AgreementParty,
    CaseSort,
    CaseStatus,
    CheckOutcome,
    DoorbraakKind,
    MaatwerkOutcome,
    PrecedentSource,
    ScoreMoment,
    SolutionType,
    Window,
)
from leernetwerk.casework.models import KnelpuntType, Law, LifeDomain, Transition
from leernetwerk.casework.models.pages import retention_date_error
from leernetwerk.casework.selectors import CaseFilters, vocabularies
from leernetwerk.kernel import guarded
from leernetwerk.kernel import selectors as kernel_selectors
from leernetwerk.kernel import toets as toets_module
from leernetwerk.kernel.forms import IdMultipleChoiceField, IsoDateInput, TagsField


class CaseForm(forms.Form):
    """Bring in or edit a case. The privacy guard runs in the service, on every save."""

    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        help_text=_("A short description of the knelpunt, never a name."),
    )
    situation = forms.CharField(
        label=_("Situation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20_000,
        help_text=_("Describe the situation without anything that identifies the resident."),
    )
    ik_wil = forms.CharField(
        label=_("Ik wil — what the resident wants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )
    ik_kan = forms.CharField(
        label=_("Ik kan — what the resident can do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )
    ik_heb_nodig = forms.CharField(
        label=_("Ik heb nodig — what the resident needs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )
    knelpunt = forms.CharField(
        label=_("Knelpunt"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text=_("Where did the system world (law, budget, procedure) not fit the life world?"),
    )
    knelpunt_type = forms.ModelChoiceField(
        label=_("Type of knelpunt"), queryset=KnelpuntType.objects.none(), required=False
    )
    window = forms.ChoiceField(
        label=_("Window"),
        choices=[("", "—"), *Window.choices],
        required=False,
        help_text=_("Where does the knelpunt sit?"),
    )
    transition = forms.ModelChoiceField(
        label=_("Overgangsmoment"),
        queryset=Transition.objects.none(),
        required=False,
        help_text=_("The transition in the resident's life where it got stuck, if any."),
    )
    life_domains = IdMultipleChoiceField(
        label=_("Leefgebieden"),
        queryset=LifeDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    laws = IdMultipleChoiceField(
        label=_("Laws involved"),
        queryset=Law.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisations = IdMultipleChoiceField(
        label=_("Organisations involved"),
        queryset=kernel_selectors.organisations().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    maatwerk = forms.CharField(
        label=_("Maatwerk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        help_text=_("What did you do in this case? The lightest solution first."),
    )
    maatwerk_outcome = forms.ChoiceField(
        label=_("Did the maatwerk work?"),
        choices=MaatwerkOutcome.choices,
        initial=MaatwerkOutcome.UNKNOWN,
    )
    solution_type = forms.ChoiceField(
        label=_("Kind of solution"),
        choices=[("", "—"), *SolutionType.choices],
        required=False,
        help_text=_("Most solutions are an existing offer used differently."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=CaseStatus.choices, initial=CaseStatus.OPEN
    )
    tags = TagsField(label=_("Tags"), required=False, help_text=_("Separate tags with commas."))
    consent_given = forms.BooleanField(
        label=_("The resident was informed and agreed that this case is discussed in the network"),
        required=False,
    )
    consent_organisations = IdMultipleChoiceField(
        label=_("Organisations the resident agreed to share it with"),
        queryset=kernel_selectors.organisations().none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_purpose = forms.CharField(
        label=_("Purpose the resident agreed to"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
    )
    retention_date = forms.DateField(
        label=_("Keep until"),
        widget=IsoDateInput(),
        help_text=_("After this date the case is anonymised or removed."),
    )
    override_reason = forms.CharField(
        label=_("Reason to publish despite the privacy warning (managers only)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1_000,
    )

    def __init__(self, *args, may_override: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["knelpunt_type"].queryset = KnelpuntType.objects.filter(is_active=True)
        self.fields["transition"].queryset = Transition.objects.filter(is_active=True)
        self.fields["life_domains"].queryset = LifeDomain.objects.filter(is_active=True)
        self.fields["laws"].queryset = Law.objects.filter(is_active=True)
        active_organisations = kernel_selectors.organisations()
        self.fields["organisations"].queryset = active_organisations
        self.fields["consent_organisations"].queryset = active_organisations
        if not may_override:
            del self.fields["override_reason"]

    def clean_retention_date(self):
        value = self.cleaned_data["retention_date"]
        today = timezone.localdate()
        if value <= today:
            raise forms.ValidationError(_("The retention date must lie in the future."))
        # The cap itself is the model's rule (``CasePage.clean``); said here at once as well.
        error = retention_date_error(value)
        if error:
            raise forms.ValidationError(error)
        return value

    @classmethod
    def initial_for(cls, case) -> dict:
        initial = {
            field: getattr(case, field)
            for field in (
                *guarded.text_field_names(case),
                "window",
                "maatwerk_outcome",
                "solution_type",
                "status",
                "consent_given",
                "retention_date",
            )
            if field in cls.base_fields
        }
        initial["knelpunt_type"] = case.knelpunt_type_id
        initial["transition"] = case.transition_id
        for field in ("life_domains", "laws", "organisations", "consent_organisations"):
            initial[field] = [item.pk for item in getattr(case, field).all()]
        initial["tags"] = [tag.name for tag in case.tags.all()]
        return initial


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20_000,
        help_text=_("Light formatting: <b>, <i>, lists and links. No personal data."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    override_reason = forms.CharField(required=False, max_length=1_000, widget=forms.HiddenInput)


class FollowForm(forms.Form):
    """ "Volgen" ("1") or "Niet meer volgen" ("0"): the choice itself, so sending it twice
    changes nothing."""

    following = forms.ChoiceField(choices=[("1", "1"), ("0", "0")], widget=forms.HiddenInput)


class HideCommentForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding"), max_length=300)


class RecognitionForm(forms.Form):
    note = forms.CharField(
        label=_("Where did you see this? (optional)"), required=False, max_length=300
    )


class CaseFilterForm(forms.Form):
    """The facets of the cases index; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    leefgebied = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Leefgebied"),
        queryset=vocabularies(in_use=True)["life_domains"],
        required=False,
    )
    wet = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Law"),
        queryset=vocabularies(in_use=True)["laws"],
        required=False,
    )
    type = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Type of knelpunt"),
        queryset=vocabularies(in_use=True)["knelpunt_types"],
        required=False,
    )
    venster = forms.ChoiceField(
        label=_("Window"), choices=[("", _("All")), *Window.choices], required=False
    )
    overgang = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Overgangsmoment"),
        queryset=vocabularies(in_use=True)["transitions"],
        required=False,
    )
    oplossing = forms.ChoiceField(
        label=_("Kind of solution"),
        choices=[("", _("All")), *SolutionType.choices],
        required=False,
    )
    organisatie = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Organisation"),
        queryset=kernel_selectors.organisations(active_only=False),
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *CaseStatus.choices], required=False
    )
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), choices=CaseSort.choices, required=False)

    def filters(self, *, owner_id: int | None = None) -> tuple[CaseFilters, str]:
        self.is_valid()  # invalid facets drop out of cleaned_data and are simply ignored
        data = getattr(self, "cleaned_data", {})
        return (
            CaseFilters(
                life_domain=getattr(data.get("leefgebied"), "pk", None),
                law=getattr(data.get("wet"), "pk", None),
                knelpunt_type=getattr(data.get("type"), "pk", None),
                window=data.get("venster") or "",
                transition=getattr(data.get("overgang"), "pk", None),
                solution_type=data.get("oplossing") or "",
                organisation=getattr(data.get("organisatie"), "pk", None),
                status=data.get("status") or "",
                tag=data.get("tag") or "",
                query=(data.get("q") or "").strip(),
                owner_id=owner_id,
            ),
            data.get("sort") or CaseSort.NEWEST,
        )


def _amount_field(label, *, help_text="") -> forms.DecimalField:
    """An optional amount in euro (a doorbraak's cost: mandates have ceilings)."""
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"min": 0, "step": "0.01", "inputmode": "decimal"}),
    )


class DoorbraakForm(forms.Form):
    """Ask for a doorbraak in this case, with steps 1-4 of the omgekeerde toets. The
    mandaatregister routes it; the mandate holder is chosen only when no mandate covers it."""

    kind = forms.ChoiceField(
        label=_("What do you ask for?"), choices=DoorbraakKind.choices, widget=forms.RadioSelect
    )
    law = forms.ModelChoiceField(
        label=_("Under which law or regeling?"),
        queryset=None,
        help_text=_("The mandaatregister routes your request by it."),
    )
    amount = _amount_field(
        _("Amount involved in euro (optional)"),
        help_text=_("When money is involved: a mandate may have a ceiling."),
    )
    rule = forms.CharField(
        label=_("Which rule, procedure or budget line does not fit?"), max_length=300
    )
    proposal = forms.CharField(
        label=_("What do you want to do instead?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )
    settlement = forms.CharField(
        label=_("For a bridging solution: who pays for now, and how is it settled later?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        required=False,
    )
    mandate_holder = forms.ModelChoiceField(
        label=_("Mandate holder (only when the register covers nothing)"),
        queryset=None,
        required=False,
        help_text=_(
            "Leave empty: the mandaatregister sends your request to the holders of the mandate "
            "that covers it. Choose someone only to ask them directly."
        ),
    )
    precedent = forms.ModelChoiceField(
        label=_("Precedent you build on (its number, optional)"),
        queryset=None,
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("The number of an earlier afweging in the precedent library, e.g. 12."),
        error_messages={"invalid_choice": _("There is no precedent with that number.")},
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        from leernetwerk.casework.models import Law, Precedent
        from leernetwerk.casework.selectors import mandate_holders

        # The toets comes right after what is asked: it is the reasoning of the request.
        fields = list(self.fields.items())
        steps = toets_module.toets_form_fields(toets_module.REQUEST_STEPS, outcome=False)
        at = [name for name, _field in fields].index("settlement")
        self.fields = dict(fields[:at] + list(steps.items()) + fields[at:])
        holders = mandate_holders()
        if user is not None:
            holders = holders.exclude(pk=user.pk)
        self.fields["mandate_holder"].queryset = holders
        self.fields["mandate_holder"].label_from_instance = _holder_label
        self.fields["law"].queryset = Law.objects.filter(is_active=True)
        self.fields["precedent"].queryset = Precedent.objects.all()


def _holder_label(user) -> str:
    from leernetwerk.kernel.members.names import member_name

    profile = getattr(user, "member_profile", None)
    organisation = getattr(profile, "organisation", None)
    return f"{member_name(user)} ({organisation})" if organisation else member_name(user)


class RouteCheckForm(forms.Form):
    """Who decides a doorbraak for this law, kind and amount? (GET: a bad value is an error on
    the form, never a crash.)"""

    law = forms.ModelChoiceField(label=_("Law or regeling"), queryset=None)
    kind = forms.ChoiceField(
        label=_("What do you ask for?"), choices=DoorbraakKind.choices, initial="deviation"
    )
    amount = _amount_field(_("Amount in euro (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from leernetwerk.casework.models import Law

        self.fields["law"].queryset = Law.objects.filter(is_active=True)


class DoorbraakDecisionForm(forms.Form):
    """The mandate holder completes the omgekeerde toets (step 5 and the outcome) and decides:
    go and go with conditions grant, no refuses."""

    decision_reason = forms.CharField(
        label=_("Reasons for your decision"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5_000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            **toets_module.toets_form_fields(toets_module.DECISION_STEPS, outcome=True),
            **self.fields,
        }


class AgreementForm(forms.Form):
    """Record an agreement made at the MDO (rondetafel): who does what, checked after six
    weeks. The privacy guard runs in the service."""

    what = forms.CharField(
        label=_("What is agreed"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1_000,
        help_text=_("Who does what, in a sentence. No names or other personal data."),
    )
    party = forms.ChoiceField(
        label=_("Carried out by"),
        choices=AgreementParty.choices,
        initial=AgreementParty.ORGANISATION,
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=kernel_selectors.organisations(),
        required=False,
        help_text=_("When an organisation carries it out."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner in the network"),
        queryset=None,
        required=False,
        help_text=_("The member who sees to it; reminded before the check."),
    )
    agreed_on = forms.DateField(label=_("Agreed on"), widget=IsoDateInput())
    check_due = forms.DateField(
        label=_("Check on"),
        widget=IsoDateInput(),
        required=False,
        help_text=_("Six weeks after the agreement when left empty."),
    )
    perspectives = IdMultipleChoiceField(
        label=_("Perspectives present"),
        queryset=kernel_selectors.perspectives(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    with_resident = forms.BooleanField(
        label=_("The resident was present"), required=False, initial=True
    )
    with_network = forms.BooleanField(label=_("The resident's network was present"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from leernetwerk.casework.selectors import network_members

        self.fields["owner"].queryset = network_members()
        self.fields["owner"].label_from_instance = _holder_label
        self.fields["agreed_on"].initial = timezone.localdate()


class AgreementCheckForm(forms.Form):
    """The six-week check of one agreement."""

    outcome = forms.ChoiceField(
        label=_("What did the check find?"), choices=CheckOutcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        required=False,
        help_text=_("Required when it was not done or changed: why, or what changed."),
    )
    next_check = forms.DateField(
        label=_("Check again on (when changed)"), widget=IsoDateInput(), required=False
    )


class ScoreForm(forms.Form):
    """The mark the resident gives their life, asked together with them."""

    moment = forms.ChoiceField(
        label=_("Moment"), choices=ScoreMoment.choices, widget=forms.RadioSelect
    )
    score = forms.TypedChoiceField(
        label=_("Mark (1–10)"),
        choices=[(n, str(n)) for n in range(1, 11)],
        coerce=int,
    )
    life_domain = forms.ModelChoiceField(
        label=_("For"),
        queryset=LifeDomain.objects.none(),
        required=False,
        empty_label=_("Life as a whole"),
        help_text=_("Optionally the mark for one area of life."),
    )
    scored_on = forms.DateField(label=_("Given on"), widget=IsoDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["life_domain"].queryset = LifeDomain.objects.filter(is_active=True)
        self.fields["scored_on"].initial = timezone.localdate()


class PrecedentForm(forms.Form):
    """Mark a case's maatwerk choice or a doorbraak decision as a precedent: a generalised
    statement, never the case's own text."""

    source = forms.ChoiceField(
        label=_("What does the precedent come from?"),
        choices=PrecedentSource.choices,
        widget=forms.RadioSelect,
    )
    doorbraak = forms.ModelChoiceField(
        label=_("Which doorbraak decision"), queryset=None, required=False
    )
    title = forms.CharField(
        label=_("The afweging in one sentence"),
        max_length=200,
        help_text=_("General, so it fits the next case: no details of this resident."),
    )
    weighed = forms.CharField(
        label=_("What was weighed"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2_000
    )
    rule = forms.CharField(label=_("Which rule was stretched"), max_length=300, required=False)
    why = forms.CharField(
        label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2_000
    )
    mandate = forms.CharField(
        label=_("With which mandate"),
        max_length=300,
        required=False,
        help_text=_("E.g. the mandate holder's doorzettingsmacht, or the team's own room."),
    )
    laws = IdMultipleChoiceField(
        label=_("Laws"),
        queryset=Law.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    life_domains = IdMultipleChoiceField(
        label=_("Leefgebieden"),
        queryset=LifeDomain.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    knelpunt_type = forms.ModelChoiceField(
        label=_("Type of knelpunt"), queryset=KnelpuntType.objects.none(), required=False
    )
    transition = forms.ModelChoiceField(
        label=_("Overgangsmoment"), queryset=Transition.objects.none(), required=False
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        from leernetwerk.casework.constants import DoorbraakStatus
        from leernetwerk.casework.models import Doorbraak

        decided = Doorbraak.objects.filter(
            case=case, status__in=[DoorbraakStatus.GRANTED, DoorbraakStatus.REFUSED]
        )
        self.fields["doorbraak"].queryset = decided
        self.fields["laws"].queryset = Law.objects.filter(is_active=True)
        self.fields["life_domains"].queryset = LifeDomain.objects.filter(is_active=True)
        self.fields["knelpunt_type"].queryset = KnelpuntType.objects.filter(is_active=True)
        self.fields["transition"].queryset = Transition.objects.filter(is_active=True)

    @classmethod
    def initial_for(cls, case) -> dict:
        """The case's facets, to start from (the texts are the member's own)."""
        return {
            "source": PrecedentSource.MAATWERK,
            "laws": [law.pk for law in case.laws.all()],
            "life_domains": [domain.pk for domain in case.life_domains.all()],
            "knelpunt_type": case.knelpunt_type_id,
            "transition": case.transition_id,
        }


class PrecedentFilterForm(forms.Form):
    """The facets of the precedent library; invalid values are ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    wet = forms.ModelChoiceField(
        empty_label=_("All"), label=_("Law"), queryset=Law.objects.all(), required=False
    )
    leefgebied = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Leefgebied"),
        queryset=LifeDomain.objects.all(),
        required=False,
    )
    type = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Type of knelpunt"),
        queryset=KnelpuntType.objects.all(),
        required=False,
    )
    overgang = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Overgangsmoment"),
        queryset=Transition.objects.all(),
        required=False,
    )

    def filters(self):
        from leernetwerk.casework.selectors import PrecedentFilters

        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PrecedentFilters(
            query=(data.get("q") or "").strip(),
            law=getattr(data.get("wet"), "pk", None),
            life_domain=getattr(data.get("leefgebied"), "pk", None),
            knelpunt_type=getattr(data.get("type"), "pk", None),
            transition=getattr(data.get("overgang"), "pk", None),
        )


class CaseClosingForm(forms.Form):
    """Close a case with the partners' short evaluation of their cooperation."""

    worked = forms.CharField(
        label=_("What worked in the cooperation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        help_text=_("Between the partners and with the resident. No names."),
    )
    did_not_work = forms.CharField(
        label=_("What did not work"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2_000,
        required=False,
    )
    closed_on = forms.DateField(label=_("Closed on"), widget=IsoDateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].initial = timezone.localdate()
