"""Literal expectations for the privacy guard's rules (leernetwerk/kernel/pii.py), written by
hand to kill the mutants that tests/casework/test_pii.py and tests/test_guard_bypasses.py let
survive (scripts/mutation.sh pii): the year rule for house numbers, "-ring" streets, tabs, the
cut-back of IBAN candidates and the offsets of what is found."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.pii import Finding, find_personal_data, normalise


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.category, f.text) for f in find_personal_data(text, **kwargs)]


# --- normalise -------------------------------------------------------------------------------


def test_plain_ascii_is_left_alone_without_a_map():
    assert normalise("Bel 06-12345678") == ("Bel 06-12345678", None)


def test_a_tab_becomes_a_space_and_every_character_keeps_its_place():
    assert normalise("a\tb") == ("a b", [0, 1, 2])


def test_a_phone_number_split_by_a_tab_is_found_as_written():
    assert find_personal_data("Bel 06\t12345678 morgen") == [
        Finding("phone", "06\t12345678", 4, 15)
    ]


# --- house numbers and years -----------------------------------------------------------------


@pytest.mark.parametrize("number", ["1900", "1985", "2024", "2099"])
def test_a_year_after_a_street_name_is_not_a_house_number(number):
    assert found(f"Kerkstraat {number}") == []


@pytest.mark.parametrize("number", ["1899", "2100", "190", "20245"])
def test_numbers_outside_the_years_are_house_numbers(number):
    assert found(f"Kerkstraat {number}") == [("address", f"Kerkstraat {number}")]


def test_a_year_like_number_with_an_addition_is_a_house_number():
    assert found("Kerkstraat 2024a") == [("address", "Kerkstraat 2024a")]
    assert found("Kerkstraat 1985-2") == [("address", "Kerkstraat 1985-2")]


def test_a_unit_at_the_start_of_the_text_does_not_hide_a_later_address():
    assert find_personal_data("Maart: verhuisd naar de Kerkstraat 12.") == [
        Finding("address", "Kerkstraat 12", 24, 37)
    ]
    assert found("Uur later gezien op de Kerkstraat 12") == [("address", "Kerkstraat 12")]


def test_a_unit_after_the_addition_makes_it_a_quantity():
    assert found("Kerkstraat 12 uur") == []
    assert found("Kerkstraat 12 kinderen") == []


# --- street names ----------------------------------------------------------------------------


@pytest.mark.parametrize("street", ["Ring", "Westring", "Binnenring", "Noordring"])
def test_ring_roads_are_streets(street):
    assert found(f"{street} 5") == [("address", f"{street} 5")]


@pytest.mark.parametrize("word", ["Vergadering", "Sturing", "Kering", "Opleiding"])
def test_nouns_on_ring_are_not_streets(word):
    assert found(f"{word} 5") == []


def test_the_quote_starts_at_the_number_even_after_a_stray_accent():
    assert find_personal_data("Bel \u030106-12345678") == [Finding("phone", "06-12345678", 5, 16)]


# --- BSN without a keyword -------------------------------------------------------------------


@pytest.mark.parametrize("number", ["123456782", "123.456.782", "123 456 782", "1234.56.782"])
def test_a_bsn_in_the_usual_notations_is_found_without_a_keyword(number):
    assert find_personal_data(f"Client {number} heeft een afspraak") == [
        Finding("bsn", number, 7, 7 + len(number))
    ]


def test_after_a_bsn_keyword_any_grouping_is_quoted_as_written():
    assert find_personal_data("BSN: 12 345 67 82") == [Finding("bsn", "12 345 67 82", 5, 17)]
    assert find_personal_data("sofinummer 1-2-3-4-5-6-7-8-2 bekend") == [
        Finding("bsn", "1-2-3-4-5-6-7-8-2", 11, 28)
    ]


# --- IBAN ------------------------------------------------------------------------------------


def test_the_shortest_iban_norway_is_found():
    assert find_personal_data("Rekening NO93 8601 1117 947 in Oslo") == [
        Finding("iban", "NO93 8601 1117 947", 9, 27)
    ]


def test_every_iban_in_a_text_is_found():
    assert find_personal_data("NL91 ABNA 0417 1643 00 en BE71 0961 2345 6769") == [
        Finding("iban", "NL91 ABNA 0417 1643 00", 0, 22),
        Finding("iban", "BE71 0961 2345 6769", 26, 45),
    ]


def test_a_short_code_before_an_iban_does_not_hide_it():
    assert find_personal_data("Code AB12 3456 7890, rekening NL91ABNA0417164300") == [
        Finding("iban", "NL91ABNA0417164300", 30, 48)
    ]


# --- phone -----------------------------------------------------------------------------------


def test_a_service_number_before_a_phone_number_does_not_hide_it():
    assert find_personal_data("Bel 0800-1234 of anders 06-12345678") == [
        Finding("phone", "06-12345678", 24, 35)
    ]


def test_a_too_short_number_before_a_phone_number_does_not_hide_it():
    assert find_personal_data("Toestel 020-123 en mobiel 06-12345678") == [
        Finding("phone", "06-12345678", 26, 37)
    ]


# --- overlaps --------------------------------------------------------------------------------


def test_a_name_inside_an_e_mail_address_does_not_hide_a_later_name():
    assert find_personal_data(
        "Mail jan.jansen@example.nl of bel Piet", extra_names=["Jansen", "Piet"]
    ) == [
        Finding("email", "jan.jansen@example.nl", 5, 26),
        Finding("name", "Piet", 34, 38),
    ]


def test_a_name_running_into_an_e_mail_address_does_not_hide_a_later_name():
    assert find_personal_data(
        "Mail aan Piet jansen@example.nl, cc Ria", extra_names=["Piet Jansen", "Ria"]
    ) == [
        Finding("email", "jansen@example.nl", 14, 31),
        Finding("name", "Ria", 36, 39),
    ]
