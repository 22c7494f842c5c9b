"""A database of Leernetwerk 0.1 (top-level apps ``casework``, ``patterns``, ``learning``) is
taken over by 0.2's migrations with every row kept (ADR 0006).

The fixture is 0.1's demo database (its ``load_demo``), dumped as SQL. The upgrade runs the way an
operator runs it: ``manage.py migrate`` and ``manage.py leernetwerk_setup`` in a process of its own.
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DUMP = REPO / "tests" / "data" / "leernetwerk-0.1-demo.sql.gz"

CHECK = r"""
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from wagtail.models import Page

from leernetwerk.casework.models import CasePage, Comment, Recognition
from leernetwerk.kernel.models import Notification
from leernetwerk.learning.models import LearningSessionPage, LessonPage, SessionAction
from leernetwerk.patterns.models import Pattern, PatternEvent

counts = {
    "cases": CasePage.objects.count(),
    "comments": Comment.objects.count(),
    "recognitions": Recognition.objects.count(),
    "patterns": Pattern.objects.count(),
    "pattern events": PatternEvent.objects.count(),
    "sessions": LearningSessionPage.objects.count(),
    "actions": SessionAction.objects.count(),
    "lessons": LessonPage.objects.count(),
    "users": get_user_model().objects.count(),
    "notifications": Notification.objects.count(),
}
print("COUNTS", sorted(counts.items()))
tables = connection.introspection.table_names()
OLD = {"casework", "patterns", "learning"}
print("OLD TABLES", sorted(t for t in tables if t.split("_")[0] in OLD))
print("OLD LABELS", sorted(set(ContentType.objects.filter(
    app_label__in=["casework", "patterns", "learning"]).values_list("app_label", flat=True))))
print("OLD RECORDS", MigrationRecorder.Migration.objects.filter(
    app__in=["casework", "patterns", "learning"]).count())
print("SPECIFIC", sorted({type(p.specific).__name__ for p in Page.objects.all()}))
case = CasePage.objects.get(title="Huurachterstand na verlies van werk")
print("CASE LAWS", sorted(map(str, case.laws.all())), sorted(t.name for t in case.tags.all()))
client = Client()
client.force_login(get_user_model().objects.get(username="fatima"))
response = client.get(case.url)
print("FATIMA CASE", response.status_code, case.title in response.content.decode())
pattern = Pattern.objects.order_by("pk").first()
print("FATIMA BOARD", client.get(Page.objects.get(slug="patronen").url).status_code)
anonymous = Client().get(case.url)
print("ANONYMOUS CASE", anonymous.status_code)
from leernetwerk.kernel.models import RoleGroup
print("ROLE GROUPS", sorted(RoleGroup.objects.values_list("role", "group__name")))
"""


@pytest.fixture
def legacy_database(tmp_path):
    path = tmp_path / "leernetwerk-0.1.sqlite3"
    with gzip.open(DUMP, "rt", encoding="utf-8") as dump:
        script = dump.read()
    with sqlite3.connect(path) as db:
        db.executescript(script)
    return path


def _manage(database: Path, *args: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(REPO / "manage.py"), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_0_1_database_is_taken_over_with_every_row(legacy_database):
    migrated = _manage(legacy_database, "migrate", "--noinput")
    assert "leernetwerk_casework.0001_initial... OK" in migrated
    set_up = _manage(legacy_database, "leernetwerk_setup")
    assert 'found    group "Managers" for the role Managers' in set_up
    assert "cases removed from the search index" in set_up
    out = _manage(legacy_database, "shell", "--no-imports", "-c", CHECK)
    lines = dict(line.split(" ", 1) if " " in line else (line, "") for line in out.splitlines())
    # Literal counts of 0.1's demo database (made by its load_demo).
    assert "('cases', 14)" in out and "('comments', 47)" in out
    assert "('recognitions', 43)" in out and "('patterns', 4)" in out
    assert "('pattern events', 14)" in out and "('sessions', 12)" in out
    assert "('actions', 2)" in out and "('lessons', 4)" in out
    assert "('users', 10)" in out and "('notifications', 121)" in out
    # Nothing of 0.1's names is left: no tables, content types or migration records.
    assert "OLD TABLES []" in out
    assert "OLD LABELS []" in out
    assert "OLD RECORDS 0" in out
    assert "CasePage" in lines["SPECIFIC"] and "LessonPage" in lines["SPECIFIC"]
    assert "Participatiewet" in lines["CASE"] and "huurachterstand" in lines["CASE"]
    # A 0.1 professional is still a member: the case opens for her, not for anonymous.
    assert "FATIMA CASE 200 True" in out
    assert "FATIMA BOARD 200" in out
    assert "ANONYMOUS CASE 302" in out
    # 0.1's groups (named after the roles) carry the roles now; setup made no second set. A
    # role 0.1 did not have (policy officers, issue #21) gets the plugin's own group.
    assert lines["ROLE"] == "GROUPS " + str(
        [
            ("Beleidsmedewerkers", "Leernetwerk: beleidsmedewerkers"),
            ("Managers", "Managers"),
            ("Mandaathouders", "Mandaathouders"),
            ("Professionals", "Professionals"),
            ("Redacteuren", "Redacteuren"),
            ("Sessiebeheerders", "Sessiebeheerders"),
            ("Stuurgroepleden", "Stuurgroepleden"),
        ]
    )


def test_migrating_twice_changes_nothing(legacy_database):
    _manage(legacy_database, "migrate", "--noinput")
    again = _manage(legacy_database, "migrate", "--noinput")
    assert "No migrations to apply." in again
