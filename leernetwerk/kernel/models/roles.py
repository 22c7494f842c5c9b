"""Which Wagtail group carries which network role."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from leernetwerk.kernel.roles import Role


class RoleGroup(models.Model):
    """Links a network role to the group that carries it. Roles are found through this link,
    never by a group's name, so a host group that happens to be called "Managers" gains nothing
    (ADR 0007); administrators may rename our groups freely."""

    role = models.CharField(_("role"), max_length=40, choices=Role.choices, unique=True)
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        related_name="leernetwerk_role",
        verbose_name=_("group"),
    )

    class Meta:
        verbose_name = _("role group")
        verbose_name_plural = _("role groups")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.group.name}"
