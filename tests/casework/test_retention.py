"""AVG retention: expired cases lose every text, including the copies."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from leernetwerk.casework import services
from leernetwerk.casework.models import CasePage, Comment, Recognition
from leernetwerk.kernel.live.models import LiveEvent

pytestmark = pytest.mark.django_db


def test_expired_case_is_anonymised_with_all_its_copies(make_case, make_user):
    yesterday = timezone.localdate() - timedelta(days=1)
    expired = make_case(title="Oude casus", situation="Gevoelig verhaal", tags=["oud"])
    kept = make_case(title="Nieuwe casus")
    commenter = make_user()
    services.comment_create(case=expired, author=commenter, body="Reactie met details")
    services.recognition_add(case=expired, user=commenter, note="Ook gezien")
    CasePage.objects.filter(pk=expired.pk).update(retention_date=yesterday)

    call_command("apply_case_retention", verbosity=0)

    expired.refresh_from_db()
    assert expired.situation == "[geanonimiseerd]" and not expired.live
    assert "Oude casus" not in expired.title
    assert not expired.revisions.exists()
    assert list(expired.tags.all()) == []
    assert Comment.objects.get(case=expired).body == ""
    assert Recognition.objects.get(case=expired).note == ""
    assert not LiveEvent.objects.filter(stream__key=f"casework.case.{expired.pk}").exists()
    kept.refresh_from_db()
    assert kept.title == "Nieuwe casus" and kept.live
    # Running again changes nothing more.
    assert services.cases_apply_retention() == 0


def test_delete_mode_removes_expired_cases(make_case):
    case = make_case()
    CasePage.objects.filter(pk=case.pk).update(
        retention_date=timezone.localdate() - timedelta(days=1)
    )
    call_command("apply_case_retention", "--delete", verbosity=0)
    assert not CasePage.objects.filter(pk=case.pk).exists()
