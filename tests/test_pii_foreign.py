"""The privacy guard finds foreign phone numbers and street addresses, and names of residents
whose names the Dutch lists lack (issue #17), and leaves look-alikes alone."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.pii import find_personal_data


def found(text: str, category: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.category == category]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Moeder belt vanaf +32 470 12 34 56 met de kinderen.", "+32 470 12 34 56"),
        ("Nieuw nummer: +49 151 23456789.", "+49 151 23456789"),
        ("Bereikbaar op 0032 4 123 45 67 bij haar zus.", "0032 4 123 45 67"),
        ("Oom in Polen: +48 512 345 678.", "+48 512 345 678"),
        ("Hij belt via +90 532 123 45 67 naar zijn moeder.", "+90 532 123 45 67"),
        ("Familie: +212 6 12 34 56 78 weet ervan.", "+212 6 12 34 56 78"),
        ("Tel +44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
        ("whatsapp +491512345678.", "+491512345678"),
    ],
)
def test_a_foreign_phone_number_is_found(text, phone):
    assert found(text, "phone") == [phone]


@pytest.mark.parametrize(
    "text",
    [
        "Het Belgische gratis nummer +32 800 12 345 is voor iedereen.",
        "Achterstand € 1.250,00 en +3,5% rente.",
        "Zaak 2024-1187 en kenmerk 2024/0012345.",
        "Het budget steeg +12 500 euro.",
        "Verschil +1.250.000 in de begroting van 2026.",
        "Bel 112 of 0800-8115, of 14 013.",
    ],
)
def test_a_look_alike_is_not_a_foreign_phone_number(text):
    assert found(text, "phone") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("In Brussel, Rue de la Station 45 bte 3, bij haar broer.", "Rue de la Station 45 bte 3"),
        ("Vader woont op Avenue Louise 120 in Brussel.", "Avenue Louise 120"),
        ("Adres België: Chaussée d'Ixelles 45 boîte 2.", "Chaussée d'Ixelles 45 boîte 2"),
        ("Ze slaapt bij een vriendin, Place Flagey 7.", "Place Flagey 7"),
        ("Boulevard Anspach 30 bus 4 is het oude adres.", "Boulevard Anspach 30 bus 4"),
        ("Broer in Duitsland: Hauptstraße 12, Mönchengladbach.", "Hauptstraße 12"),
        ("Hij woont in Aken op de Goethestr. 5.", "Goethestr. 5"),
        ("Oma woont Am Markt 3 in Kleve.", "Am Markt 3"),
        ("Opvang aan de Marktplatz 2 in Goch.", "Marktplatz 2"),
        ("Zus woont An der Alster 7 in Hamburg.", "An der Alster 7"),
    ],
)
def test_a_foreign_street_address_is_found(text, address):
    assert found(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Overleg over de Rue de la Loi, daar zit het ministerie.",
        "De Avenue Louise is een bekende straat in Brussel.",
        "Het overleg is om 10 uur aan de Hauptstraße.",
        "Am 3. Mai haben wir gesprochen.",
    ],
)
def test_a_foreign_street_without_a_number_is_not_an_address(text):
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Huisbezoek bij Tjitske Haarsma, zij zorgt voor haar man.", "Tjitske Haarsma"),
        ("Gesprek met Rajesh Ramkisoen over de schulden.", "Rajesh Ramkisoen"),
        ("Overleg met Semhar Tesfay en de tolk.", "Semhar Tesfay"),
        ("Haar zoon Delano Martina zit thuis.", "Delano Martina"),
        ("De mantelzorger is Rinske Dijkstra.", "Rinske Dijkstra"),
        ("Afspraak met Krzysztof Wiśniewski bij het UWV.", "Krzysztof Wiśniewski"),
        ("henk mulder weer niet thuis", "henk mulder"),
        ("afspr. met piotr kowalczyk", "piotr kowalczyk"),
        ("gesprek ingrid vos over de huur", "ingrid vos"),
    ],
)
def test_a_name_the_dutch_lists_lack_is_found(text, name):
    assert found(text, "name") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Samen met Stichting Present de tuin opgeknapt.",
        "Aanmelding bij Humanitas Thuisadministratie loopt.",
        "Melding bij Veilig Thuis gedaan.",
        "Overleg met Jeugdzorg Nederland over de wachtlijst.",
        "Hij verhuist naar Den Bosch of Sint-Michielsgestel.",
        "Gesprek met Zilveren Kruis over de premie.",
        "Maandag Overleg: agenda volgt.",
        "Samenwerking met Leger des Heils is goed.",
        "Verwezen naar Juridisch Loket en Het Buurtteam.",
        "Doorverwezen naar Kwadraad Maatschappelijk Werk.",
        "Familie in Marokko weet nog van niets.",
        "Oom in Polen belt soms.",
    ],
)
def test_an_organisation_or_place_is_not_a_name(text):
    assert found(text, "name") == []
