"""Network membership: who a member is (profile, organisation, perspective), how people get in
(invitations) and leave again (deactivation, erasure)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from leernetwerk.kernel.constants import NotificationCategory, NotificationDelivery
from leernetwerk.kernel.models.vocabularies import Organisation, VocabularyItem
from leernetwerk.kernel.roles import Role


class Perspective(VocabularyItem):
    """The perspective a member brings to the table (wijkteam, werk en inkomen, UWV, zorg, …):
    learning works when every perspective is there. Leersessies use the same vocabulary."""

    class Meta(VocabularyItem.Meta):
        verbose_name = _("perspective")
        verbose_name_plural = _("perspectives")


class CategoryListField(models.JSONField):
    """A list of notification categories, edited as checkboxes (in the profile and the admin)."""

    def formfield(self, **kwargs):
        from django import forms

        return forms.TypedMultipleChoiceField(
            choices=NotificationCategory.choices,
            widget=forms.CheckboxSelectMultiple,
            required=not self.blank,
            label=kwargs.get("label", self.verbose_name),
            help_text=self.help_text,
        )

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = set(value or ()) - set(NotificationCategory.values)
        if unknown:
            raise ValidationError(
                _("Unknown notification category: %(value)s"),
                params={"value": ", ".join(sorted(unknown))},
            )


class MemberProfile(models.Model):
    """One per user: how the network knows a member."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member_profile"
    )
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    function = models.CharField(_("function or profession"), max_length=120, blank=True)
    perspective = models.ForeignKey(
        Perspective,
        verbose_name=_("perspective"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # The languages the plugin is translated into, not the host's LANGUAGES: a host with other
    # languages would otherwise see a pending migration of this app.
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("nl", _("Dutch")), ("en", _("English"))],
        default="nl",
    )
    notification_delivery = models.CharField(
        _("notifications by e-mail"),
        max_length=12,
        choices=NotificationDelivery.choices,
        default=NotificationDelivery.IMMEDIATE,
    )
    muted_categories = CategoryListField(
        _("muted notifications"),
        blank=True,
        default=list,
        help_text=_("No notifications of these kinds, except those that ask you to do something."),
    )
    left_at = models.DateTimeField(_("left the network at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=60, blank=True)

    panels = [
        FieldPanel("display_name"),
        FieldPanel("organisation"),
        FieldPanel("function"),
        FieldPanel("perspective"),
        FieldPanel("preferred_language"),
        FieldPanel("notification_delivery"),
        FieldPanel("muted_categories"),
    ]

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self) -> str:
        return self.pseudonym or self.display_name or str(self.user_id)


def _nonce() -> str:
    return secrets.token_urlsafe(24)


class InvitationState(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    """An invitation to join the network, sent by e-mail as a signed, single-use link."""

    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=40, choices=Role.choices, default=Role.PROFESSIONAL
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    nonce = models.CharField(max_length=64, default=_nonce, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=0)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="invitation_one_open_per_email",
            )
        ]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} ({self.get_state_display()})"

    @property
    def state(self) -> str:
        if self.revoked_at:
            return InvitationState.REVOKED
        if self.accepted_at:
            return InvitationState.ACCEPTED
        if self.expires_at <= timezone.now():
            return InvitationState.EXPIRED
        return InvitationState.PENDING

    def get_state_display(self) -> str:
        return str(InvitationState(self.state).label)


class ErasureRequest(models.Model):
    """A member asked for their personal data to be erased; an administrator confirms it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    reason = models.TextField(_("reason (optional)"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self) -> str:
        return f"{self.user_id} {self.requested_at:%Y-%m-%d}"
