"""Front-end forms of the patterns app. Rules live in the services; forms only parse input."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leernetwerk.casework.constants import SolutionType
from leernetwerk.casework.selectors import shared_cases, vocabularies
from leernetwerk.kernel import toets as toets_module
from leernetwerk.kernel.forms import IdMultipleChoiceField, IsoDateInput, TagsField
from leernetwerk.kernel.roles import MEMBER_ROLES, role_members
from leernetwerk.patterns.constants import AgreementKind, PatternStatus, TrendGranularity
from leernetwerk.patterns.escalation import transition_for
from leernetwerk.patterns.models import LearningTable
from leernetwerk.patterns.selectors import PatternFilters


def _members():
    return (
        role_members(*MEMBER_ROLES)
        .select_related("member_profile")
        .order_by("member_profile__display_name", "last_name", "username")
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        from leernetwerk.kernel.members.names import member_name

        return member_name(obj)


class PatternForm(forms.Form):
    """Signal a pattern, or edit what it is about (the table is only chosen when signalling)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("Name the systemic mismatch, e.g. “Voorschot bij wachttijd WW”."),
    )
    description = forms.CharField(
        label=_("Description of the systemic mismatch"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10_000,
        help_text=_(
            "Which law, budget or procedure does not fit which situation? No personal data."
        ),
    )
    table = forms.ModelChoiceField(
        label=_("Learning table"),
        queryset=LearningTable.objects.filter(is_active=True).order_by("position"),
        help_text=_("Where the pattern is taken up first; usually the werktafel."),
    )
    knelpunt_type = forms.ModelChoiceField(
        label=_("Type of knelpunt"),
        queryset=vocabularies()["knelpunt_types"].none(),
        required=False,
    )
    laws = IdMultipleChoiceField(
        label=_("Laws involved"),
        queryset=vocabularies()["laws"].none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The laws of linked cases are added automatically."),
    )
    life_domains = IdMultipleChoiceField(
        label=_("Leefgebieden"),
        queryset=vocabularies()["life_domains"].none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = TagsField(label=_("Tags"), required=False, help_text=_("Separate tags with commas."))
    owner = MemberChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Who keeps this pattern moving."),
    )

    def __init__(self, *args, editing: bool = False, user=None, pattern=None, **kwargs):
        super().__init__(*args, **kwargs)
        terms = vocabularies()
        self.fields["knelpunt_type"].queryset = terms["knelpunt_types"]
        self.fields["laws"].queryset = terms["laws"]
        self.fields["life_domains"].queryset = terms["life_domains"]
        self.fields["owner"].queryset = _members()
        if user is not None:
            # Only the choices the service allows (patterns.services.signal_tables, may_own).
            from leernetwerk.patterns import services

            if editing and pattern is not None:
                tables = [pattern.table]
            else:
                tables = services.signal_tables(user)
                self.fields["table"].queryset = tables
            owners = services.eligible_owners(user=user, tables=tables).values("pk")
            keep = pattern.owner_id if pattern is not None else None
            self.fields["owner"].queryset = _members().filter(Q(pk__in=owners) | Q(pk=keep))
        if editing:
            del self.fields["table"]

    @staticmethod
    def initial_for(pattern) -> dict:
        return {
            "title": pattern.title,
            "description": pattern.description,
            "knelpunt_type": pattern.knelpunt_type_id,
            "laws": [law.pk for law in pattern.laws.all()],
            "life_domains": [domain.pk for domain in pattern.life_domains.all()],
            "tags": list(pattern.tags.names()),
            "owner": pattern.owner_id,
        }


class TransitionForm(forms.Form):
    """The inputs of a step on the ladder; which are required depends on the step."""

    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        required=False,
    )
    effective_date = forms.DateField(
        label=_("Effective from"),
        required=False,
        widget=IsoDateInput(),
    )
    follow_up_date = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("When the table checks that the decision works."),
    )
    owner = MemberChoiceField(
        label=_("Owner"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("Keep the current owner"),
        help_text=_("Who carries the decision out and reports back at the follow-up."),
    )

    LABELS = {
        "escalate": _("Why can this table not solve it?"),
        "reject": _("Why is this not a pattern the network can address?"),
        "reopen": _("What shows the pattern again?"),
        "request_info": _("What do you ask the authors of the linked cases?"),
        "solve": _("What changes in the way of working?"),
        "decide": _("What is decided?"),
    }

    def __init__(self, *args, action: str, pattern=None, **kwargs):
        # One form per step on a pattern's page: the prefix keeps their field ids apart.
        kwargs.setdefault("prefix", action)
        super().__init__(*args, **kwargs)
        self.action = action
        rule = transition_for(action)
        requires = rule.requires if rule else ()
        self.fields["owner"].queryset = _members()
        if "text" in requires:
            self.fields["text"].label = self.LABELS.get(action, _("Decision"))
            self.fields["text"].required = True
        else:
            del self.fields["text"]
        if "reason" in requires:
            self.fields["reason"].label = self.LABELS.get(action, _("Reason"))
            self.fields["reason"].required = True
        elif action not in ("close", "take_up", "info_received"):
            del self.fields["reason"]
        else:
            self.fields["reason"].label = _("Note (optional)")
        if rule and rule.toets:
            # The omgekeerde toets: required for a third-order decision, optional (but then
            # complete) for a second-order solution; the service checks it either way.
            self.fields.update(
                toets_module.toets_form_fields(
                    toets_module.STEPS, outcome=True, required=rule.toets == "required"
                )
            )
        if rule and rule.toets:
            # The written agreement this decision changes (or the draft it asks for).
            from leernetwerk.patterns.models import PolicyVersion

            self.fields["policy_version"] = forms.ModelChoiceField(
                label=_("Changes this written agreement"),
                queryset=PolicyVersion.objects.select_related("document").order_by(
                    "document__title", "-number"
                ),
                required=False,
                empty_label=_("No written agreement"),
                help_text=_(
                    "The version of the werkafspraken, convenant or regeling this decision "
                    "changed, or the concept version it asks for."
                ),
            )
            self.fields["policy_version"].label_from_instance = _version_label
            from leernetwerk.patterns.policy import at_policy_table

            if pattern is None or at_policy_table(pattern):
                # Leaves an item in the policy inbox (issue #21).
                self.fields["policy_request"] = forms.CharField(
                    label=_("Ask policy for a written change (optional)"),
                    max_length=2_000,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_(
                        "What must change in the werkafspraken, convenant or regeling? A "
                        "policy officer takes it up from the policy inbox."
                    ),
                )
        if not (rule and rule.is_decision):
            for name in ("effective_date", "follow_up_date", "owner"):
                del self.fields[name]
        else:
            self.fields["follow_up_date"].initial = timezone.localdate() + timezone.timedelta(
                days=42
            )


def _version_label(version) -> str:
    return f"{version} ({version.get_status_display().lower()})"


class LinkCasesForm(forms.Form):
    cases = IdMultipleChoiceField(
        label=_("Cases"),
        queryset=shared_cases().none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one case.")},
    )
    reason = forms.CharField(
        label=_("Why do these cases show the pattern?"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = cases if cases is not None else shared_cases()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2_000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), max_length=5_000, widget=forms.Textarea(attrs={"rows": 3})
    )


def facet_filter(vocabulary: str, label) -> forms.ModelChoiceField:
    """An optional filter on one of the cases' vocabularies: the terms in use, "All" first."""
    return forms.ModelChoiceField(
        empty_label=_("All"),
        label=label,
        queryset=vocabularies(in_use=True)[vocabulary],
        required=False,
    )


class BoardFilterForm(forms.Form):
    """The board's filters; invalid values are ignored, never an error page."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *PatternStatus.choices], required=False
    )
    type = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Type of knelpunt"),
        queryset=vocabularies(in_use=True)["knelpunt_types"],
        required=False,
    )
    wet = forms.ModelChoiceField(
        empty_label=_("All"),
        label=_("Law"),
        queryset=vocabularies(in_use=True)["laws"],
        required=False,
    )
    leefgebied = facet_filter("life_domains", _("Leefgebied"))
    overgang = facet_filter("transitions", _("Overgangsmoment of a case"))
    oplossing = forms.ChoiceField(
        label=_("Kind of solution of a case"),
        choices=[("", _("All")), *SolutionType.choices],
        required=False,
    )
    tag = forms.SlugField(label=_("Tag"), required=False, max_length=100)
    mijn = forms.BooleanField(label=_("Mine (I am the owner)"), required=False)
    te_laat = forms.BooleanField(label=_("Overdue only"), required=False)

    def filters(self, *, user) -> PatternFilters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return PatternFilters(
            status=data.get("status") or "",
            knelpunt_type=getattr(data.get("type"), "pk", None),
            law=getattr(data.get("wet"), "pk", None),
            life_domain=getattr(data.get("leefgebied"), "pk", None),
            tag=data.get("tag") or "",
            owner_id=user.pk if data.get("mijn") else None,
            overdue=bool(data.get("te_laat")),
            query=(data.get("q") or "").strip(),
            transition=getattr(data.get("overgang"), "pk", None),
            solution_type=data.get("oplossing") or "",
        )


class RegisterFilterForm(forms.Form):
    """The register's filters (GET: a bad value is ignored with an error, never a crash)."""

    soort = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("All kinds")), *AgreementKind.choices],
        required=False,
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=200)


class VersionDraftForm(forms.Form):
    """A new concept version, starting from the text of the newest one."""

    change_summary = forms.CharField(
        label=_("What does this version change?"),
        max_length=300,
        help_text=_("In one sentence, so the register's list can show it."),
    )
    text = forms.CharField(
        label=_("Text of the new version"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=100_000,
        help_text=_("One paragraph per line. Formatting and documents: in the Wagtail admin."),
    )
    effective_date = forms.DateField(
        label=_("Effective from (planned)"), required=False, widget=IsoDateInput()
    )


class VersionAdoptForm(forms.Form):
    effective_date = forms.DateField(
        label=_("Effective from"), required=False, widget=IsoDateInput()
    )


# --- the policy inbox (issue #21) ----------------------------------------------------------------


class PolicyRequestForm(forms.Form):
    """A table asks policy for a written change (or a policy officer takes a pattern up)."""

    request = forms.CharField(
        label=_("What should change in writing?"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Name the rule or werkafspraak and the change the table needs. No personal data."
        ),
    )
    document = forms.ModelChoiceField(
        label=_("Agreement to change"),
        queryset=None,
        required=False,
        empty_label=_("Not known yet"),
    )
    due_date = forms.DateField(
        label=_("Needed by"),
        required=False,
        widget=IsoDateInput(),
        help_text=_("Empty: the table's response time."),
    )

    def __init__(self, *args, **kwargs):
        from leernetwerk.patterns.models import PolicyDocument

        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = PolicyDocument.objects.order_by("title", "pk")


class PolicyAssignForm(forms.Form):
    owner = MemberChoiceField(
        label=_("Hand on to"),
        queryset=get_user_model().objects.none(),
        empty_label=None,
    )

    def __init__(self, *args, **kwargs):
        from leernetwerk.patterns.policy import policy_officers

        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = policy_officers()


class PolicyUpdateForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from leernetwerk.patterns.constants import PolicyItemStatus
        from leernetwerk.patterns.models import PolicyDocument
        from leernetwerk.patterns.policy import MANUAL_STATUSES

        super().__init__(*args, **kwargs)
        self.fields["status"] = forms.ChoiceField(
            label=_("Status"),
            choices=[(s.value, s.label) for s in PolicyItemStatus if s in MANUAL_STATUSES],
        )
        self.fields["note"] = forms.CharField(
            label=_("Note"),
            max_length=2_000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Required when no written change is needed: say why."),
        )
        self.fields["document"] = forms.ModelChoiceField(
            label=_("Agreement to change"),
            queryset=PolicyDocument.objects.order_by("title", "pk"),
            required=False,
            empty_label=_("Not known yet"),
        )
        self.fields["due_date"] = forms.DateField(
            label=_("New due date"), required=False, widget=IsoDateInput()
        )


class PolicyWatchForm(forms.Form):
    laws = IdMultipleChoiceField(
        label=_("Laws and regelingen you follow"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    tags = forms.CharField(
        label=_("Policy areas (pattern tags), separated by commas"),
        max_length=500,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["laws"].queryset = vocabularies()["laws"]


# --- proeftuinen (issue #22) ---------------------------------------------------------------------


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        text = obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"
        return f"{obj.get_action_display()} ({obj.table.name}, {obj.decided_at:%d-%m-%Y}): {text}"


class ProeftuinForm(forms.Form):
    """Start a proeftuin from one of the pattern's solutions or decisions."""

    decision = DecisionChoiceField(
        label=_("Tries out"), queryset=None, empty_label=None, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Name of the proeftuin"), max_length=160)
    hypothesis = forms.CharField(
        label=_("Hypothesis"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What you expect the fix to change, and how you will see it. No personal data."
        ),
    )
    owner = MemberChoiceField(label=_("Owner"), queryset=None, empty_label=None)
    organisations = IdMultipleChoiceField(
        label=_("Participating organisations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=IsoDateInput())
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=IsoDateInput(),
        help_text=_("Time-boxed: before this date the owner is reminded, and the table decides."),
    )

    def __init__(self, *args, pattern, **kwargs):
        from leernetwerk.patterns.proeftuin import eligible_owners, starting_decisions

        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = starting_decisions(pattern)
        self.fields["owner"].queryset = eligible_owners()
        self.fields["organisations"].queryset = vocabularies()["organisations"]


class ProeftuinCasesForm(forms.Form):
    cases = IdMultipleChoiceField(
        label=_("Cases of this pattern to add"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, proeftuin, **kwargs):
        from leernetwerk.patterns.proeftuin import addable_cases

        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = addable_cases(proeftuin)


class ProeftuinMeasureForm(forms.Form):
    label = forms.CharField(label=_("What was measured"), max_length=160)
    value = forms.DecimalField(
        label=_("Figure"), max_digits=12, decimal_places=2, min_value=-(10**9), max_value=10**9
    )
    unit = forms.CharField(label=_("Unit"), max_length=40, required=False)
    measured_on = forms.DateField(label=_("Measured on"), required=False, widget=IsoDateInput())


class ProeftuinNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note in the log"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No personal data, no names of residents."),
    )


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.document.title}, {_('version')} {obj.number} ({obj.get_status_display()})"


class ProeftuinDecisionForm(forms.Form):
    """How a term ends: the table's decision with its reasons."""

    def __init__(self, *args, **kwargs):
        from leernetwerk.patterns.constants import ProeftuinDecision
        from leernetwerk.patterns.proeftuin import versions_to_point_at

        super().__init__(*args, **kwargs)
        self.fields["decision"] = forms.ChoiceField(
            label=_("Decision"), choices=ProeftuinDecision.choices, widget=forms.RadioSelect
        )
        self.fields["reasons"] = forms.CharField(
            label=_("Reasons"),
            max_length=2_000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("What the proeftuin showed, and why the table decides this."),
        )
        self.fields["ends_on"] = forms.DateField(
            label=_("New end date (extend or scale up)"), required=False, widget=IsoDateInput()
        )
        self.fields["organisations"] = IdMultipleChoiceField(
            label=_("Organisations that join (scale up)"),
            queryset=vocabularies()["organisations"],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["policy_version"] = VersionChoiceField(
            label=_("Agreement version it led to (make structural)"),
            queryset=versions_to_point_at(),
            required=False,
            empty_label=_("Not drafted yet: link it later"),
        )


class ProeftuinVersionForm(forms.Form):
    def __init__(self, *args, **kwargs):
        from leernetwerk.patterns.proeftuin import versions_to_point_at

        super().__init__(*args, **kwargs)
        self.fields["policy_version"] = VersionChoiceField(
            label=_("Agreement version"), queryset=versions_to_point_at(), empty_label=None
        )


# --- trend signals (issue #22) -------------------------------------------------------------------


class TrendFilterForm(forms.Form):
    """The trend report's periods and filters; invalid values are ignored, never an error page."""

    per = forms.ChoiceField(label=_("Periods"), choices=TrendGranularity.choices, required=False)
    leefgebied = facet_filter("life_domains", _("Leefgebied"))
    overgang = facet_filter("transitions", _("Overgangsmoment"))
    organisatie = facet_filter("organisations", _("Organisation involved"))

    def options(self) -> dict:
        """The ``trend_report`` arguments: each valid value, the default for the others."""
        self.is_valid()
        data = {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if name not in self.errors
        }
        return {
            "granularity": data.get("per") or TrendGranularity.QUARTER,
            "life_domain": data.get("leefgebied"),
            "transition": data.get("overgang"),
            "organisation": data.get("organisatie"),
        }


class NeedCategoryForm(forms.Form):
    """A new need category, typed or taken from a suggestion."""

    name = forms.CharField(label=_("Name"), max_length=80)
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=2_000,
        help_text=_(
            "Words in the “ik heb nodig” texts that mean this need, separated by commas; forms "
            "of a word and compounds count too."
        ),
    )
    description = forms.CharField(
        label=_("Description"), max_length=1_000, required=False, widget=forms.Textarea
    )


class TrendPatternForm(forms.Form):
    """Turn a trend into a pattern, "gap in the offer", at one of the tables ``user`` may
    signal to."""

    table = forms.ModelChoiceField(label=_("Table"), queryset=LearningTable.objects.none())
    note = forms.CharField(
        label=_("Note for the table (optional)"),
        max_length=2_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names or other details of residents: the figures go with it."),
    )

    def __init__(self, *args, user, **kwargs):
        from leernetwerk.patterns.services import default_table, signal_tables

        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = signal_tables(user)
        entry = default_table()
        if entry is not None:
            self.fields["table"].initial = entry.pk
