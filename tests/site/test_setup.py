"""``manage.py leernetwerk_setup``: roles carried by linked groups (never a host's group by its
name), the second wall around cases, and cases kept out of every search (ADR 0007)."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, PageViewRestriction, Site

from leernetwerk.kernel.access import has_role, is_network_member, user_roles
from leernetwerk.kernel.models import RoleGroup
from leernetwerk.kernel.roles import MEMBER_ROLES, Role, role_group, role_members

pytestmark = pytest.mark.django_db


def _setup(*args) -> list[str]:
    out = StringIO()
    call_command("leernetwerk_setup", *args, stdout=out)
    return out.getvalue().splitlines()


def test_setup_reports_each_thing_and_changes_nothing_the_second_time():
    lines = _setup()
    assert 'found    group "Leernetwerk: managers" for the role Managers' in lines
    assert any(line.startswith('found    page "Casussen"') for line in lines)
    assert 'found    workflow "Lessen beoordelen"' in lines
    assert not [line for line in lines[:-1] if not line.startswith("found")]
    assert lines[-1] == "Leernetwerk is set up (0 created or changed)."


def test_setup_puts_missing_index_pages_under_the_given_parent(network):
    network["lessons"].delete()
    home = Page.objects.get(slug="home")
    other = home.add_child(instance=Page(title="Kennisbank", slug="kennisbank"))
    lines = _setup("--parent", str(other.pk))
    assert 'created  page "Geleerde lessen" (LessonIndexPage, /home/kennisbank/lessen/)' in lines
    assert any('created  workflow "Lessen beoordelen" on "Geleerde lessen"' in x for x in lines)


def test_setup_without_a_site_stops_with_a_message():
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="no Wagtail site"):
        _setup()
    with pytest.raises(CommandError, match="no page with id 999999"):
        _setup("--parent", "999999")


def test_a_host_group_named_like_a_role_gains_nothing(client, make_user):
    """0.1 named its groups "Managers" etc.; a host group of that name is not ours."""
    host_group = Group.objects.create(name="Managers")
    host_member = make_user(None)
    host_member.groups.add(host_group)
    _setup()
    assert not RoleGroup.objects.filter(group=host_group).exists()
    assert user_roles(host_member) == frozenset()
    assert not is_network_member(host_member)
    assert host_member not in role_members(Role.MANAGER)
    client.force_login(host_member)
    assert client.get("/casussen/").status_code == 403
    assert client.get("/patronen/").status_code == 403


def test_a_host_group_with_our_name_is_not_taken_either(make_user):
    """A missing role group is made again under a free name: never by adopting a host's."""
    role_group(Role.MANAGER).delete()
    host_group = Group.objects.create(name="Leernetwerk: managers")
    lines = _setup()
    assert 'created  group "Leernetwerk: managers (2)" for the role Managers' in lines
    ours = role_group(Role.MANAGER)
    assert ours.name == "Leernetwerk: managers (2)" and ours != host_group
    assert ours.permissions.filter(codename="change_pattern").exists()
    assert not host_group.permissions.exists()


def test_roles_follow_the_link_not_the_name(make_user):
    group = role_group(Role.EDITOR)
    group.name = "Redactie lessen"
    group.save()
    editor = make_user(Role.EDITOR)
    assert has_role(editor, Role.EDITOR) and not has_role(editor, Role.MANAGER)


def test_roles_are_read_once_per_request(
    make_user, django_assert_max_num_queries, django_assert_num_queries
):
    """Without a cache (the test settings) the member's facts are read once per request (kept
    on the user); tests/test_member_cache.py shows the cache making it none."""
    user = make_user(Role.MANAGER)
    with django_assert_max_num_queries(5):
        assert has_role(user, Role.MANAGER)
    with django_assert_num_queries(0):
        assert is_network_member(user)
        assert not has_role(user, Role.EDITOR)


def test_the_cases_index_and_board_carry_a_view_restriction_to_the_role_groups(network):
    groups = {role_group(role) for role in MEMBER_ROLES}
    for page in (network["cases"], network["board"]):
        restriction = PageViewRestriction.objects.get(page=page)
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        assert set(restriction.groups.all()) == groups
    assert not PageViewRestriction.objects.filter(page=network["lessons"]).exists()


def test_wagtail_itself_refuses_cases_without_the_plugins_own_checks(
    client, make_case, make_user, monkeypatch
):
    """The second wall: with the plugin's serve checks gone (as when its code is absent),
    Wagtail's view restriction still sends anonymous visitors and non-members to log in."""
    from leernetwerk.kernel import access, wagtail_hooks

    monkeypatch.setattr(access, "members_only_response", lambda request: None)
    monkeypatch.setattr(wagtail_hooks, "members_only_response", lambda request: None)
    case = make_case(title="Huurschuld na scheiding")
    for user in (None, make_user(None)):
        if user is not None:
            client.force_login(user)
        for url in (case.url, "/casussen/", "/patronen/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert "/login/" in response["Location"]
            assert "Huurschuld" not in response.content.decode()
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(case.url).status_code == 200


def test_the_hosts_own_search_finds_no_case(make_case, network):
    """A ``wagtail start`` site's search view runs ``Page.objects.live().search(query)`` for
    anyone: a case title or text must never come out of it."""
    make_case(title="Kwijtscheldingsdrempel casus", situation="Kwijtscheldingsdrempel knelt.")
    home = Page.objects.get(slug="home")
    home.add_child(instance=Page(title="Kwijtscheldingsdrempel uitgelegd", slug="uitleg"))

    def host_search(query):  # the view of wagtail's project template, search/views.py
        return [page.title for page in Page.objects.live().search(query)]

    assert host_search("Kwijtscheldingsdrempel") == ["Kwijtscheldingsdrempel uitgelegd"]
    assert host_search("knelt") == []


def test_setup_takes_cases_indexed_before_out_of_the_search_index(make_case):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from leernetwerk.casework.models import CasePage

    case = make_case(title="Oud geindexeerd")
    # As 0.1 left it: an entry of the case (a copy of another page's, whatever the backend).
    entry = IndexEntry.objects.first()
    entry.pk = None
    entry.content_type = ContentType.objects.get_for_model(CasePage)
    entry.object_id = str(case.pk)
    entry.save()
    assert "changed  1 cases removed from the search index" in _setup()
    assert not IndexEntry.objects.filter(content_type=entry.content_type).exists()
