"""The header of every page comes from the cache (issue #19), and every change a member would
notice shows on their next page: a role taken away, a name changed, a new or read notification,
a suggestion dealt with, admin access granted, a menu page unpublished, a session ended.

These tests run with a real (local-memory) cache: with the test settings' dummy cache every read
is a database read and a forgotten invalidation would go unnoticed."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.notifications import notification_mark_read, notification_send
from leernetwerk.kernel.roles import Role, role_group

pytestmark = pytest.mark.django_db


def _bell(response) -> int:
    found = re.search(r'id="notification-count">(\d+)<', response.content.decode())
    assert found, "the page has no notification count"
    return int(found.group(1))


def _menu(response) -> str:
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


@pytest.fixture
def member(make_user, network, real_cache):
    return make_user(Role.PROFESSIONAL, first_name="Noor", last_name="Visser")


@pytest.fixture
def browser(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def test_roles_are_read_once_and_then_come_from_the_cache(
    member, django_assert_max_num_queries, django_assert_num_queries
):
    with django_assert_max_num_queries(5):  # roles, admin access, authenticator, name
        assert has_role(member, Role.PROFESSIONAL)
    again = get_user_model().objects.get(pk=member.pk)  # the next request's user
    with django_assert_num_queries(0):
        assert has_role(again, Role.PROFESSIONAL)
        assert is_network_member(again)
        assert not has_role(again, Role.MANAGER)


def test_a_role_taken_away_counts_on_the_next_page(member, browser):
    assert browser.get("/casussen/").status_code == 200
    member.groups.remove(role_group(Role.PROFESSIONAL))
    response = browser.get("/casussen/")
    assert response.status_code in (302, 403)
    assert browser.get("/").status_code == 200
    assert "Casussen" not in _menu(browser.get("/"))


def test_a_role_given_opens_its_work_area_on_the_next_page(member, browser):
    assert "Doorbraken" not in _menu(browser.get("/"))
    member.groups.add(role_group(Role.MANDATE_HOLDER))
    assert "Doorbraken" in _menu(browser.get("/"))


def test_a_changed_name_shows_in_the_header_at_once(member, browser):
    assert "Noor Visser" in _menu(browser.get("/"))
    member.first_name = "Noortje"
    member.save()
    header = _menu(browser.get("/"))
    assert "Noortje Visser" in header and "Noor Visser" not in header


def test_admin_access_given_to_a_group_shows_the_admin_link(
    member, browser, django_capture_on_commit_callbacks
):
    assert 'href="/admin/"' not in _menu(browser.get("/"))
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    with django_capture_on_commit_callbacks(execute=True):
        role_group(Role.PROFESSIONAL).permissions.add(access)
    assert 'href="/admin/"' in _menu(browser.get("/"))
    with django_capture_on_commit_callbacks(execute=True):
        role_group(Role.PROFESSIONAL).permissions.remove(access)
    assert 'href="/admin/"' not in _menu(browser.get("/"))


def test_the_bell_counts_a_new_and_a_read_notification_at_once(
    member, browser, django_capture_on_commit_callbacks
):
    assert _bell(browser.get("/casussen/")) == 0
    with django_capture_on_commit_callbacks(execute=True):
        (first,) = notification_send(users=[member], kind="case.comment", title="Nieuwe reactie")
        notification_send(users=[member], kind="case.comment", title="Nog een reactie")
    assert _bell(browser.get("/casussen/")) == 2
    assert _bell(browser.get("/lessen/")) == 2  # read from the cache, still right
    with django_capture_on_commit_callbacks(execute=True):
        notification_mark_read(notification=first, user=member)
    assert _bell(browser.get("/casussen/")) == 1


def test_a_menu_page_taken_offline_leaves_the_menu(network, browser):
    assert 'href="/lessen/"' in _menu(browser.get("/"))
    network["lessons"].unpublish()
    assert 'href="/lessen/"' not in _menu(browser.get("/"))
    network["lessons"].save_revision().publish()
    assert 'href="/lessen/"' in _menu(browser.get("/"))


def test_ending_a_members_sessions_ends_a_cached_session(member, settings):
    from leernetwerk.kernel.members.services import end_sessions

    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    client = Client()
    client.force_login(member)
    assert client.get("/casussen/").status_code == 200
    assert end_sessions(member) == 1
    response = client.get("/casussen/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
