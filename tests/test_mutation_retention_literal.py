"""Retention (AVG), the scenarios the mutation run of ``cases_apply_retention`` found unstated:

* ``apply_case_retention --delete`` removes every expired case and says how many;
* what the case's author was told about a removed case names "een verwijderde casus" and keeps
  none of its text — also a notification that links into the case without naming it;
* the date retention runs for decides, and the cases of that date itself stay.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from leernetwerk.casework import services
from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db


def _expire(*cases) -> None:
    CasePage.objects.filter(pk__in=[case.pk for case in cases]).update(
        retention_date=timezone.localdate() - timedelta(days=1)
    )


def _run(*args: str) -> str:
    out = StringIO()
    call_command("apply_case_retention", *args, stdout=out)
    return out.getvalue().strip()


def test_delete_mode_removes_each_expired_case_and_says_how_many(make_case):
    first = make_case(title="Schuldhulp na verhuizing")
    second = make_case(title="Kinderopvangtoeslag terugbetalen")
    make_case(title="Wachtlijst beschermd wonen")
    _expire(first, second)

    assert _run("--delete") == "Deleted 2 case(s) past their retention date."

    assert list(CasePage.objects.values_list("title", flat=True)) == ["Wachtlijst beschermd wonen"]
    assert _run("--delete") == "Deleted 0 case(s) past their retention date."


def test_anonymise_mode_says_how_many_and_keeps_the_cases(make_case):
    first = make_case(title="Schuldhulp na verhuizing")
    second = make_case(title="Kinderopvangtoeslag terugbetalen")
    _expire(first, second)

    assert _run() == "Anonymised 2 case(s) past their retention date."

    assert CasePage.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    assert _run() == "Anonymised 0 case(s) past their retention date."


def test_the_authors_notifications_about_a_removed_case_keep_none_of_it(
    make_case, make_user, django_capture_on_commit_callbacks
):
    owner = make_user(Role.PROFESSIONAL)
    colleague = make_user(Role.PROFESSIONAL)
    case = make_case(owner=owner, title="Schuldhulp na verhuizing")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(case=case, author=colleague, body="Herkenbaar verhaal.")
    told = Notification.objects.get(user=owner, kind="case.comment")
    assert LiveEvent.objects.filter(stream__key=f"casework.case.{case.pk}").exists()
    assert told.title == "Nieuwe reactie op je casus “Schuldhulp na verhuizing”"
    # A notification that leads into the case without naming it (a digest, say).
    digest = Notification.objects.create(
        user=owner,
        kind="case.digest",
        title="Er is iets nieuws bij je casus",
        body="Jan Pietersen schreef over de schuldeiser in Zwolle.",
        url=f"{case.url}#reacties",
    )
    _expire(case)

    assert services.cases_apply_retention(delete=True) == 1

    told.refresh_from_db()
    assert (told.title, told.body) == ("Nieuwe reactie op je casus “een verwijderde casus”", "")
    # Its live discussion (what a reconnecting browser would replay) is gone with it.
    assert not LiveEvent.objects.filter(stream__key=f"casework.case.{case.pk}").exists()
    digest.refresh_from_db()
    assert (digest.title, digest.body) == ("Er is iets nieuws bij je casus", "")


def test_retention_runs_for_the_date_it_is_given(make_case):
    case = make_case(title="Schuldhulp na verhuizing")
    CasePage.objects.filter(pk=case.pk).update(retention_date=date(2031, 3, 1))

    assert services.cases_apply_retention(today=date(2031, 3, 1)) == 0
    assert CasePage.objects.get(pk=case.pk).title == "Schuldhulp na verhuizing"

    assert services.cases_apply_retention(today=date(2031, 3, 2)) == 1
    assert CasePage.objects.get(pk=case.pk).situation == "[geanonimiseerd]"
