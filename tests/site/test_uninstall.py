"""Uninstalling the plugin as the README says leaves nothing of the network behind, and the host
keeps working (ADR 0007).

A plain host (Wagtail's own welcome page, a ``wagtail start``-style search view) on a file SQLite
database: migrate, ``leernetwerk_setup``, some network content; then ``leernetwerk_uninstall
--yes``, ``migrate <label> zero`` for learning, patterns, casework and kernel, the plugin taken
out of the settings, and ``remove_stale_contenttypes --include-stale-apps``. Each step runs as an
operator runs it: ``manage.py`` in a process of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

HOST_SETTINGS = """
from config.settings.test import *  # noqa: F403

# A host of its own: Wagtail's welcome page is its home page (no demo home app).
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "home"]  # noqa: F405
for _engine in TEMPLATES:  # noqa: F405
    _engine["DIRS"] = []
    _engine["OPTIONS"]["context_processors"] = [
        p for p in _engine["OPTIONS"]["context_processors"] if not p.startswith("home.")
    ]
ROOT_URLCONF = "host_urls"
"""

#: The same host after the plugin's lines are taken out of its settings and URLs.
HOST_WITHOUT_PLUGIN = """
from host_settings import *  # noqa: F403

INSTALLED_APPS = [a for a in INSTALLED_APPS if not a.startswith("leernetwerk.")]  # noqa: F405
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("leernetwerk.")]  # noqa: F405
for _engine in TEMPLATES:  # noqa: F405
    _engine["OPTIONS"]["context_processors"] = [
        p for p in _engine["OPTIONS"]["context_processors"] if not p.startswith("leernetwerk.")
    ]
ROOT_URLCONF = "host_urls_without_plugin"
"""

HOST_URLS = """
from django.http import HttpResponse
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.models import Page


def search(request):  # the search view of Wagtail's project template, without its template
    query = request.GET.get("query", "")
    results = Page.objects.live().search(query) if query else Page.objects.none()
    return HttpResponse("\\n".join(["RESULTS"] + [page.title for page in results]))


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("search/", search),
    PLUGIN
    path("", include(wagtail_urls)),
]
"""

CONTENT = r"""
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from leernetwerk.casework.models import CaseIndexPage, CasePage
from leernetwerk.casework.services import comment_create
from leernetwerk.kernel.roles import Role, role_group
from leernetwerk.learning.models import (
    LearningSessionPage, LessonIndexPage, LessonPage, SessionIndexPage,
)
from leernetwerk.patterns.services import pattern_create

User = get_user_model()
host_editor = User.objects.create_user("host-editor", password="x")
host_editor.groups.add(Group.objects.create(name="Managers"))  # the host's own group
fatima = User.objects.create_user("fatima", password="x", first_name="Fatima")
fatima.groups.add(role_group(Role.PROFESSIONAL))
marieke = User.objects.create_user("marieke", password="x")
marieke.groups.add(role_group(Role.MANAGER))
eva = User.objects.create_user("eva", password="x")
eva.groups.add(role_group(Role.EDITOR))

case = CasePage(
    title="Huurschuld Zeldzaamwoord",
    slug="huurschuld",
    owner=fatima,
    situation="Een gezin met een huurschuld.",
    knelpunt="Zeldzaamwoord: regels sluiten niet aan.",
    consent_given=True,
)
CaseIndexPage.objects.get().add_child(instance=case)
case.tags.add("zeldzaamlabel")
case.save_revision(user=fatima).publish(user=fatima, skip_permission_checks=True)
case = CasePage.objects.get(pk=case.pk)
comment_create(case=case, author=marieke, body="Herkenbaar, Zeldzaamwoord.")
pattern = pattern_create(user=marieke, title="Zeldzaamwoord patroon", description="Keert terug.")
pattern.tags.add("zeldzaamlabel")

start = timezone.now() + timedelta(days=7)
session = LearningSessionPage(
    title="Leersessie Zeldzaamwoord", slug="sessie", level="uitvoering",
    starts_at=start, ends_at=start + timedelta(hours=2),
)
SessionIndexPage.objects.get().add_child(instance=session)
session.save_revision().publish(skip_permission_checks=True)
lesson = LessonPage(
    title="Les Zeldzaamwoord", slug="les", summary="Wat we leerden.",
    what_did_not_fit="Iets paste niet.", what_changed="Iets veranderde.", live=False,
)
LessonIndexPage.objects.get().add_child(instance=lesson)
lesson.save_revision(user=marieke)
lesson.get_workflow().start(lesson, marieke)  # waits for an editor
print("CONTENT OK", CasePage.objects.count(), LessonPage.objects.get().workflow_in_progress)
"""

CHECK = r"""
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, Revision, Workflow
from wagtail.search.models import IndexEntry

OURS = "leernetwerk"
tables = connection.introspection.table_names()
print("TABLES", sorted(t for t in tables if t.startswith(OURS)))
types = ContentType.objects.filter(app_label__startswith=OURS)
print("CONTENT_TYPES", sorted(types.values_list("app_label", "model")))
print("PERMISSIONS", Permission.objects.filter(content_type__app_label__startswith=OURS).count())
print("PAGES", sorted(Page.objects.values_list("title", flat=True)))
print("GROUPS", sorted(Group.objects.values_list("name", flat=True)))
print("WORKFLOWS", sorted(Workflow.objects.values_list("name", flat=True)))
print("TAGS", sorted(Tag.objects.values_list("name", flat=True)))
traces = [
    *Revision.objects.values_list("content", flat=True),
    *PageLogEntry.objects.values_list("label", flat=True),
    *IndexEntry.objects.values_list("title", flat=True),
]
print("TRACES", sum("Zeldzaamwoord" in str(trace) for trace in traces))
client = Client()
home = client.get("/")
print("HOME", home.status_code, "Welcome to your new Wagtail site" in home.content.decode())
found = client.get("/search/", {"query": "Zeldzaamwoord"})
print("SEARCH", found.status_code, found.content.decode().split("\n"))
print("CASE_URL", client.get("/casussen/huurschuld/").status_code)
"""


def _write_host(folder: Path) -> None:
    (folder / "host_settings.py").write_text(HOST_SETTINGS)
    (folder / "host_settings_without_plugin.py").write_text(HOST_WITHOUT_PLUGIN)
    (folder / "host_urls.py").write_text(
        HOST_URLS.replace("PLUGIN", 'path("", include("leernetwerk.urls")),')
    )
    (folder / "host_urls_without_plugin.py").write_text(HOST_URLS.replace("PLUGIN", ""))


def _manage(folder: Path, settings: str, *args: str, stdin: str | None = None) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DATABASE_URL": f"sqlite:///{folder / 'host.sqlite3'}",
        "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, str(REPO / "manage.py"), *args],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.mark.timeout(900)
def test_uninstall_leaves_nothing_of_the_network_and_the_host_keeps_working(tmp_path):
    _write_host(tmp_path)
    with_plugin, without = "host_settings", "host_settings_without_plugin"
    _manage(tmp_path, with_plugin, "migrate", "--noinput")
    _manage(tmp_path, with_plugin, "leernetwerk_setup")
    made = _manage(tmp_path, with_plugin, "shell", "--no-imports", "-c", textwrap.dedent(CONTENT))
    assert "CONTENT OK 1 True" in made

    # Without --yes it asks, and a "no" removes nothing.
    with pytest.raises(AssertionError, match="Nothing was removed"):
        _manage(tmp_path, with_plugin, "leernetwerk_uninstall", stdin="nee\n")
    removed = _manage(tmp_path, with_plugin, "leernetwerk_uninstall", "--yes")
    assert 'deleted  workflow "Lessen beoordelen"' in removed
    assert 'deleted  page "Casussen" (/home/casussen/) and 1 pages under it' in removed
    assert 'deleted  group "Leernetwerk: managers" (role Managers, 1 members)' in removed
    assert "deleted  1 tags only the network used" in removed
    order = [line.split()[-2] for line in removed.splitlines() if "migrate leernetwerk" in line]
    assert order == [
        "leernetwerk_learning",
        "leernetwerk_patterns",
        "leernetwerk_casework",
        "leernetwerk_kernel",
    ]
    for label in order:
        _manage(tmp_path, with_plugin, "migrate", label, "zero", "--noinput")
    _manage(tmp_path, without, "remove_stale_contenttypes", "--include-stale-apps", "--noinput")

    out = _manage(tmp_path, without, "shell", "--no-imports", "-c", textwrap.dedent(CHECK))
    lines = dict(line.split(" ", 1) for line in out.splitlines() if " " in line)
    assert lines["TABLES"] == "[]"
    assert lines["CONTENT_TYPES"] == "[]"
    assert lines["PERMISSIONS"] == "0"
    assert lines["PAGES"] == "['Root', 'Welcome to your new Wagtail site!']"
    assert lines["GROUPS"] == "['Editors', 'Managers', 'Moderators']"  # the host's own
    assert "Lessen beoordelen" not in lines["WORKFLOWS"]
    assert lines["TAGS"] == "[]"
    assert lines["TRACES"] == "0"
    assert lines["HOME"] == "200 True"
    assert lines["SEARCH"] == "200 ['RESULTS']"
    assert lines["CASE_URL"] == "404"
