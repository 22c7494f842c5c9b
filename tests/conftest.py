"""Shared fixtures: the network's page tree and members of every role."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model

from leernetwerk.kernel.roles import Role, role_group

PASSWORD = "correct-horse-battery"
_counter = itertools.count(1)


@pytest.fixture
def network(db):
    """The demo host's home page, then what ``manage.py leernetwerk_setup`` makes (the same
    code): groups, permissions, vocabularies, tables, index pages (recreated after a flush)."""
    from home.structure import ensure_demo_site
    from leernetwerk.kernel.setup import run_setup

    ensure_demo_site()
    run_setup()
    from leernetwerk.casework.models import CaseIndexPage
    from leernetwerk.learning.models import LessonIndexPage, SessionIndexPage
    from leernetwerk.patterns.models import PatternBoardPage

    return {
        "cases": CaseIndexPage.objects.get(),
        "board": PatternBoardPage.objects.get(),
        "sessions": SessionIndexPage.objects.get(),
        "lessons": LessonIndexPage.objects.get(),
    }


@pytest.fixture(autouse=True)
def _page_tree_for_database_tests(request):
    """Every database test starts with the migrated page tree, even after an earlier
    transactional test flushed the database."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    ):
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
