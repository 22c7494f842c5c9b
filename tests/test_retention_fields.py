"""AVG retention, field by field: every text a case carries — its own fields, tags, revisions,
comments and replies, moderation reasons, recognition notes and doorbraken — is planted with a
canary string of its own; after the retention date has passed, each canary must be gone.

The rule (``casework.services.case_anonymise``, DESIGN.md §5): "Remove every text of a case past
its retention date, and everything that copied it". A new text field on one of these models
fails ``test_every_text_field_is_planted`` until it is added here (or exempted with a reason).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from leernetwerk.casework import services
from leernetwerk.casework.models import (
    Agreement,
    AgreementCheck,
    CaseClosing,
    CasePage,
    Comment,
    Doorbraak,
    Recognition,
)
from leernetwerk.kernel.live.models import LiveEvent
from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db

#: The case's own text fields, each with its canary.
CASE_CANARIES = {
    "title": "kanarie-titel-a1",
    "situation": "kanarie-situatie-b2",
    "ik_wil": "kanarie-ikwil-c3",
    "ik_kan": "kanarie-ikkan-d4",
    "ik_heb_nodig": "kanarie-ikhebnodig-e5",
    "knelpunt": "kanarie-knelpunt-f6",
    "maatwerk": "kanarie-maatwerk-g7",
    "consent_purpose": "kanarie-toestemmingsdoel-h8",
}
TAG = "kanarie-tag-i9"
DRAFT = "kanarie-concept-j10"  # only in a later, unpublished revision
COMMENT = "kanarie-reactie-k11"
REPLY = "kanarie-antwoord-l12"
HIDDEN_COMMENT = "kanarie-verborgen-m13"
HIDDEN_REASON = "kanarie-verbergreden-n14"
EDITED_COMMENT = "kanarie-bewerkt-o15"
NOTE = "kanarie-herkenning-p16"
DOORBRAAK_CANARIES = {
    "rule": "kanarie-regel-q17",
    "proposal": "kanarie-voorstel-r18",
    "reasons": "kanarie-redenen-s19",
    "settlement": "kanarie-verrekening-t20",
    "decision_reason": "kanarie-besluitreden-u21",
    # The omgekeerde toets (issue #21).
    "toets_effect": "kanarie-toetseffect-u31",
    "toets_person": "kanarie-toetspersoon-u32",
    "toets_intent": "kanarie-toetsbedoeling-u33",
    "toets_ethics": "kanarie-toetsethiek-u34",
    "toets_legal": "kanarie-toetsjuridisch-u35",
    "toets_conditions": "kanarie-toetsvoorwaarden-u36",
}
REFUSED_DOORBRAAK = {
    "rule": "kanarie-regel2-v22",
    "proposal": "kanarie-voorstel2-w23",
    "reasons": "kanarie-redenen2-x24",
    "decision_reason": "kanarie-weigerreden-y25",
}

AGREEMENT = "kanarie-afspraak-z26"
CHECK_NOTE = "kanarie-checktoelichting-z27"
CLOSING_CANARIES = {"worked": "kanarie-werkte-z28", "did_not_work": "kanarie-werktniet-z29"}

#: Text fields of these models the retention rule does not promise to clear, with the reason.
EXEMPT = {
    # Choices (codes from a vocabulary, never free text).
    (CasePage, "window"),
    (CasePage, "maatwerk_outcome"),
    (CasePage, "status"),
    (CasePage, "solution_type"),
    (Doorbraak, "kind"),
    (Doorbraak, "status"),
    (Doorbraak, "toets_outcome"),
    (Agreement, "party"),
    (Agreement, "status"),
    (AgreementCheck, "outcome"),
}
PLANTED = {
    CasePage: set(CASE_CANARIES) - {"title"},  # (the title is Wagtail's Page field; planted too)
    Comment: {"body", "hidden_reason"},
    Recognition: {"note"},
    Doorbraak: set(DOORBRAAK_CANARIES),
    Agreement: {"what"},
    AgreementCheck: {"note"},
    CaseClosing: set(CLOSING_CANARIES),
}

ALL_CANARIES = [
    *CASE_CANARIES.values(),
    TAG,
    DRAFT,
    COMMENT,
    REPLY,
    HIDDEN_COMMENT,
    HIDDEN_REASON,
    EDITED_COMMENT,
    NOTE,
    *DOORBRAAK_CANARIES.values(),
    *REFUSED_DOORBRAAK.values(),
    AGREEMENT,
    CHECK_NOTE,
    *CLOSING_CANARIES.values(),
]


def _own_text_fields(model) -> set[str]:
    """The free-text fields ``model`` itself declares (for a page: not Wagtail's Page fields)."""
    from wagtail.models import Page

    inherited = {f.name for f in Page._meta.get_fields()} if issubclass(model, Page) else set()
    return {
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, (models.CharField, models.TextField))
        and field.concrete
        and field.name not in inherited
    }


def test_every_text_field_is_planted():
    for model, planted in PLANTED.items():
        exempt = {name for m, name in EXEMPT if m is model}
        assert _own_text_fields(model) - exempt == planted, model.__name__


@pytest.fixture
def expired_case(make_case, make_user, manager, django_capture_on_commit_callbacks):
    """A case with a canary in every text (and in every copy of it), its date passed."""
    owner = make_user(Role.PROFESSIONAL)
    case = make_case(owner=owner, tags=[TAG], **CASE_CANARIES)
    # A later draft revision with another text.
    draft = case.get_latest_revision_as_object()
    draft.ik_wil = DRAFT
    draft.save_revision(user=owner)

    colleague = make_user(Role.PROFESSIONAL)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.comment_create(case=case, author=colleague, body=f"<p>{COMMENT}</p>")
        services.comment_create(case=case, author=owner, body=f"<p>{REPLY}</p>", parent=comment)
        hidden = services.comment_create(case=case, author=colleague, body=HIDDEN_COMMENT)
        services.comment_hide(comment=hidden, manager=manager, reason=HIDDEN_REASON)
        edited = services.comment_create(case=case, author=colleague, body="Eerste versie")
        services.comment_edit(comment=edited, user=colleague, body=EDITED_COMMENT)
        services.recognition_add(case=case, user=colleague, note=NOTE)
    Doorbraak.objects.create(
        case=case,
        kind="bridging",
        status="granted",
        requested_by=owner,
        mandate_holder=manager,
        decided_by=manager,
        decided_at=timezone.now(),
        **DOORBRAAK_CANARIES,
    )
    Doorbraak.objects.create(
        case=case,
        kind="deviation",
        status="refused",
        requested_by=owner,
        mandate_holder=manager,
        decided_by=manager,
        decided_at=timezone.now(),
        **REFUSED_DOORBRAAK,
    )
    agreement = services.agreement_add(
        case=case, user=owner, what=AGREEMENT, party="resident", owner=colleague
    )
    services.agreement_check(
        agreement=agreement, user=colleague, outcome="not_done", note=CHECK_NOTE
    )
    services.case_close(case=case, user=owner, **CLOSING_CANARIES)
    CasePage.objects.filter(pk=case.pk).update(
        retention_date=timezone.localdate() - timedelta(days=1)
    )
    return case


def _texts_of(case) -> dict[str, str]:
    """Every place the rule promises to clear, as "where" -> text."""
    case = CasePage.objects.get(pk=case.pk)
    texts = {f"case.{name}": getattr(case, name) for name in CASE_CANARIES}
    texts["case.draft_title"] = case.draft_title
    texts["case.tags"] = " ".join(tag.name for tag in case.tags.all())
    for revision in case.revisions.all():
        texts[f"revision.{revision.pk}"] = str(revision.content)
    for comment in Comment.objects.filter(case=case):
        texts[f"comment.{comment.pk}.body"] = comment.body
        texts[f"comment.{comment.pk}.hidden_reason"] = comment.hidden_reason
    for recognition in Recognition.objects.filter(case=case):
        texts[f"recognition.{recognition.pk}.note"] = recognition.note
    for doorbraak in Doorbraak.objects.filter(case=case):
        for name in DOORBRAAK_CANARIES:
            texts[f"doorbraak.{doorbraak.pk}.{name}"] = getattr(doorbraak, name)
    for agreement in Agreement.objects.filter(case=case):
        texts[f"agreement.{agreement.pk}.what"] = agreement.what
        for check in agreement.checks.all():
            texts[f"agreement_check.{check.pk}.note"] = check.note
    for closing in CaseClosing.objects.filter(case=case):
        for name in CLOSING_CANARIES:
            texts[f"closing.{name}"] = getattr(closing, name)
    for event in LiveEvent.objects.all():
        texts[f"live_event.{event.pk}"] = str(event.payload)
    for notification in Notification.objects.all():
        texts[f"notification.{notification.pk}"] = f"{notification.title} {notification.body}"
    return texts


def _canaries_in(texts: dict[str, str]) -> dict[str, list[str]]:
    return {
        canary: sorted(where for where, text in texts.items() if canary in (text or ""))
        for canary in ALL_CANARIES
        if any(canary in (text or "") for text in texts.values())
    }


def test_the_canaries_are_planted_where_the_rule_looks(expired_case):
    found = _canaries_in(_texts_of(expired_case))
    # Every canary is somewhere before retention runs (else the test below proves nothing).
    assert set(found) == set(ALL_CANARIES)


def _apply_retention(capture):
    with capture(execute=True):  # what follows the commit (reindexing, signals) runs too
        call_command("apply_case_retention", verbosity=0)


def test_retention_removes_every_canary_from_every_field(
    expired_case, django_capture_on_commit_callbacks
):
    _apply_retention(django_capture_on_commit_callbacks)
    assert _canaries_in(_texts_of(expired_case)) == {}
    case = CasePage.objects.get(pk=expired_case.pk)
    # Field by field, literally: what remains is the placeholder or nothing.
    assert case.situation == "[geanonimiseerd]"
    assert case.knelpunt == "[geanonimiseerd]"
    assert (case.ik_wil, case.ik_kan, case.ik_heb_nodig) == ("", "", "")
    assert (case.maatwerk, case.consent_purpose) == ("", "")
    assert case.title == case.draft_title
    assert case.title in (f"Geanonimiseerde casus {case.pk}", f"Anonymised case {case.pk}")
    assert not case.live and list(case.tags.all()) == []
    assert set(Comment.objects.filter(case=case).values_list("body", flat=True)) == {""}
    reasons = dict(Comment.objects.filter(case=case).values_list("hidden_at", "hidden_reason"))
    assert sorted(reasons.values()) == ["", "[geanonimiseerd]"]  # the hidden one says so
    assert set(Recognition.objects.filter(case=case).values_list("note", flat=True)) == {""}
    granted = Doorbraak.objects.get(case=case, status="granted")
    assert (granted.rule, granted.proposal, granted.reasons) == ("[geanonimiseerd]",) * 3
    assert (granted.settlement, granted.decision_reason) == ("[geanonimiseerd]",) * 2
    refused = Doorbraak.objects.get(case=case, status="refused")
    assert (refused.settlement, refused.decision_reason) == ("", "[geanonimiseerd]")
    agreement = Agreement.objects.get(case=case)
    assert (agreement.what, agreement.checks.get().note) == ("[geanonimiseerd]",) * 2
    closing = CaseClosing.objects.get(case=case)
    assert (closing.worked, closing.did_not_work) == ("[geanonimiseerd]",) * 2


def test_no_canary_is_left_anywhere_in_the_database(
    expired_case, django_capture_on_commit_callbacks
):
    """A dump of every text column of every table (the page log aside: its titles are
    finding 5 of issue #16, handled elsewhere)."""
    _apply_retention(django_capture_on_commit_callbacks)
    skipped_tables = {"wagtailcore_pagelogentry", "wagtailcore_modellogentry"}
    leaks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table in skipped_tables:
                continue
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            # Names from the introspection of our own test database, quoted.
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str):
                        leaks += [
                            (table, column, canary) for canary in ALL_CANARIES if canary in value
                        ]
    assert leaks == [], leaks


def test_a_case_before_its_date_keeps_every_text(make_case):
    case = make_case(**CASE_CANARIES)
    CasePage.objects.filter(pk=case.pk).update(retention_date=timezone.localdate())
    assert services.cases_apply_retention() == 0  # the date itself has not passed yet
    case.refresh_from_db()
    assert {name: getattr(case, name) for name in CASE_CANARIES} == CASE_CANARIES


@pytest.mark.parametrize("delete", [False, True], ids=["anonymise", "delete"])
def test_a_tag_only_the_expired_case_had_goes_and_a_shared_one_stays(make_case, delete):
    from taggit.models import Tag

    expired = make_case(tags=["kanarie-eigen-tag-z26", "wachttijd"])
    make_case(tags=["wachttijd"])
    CasePage.objects.filter(pk=expired.pk).update(
        retention_date=timezone.localdate() - timedelta(days=1)
    )
    assert services.cases_apply_retention(delete=delete) == 1
    names = set(Tag.objects.values_list("name", flat=True))
    assert "kanarie-eigen-tag-z26" not in names
    assert "wachttijd" in names


# --- the 15-year cap, on every path -----------------------------------------------------------


def _admin_edit_data(page, user) -> dict:
    """What the Wagtail admin's edit form of ``page`` posts when nothing is changed."""
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=user)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(getattr(v, "pk", v)) for v in value]
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    for prefix in form.formsets:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_the_admin_refuses_a_retention_date_past_fifteen_years(client, make_case, make_user):
    from django.urls import reverse

    admin = make_user(None, is_superuser=True, is_staff=True)
    case = make_case(title="Wachttijd beschermingsbewind")
    kept_until = case.retention_date
    client.force_login(admin)
    url = reverse("wagtailadmin_pages:edit", args=[case.pk])
    data = _admin_edit_data(case, admin)

    too_late = timezone.localdate() + timedelta(days=365 * 15 + 1)
    response = client.post(url, {**data, "retention_date": too_late.isoformat()})
    assert response.status_code == 200  # the form again, with the error
    errors = response.context["form"].errors
    assert list(errors) == ["retention_date"], errors
    assert "15" in errors["retention_date"][0]
    case.refresh_from_db()
    assert case.retention_date == kept_until
    assert not case.revisions.filter(content__retention_date=too_late.isoformat()).exists()

    # The last day within the cap is accepted through the same form.
    last_day = timezone.localdate() + timedelta(days=365 * 15)
    response = client.post(url, {**data, "retention_date": last_day.isoformat()})
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.get_latest_revision_as_object().retention_date == last_day


def test_the_service_and_the_model_refuse_it_too(make_case, make_user):
    from django.core.exceptions import ValidationError

    owner = make_user(Role.PROFESSIONAL)
    case = make_case(owner=owner)
    too_late = timezone.localdate() + timedelta(days=365 * 15 + 1)
    with pytest.raises(ValidationError) as error:
        services.case_save(user=owner, case=case, data={"retention_date": too_late})
    assert set(error.value.message_dict) == {"retention_date"}
    case.retention_date = too_late
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "retention_date" in error.value.message_dict
    # An expired case can still be anonymised (the cap limits the future, not the past).
    case.refresh_from_db()
    CasePage.objects.filter(pk=case.pk).update(
        retention_date=timezone.localdate() - timedelta(days=1)
    )
    assert services.cases_apply_retention() == 1
