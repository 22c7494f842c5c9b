"""The network's role groups (``leernetwerk.kernel.roles``), as literal scenarios the mutation run
found unstated:

* a missing role group is made again under our own name, or the first free "(2)", "(3)"… when a
  host group carries that name; an existing one is found by its link and never made twice;
* ``role_members`` lists the active holders of any of the roles, each once;
* granting permissions adds only what a group lacks, says how many it added, and refuses a
  permission that does not exist by naming it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from leernetwerk.kernel.models import RoleGroup
from leernetwerk.kernel.roles import (
    Role,
    ensure_role_group,
    grant_permissions,
    role_group,
    role_groups,
    role_members,
)

pytestmark = pytest.mark.django_db


def test_an_existing_role_group_is_found_and_not_made_again():
    group, created = ensure_role_group(Role.EDITOR)
    assert (group.name, created) == ("Leernetwerk: redacteuren", False)
    assert ensure_role_group("Redacteuren") == (group, False)
    assert role_group(Role.EDITOR) == group
    assert Group.objects.filter(name__startswith="Leernetwerk: redacteuren").count() == 1


def test_a_missing_role_group_is_made_under_our_name():
    role_group(Role.MANDATE_HOLDER).delete()
    group, created = ensure_role_group(Role.MANDATE_HOLDER)
    assert (group.name, created) == ("Leernetwerk: mandaathouders", True)
    assert RoleGroup.objects.get(role="Mandaathouders").group == group
    assert ensure_role_group(Role.MANDATE_HOLDER) == (group, False)


def test_host_groups_with_our_names_push_the_new_group_to_the_first_free_number():
    role_group(Role.STUURGROEP).delete()
    Group.objects.create(name="Leernetwerk: stuurgroepleden")
    Group.objects.create(name="Leernetwerk: stuurgroepleden (2)")
    group = role_group(Role.STUURGROEP)
    assert group.name == "Leernetwerk: stuurgroepleden (3)"


def test_one_host_group_with_our_name_gives_number_two():
    role_group(Role.SESSION_ADMIN).delete()
    host = Group.objects.create(name="Leernetwerk: sessiebeheerders")
    group = role_group(Role.SESSION_ADMIN)
    assert group.name == "Leernetwerk: sessiebeheerders (2)"
    assert group != host


def test_every_role_has_its_group():
    groups = role_groups()
    assert {key: group.name for key, group in groups.items()} == {
        "Professionals": "Leernetwerk: professionals",
        "Managers": "Leernetwerk: managers",
        "Sessiebeheerders": "Leernetwerk: sessiebeheerders",
        "Stuurgroepleden": "Leernetwerk: stuurgroepleden",
        "Redacteuren": "Leernetwerk: redacteuren",
        "Mandaathouders": "Leernetwerk: mandaathouders",
        "Beleidsmedewerkers": "Leernetwerk: beleidsmedewerkers",
    }


def test_role_members_are_the_active_holders_each_once(make_user):
    anna = make_user(Role.MANAGER, username="anna")
    bram = make_user(Role.EDITOR, username="bram")
    both = make_user(Role.MANAGER, username="cor")
    both.groups.add(role_group(Role.EDITOR))
    make_user(Role.MANAGER, username="dirk", is_active=False)
    make_user(Role.PROFESSIONAL, username="eva")
    make_user(None, username="fien")

    managers = role_members(Role.MANAGER)
    assert sorted(user.username for user in managers) == ["anna", "cor"]
    either = role_members(Role.MANAGER, "Redacteuren")
    assert sorted(user.username for user in either) == ["anna", "bram", "cor"]
    assert {anna, bram, both} == set(either)


def test_granting_adds_what_a_group_lacks_and_says_how_many():
    manager_group = role_group(Role.MANAGER)
    editor_group = role_group(Role.EDITOR)
    manager_group.permissions.remove(
        *Permission.objects.filter(codename__in=["add_law", "change_law"])
    )
    editor_group.permissions.remove(*Permission.objects.filter(codename="view_law"))

    gained = grant_permissions(
        "leernetwerk_casework",
        {Role.MANAGER: ["add_law", "change_law", "view_law"], Role.EDITOR: iter(["view_law"])},
    )

    assert gained == {"Managers": 2, "Redacteuren": 1}
    assert set(
        manager_group.permissions.filter(codename__endswith="_law").values_list(
            "codename", flat=True
        )
    ) == {"add_law", "change_law", "view_law"}
    assert editor_group.permissions.filter(codename="view_law").exists()
    again = grant_permissions("leernetwerk_casework", {Role.MANAGER: ["add_law", "view_law"]})
    assert again == {"Managers": 0}


def test_granting_gives_the_permission_of_that_app_only():
    editor_group = role_group(Role.EDITOR)
    before = set(editor_group.permissions.values_list("pk", flat=True))
    grant_permissions("leernetwerk_casework", {Role.EDITOR: ["change_law"]})
    added = editor_group.permissions.exclude(pk__in=before)
    assert [(p.content_type.app_label, p.codename) for p in added] == [
        ("leernetwerk_casework", "change_law")
    ]


def test_granting_a_permission_that_does_not_exist_names_it():
    with pytest.raises(LookupError) as error:
        grant_permissions(
            "leernetwerk_casework", {Role.MANAGER: ["view_law", "fly_law", "add_unicorn"]}
        )
    assert str(error.value) == (
        "Unknown permissions for leernetwerk_casework: ['add_unicorn', 'fly_law']"
    )


def test_permissions_removed_since_migrate_are_made_again_before_granting():
    Permission.objects.filter(codename="view_knelpunttype").delete()
    editor_group = role_group(Role.EDITOR)
    gained = grant_permissions("leernetwerk_casework", {Role.EDITOR: ["view_knelpunttype"]})
    assert gained == {"Redacteuren": 1}
    assert editor_group.permissions.filter(codename="view_knelpunttype").exists()
