"""Doorbraak at order 1: in one case, a professional asks a mandate holder to deviate from a
rule with reasons, or for a bridging solution; the decision and its reasons are recorded on
the case, and the request counts as a signal."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from leernetwerk.casework import services
from leernetwerk.casework.constants import DoorbraakStatus
from leernetwerk.casework.models import Doorbraak, Law
from leernetwerk.kernel.live.selectors import events_after
from leernetwerk.kernel.roles import Role
from tests.toets import GO, NO, REQUEST_TOETS

pytestmark = pytest.mark.django_db

REQUEST = {
    "kind": "deviation",
    "rule": "Bijstand pas na inschrijving op een woonadres",
    "proposal": "Een briefadres bij het wijkteam en direct een voorschot",
    "reasons": "Zonder adres geen inkomen, zonder inkomen geen kamer",
}


@pytest.fixture
def holder(make_user):
    return make_user(Role.MANDATE_HOLDER, first_name="Lotte", last_name="Smit")


@pytest.fixture
def case(make_case, professional):
    return make_case(owner=professional)


def test_the_author_asks_and_the_mandate_holder_is_told(case, professional, holder):
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS, case=case, user=professional, mandate_holder=holder, **REQUEST
    )
    assert doorbraak.status == DoorbraakStatus.REQUESTED
    notification = holder.notifications.get()
    assert notification.kind == "doorbraak.requested"
    assert case.title in notification.title and REQUEST["rule"] in notification.body
    assert notification.url.endswith(f"#{doorbraak.dom_id}")
    # The case page's stream shows the request to everyone following it.
    (frame,) = events_after(f"casework.case.{case.pk}", 0)
    assert frame.event == "doorbraak.requested"
    assert REQUEST["rule"] in frame.data["ops"][0]["html"]


def test_only_the_author_or_a_manager_asks(case, make_user, holder):
    with pytest.raises(PermissionDenied):
        services.doorbraak_request(
            **REQUEST_TOETS, case=case, user=make_user(), mandate_holder=holder, **REQUEST
        )
    assert services.doorbraak_request(
        **REQUEST_TOETS, case=case, user=make_user(Role.MANAGER), mandate_holder=holder, **REQUEST
    )


def test_the_request_must_go_to_someone_with_doorzettingsmacht(case, professional, make_user):
    with pytest.raises(ValidationError) as error:
        services.doorbraak_request(
            **REQUEST_TOETS,
            case=case,
            user=professional,
            mandate_holder=make_user(Role.MANAGER),
            **REQUEST,
        )
    assert "mandate_holder" in error.value.message_dict


def test_a_bridging_solution_says_how_the_bill_is_settled(case, professional, holder):
    with pytest.raises(ValidationError) as error:
        services.doorbraak_request(
            **REQUEST_TOETS,
            case=case,
            user=professional,
            mandate_holder=holder,
            **{**REQUEST, "kind": "bridging"},
        )
    assert "settlement" in error.value.message_dict
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS,
        case=case,
        user=professional,
        mandate_holder=holder,
        settlement="Uit het maatwerkbudget, verrekend met de eerste uitkering",
        **{**REQUEST, "kind": "bridging"},
    )
    assert doorbraak.get_kind_display().startswith("Overbrugging")


def test_the_privacy_guard_blocks_personal_data(case, professional, holder):
    with pytest.raises(ValidationError) as error:
        services.doorbraak_request(
            **REQUEST_TOETS,
            case=case,
            user=professional,
            mandate_holder=holder,
            **{**REQUEST, "reasons": "Mevrouw (NL91ABNA0417164300) heeft geen geld"},
        )
    assert "NL91ABNA0417164300" in error.value.message_dict["reasons"][0]
    assert not Doorbraak.objects.exists()


def test_the_decision_needs_reasons_and_tells_the_requester(case, professional, holder):
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS, case=case, user=professional, mandate_holder=holder, **REQUEST
    )
    with pytest.raises(ValidationError):
        services.doorbraak_decide(**GO, doorbraak=doorbraak, user=holder, reason="  ")
    decided = services.doorbraak_decide(
        **GO, doorbraak=doorbraak, user=holder, reason="Past bij de bedoeling van de wet"
    )
    assert decided.status == DoorbraakStatus.GRANTED and decided.decided_by == holder
    told = professional.notifications.get(kind="doorbraak.decided")
    assert "Past bij de bedoeling van de wet" in told.body
    with pytest.raises(ValidationError):  # decided once
        services.doorbraak_decide(doorbraak=doorbraak, user=holder, **NO, reason="Toch niet")


def test_nobody_grants_their_own_doorbraak(case, make_user, holder):
    other_holder = make_user(Role.MANDATE_HOLDER)
    manager_holder = make_user(Role.MANAGER)
    manager_holder.groups.add(other_holder.groups.get())
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS, case=case, user=manager_holder, mandate_holder=holder, **REQUEST
    )
    with pytest.raises(PermissionDenied):
        services.doorbraak_decide(**GO, doorbraak=doorbraak, user=manager_holder, reason="Ja")
    with pytest.raises(PermissionDenied):
        services.doorbraak_decide(
            **GO, doorbraak=doorbraak, user=make_user(Role.MANAGER), reason="Ja"
        )
    # Another mandate holder may decide when the addressed one is away.
    assert services.doorbraak_decide(doorbraak=doorbraak, user=other_holder, **NO, reason="Nee")


def test_the_requester_may_withdraw_an_open_request(case, professional, holder, make_user):
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS, case=case, user=professional, mandate_holder=holder, **REQUEST
    )
    with pytest.raises(PermissionDenied):
        services.doorbraak_withdraw(doorbraak=doorbraak, user=make_user())
    assert services.doorbraak_withdraw(doorbraak=doorbraak, user=professional).status == (
        DoorbraakStatus.WITHDRAWN
    )


def test_the_case_page_shows_the_request_and_the_form_to_decide(client, case, professional, holder):
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS, case=case, user=professional, mandate_holder=holder, **REQUEST
    )
    client.force_login(holder)
    page = client.get(case.url).content.decode()
    assert REQUEST["rule"] in page
    assert reverse("leernetwerk_casework:doorbraak_decide", args=[doorbraak.pk]) in page
    client.force_login(professional)
    page = client.get(case.url).content.decode()
    assert reverse("leernetwerk_casework:doorbraak_decide", args=[doorbraak.pk]) not in page
    assert reverse("leernetwerk_casework:doorbraak_withdraw", args=[doorbraak.pk]) in page


def test_asking_through_the_form_and_deciding_from_the_inbox(client, case, professional, holder):
    client.force_login(professional)
    law, _new = Law.objects.get_or_create(name="Participatiewet")
    response = client.post(
        reverse("leernetwerk_casework:doorbraak_request", args=[case.pk]),
        {**REQUEST, **REQUEST_TOETS, "law": law.pk, "mandate_holder": holder.pk},
    )
    assert response.status_code == 302
    doorbraak = Doorbraak.objects.get()
    # Bad input: an error that says what is missing, nothing saved, no 500.
    response = client.post(
        reverse("leernetwerk_casework:doorbraak_request", args=[case.pk]),
        {"kind": "bridging", "mandate_holder": holder.pk},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and "rule" in response.json()["errors"]
    client.force_login(holder)
    inbox = client.get(reverse("leernetwerk_casework:doorbraak_inbox")).content.decode()
    assert case.title in inbox
    response = client.post(
        reverse("leernetwerk_casework:doorbraak_decide", args=[doorbraak.pk]),
        {**NO, "decision_reason": "Eerst de gewone route proberen"},
        follow=True,
    )
    doorbraak.refresh_from_db()
    assert doorbraak.status == DoorbraakStatus.REFUSED
    # The decision does not just vanish from the inbox: the page says what happened.
    assert "Je hebt de doorbraak met je redenen geweigerd; de professional krijgt bericht." in (
        response.content.decode()
    )
    assert (
        case.title
        not in client.get(reverse("leernetwerk_casework:doorbraak_inbox")).content.decode()
    )


def test_anonymising_a_case_removes_the_doorbraak_texts(case, professional, holder):
    doorbraak = services.doorbraak_request(
        **REQUEST_TOETS, case=case, user=professional, mandate_holder=holder, **REQUEST
    )
    services.doorbraak_decide(**GO, doorbraak=doorbraak, user=holder, reason="Akkoord")
    services.case_anonymise(case=case)
    doorbraak.refresh_from_db()
    assert REQUEST["rule"] not in doorbraak.rule and doorbraak.decision_reason != "Akkoord"
    assert doorbraak.status == DoorbraakStatus.GRANTED  # it still counts
