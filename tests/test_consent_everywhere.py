"""A case goes live only with the resident's consent, on every path: the network's form, the
Wagtail admin's publish button, bulk publish, scheduled publish and plain ``revision.publish``."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from leernetwerk.casework.models import CasePage

#: The refusal as a manager reads it (the admin speaks Dutch by default).
REFUSAL = "Een casus kan alleen worden gepubliceerd als de inwoner toestemming heeft gegeven."


@pytest.fixture
def draft_without_consent(make_case, professional):
    return make_case(
        owner=professional, live=False, title="Casus zonder toestemming", consent_given=False
    )


def _edit_form(case, **changes):
    data = {
        "title": case.title,
        "slug": case.slug,
        "situation": case.situation,
        "ik_wil": "",
        "ik_kan": "",
        "ik_heb_nodig": "",
        "knelpunt": case.knelpunt,
        "knelpunt_type": "",
        "window": "",
        "maatwerk": "",
        "maatwerk_outcome": case.maatwerk_outcome,
        "status": case.status,
        "tags": "",
        "consent_purpose": "",
        "retention_date": case.retention_date.isoformat(),
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_the_admin_publish_button_refuses_without_consent(client, manager, draft_without_consent):
    client.force_login(manager)
    case = draft_without_consent
    response = client.post(f"/admin/pages/{case.pk}/edit/", _edit_form(case), follow=True)
    assert response.status_code == 200
    assert not CasePage.objects.get(pk=case.pk).live
    assert REFUSAL in response.content.decode()


@pytest.mark.django_db
def test_the_admin_publishes_once_consent_is_given(client, manager, draft_without_consent):
    client.force_login(manager)
    case = draft_without_consent
    response = client.post(
        f"/admin/pages/{case.pk}/edit/", _edit_form(case, consent_given="on"), follow=True
    )
    assert response.status_code == 200
    assert CasePage.objects.get(pk=case.pk).live


@pytest.mark.django_db
def test_bulk_publish_refuses_without_consent(client, manager, draft_without_consent):
    client.force_login(manager)
    case = draft_without_consent
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={case.pk}", {})
    assert response.status_code == 302
    assert not CasePage.objects.get(pk=case.pk).live


@pytest.mark.django_db
def test_publishing_a_revision_directly_refuses_without_consent(draft_without_consent):
    revision = draft_without_consent.latest_revision
    with pytest.raises(ValidationError) as refused:
        revision.publish(skip_permission_checks=True)
    assert "consent_given" in refused.value.error_dict
    assert not CasePage.objects.get(pk=draft_without_consent.pk).live


@pytest.mark.django_db
def test_scheduling_refuses_without_consent(client, manager, draft_without_consent):
    client.force_login(manager)
    case = draft_without_consent
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    response = client.post(
        f"/admin/pages/{case.pk}/edit/", _edit_form(case, go_live_at=later), follow=True
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not Revision.objects.filter(approved_go_live_at__isnull=False).exists()
    # In code too: a revision that would go live later is not saved without consent.
    page = CasePage.objects.get(pk=case.pk)
    page.go_live_at = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError):
        page.save_revision()
    call_command("publish_scheduled")
    assert not CasePage.objects.get(pk=case.pk).live


@pytest.mark.django_db
def test_a_new_case_published_from_the_admin_without_consent_stays_a_draft(
    client, manager, network
):
    client.force_login(manager)
    index = network["cases"]
    data = {
        "title": "Nieuwe casus zonder toestemming",
        "slug": "nieuwe-casus-zonder-toestemming",
        "situation": "Een huishouden wacht op een besluit.",
        "knelpunt": "De termijnen sluiten niet aan.",
        "maatwerk_outcome": "unknown",
        "status": "open",
        "retention_date": (timezone.localdate() + timedelta(days=365)).isoformat(),
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "action-publish",
    }
    response = client.post(
        f"/admin/pages/add/leernetwerk_casework/casepage/{index.pk}/", data, follow=True
    )
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    case = CasePage.objects.get(slug="nieuwe-casus-zonder-toestemming")
    assert not case.live


@pytest.mark.django_db
def test_submitting_for_moderation_without_consent_saves_a_draft_only(
    client, manager, draft_without_consent
):
    """Cases inherit Wagtail's default moderation workflow: its approval would publish them."""
    client.force_login(manager)
    case = draft_without_consent
    form = _edit_form(case, title="Casus zonder toestemming, bijgewerkt")
    del form["action-publish"]
    form["action-submit"] = "action-submit"
    response = client.post(f"/admin/pages/{case.pk}/edit/", form, follow=True)
    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    case = CasePage.objects.get(pk=case.pk)
    assert case.draft_title == "Casus zonder toestemming, bijgewerkt"  # the draft is kept
    assert case.workflow_in_progress is False
    assert not case.live
