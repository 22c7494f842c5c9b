"""Settings profiles, migrations and the demo command."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from leernetwerk.casework.models import CasePage
from leernetwerk.learning.models import LearningSessionPage, LessonPage
from leernetwerk.patterns.models import Pattern

REPO = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "SECRET_KEY": "a-long-random-secret-key-for-the-deploy-check-0123456789abcdefghij",
    "ALLOWED_HOSTS": "leernetwerk.example.nl",
    "DATABASE_URL": "postgres://leernetwerk@127.0.0.1:5432/leernetwerk",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in PROD_ENV and not k.startswith("DJANGO")
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    result = _manage("check", "--settings=config.settings.production", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_deploy_check_is_clean():
    result = _manage("check", "--deploy", "--settings=config.settings.production", env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "WARNINGS" not in result.stderr + result.stdout
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_load_demo_is_idempotent_and_covers_every_role(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    counts = (
        CasePage.objects.count(),
        Pattern.objects.count(),
        LearningSessionPage.objects.count(),
        LessonPage.objects.count(),
    )
    call_command("load_demo", verbosity=0)
    assert counts == (
        CasePage.objects.count(),
        Pattern.objects.count(),
        LearningSessionPage.objects.count(),
        LessonPage.objects.count(),
    )
    assert counts[0] >= 5 and counts[3] >= 1
    # Patterns at the werktafel and up the ladder, each with its audit trail; a case the
    # network suggests for a pattern; sessions in the past and the future.
    assert set(Pattern.objects.values_list("table__order", flat=True)) == {2, 3}
    assert set(Pattern.objects.values_list("status", flat=True)) == {
        "signalled",
        "in_progress",
        "solved",
        "escalated",
        "decided",
    }
    assert all(pattern.events.exists() for pattern in Pattern.objects.all())
    from leernetwerk.patterns.models import CasePatternSuggestion

    assert CasePatternSuggestion.objects.filter(
        case__title__startswith="Ontruiming dreigt", pattern__title__startswith="Wachttijd"
    ).exists()
    from django.utils import timezone

    assert LearningSessionPage.objects.filter(starts_at__lt=timezone.now()).exists()
    assert LearningSessionPage.objects.filter(starts_at__gt=timezone.now()).exists()
    # Lessons: one drafted from the solved pattern and approved by the editor through the
    # workflow (with its provenance), others for the filters, one waiting for the editor.
    lesson = LessonPage.objects.get(slug="voorschot-bij-wachttijd-ww")
    assert lesson.live and lesson.pattern.title == "Voorschot bij wachttijd WW"
    assert lesson.provenance["cases"] >= 1 and lesson.provenance["decisions"]
    assert set(LessonPage.objects.live().values_list("order", flat=True)) >= {1, 2, 3}
    waiting = LessonPage.objects.get(live=False)
    assert waiting.current_workflow_state.status == "in_progress"
    from leernetwerk.kernel.roles import Role, role_members

    for role in Role.values:
        assert role_members(role).exists(), role


@pytest.mark.django_db
def test_demo_login_works_for_the_admin(client, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    response = client.post(
        "/admin/login/", {"username": "marieke", "password": "leernetwerk-demo", "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_load_demo_refuses_with_debug_off():
    with pytest.raises(CommandError, match="refused with DEBUG off"):
        call_command("load_demo", verbosity=0)
