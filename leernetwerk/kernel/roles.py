"""The network's roles (Wagtail groups) and the helper that grants them permissions.

Roles are data (groups) but their names are a contract: code checks membership by these names,
and every app's data migration grants its own permissions through ``grant_permissions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Network roles; the value is the Wagtail group's name."""

    PROFESSIONAL = "Professionals", _("Professional")
    MANAGER = "Managers", _("Manager")
    SESSION_ADMIN = "Sessiebeheerders", _("Session administrator")
    STUURGROEP = "Stuurgroepleden", _("Stuurgroep member")
    EDITOR = "Redacteuren", _("Editor")
    #: Doorzettingsmacht: may grant a doorbraak (deviate from a rule in one case).
    MANDATE_HOLDER = "Mandaathouders", _("Mandate holder (doorzettingsmacht)")


#: Every role makes its holder a network member (may see cases and the pattern board).
MEMBER_ROLES: tuple[str, ...] = tuple(Role.values)
#: Roles that reach the Wagtail admin.
ADMIN_ROLES: tuple[str, ...] = (
    Role.MANAGER,
    Role.SESSION_ADMIN,
    Role.STUURGROEP,
    Role.EDITOR,
)


def ensure_role_groups(apps) -> dict[str, object]:
    """Create the role groups (idempotent) and give the admin roles Wagtail admin access."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in MEMBER_ROLES}
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        for role in ADMIN_ROLES:
            groups[role].permissions.add(admin_access)
    return groups


def ensure_permissions_exist(apps, app_labels: Iterable[str]) -> None:
    """Create the Permission rows of ``app_labels`` now (Django does so after all migrations)."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes

    for label in app_labels:
        try:
            app_config = apps.get_app_config(label)
        except LookupError:
            continue
        # Historical app configs carry no models module; both helpers skip an app without one.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = previous or True
        try:
            create_contenttypes(app_config, verbosity=0, apps=apps)
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = previous


def grant_permissions(apps, app_label: str, grants: Mapping[str, Iterable[str]]) -> None:
    """Give each role the named permissions (``codename``) of ``app_label``; idempotent."""
    Permission = apps.get_model("auth", "Permission")
    ensure_permissions_exist(apps, [app_label])
    groups = ensure_role_groups(apps)
    for role, codenames in grants.items():
        codenames = list(codenames)
        perms = Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        found = set(perms.values_list("codename", flat=True))
        missing = set(codenames) - found
        if missing:
            raise LookupError(f"Unknown permissions for {app_label}: {sorted(missing)}")
        groups[role].permissions.add(*perms)
