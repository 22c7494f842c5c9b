"""Shared fixtures: the network's page tree and members of every role."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model
from pytest_django.plugin import blocking_manager_key

from leernetwerk.kernel.roles import Role, role_group

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


def _build_network() -> None:
    """The demo host's home page, then what ``manage.py leernetwerk_setup`` makes (the same
    code): groups, permissions, vocabularies, tables, index pages."""
    from home.structure import ensure_demo_site
    from leernetwerk.kernel.setup import run_setup

    ensure_demo_site()
    run_setup()


def _network_present() -> bool:
    from leernetwerk.casework.models import CaseIndexPage

    return CaseIndexPage.objects.exists()


def _uses_database(item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        {"db", "transactional_db"} & set(getattr(item, "fixturenames", ()))
    )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The network is built once per test database and committed: each test starts inside a
    transaction on top of it (rolled back after the test) instead of building it again."""
    with django_db_blocker.unblock():
        _build_network()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A transactional test ends with a flush of the database: the network is built again,
    once and committed, for the tests after it."""
    result = yield
    if nextitem is not None and _uses_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            if not _network_present():
                _build_network()
    return result


@pytest.fixture
def network(db):
    """The network's index pages (built once per database, see ``django_db_setup``; built
    again inside a test that starts on a flushed database)."""
    from leernetwerk.casework.models import CaseIndexPage
    from leernetwerk.learning.models import LessonIndexPage, SessionIndexPage
    from leernetwerk.patterns.models import PatternBoardPage

    if not _network_present():
        _build_network()
    return {
        "cases": CaseIndexPage.objects.get(),
        "board": PatternBoardPage.objects.get(),
        "sessions": SessionIndexPage.objects.get(),
        "lessons": LessonIndexPage.objects.get(),
    }


@pytest.fixture(autouse=True)
def _page_tree_for_database_tests(request):
    """Every database test starts with the network's page tree, even after an earlier
    transactional test flushed the database."""
    if _uses_database(request.node):
        request.getfixturevalue("network")


@pytest.fixture
def make_user(db):
    """``make_user(role=Role.PROFESSIONAL)`` -> a user holding ``role`` (None: no role at all)."""

    def make(role: Role | None = Role.PROFESSIONAL, **fields):
        n = next(_counter)
        username = fields.pop("username", f"user{n}")
        user = get_user_model().objects.create_user(
            username=username,
            password=PASSWORD,
            email=fields.pop("email", f"{username}@example.test"),
            first_name=fields.pop("first_name", "Test"),
            last_name=fields.pop("last_name", f"Lid {n}"),
            **fields,
        )
        if role is not None:
            user.groups.add(role_group(role))
        return user

    return make


@pytest.fixture
def real_cache(settings):
    """A local-memory cache instead of the test settings' dummy one: what is cached is read
    back, so a test sees whether the event that should drop it does."""
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"leernetwerk-test-{next(_counter)}",
        }
    }
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def redis_url():
    """A throwaway redis-server on 127.0.0.1 for this test."""
    import shutil

    from tests.servers import redis_server

    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (./dev.sh test installs it from Debian as root)")
    with redis_server() as url:
        yield url


@pytest.fixture
def redis_layer(redis_url, settings):
    """This process publishes through Redis (as the production profile does)."""
    from channels.layers import channel_layers

    from leernetwerk.kernel.conf import redis_channel_layer

    # The same layer as the Daphne processes the tests start (config.settings.test, REDIS_URL).
    settings.CHANNEL_LAYERS = redis_channel_layer(redis_url)
    channel_layers.backends.clear()
    yield redis_url
    channel_layers.backends.clear()


@pytest.fixture
def make_case(network, make_user):
    """``make_case(owner=..., **fields)`` -> a live case under the cases index (with a revision)."""
    from leernetwerk.casework.models import CasePage

    def make(owner=None, *, live: bool = True, **fields):
        n = next(_counter)
        values = {
            "title": f"Casus {n}",
            "slug": f"casus-{n}",
            "situation": "Een huishouden loopt vast tussen twee regelingen.",
            "knelpunt": "De regels sluiten niet op elkaar aan.",
            "consent_given": True,
            **fields,
        }
        m2m = {
            key: values.pop(key)
            for key in ("life_domains", "laws", "organisations", "tags")
            if key in values
        }
        page = CasePage(owner=owner or make_user(), live=live, **values)
        network["cases"].add_child(instance=page)
        for key, items in m2m.items():
            getattr(page, key).set(items)
        revision = page.save_revision(user=page.owner)
        if live:
            revision.publish(user=page.owner, skip_permission_checks=True)
        return CasePage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def professional(make_user):
    return make_user(Role.PROFESSIONAL)


@pytest.fixture
def manager(make_user):
    return make_user(Role.MANAGER)
