"""Agreements made around one resident (the MDO or rondetafel): who does what, checked after
six weeks. Oss: agreed solutions are always carried out, so an agreement that is missed is
itself a sign that the system does not fit — it becomes a case signal (``signalled_at``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leernetwerk.casework.constants import AgreementParty, AgreementStatus, CheckOutcome


class Agreement(models.Model):
    """One agreement on a case, with its check date and its latest outcome."""

    case = models.ForeignKey(
        "leernetwerk_casework.CasePage", on_delete=models.CASCADE, related_name="agreements"
    )
    what = models.TextField(
        _("what is agreed"),
        max_length=1000,
        help_text=_("Who does what, in a sentence. No names or other personal data."),
    )
    party = models.CharField(
        _("carried out by"),
        max_length=20,
        choices=AgreementParty.choices,
        default=AgreementParty.ORGANISATION,
    )
    organisation = models.ForeignKey(
        "leernetwerk_kernel.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner in the network"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_agreements",
        help_text=_("The member who sees to it; reminded before the check."),
    )
    agreed_on = models.DateField(_("agreed on"), default=timezone.localdate)
    perspectives = models.ManyToManyField(
        "leernetwerk_kernel.Perspective",
        verbose_name=_("perspectives present"),
        blank=True,
        related_name="+",
    )
    with_resident = models.BooleanField(_("the resident was present"), default=True)
    with_network = models.BooleanField(_("the resident's network was present"), default=False)
    check_due = models.DateField(_("check on"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.OPEN,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    #: When the owner and the case's author were reminded of the check (once per check date).
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    #: When the agreement became a case signal (missed: not done, or unchecked past its date):
    #: once, whatever happens after.
    signalled_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)

    class Meta:
        ordering = ["agreed_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(party="organisation") | models.Q(organisation__isnull=False),
                name="agreement_organisation_party_names_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.what[:60]}"

    @property
    def dom_id(self) -> str:
        return f"agreement-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == AgreementStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.check_due < timezone.localdate()

    @property
    def is_signal(self) -> bool:
        return self.signalled_at is not None

    @property
    def text_fields(self) -> dict[str, str]:
        from leernetwerk.kernel import guarded

        return {name: getattr(self, name) for name in guarded.text_field_names(self)}

    @property
    def outcome_choices(self) -> list[tuple[str, str]]:
        return CheckOutcome.choices

    def checkers(self) -> set[int]:
        """Who may record the check (besides managers): the owner and the case's author."""
        return {pk for pk in (self.owner_id, self.case.owner_id) if pk}


class AgreementCheck(models.Model):
    """One check of an agreement: the audit trail of what was found, by whom, when."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="checks")
    outcome = models.CharField(_("outcome"), max_length=20, choices=CheckOutcome.choices)
    note = models.TextField(
        _("explanation"),
        max_length=2000,
        blank=True,
        help_text=_("Required when it was not done or changed: why, or what changed."),
    )
    next_check = models.DateField(_("check again on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True)

    class Meta:
        ordering = ["checked_at", "pk"]
        verbose_name = _("check of an agreement")
        verbose_name_plural = _("checks of agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="done") | ~models.Q(note=""),
                name="agreement_check_explains_not_done",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id}: {self.outcome}"
