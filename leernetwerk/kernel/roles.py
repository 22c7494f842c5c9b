"""The network's roles, the groups that carry them, and the helper that grants them permissions.

A role is a key (``Role``); the Wagtail group that carries it is found through its link
(``RoleGroup``), never by the group's name: a host group called "Managers" is not ours, and an
administrator may rename our groups. ``manage.py leernetwerk_setup`` creates the groups under
names of our own (``GROUP_NAMES``) and links them (ADR 0007).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import Group, User
    from django.db.models import QuerySet


class Role(models.TextChoices):
    """Network roles. The value is the role's key (stored in invitations and settings such as
    ``LEERNETWERK_2FA_REQUIRED_ROLES``); it is also the name 0.1 gave the role's group."""

    PROFESSIONAL = "Professionals", _("Professional")
    MANAGER = "Managers", _("Manager")
    SESSION_ADMIN = "Sessiebeheerders", _("Session administrator")
    STUURGROEP = "Stuurgroepleden", _("Stuurgroep member")
    EDITOR = "Redacteuren", _("Editor")
    #: Doorzettingsmacht: may grant a doorbraak (deviate from a rule in one case).
    MANDATE_HOLDER = "Mandaathouders", _("Mandate holder (doorzettingsmacht)")
    #: Beleidsmedewerker: turns signals from the tables into written changes (issue #21).
    POLICY_OFFICER = "Beleidsmedewerkers", _("Policy officer")


#: Every role makes its holder a network member (may see cases and the pattern board).
MEMBER_ROLES: tuple[str, ...] = tuple(Role.values)
#: Roles that reach the Wagtail admin.
ADMIN_ROLES: tuple[str, ...] = (
    Role.MANAGER,
    Role.SESSION_ADMIN,
    Role.STUURGROEP,
    Role.EDITOR,
    Role.POLICY_OFFICER,
)
#: The names new role groups get (data: an administrator may rename them afterwards).
GROUP_NAMES: dict[str, str] = {
    Role.PROFESSIONAL: "Leernetwerk: professionals",
    Role.MANAGER: "Leernetwerk: managers",
    Role.SESSION_ADMIN: "Leernetwerk: sessiebeheerders",
    Role.STUURGROEP: "Leernetwerk: stuurgroepleden",
    Role.EDITOR: "Leernetwerk: redacteuren",
    Role.MANDATE_HOLDER: "Leernetwerk: mandaathouders",
    Role.POLICY_OFFICER: "Leernetwerk: beleidsmedewerkers",
}
#: The ORM path from a user to the roles they hold (``User.objects.filter(**{ROLE_LOOKUP: …})``).
ROLE_LOOKUP = "groups__leernetwerk_role__role"


def _free_name(wanted: str) -> str:
    """``wanted``, or ``wanted (2)``, ``(3)``… when a group of that name exists already."""
    from django.contrib.auth.models import Group

    taken = set(Group.objects.filter(name__startswith=wanted).values_list("name", flat=True))
    name, n = wanted, 1
    while name in taken:
        n += 1
        name = f"{wanted} ({n})"
    return name


def ensure_role_group(role: Role | str) -> tuple[Group, bool]:
    """The group carrying ``role`` and whether it was created now. A new group gets a name of
    ours that no group has yet; an existing group of that name (a host's) is never taken."""
    from django.contrib.auth.models import Group

    from leernetwerk.kernel.models import RoleGroup

    role = Role(role)
    link = RoleGroup.objects.select_related("group").filter(role=role).first()
    if link is not None:
        return link.group, False
    group = Group.objects.create(name=_free_name(GROUP_NAMES[role]))
    RoleGroup.objects.create(role=role, group=group)
    return group, True


def role_group(role: Role | str) -> Group:
    """The group that carries ``role`` (created under a name of ours when it is missing)."""
    return ensure_role_group(role)[0]


def role_groups() -> dict[str, Group]:
    """Every role's group, by role key (missing ones created)."""
    return {role: role_group(role) for role in MEMBER_ROLES}


def role_members(*roles: Role | str) -> QuerySet[User]:
    """Active users holding any of ``roles`` (each once)."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        .objects.filter(is_active=True, **{f"{ROLE_LOOKUP}__in": [str(r) for r in roles]})
        .distinct()
    )


def ensure_permissions_exist(app_labels: Iterable[str]) -> None:
    """Create the Permission rows of ``app_labels`` now (Django makes them after ``migrate``;
    a test database flush removes them until then)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for label in app_labels:
        app_config = apps.get_app_config(label)
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)


def grant_permissions(app_label: str, grants: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Give each role the named permissions (``codename``) of ``app_label``; idempotent.
    Returns how many each role gained now."""
    from django.contrib.auth.models import Permission

    ensure_permissions_exist([app_label])
    gained = {}
    for role, codenames in grants.items():
        codenames = list(codenames)
        perms = list(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )
        missing = set(codenames) - {perm.codename for perm in perms}
        if missing:
            raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
        group = role_group(role)
        held = set(
            group.permissions.filter(pk__in=[p.pk for p in perms]).values_list("pk", flat=True)
        )
        new = [perm for perm in perms if perm.pk not in held]
        group.permissions.add(*new)
        gained[str(role)] = len(new)
    return gained
