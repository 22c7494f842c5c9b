"""Anonymising a case leaves no trace of what it was called: not in Wagtail's page log (the site
history report, its CSV export, the page's history), its revisions, its URL, a redirect, or the
notifications that linked to it. Erasing a member leaves their name in no session agenda (the
presenter), live or in a revision."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from leernetwerk.casework import services
from leernetwerk.casework.models import CasePage
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.roles import Role

OLD = "Merelhof"
RENAMED = "Kwartelpad"


@pytest.fixture
def anonymised(make_case, make_user, professional):
    """A case first called after the Merelhof, renamed in the admin after the Kwartelpad
    (logged), a notification that links to it, then anonymised at its retention date."""
    case = make_case(owner=professional, title=f"Gezin aan de {OLD} zonder huur", slug="merelhof")
    draft = case.get_latest_revision_as_object()
    draft.title = f"Gezin aan de {RENAMED} zonder huur"
    draft.slug = "kwartelpad"
    revision = draft.save_revision(user=professional, log_action=True)
    revision.publish(user=professional, log_action=True, skip_permission_checks=True)
    case = CasePage.objects.get(pk=case.pk)
    colleague = make_user(Role.PROFESSIONAL)
    notification_send(
        users=[colleague], kind="case.commented", title=case.title, url=case.url, email=False
    )
    assert PageLogEntry.objects.filter(page=case, label__contains=RENAMED).exists()
    return services.case_anonymise(case=case), colleague


def _no_trace(text: str) -> None:
    for word in (OLD, RENAMED, OLD.lower(), RENAMED.lower()):
        assert word not in text


@pytest.mark.django_db
def test_the_page_log_keeps_no_old_title(anonymised):
    case, _ = anonymised
    for entry in PageLogEntry.objects.filter(page_id=case.pk):
        _no_trace(entry.label)
        _no_trace(str(entry.data))


@pytest.mark.django_db
def test_the_site_history_report_and_its_exports_show_no_old_title(client, anonymised):
    case, _ = anonymised
    admin = get_user_model().objects.create_superuser("beheer", "beheer@example.test", "x")
    client.force_login(admin)
    for query in ({}, {"export": "csv"}, {"export": "xlsx"}):
        response = client.get("/admin/reports/site-history/", query)
        assert response.status_code == 200
        content = b"".join(response) if response.streaming else response.content
        if query.get("export") != "xlsx":
            _no_trace(content.decode())
    history = client.get(f"/admin/pages/{case.pk}/history/")
    assert history.status_code == 200
    _no_trace(history.content.decode())


@pytest.mark.django_db
def test_the_url_revisions_and_redirects_keep_no_old_slug(anonymised):
    case, _ = anonymised
    _no_trace(case.url_path)
    _no_trace(case.slug)
    for revision in Revision.objects.filter(object_id=str(case.pk)):
        _no_trace(str(revision.content))
    from wagtail.contrib.redirects.models import Redirect

    for redirect in Redirect.objects.all():
        _no_trace(redirect.old_path)


@pytest.mark.django_db
def test_notifications_lead_to_the_new_address(anonymised):
    case, colleague = anonymised
    notification = colleague.notifications.get()
    _no_trace(notification.title)
    _no_trace(notification.url)


# --- erasure: the presenter in session agendas ---------------------------------------------------


@pytest.mark.django_db
def test_erasure_pseudonymises_the_presenter_in_agendas_and_revisions(network, make_user, manager):
    from leernetwerk.kernel.members.privacy import erasure_confirm, erasure_request_create
    from leernetwerk.learning.models import LearningSessionPage

    member = make_user(Role.PROFESSIONAL, first_name="Wilhelmina", last_name="Oosterbroek")
    starts = timezone.now() + timedelta(days=7)
    session = LearningSessionPage(
        title="Leersessie professionals",
        level="uitvoering",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        agenda=[
            {
                "type": "theme",
                "value": {
                    "title": "Wachttijden",
                    "time_box": 20,
                    "presenter": "Wilhelmina Oosterbroek",
                },
            }
        ],
    )
    network["sessions"].add_child(instance=session)
    session.save_revision(user=manager).publish(user=manager, skip_permission_checks=True)

    request = erasure_request_create(user=member, reason="")
    erasure_confirm(request=request, by=manager)

    session = LearningSessionPage.objects.get(pk=session.pk)
    presenter = session.agenda[0].value["presenter"]
    assert "Oosterbroek" not in presenter
    assert presenter  # a pseudonym, not an empty slot
    for revision in Revision.objects.filter(object_id=str(session.pk)):
        assert "Oosterbroek" not in str(revision.content)


@pytest.mark.django_db
def test_a_case_published_without_consent_before_the_rule_is_still_anonymised(make_case):
    """Managers could publish without consent through the admin before: such a case must not
    keep its texts because the consent rule refuses to save it live."""
    case = make_case(title=f"Gezin aan de {OLD}", slug="merelhof-2")
    CasePage.objects.filter(pk=case.pk).update(consent_given=False)
    anonymised = services.case_anonymise(case=CasePage.objects.get(pk=case.pk))
    _no_trace(anonymised.title)
    assert not anonymised.live
