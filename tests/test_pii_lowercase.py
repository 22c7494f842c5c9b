"""Quickly typed notes: the privacy guard finds lowercase addresses and names, and a house
number written before its postcode (issue #17), and leaves look-alikes alone."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.pii import find_personal_data


def found(text: str, category: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.category == category]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("nieuw adres esdoornhof 4 3 hoog", "esdoornhof 4 3 hoog"),
        ("verhuisd naar de ruyterstraat 23b 3082 ld rotterdam", "de ruyterstraat 23b 3082 ld"),
        ("woont nu op kastanjelaan 7", "kastanjelaan 7"),
        ("Huisnummer + postcode: 17 - 7511 JB", "17 - 7511 JB"),
        ("nr. 17, 7511 JB Enschede", "17, 7511 JB"),
        ("Kerkstraat 12 1234 ab Tilburg", "Kerkstraat 12 1234 ab"),
        ("Seniorenflat Marktplein 1-14, lift vaak kapot.", "Marktplein 1-14"),
        # the message names the whole street, particles included, and no word before it
        ("Bezoek Burgemeester van der Lindenstraat 4", "Burgemeester van der Lindenstraat 4"),
        ("Gesprek te Lindelaan 4 gehad.", "Lindelaan 4"),
    ],
)
def test_a_quickly_typed_address_is_found(text, address):
    assert found(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "we nemen de snelweg 2 keer per week naar de dagbesteding",
        "het werkplein 3 dagen per week open",
        "Stuur bezwaar naar Postbus 90155, 5000 LH Tilburg.",
        "Antwoordnummer 10450, 5000 VB Tilburg",
        "artikel 17 - 2 van de verordening",
        "leersessie op 12 - 3 - 2026",
        "het loket aan de stationsstraat is dicht",
    ],
)
def test_a_look_alike_is_no_address(text):
    assert found(text, "address") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("overleg met sanne de jong gehad, ze gaat akkoord", "sanne de jong"),
        ("gesprek met fatima el idrissi over de schulden", "fatima el idrissi"),
        ("gesprek met sanne over de schulden", "sanne"),
        ("huisbezoek bij yusuf thuis", "yusuf"),
        ("brief aan mehmet gestuurd", "mehmet"),
    ],
)
def test_a_lowercase_name_after_a_person_word_is_found(text, name):
    assert found(text, "name") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "afspraak met ggz over de wachtlijst",
        "overleg met de wijkagent en met jeugdzorg",
        "contact met uwv en met svb gehad",
        "bij team west aan tafel",
        "gesprek met hem en met haar moeder",
    ],
)
def test_a_lowercase_word_after_met_is_no_name(text):
    assert found(text, "name") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("verhuisd naar de heuvel 18 in eindhoven", "de heuvel 18"),
        ("nieuw adres: achter de hoven 3", "achter de hoven 3"),
        ("woont op hoogveld 12", "hoogveld 12"),
        ("Het huisbezoek vond plaats op Plein 1944 nr. 12, Nijmegen.", "Plein 1944 nr. 12"),
    ],
)
def test_a_street_without_suffix_after_words_that_announce_an_address_is_found(text, address):
    assert found(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "verhuisd naar tilburg 3 weken geleden",
        "woont op kamer 12 van de instelling",
        "adres: onbekend sinds 2 maanden",
    ],
)
def test_an_announced_place_without_a_house_number_is_no_address(text):
    assert found(text, "address") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("mevrouw de jong gaf aan zich erg eenzaam te voelen", "de jong"),
        ("de heer van der berg belde", "van der berg"),
        ("Haar zoon Daan (groep 7) heeft veel gemist op school.", "Daan"),
    ],
)
def test_a_name_after_a_title_or_relation_is_found_whatever_follows(text, name):
    assert found(text, "name") == [name]


@pytest.mark.parametrize(
    "text", ["mevrouw van de gemeente belde", "meneer van het wijkteam komt langs"]
)
def test_a_title_before_an_office_is_no_name(text):
    assert found(text, "name") == []
