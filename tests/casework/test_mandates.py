"""The mandaatregister routes doorbraak requests, and the omgekeerde toets structures them
(issue #21). Every scenario is literal: who holds which mandate, what is asked, who gets it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from leernetwerk.casework import services
from leernetwerk.casework.constants import DoorbraakStatus
from leernetwerk.casework.models import Doorbraak, Law, Mandate
from leernetwerk.kernel.models import MemberProfile, Organisation, OrganisationKind
from leernetwerk.kernel.roles import Role
from tests.toets import GO, NO, REQUEST_TOETS

pytestmark = pytest.mark.django_db

ASK = {
    "kind": "deviation",
    "rule": "Jeugdhulp stopt op de achttiende verjaardag",
    "proposal": "Begeleiding drie maanden door tot de Wmo-indicatie er is",
    **REQUEST_TOETS,
}


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def gemeente():
    return Organisation.objects.create(
        name="Gemeente Testdorp", kind=OrganisationKind.objects.get(name="Gemeente")
    )


@pytest.fixture
def laws():
    return {
        name: Law.objects.get_or_create(name=name)[0]
        for name in ("Jeugdwet", "Wmo 2015", "Participatiewet")
    }


@pytest.fixture
def people(make_user, gemeente):
    """Lotte holds Team 16+ (Jeugdwet and Wmo up to 5,000 euro), Ingrid the concern mandate
    (everything up to 25,000); Sanne is a mandate holder without a mandate in the register."""
    lotte = make_user(Role.PROFESSIONAL, first_name="Lotte", last_name="Smit")
    ingrid = make_user(Role.STUURGROEP, first_name="Ingrid", last_name="Bakker")
    sanne = make_user(Role.MANDATE_HOLDER, first_name="Sanne", last_name="Vos")
    author = make_user(Role.PROFESSIONAL, first_name="Fatima", last_name="Demir")
    return {"lotte": lotte, "ingrid": ingrid, "sanne": sanne, "author": author}


@pytest.fixture
def register(people, gemeente, laws):
    concern = _mandate(
        "Concernmandaat sociaal domein",
        gemeente,
        holder=people["ingrid"],
        laws=[laws["Jeugdwet"], laws["Wmo 2015"], laws["Participatiewet"]],
        ceiling="25000",
        bridging=True,
    )
    team = _mandate(
        "Team 16+",
        gemeente,
        holder=people["lotte"],
        laws=[laws["Jeugdwet"], laws["Wmo 2015"]],
        ceiling="5000",
        escalates_to=concern,
    )
    return {"concern": concern, "team": team}


def _mandate(title, organisation, *, laws, holder=None, role="", ceiling=None, **fields):
    mandate = Mandate.objects.create(
        title=title,
        organisation=organisation,
        holder=holder,
        role=role,
        budget_ceiling=Decimal(ceiling) if ceiling else None,
        covers_deviation=fields.pop("deviation", True),
        covers_bridging=fields.pop("bridging", False),
        valid_from=fields.pop("valid_from", date(2026, 1, 1)),
        granted_by="College van B&W, besluit 2026/114",
        **fields,
    )
    mandate.laws.set(laws)
    return mandate


@pytest.fixture
def case(make_case, people):
    return make_case(owner=people["author"])


def _ask(case, people, laws, **fields):
    return services.doorbraak_request(
        case=case, user=people["author"], **{**ASK, "law": laws["Jeugdwet"], **fields}
    )


def test_a_request_the_team_mandate_covers_goes_to_its_holder(case, people, laws, register):
    doorbraak = _ask(case, people, laws, amount=Decimal("3800"))
    assert doorbraak.routed_mandate == register["team"]
    assert doorbraak.mandate_holder == people["lotte"] and not doorbraak.escalated
    assert people["lotte"].notifications.filter(kind="doorbraak.requested").count() == 1
    assert not people["ingrid"].notifications.exists()


def test_above_the_ceiling_it_goes_up_the_escalation_line(case, people, laws, register):
    doorbraak = _ask(case, people, laws, amount=Decimal("8000"))
    assert doorbraak.routed_mandate == register["concern"] and doorbraak.escalated
    assert doorbraak.mandate_holder == people["ingrid"]
    assert not people["lotte"].notifications.exists()
    # Exactly at the ceiling still fits the team's mandate.
    assert _ask(case, people, laws, amount=Decimal("5000")).routed_mandate == register["team"]


def test_an_expired_mandate_routes_nothing_and_the_line_takes_over(case, people, laws, register):
    register["team"].valid_until = timezone.localdate() - timedelta(days=1)
    register["team"].save()
    doorbraak = _ask(case, people, laws, amount=Decimal("100"))
    assert doorbraak.routed_mandate == register["concern"] and doorbraak.escalated
    assert not people["lotte"].notifications.exists()
    # Lotte held no other mandate and no role with doorzettingsmacht: she may not decide.
    with pytest.raises(PermissionDenied):
        services.doorbraak_decide(doorbraak=doorbraak, user=people["lotte"], reason="Ja", **GO)


def test_the_escalation_line_is_followed_even_past_the_law_but_not_past_its_end(
    case, people, laws, register
):
    """The line is the organisation's answer to "who decides when I cannot": its target need
    not list the law; an expired target is no answer."""
    concern = register["concern"]
    concern.laws.set([laws["Participatiewet"]])
    doorbraak = _ask(case, people, laws, amount=Decimal("8000"))
    assert doorbraak.routed_mandate == concern and doorbraak.escalated
    not_covered = ["Geen mandaat in het mandaatregister dekt dit verzoek: kies een mandaathouder."]
    # Above the end of the line's ceiling, nobody in the register covers it.
    with pytest.raises(ValidationError) as error:
        _ask(case, people, laws, amount=Decimal("30000"))
    assert error.value.message_dict["mandate_holder"] == not_covered
    concern.valid_until = timezone.localdate() - timedelta(days=1)
    concern.save()
    with pytest.raises(ValidationError) as error:
        _ask(case, people, laws, amount=Decimal("8000"))
    assert error.value.message_dict["mandate_holder"] == not_covered


def test_a_mandate_still_counts_on_its_last_day(case, people, laws, register):
    register["team"].valid_until = timezone.localdate()
    register["team"].save()
    doorbraak = _ask(case, people, laws, amount=Decimal("100"))
    assert doorbraak.routed_mandate == register["team"] and not doorbraak.escalated
    decided = services.doorbraak_decide(
        doorbraak=doorbraak, user=people["lotte"], reason="Laatste dag", **GO
    )
    assert decided.mandate_used == register["team"] and not decided.stand_in


def test_a_kind_the_mandate_does_not_cover_goes_to_the_one_that_does(case, people, laws, register):
    doorbraak = _ask(
        case, people, laws, kind="bridging", settlement="Het budget betaalt voor", amount=None
    )
    assert doorbraak.routed_mandate == register["concern"]


def test_the_lowest_covering_mandate_decides_first(case, people, laws, register):
    # Without an amount both cover a Jeugdwet deviation: the team, closest to the case, gets it.
    assert _ask(case, people, laws).routed_mandate == register["team"]


def test_nothing_in_the_register_covers_it_then_the_author_chooses(case, people, laws, register):
    wet = Law.objects.get_or_create(name="Wet gemeentelijke schuldhulpverlening")[0]
    with pytest.raises(ValidationError) as error:
        _ask(case, people, laws, law=wet)
    assert error.value.message_dict["mandate_holder"] == [
        "Geen mandaat in het mandaatregister dekt dit verzoek: kies een mandaathouder."
    ]
    doorbraak = _ask(case, people, laws, law=wet, mandate_holder=people["sanne"])
    assert doorbraak.routed_mandate is None and doorbraak.mandate_holder == people["sanne"]


def test_a_role_mandate_is_held_by_that_role_in_that_organisation_only(
    case, people, laws, gemeente, make_user
):
    elders = Organisation.objects.create(
        name="Gemeente Elders", kind=OrganisationKind.objects.get(name="Gemeente")
    )
    here = make_user(Role.MANAGER, first_name="Marieke", last_name="de Wit")
    there = make_user(Role.MANAGER, first_name="Karel", last_name="Elders")
    MemberProfile.objects.create(user=here, organisation=gemeente)
    MemberProfile.objects.create(user=there, organisation=elders)
    mandate = _mandate(
        "Bijzondere bijstand",
        gemeente,
        role=Role.MANAGER,
        laws=[laws["Participatiewet"]],
        ceiling="2500",
    )
    doorbraak = _ask(case, people, laws, law=laws["Participatiewet"], amount=Decimal("1200"))
    assert doorbraak.routed_mandate == mandate and doorbraak.mandate_holder == here
    assert not there.notifications.exists()
    # The manager of Dordrecht is not the manager of Zwijndrecht: Karel decides as a stand-in
    # (managers have no doorzettingsmacht of their own), so he may not decide at all.
    with pytest.raises(PermissionDenied):
        services.doorbraak_decide(doorbraak=doorbraak, user=there, reason="Ja", **GO)
    decided = services.doorbraak_decide(doorbraak=doorbraak, user=here, reason="Past", **GO)
    assert decided.mandate_used == mandate and not decided.stand_in


def test_the_decision_records_the_mandate_used_or_the_stand_in(case, people, laws, register):
    first = _ask(case, people, laws, amount=Decimal("3800"))
    decided = services.doorbraak_decide(
        doorbraak=first, user=people["lotte"], reason="Past bij de bedoeling", **GO
    )
    assert decided.status == DoorbraakStatus.GRANTED
    assert decided.mandate_used == register["team"] and not decided.stand_in
    second = _ask(case, people, laws, amount=Decimal("3800"))
    stood_in = services.doorbraak_decide(
        doorbraak=second, user=people["sanne"], reason="De teamleider is met verlof", **GO
    )
    assert stood_in.stand_in and stood_in.mandate_used is None
    # Ingrid's concern mandate covers it too: she decides under her own mandate, as a stand-in
    # for the team.
    third = _ask(case, people, laws, amount=Decimal("3800"))
    by_concern = services.doorbraak_decide(
        doorbraak=third, user=people["ingrid"], reason="Spoed", **GO
    )
    assert by_concern.mandate_used == register["concern"] and by_concern.stand_in


def test_the_request_needs_steps_one_to_four_of_the_toets(case, people, laws, register):
    with pytest.raises(ValidationError) as error:
        _ask(case, people, laws, toets_intent="  ", toets_ethics="")
    assert error.value.message_dict["toets_intent"] == ["Vul stap 3 van de omgekeerde toets in."]
    assert error.value.message_dict["toets_ethics"] == ["Vul stap 4 van de omgekeerde toets in."]
    assert not Doorbraak.objects.exists()


def test_the_decision_completes_the_toets_and_its_outcome_decides(case, people, laws, register):
    doorbraak = _ask(case, people, laws)
    lotte = people["lotte"]
    with pytest.raises(ValidationError) as error:
        services.doorbraak_decide(doorbraak=doorbraak, user=lotte, reason="Ja")
    assert set(error.value.message_dict) == {"toets_legal", "toets_outcome"}
    with pytest.raises(ValidationError) as error:
        services.doorbraak_decide(
            doorbraak=doorbraak,
            user=lotte,
            reason="Ja",
            toets_legal="Art. 2.3.1 biedt ruimte",
            toets_outcome="conditions",
        )
    assert error.value.message_dict["toets_conditions"] == ["Noem de voorwaarden van de go."]
    refused = services.doorbraak_decide(doorbraak=doorbraak, user=lotte, reason="Nee", **NO)
    assert refused.status == DoorbraakStatus.REFUSED and refused.toets_outcome == "no"
    again = _ask(case, people, laws)
    granted = services.doorbraak_decide(
        doorbraak=again,
        user=lotte,
        reason="Onder voorwaarden",
        toets_legal="Art. 2.3.1 biedt ruimte",
        toets_outcome="conditions",
        toets_conditions="Na drie maanden opnieuw bekijken",
    )
    assert granted.status == DoorbraakStatus.GRANTED
    assert granted.toets_conditions == "Na drie maanden opnieuw bekijken"


def test_the_privacy_guard_checks_every_step_of_the_toets(case, people, laws, register):
    with pytest.raises(ValidationError) as error:
        _ask(case, people, laws, toets_person="Moeder belt op 06-12345678")
    assert "toets_person" in error.value.message_dict
    doorbraak = _ask(case, people, laws)
    with pytest.raises(ValidationError) as error:
        services.doorbraak_decide(
            doorbraak=doorbraak,
            user=people["lotte"],
            reason="Ja",
            toets_legal="Zie mail van j.jansen@example.nl",
            toets_outcome="go",
        )
    assert "toets_legal" in error.value.message_dict
    doorbraak.refresh_from_db()
    assert doorbraak.is_open


def test_the_case_page_shows_the_toets_and_the_mandate_it_falls_under(
    client, case, people, laws, register
):
    doorbraak = _ask(case, people, laws, amount=Decimal("3800"))
    client.force_login(people["lotte"])
    page = client.get(case.url).content.decode()
    assert "Team 16+" in page and "tot € 5.000" in page
    assert REQUEST_TOETS["toets_intent"] in page
    assert reverse("leernetwerk_casework:doorbraak_decide", args=[doorbraak.pk]) in page
    inbox = client.get(reverse("leernetwerk_casework:doorbraak_inbox")).content.decode()
    assert "aan jou gericht" in inbox


def test_a_member_with_a_current_mandate_decides_from_the_inbox(
    client, case, people, laws, register
):
    doorbraak = _ask(case, people, laws)
    client.force_login(people["lotte"])  # a professional by role, a mandate holder by register
    response = client.post(
        reverse("leernetwerk_casework:doorbraak_decide", args=[doorbraak.pk]),
        {**GO, "decision_reason": "Past bij de bedoeling van de wet"},
        follow=True,
    )
    assert response.status_code == 200
    doorbraak.refresh_from_db()
    assert doorbraak.status == DoorbraakStatus.GRANTED
    assert doorbraak.toets_legal == GO["toets_legal"]
    # Her mandate ends: the inbox closes to her.
    register["team"].valid_until = timezone.localdate() - timedelta(days=1)
    register["team"].save()
    assert client.get(reverse("leernetwerk_casework:doorbraak_inbox")).status_code == 403


def test_wat_mag_ik_zelf_shows_own_room_and_who_decides_beyond_it(client, people, register, laws):
    url = reverse("leernetwerk_casework:mandate_register")
    client.force_login(people["lotte"])
    page = client.get(url).content.decode()
    assert "Jouw mandaten" in page and "Team 16+" in page
    client.force_login(people["author"])
    page = client.get(url).content.decode()
    assert "Je hebt geen eigen mandaat" in page
    page = client.get(url, {"law": laws["Jeugdwet"].pk, "kind": "deviation", "amount": "8000"})
    text = page.content.decode()
    assert "Concernmandaat sociaal domein" in text and "Ingrid Bakker" in text
    assert "Geen mandaat op het eerste niveau dekt dit: het gaat via de escalatielijn omhoog." in (
        text
    )
    assert "“Team 16+” schiet tekort" in text
    # Bad input: a clear error on the form, never a 500.
    bad = client.get(url, {"law": "abc", "kind": "deviation", "amount": "-5"})
    assert bad.status_code == 200
    text = bad.content.decode()
    assert "Selecteer een geldige keuze. Deze keuze is niet beschikbaar." in text
    assert "Zorg ervoor dat deze waarde minstens 0 is." in text


def test_the_register_is_for_members_only(client, make_user):
    url = reverse("leernetwerk_casework:mandate_register")
    assert client.get(url).status_code == 302
    client.force_login(make_user(None))
    assert client.get(url).status_code == 403


def test_a_mandate_is_held_by_a_person_or_a_role_and_escalates_upward(
    people, register, gemeente, laws
):
    both = Mandate(
        title="Dubbel",
        organisation=gemeente,
        holder=people["lotte"],
        role=Role.MANAGER,
        granted_by="College",
    )
    with pytest.raises(ValidationError) as error:
        both.full_clean(exclude=["laws"])
    assert "role" in error.value.message_dict
    concern = register["concern"]
    concern.escalates_to = register["team"]  # the team already escalates to the concern
    with pytest.raises(ValidationError) as error:
        concern.full_clean(exclude=["laws"])
    assert "escalates_to" in error.value.message_dict


def test_the_member_export_holds_the_toets_and_the_mandates(case, people, laws, register):
    from leernetwerk.casework.privacy import member_export_part

    doorbraak = _ask(case, people, laws)
    services.doorbraak_decide(doorbraak=doorbraak, user=people["lotte"], reason="Ja", **GO)
    asked = member_export_part(people["author"])["doorbraken"]["requested"][0]
    assert asked["omgekeerde_toets"]["toets_intent"] == REQUEST_TOETS["toets_intent"]
    decided = member_export_part(people["lotte"])
    assert (
        decided["doorbraken"]["decided"][0]["omgekeerde_toets"]["toets_legal"]
        == (GO["toets_legal"])
    )
    assert decided["doorbraken"]["decided"][0]["mandate_used"].startswith("Team 16+")
    assert [m["title"] for m in decided["mandates"]] == ["Team 16+"]


def test_anonymising_the_case_clears_the_toets(case, people, laws, register):
    doorbraak = _ask(case, people, laws)
    services.doorbraak_decide(doorbraak=doorbraak, user=people["lotte"], reason="Ja", **GO)
    services.case_anonymise(case=case)
    doorbraak.refresh_from_db()
    assert REQUEST_TOETS["toets_intent"] not in doorbraak.toets_intent
    assert GO["toets_legal"] not in doorbraak.toets_legal


def test_managers_keep_the_register_in_the_admin_and_export_it_safely(
    client, make_user, network, register
):
    """The register is a snippet: a manager lists, filters and exports it; a formula someone
    typed is written as text in CSV and XLSX."""
    import csv
    import io

    from openpyxl import load_workbook

    formula = '=HYPERLINK("https://kwaad.example/","Klik")'
    Mandate.objects.filter(pk=register["team"].pk).update(granted_by=formula)
    client.force_login(make_user(Role.MANAGER))
    url = "/admin/snippets/leernetwerk_casework/mandate/"
    listing = client.get(url)
    assert listing.status_code == 200
    assert "Team 16+" in listing.content.decode()
    assert client.get(url, {"organisation": register["team"].organisation_id}).status_code == 200
    response = client.get(url, {"export": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'" + formula in cells and formula not in cells
    assert "Wmo 2015, Jeugdwet" in cells and "Lotte Smit" in cells
    response = client.get(url, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "'" + formula in values
    # A professional reads the register on the front end, not in the admin.
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(url).status_code in (302, 403)
