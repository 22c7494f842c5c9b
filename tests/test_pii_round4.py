"""The privacy guard after the fifth held-out corpus (issue #17): Belgian accounts of banks the
checker does not know, a resident's own "info@" mailbox, streets announced by where someone
lives, compass parts of a street, "hnr", "gb" and spaced birth dates, "ouders van", "d'Souza"."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.pii import find_personal_data


def found(text: str) -> list[tuple[str, str]]:
    return [(f.category, f.text) for f in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a valid checksum is an account, whatever bank code it carries
        ("Spaarrekening in België: BE71 0961 2345 6769.", [("iban", "BE71 0961 2345 6769")]),
        ("rekening BE66615512126943 van de zoon", [("iban", "BE66615512126943")]),
        # a resident's own shop: "info@" is theirs
        ("Zijn eigen zaak: info@fietsenmakerij-vos.nl", [("email", "info@fietsenmakerij-vos.nl")]),
        ("pc 5211HG hnr 9", [("address", "5211HG hnr 9")]),
        (
            "Meneer woont Achter het Stadhuis 3 op de eerste etage.",
            [("address", "Achter het Stadhuis 3")],
        ),
        ("Zij staat ingeschreven op Park Noord 14.", [("address", "Park Noord 14")]),
        (
            "Adres: Zuid-Willemsvaart O.Z. 212, Den Bosch",
            [("address", "Zuid-Willemsvaart O.Z. 212")],
        ),
        ("dochter gb 14-9-2004", [("birth_date", "14-9-2004")]),
        ("dhr geb. 02 11 1968", [("birth_date", "02 11 1968")]),
        ("Gesprek met de ouders van Noah over de school.", [("name", "Noah")]),
        ("mw. d'Almeida heeft gebeld", [("name", "d'Almeida")]),
    ],
)
def test_the_guard_finds_it(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rekening BE71 0961 2345 6768 klopt niet.",  # checksum wrong: a typo, no account
        "Vragen via info@gemeente-tilburg.nl of info@ggzbreburg.nl.",
        "De Wmo-consulent is bereikbaar op wmo@dordrecht.nl.",
        "Hij woont 12 jaar in Oss.",
        "Ze woont in Tilburg 3 jaar en werkt in Breda.",
        "Overleg met Team Zuid 3 keer per maand.",
        "Hij woont op Kamer 12 van de opvang.",
        "Laptop met 8 gb 12-03-2026 geleverd.",
        "Geboren in Syrië, sinds 12 03 2019 in Nederland.",
    ],
)
def test_a_look_alike_is_left_alone(text):
    assert found(text) == []
