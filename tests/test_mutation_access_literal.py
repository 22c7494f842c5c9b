"""Who is a network member and who holds which role (``leernetwerk.kernel.access``), as literal
scenarios the mutation run found unstated:

* a role makes a member; a superuser holds every role without a group; a deactivated account
  holds none, whatever its groups; a visitor holds none;
* asking for several roles asks for any of them;
* a members-only page sends a visitor to the login page (back to the very address, query
  included), refuses a user without a role, and serves a member — also when its own ``serve``
  is called without Wagtail's hook; its preview is for members only and it is in no sitemap.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from leernetwerk.kernel.access import has_role, is_network_member, user_roles
from leernetwerk.kernel.roles import Role, role_group

pytestmark = pytest.mark.django_db


def test_a_professional_holds_exactly_the_professional_role(make_user):
    professional = make_user(Role.PROFESSIONAL)
    assert user_roles(professional) == frozenset({"Professionals"})
    assert is_network_member(professional)
    assert has_role(professional, Role.PROFESSIONAL)
    assert has_role(professional, "Professionals")
    assert not has_role(professional, Role.MANAGER)
    assert not has_role(professional)


def test_asking_for_several_roles_asks_for_any_of_them(make_user):
    editor = make_user(Role.EDITOR)
    assert has_role(editor, Role.MANAGER, Role.EDITOR)
    assert has_role(editor, Role.EDITOR, Role.MANAGER)
    assert not has_role(editor, Role.MANAGER, Role.STUURGROEP)


def test_a_member_with_two_roles_holds_both(make_user):
    member = make_user(Role.SESSION_ADMIN)
    member.groups.add(role_group(Role.MANDATE_HOLDER))
    assert user_roles(member) == frozenset({"Sessiebeheerders", "Mandaathouders"})
    assert has_role(member, Role.MANDATE_HOLDER)
    assert has_role(member, Role.SESSION_ADMIN)


def test_a_superuser_holds_every_role_without_a_group(make_user):
    superuser = make_user(None, is_superuser=True)
    assert user_roles(superuser) == frozenset()
    assert is_network_member(superuser)
    for role in Role:
        assert has_role(superuser, role), role


def test_a_user_without_a_role_is_no_member(make_user):
    host_user = make_user(None)
    assert user_roles(host_user) == frozenset()
    assert not is_network_member(host_user)
    assert not has_role(host_user, Role.PROFESSIONAL)


@pytest.mark.parametrize("superuser", [False, True], ids=["manager", "superuser"])
def test_a_deactivated_account_holds_no_role(make_user, superuser):
    member = make_user(Role.MANAGER, is_superuser=superuser)
    member.is_active = False
    member.save()
    assert user_roles(member) == frozenset()
    assert not is_network_member(member)
    assert not has_role(member, Role.MANAGER)


def test_a_visitor_holds_no_role():
    visitor = AnonymousUser()
    assert user_roles(visitor) == frozenset()
    assert not is_network_member(visitor)
    assert not has_role(visitor, Role.PROFESSIONAL)


def test_the_roles_are_read_once_per_user_object(
    make_user, django_assert_max_num_queries, django_assert_num_queries
):
    """Read once with the member's other header facts (kernel.member_cache; no cache in the
    test settings), then kept on the user object."""
    manager = make_user(Role.MANAGER)
    with django_assert_max_num_queries(5):
        assert user_roles(manager) == frozenset({"Managers"})
    with django_assert_num_queries(0):
        assert user_roles(manager) == frozenset({"Managers"})
        assert has_role(manager, Role.MANAGER)


# --- members-only pages ------------------------------------------------------------------------


def test_a_visitor_is_sent_to_log_in_and_back_to_the_same_address(client, make_case):
    case = make_case(title="Wachttijd schuldhulp")
    response = client.get(f"{case.url}?tab=reacties")
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={case.url}%3Ftab%3Dreacties"


def test_a_user_without_a_role_is_refused_and_a_member_reads_the_case(client, make_case, make_user):
    case = make_case(title="Wachttijd schuldhulp")
    client.force_login(make_user(None))
    assert client.get(case.url).status_code == 403
    client.force_login(make_user(Role.PROFESSIONAL))
    response = client.get(case.url)
    assert response.status_code == 200
    assert "Wachttijd schuldhulp" in response.content.decode()


def _request(user, path="/casussen/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_the_page_itself_refuses_without_wagtails_hook(make_case, make_user):
    """``serve`` holds on its own (the hook is the first wall, not the only one)."""
    case = make_case(title="Wachttijd schuldhulp")
    visitor = case.serve(_request(AnonymousUser(), case.url))
    assert visitor.status_code == 302
    assert visitor["Location"] == f"/accounts/login/?next={case.url}"
    with pytest.raises(PermissionDenied):
        case.serve(_request(make_user(None), case.url))
    served = case.serve(_request(make_user(Role.PROFESSIONAL), case.url))
    assert served.status_code == 200


def test_the_preview_is_for_members_only(make_case, make_user):
    case = make_case(title="Wachttijd schuldhulp")
    with pytest.raises(PermissionDenied):
        case.serve_preview(_request(make_user(None)), case.default_preview_mode)
    with pytest.raises(PermissionDenied):
        case.serve_preview(_request(AnonymousUser()), case.default_preview_mode)
    preview = case.serve_preview(_request(make_user(Role.PROFESSIONAL)), case.default_preview_mode)
    assert preview.status_code == 200


def test_a_case_and_the_cases_index_are_in_no_sitemap(make_case, network):
    case = make_case(title="Wachttijd schuldhulp")
    assert case.get_sitemap_urls() == []
    assert case.get_sitemap_urls(_request(AnonymousUser())) == []
    assert network["cases"].get_sitemap_urls() == []
