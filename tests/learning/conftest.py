"""Fixtures of the learning tests: sessions of each level, at given times."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from leernetwerk.kernel.roles import Role
from leernetwerk.learning.models import LearningSessionPage

_n = itertools.count(1)


@pytest.fixture
def make_session(network):
    """``make_session(level="uitvoering", starts_at=..., live=True, **fields)``."""

    def make(level="uitvoering", *, starts_at: datetime | None = None, live=True, **fields):
        n = next(_n)
        starts_at = starts_at or timezone.now() + timedelta(days=7)
        page = LearningSessionPage(
            title=fields.pop("title", f"Leersessie {n}"),
            slug=f"sessie-{n}",
            level=level,
            starts_at=starts_at,
            ends_at=fields.pop("ends_at", starts_at + timedelta(hours=2)),
            live=live,
            **fields,
        )
        network["sessions"].add_child(instance=page)
        revision = page.save_revision()
        if live:
            revision.publish(skip_permission_checks=True)
        return LearningSessionPage.objects.get(pk=page.pk)

    return make


@pytest.fixture
def admin(make_user):
    return make_user(Role.SESSION_ADMIN, first_name="Sander", last_name="Beheer")
