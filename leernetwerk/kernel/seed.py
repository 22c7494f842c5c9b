"""What a new network starts with in the kernel: the role groups, their permissions on the
kernel's models, the organisation kinds and perspectives (kept as data afterwards: editors
change them), and a profile for every member. Run by ``manage.py leernetwerk_setup``."""

from __future__ import annotations

from leernetwerk.kernel.roles import ADMIN_ROLES, MEMBER_ROLES, Role

#: (name, name in English): the English interface shows the second (issue #18).
ORGANISATION_KINDS = [
    ("Gemeente", "Municipality"),
    ("Wijkteam", "Neighbourhood team"),
    ("Werk en inkomen", "Work and income"),
    ("UWV", "UWV (employee insurance agency)"),
    ("Zorgaanbieder", "Care provider"),
    ("GGZ", "Mental health care (GGZ)"),
    ("Woningcorporatie", "Housing association"),
    ("Schuldhulp", "Debt counselling"),
    ("Onderwijs", "Education"),
    ("Politie", "Police"),
    ("Ervaringsdeskundigen", "Experts by experience"),
]

PERSPECTIVES = [
    ("Wijkteam", "Neighbourhood team"),
    ("Werk en inkomen / klantmanager", "Work and income / client manager"),
    ("UWV", "UWV (employee insurance agency)"),
    ("Zorg", "Care"),
    ("Schuldhulp", "Debt counselling"),
    ("Management", "Management"),
    ("Beleid", "Policy"),
    ("Inwoner / ervaringsdeskundige", "Resident / expert by experience"),
]

#: The roles' permissions on the kernel's models (the admin's snippets and listings).
KERNEL_GRANTS = {
    Role.MANAGER: [
        "add_organisation",
        "change_organisation",
        "view_organisation",
        "add_organisationkind",
        "change_organisationkind",
        "view_organisationkind",
        "add_sensitivename",
        "change_sensitivename",
        "delete_sensitivename",
        "view_sensitivename",
        "add_perspective",
        "change_perspective",
        "view_perspective",
        "change_memberprofile",
        "view_memberprofile",
        "add_invitation",
        "change_invitation",
        "view_invitation",
        "view_erasurerequest",
    ],
    Role.SESSION_ADMIN: [
        "view_memberprofile",
        "add_invitation",
        "change_invitation",
        "view_invitation",
    ],
    Role.EDITOR: ["view_organisation"],
}


def setup_roles(setup) -> None:
    """The role groups (linked, under names of ours) and the admin roles' admin access."""
    from django.contrib.auth.models import Permission

    from leernetwerk.kernel.roles import ensure_permissions_exist, ensure_role_group

    ensure_permissions_exist(["wagtailadmin"])
    admin_access = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for role in MEMBER_ROLES:
        group, created = ensure_role_group(role)
        what = f'group "{group.name}" for the role {role}'
        if created:
            setup.created(what)
        else:
            setup.found(what)
        if role in ADMIN_ROLES and not group.permissions.filter(pk=admin_access.pk).exists():
            group.permissions.add(admin_access)
            setup.created(f'Wagtail admin access for "{group.name}"')


def setup_kernel(setup) -> None:
    """The kernel's setup step."""
    from leernetwerk.kernel.models import MemberProfile, OrganisationKind, Perspective
    from leernetwerk.kernel.roles import role_members

    setup_roles(setup)
    setup.grant("leernetwerk_kernel", KERNEL_GRANTS)
    setup.vocabulary(OrganisationKind, ORGANISATION_KINDS, "organisation kinds")
    setup.vocabulary(Perspective, PERSPECTIVES, "perspectives")
    members = role_members(*MEMBER_ROLES).filter(member_profile__isnull=True)
    profiles = [MemberProfile(user=user, display_name=user.get_full_name()) for user in members]
    MemberProfile.objects.bulk_create(profiles)
    if profiles:
        setup.created(f"{len(profiles)} member profiles (members without one)")
