"""The register of written agreements (issue #21): versions, a readable diff, adopting, and the
link from a table's decision to the version it changed, both ways, up to the public lesson and
the dashboard. Every scenario is literal."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.kernel.roles import Role
from leernetwerk.patterns import register
from leernetwerk.patterns import services as pattern_services
from leernetwerk.patterns.models import (
    Decision,
    LearningTable,
    Pattern,
    PatternCase,
    PolicyDocument,
    PolicyVersion,
)
from tests.toets import TABLE_TOETS

pytestmark = pytest.mark.django_db

V2 = (
    "<p>De schuldhulp plant binnen drie weken een intake.</p>"
    "<p>Schuldhulp en wijkteam overleggen eens per kwartaal.</p>"
)
V3_TEXT = (
    "De schuldhulp plant binnen twee weken een intake.\n"
    "Schuldhulp en wijkteam delen vroegsignalen met toestemming van de inwoner.\n"
    "Schuldhulp en wijkteam overleggen eens per maand."
)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def document():
    document = PolicyDocument.objects.create(
        title="Werkafspraken schuldhulp–wijkteam", kind="werkafspraken"
    )
    PolicyVersion.objects.create(
        document=document, number=1, text="<p>Oud.</p>", status="vervallen"
    )
    PolicyVersion.objects.create(
        document=document,
        number=2,
        text=V2,
        status="vigerend",
        effective_date=timezone.localdate(),
        adopted_at=timezone.now(),
    )
    return document


def _draft(document, user):
    return register.version_draft(
        document=document, user=user, text=V3_TEXT, change_summary="Vroegsignalen delen"
    )


def test_a_manager_drafts_the_next_version_as_a_concept(document, manager, make_user):
    version = _draft(document, manager)
    assert (version.number, version.status, version.created_by) == (3, "concept", manager)
    assert version.text == (
        "<p>De schuldhulp plant binnen twee weken een intake.</p>"
        "<p>Schuldhulp en wijkteam delen vroegsignalen met toestemming van de inwoner.</p>"
        "<p>Schuldhulp en wijkteam overleggen eens per maand.</p>"
    )
    with pytest.raises(PermissionDenied):
        _draft(document, make_user(Role.PROFESSIONAL))
    with pytest.raises(ValidationError) as error:
        register.version_draft(document=document, user=manager, text=" ", change_summary="")
    assert error.value.message_dict == {
        "text": ["Schrijf de tekst van de nieuwe versie."],
        "change_summary": ["Zeg in één zin wat deze versie verandert."],
    }
    with pytest.raises(ValidationError) as error:
        register.version_draft(
            document=document,
            user=manager,
            text="Bel mevrouw op 06-12345678",
            change_summary="Contact",
        )
    assert "text" in error.value.message_dict
    assert document.versions.count() == 3


def test_adopting_makes_it_vigerend_and_the_old_one_lapses(document, manager):
    version = _draft(document, manager)
    register.version_adopt(version=version, user=manager)
    statuses = dict(document.versions.values_list("number", "status"))
    assert statuses == {1: "vervallen", 2: "vervallen", 3: "vigerend"}
    version.refresh_from_db()
    assert version.adopted_at is not None and version.effective_date == timezone.localdate()
    with pytest.raises(ValidationError):
        register.version_adopt(version=version, user=manager)


def test_the_diff_reads_word_by_word(document, manager):
    version = _draft(document, manager)
    previous = register.previous_version(version)
    assert previous.number == 2
    changes = [(c.op, c.text, c.breaks) for c in register.version_diff(previous, version)]
    assert changes == [
        ("equal", "De schuldhulp plant binnen", False),
        ("delete", "drie", False),
        ("insert", "twee", False),
        ("equal", "weken een intake.", True),
        ("equal", "Schuldhulp en wijkteam", False),
        ("insert", "delen vroegsignalen met toestemming van de inwoner.", True),
        ("insert", "Schuldhulp en wijkteam", False),
        ("equal", "overleggen eens per", False),
        ("delete", "kwartaal.", False),
        ("insert", "maand.", False),
    ]


def test_a_decision_points_at_the_version_and_the_version_shows_the_decision(
    client, document, manager, make_case
):
    version = _draft(document, manager)
    pattern = Pattern.objects.create(
        title="Schuldhulp en wijkteam delen geen signalen",
        description="Het wijkteam hoort te laat van achterstanden.",
        table=LearningTable.objects.get(name="Ambtelijke stuurgroep"),
        status="in_progress",
    )
    PatternCase.objects.create(pattern=pattern, case=make_case())
    pattern_services.pattern_transition(
        pattern=pattern,
        user=manager,
        action="decide",
        text="Vroegsignalen delen met toestemming.",
        toets=TABLE_TOETS,
        policy_version=version,
    )
    assert Decision.objects.get().policy_version == version
    client.force_login(manager)
    page = client.get(pattern.get_absolute_url()).content.decode()
    assert "Verandert: <a href=" in page and "Werkafspraken schuldhulp–wijkteam, versie 3" in page
    version_page = client.get(version.get_absolute_url()).content.decode()
    assert "Schuldhulp en wijkteam delen geen signalen" in version_page
    assert "omgekeerde toets: Go" in version_page
    assert "<del>drie</del>" in version_page and "<ins>twee</ins>" in version_page
    # The lesson drafted from the pattern names the agreement (never the cases).
    from leernetwerk.learning.lessons.services import lesson_draft_from_pattern

    lesson, _created = lesson_draft_from_pattern(pattern=pattern, user=manager)
    assert lesson.policy_version == version
    lesson.save_revision().publish(skip_permission_checks=True)
    client.logout()
    public = client.get(lesson.url).content.decode()
    assert "Werkafspraken schuldhulp–wijkteam, versie 3" in public


def test_the_draft_form_starts_from_the_newest_text(client, document, manager, make_user):
    url = reverse("leernetwerk_patterns:register_draft", args=[document.pk])
    client.force_login(manager)
    form = client.get(url).content.decode()
    assert "De schuldhulp plant binnen drie weken een intake.\nSchuldhulp en wijkteam" in form
    bad = client.post(url, {"text": "", "change_summary": ""})
    assert bad.status_code == 200 and "Dit is een verplicht veld." in bad.content.decode()
    response = client.post(url, {"text": V3_TEXT, "change_summary": "Vroegsignalen delen"})
    version = document.versions.get(number=3)
    assert response.status_code == 302 and response.url == version.get_absolute_url()
    adopt = reverse("leernetwerk_patterns:register_adopt", args=[version.pk])
    client.post(adopt, {"effective_date": "2027-01-01"})
    version.refresh_from_db()
    assert version.status == "vigerend" and str(version.effective_date) == "2027-01-01"
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(url).status_code == 403
    index = client.get(reverse("leernetwerk_patterns:register")).content.decode()
    assert "Vigerend: versie 3, geldig vanaf 1 januari 2027" in index


def test_the_dashboard_counts_changed_agreements_and_the_time_from_the_first_signal(
    document, manager, make_case
):
    from leernetwerk.learning.dashboard.figures import network_figure

    version = _draft(document, manager)
    pattern = Pattern.objects.create(
        title="Signalen",
        description="Te laat.",
        table=LearningTable.objects.get(name="Werktafel"),
        status="in_progress",
    )
    Pattern.objects.filter(pk=pattern.pk).update(
        created_at=timezone.make_aware(datetime(2026, 1, 10, 12, 0))
    )
    Decision.objects.create(
        pattern=pattern,
        table=pattern.table,
        action="solve",
        text="Delen",
        policy_version=version,
    )
    register.version_adopt(version=version, user=manager)
    PolicyVersion.objects.filter(pk=version.pk).update(
        adopted_at=timezone.make_aware(datetime(2026, 3, 1, 12, 0))
    )
    PolicyVersion.objects.filter(number=2).update(
        adopted_at=timezone.make_aware(datetime(2026, 2, 3, 12, 0))
    )
    figure = network_figure("afspraken", period="alles")
    assert figure.extra == {"changed": 2, "median": 50.0}
    assert ["2026 K1", 2] in figure.rows


def test_the_register_is_kept_in_the_admin_with_filters_and_a_safe_export(
    client, document, make_user
):
    import csv
    import io

    formula = "=1+1"
    PolicyDocument.objects.create(title=formula, kind="convenant")
    client.force_login(make_user(Role.MANAGER))
    url = "/admin/snippets/leernetwerk_patterns/policydocument/"
    listing = client.get(url, {"kind": "werkafspraken"})
    assert listing.status_code == 200
    assert "Werkafspraken schuldhulp–wijkteam" in listing.content.decode()
    response = client.get(url, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'=1+1" in cells and "=1+1" not in cells
    versions = "/admin/snippets/leernetwerk_patterns/policyversion/"
    assert client.get(versions, {"status": "vigerend"}).status_code == 200
    version = document.versions.get(number=2)
    edit = client.get(f"{versions}edit/{version.pk}/").content.decode()
    # The signed document is chosen with Wagtail's document chooser.
    assert "wagtail.documents.widgets.DocumentChooser" in edit
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(url).status_code in (302, 403)
