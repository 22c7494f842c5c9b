"""The PII guard: personal data of residents is found, ordinary social-domain prose is not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from leernetwerk.kernel.pii import (
    Finding,
    PersonalDataValidator,
    find_personal_data,
    personal_data_message,
    to_plain_text,
)


def found(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.category, f.text) for f in find_personal_data(text, **kwargs)]


# text, category, the matched text
POSITIVES = [
    # BSN (11-proef), in the usual notations
    ("BSN van mevrouw: 123456782.", "bsn", "123456782"),
    ("bsn 1234.56.782 staat in het dossier", "bsn", "1234.56.782"),
    ("Burgerservicenummer 123 456 782", "bsn", "123 456 782"),
    ("BSN: 123.456.782", "bsn", "123.456.782"),
    ("bsn 12-34-56-782", "bsn", "12-34-56-782"),
    ("Haar bsn is 111222333 (gecontroleerd).", "bsn", "111222333"),
    # IBAN, any country, with or without spaces
    ("IBAN NL91 ABNA 0417 1643 00 t.n.v. de cliënt", "iban", "NL91 ABNA 0417 1643 00"),
    ("Rekening NL91ABNA0417164300.", "iban", "NL91ABNA0417164300"),
    ("rekening nl91abna0417164300", "iban", "nl91abna0417164300"),
    ("BE71 0961 2345 6769 voor de huur", "iban", "BE71 0961 2345 6769"),
    ("DE89 3704 0044 0532 0130 00", "iban", "DE89 3704 0044 0532 0130 00"),
    ("Engelse rekening GB29 NWBK 6016 1331 9268 19", "iban", "GB29 NWBK 6016 1331 9268 19"),
    # e-mail addresses
    ("Mail naar jan.jansen@example.nl.", "email", "jan.jansen@example.nl"),
    ("(p.de-vries+wmo@gemeente-tilburg.nl)", "email", "p.de-vries+wmo@gemeente-tilburg.nl"),
    ("E-mail: A.B@Sub.Example.COM", "email", "A.B@Sub.Example.COM"),
    # Dutch phone numbers
    ("Bel 06-12345678 morgen", "phone", "06-12345678"),
    ("mobiel 06 1234 5678", "phone", "06 1234 5678"),
    ("tel 0612345678", "phone", "0612345678"),
    ("Bereikbaar op +31 6 12345678.", "phone", "+31 6 12345678"),
    ("+31(0)6-12345678", "phone", "+31(0)6-12345678"),
    ("vanuit het buitenland 0031 6 12345678", "phone", "0031 6 12345678"),
    ("whatsapp +31612345678", "phone", "+31612345678"),
    ("vast nummer 020-1234567", "phone", "020-1234567"),
    ("010 123 4567", "phone", "010 123 4567"),
    ("(020) 123 45 67", "phone", "(020) 123 45 67"),
    ("mobiel (06-12345678)", "phone", "06-12345678"),
    ("030 - 234 56 78", "phone", "030 - 234 56 78"),
    ("Zeeuws nummer 0111-123456", "phone", "0111-123456"),
    ("+31 (0)20 123 4567", "phone", "+31 (0)20 123 4567"),
    ("Ze belde 06 12345678 12 keer", "phone", "06 12345678"),
    # addresses
    ("Het gezin woont op 1234 AB 12", "address", "1234 AB 12"),
    ("1234AB 12a", "address", "1234AB 12a"),
    ("Kerkstraat 12, 1234 AB Tilburg", "address", "Kerkstraat 12, 1234 AB"),
    ("Burgemeester de Withstraat 5-B", "address", "Burgemeester de Withstraat 5-B"),
    ("Ze is verhuisd naar de Kerkstraat 12.", "address", "Kerkstraat 12"),
    ("In de Dorpsstraat 3 A woont de familie", "address", "Dorpsstraat 3 A"),
    ("Van Goghstraat 3", "address", "Van Goghstraat 3"),
    ("Oude Gracht 134", "address", "Oude Gracht 134"),
    ("'s-Gravendijkwal 120", "address", "'s-Gravendijkwal 120"),
    ("Stationsplein 1", "address", "Stationsplein 1"),
    ("Westring 12", "address", "Westring 12"),
    ("Parklaan 44-2", "address", "Parklaan 44-2"),
    ("Hoofdstraat nr. 12", "address", "Hoofdstraat nr. 12"),
    ("ADRES: KERKSTRAAT 12", "address", "KERKSTRAAT 12"),
    # dates of birth (a date near a birth keyword)
    ("geboren 12-03-1985", "birth_date", "12-03-1985"),
    ("geb. 12 maart 1985", "birth_date", "12 maart 1985"),
    ("geboortedatum: 1985-03-12", "birth_date", "1985-03-12"),
    ("Zij is geboren op 3 januari 2001 in Breda", "birth_date", "3 januari 2001"),
    ("Geboren in Tilburg op 3 jan. 2001", "birth_date", "3 jan. 2001"),
    ("geb.datum 01-02-1990", "birth_date", "01-02-1990"),
    ("born 12/03/1985", "birth_date", "12/03/1985"),
    ("date of birth: March 12, 1985", "birth_date", "March 12, 1985"),
    ("d.o.b. 1990-02-01", "birth_date", "1990-02-01"),
]


@pytest.mark.parametrize(("text", "category", "matched"), POSITIVES)
def test_personal_data_is_found(text, category, matched):
    findings = find_personal_data(text)
    assert [(f.category, f.text) for f in findings] == [(category, matched)]
    assert text[findings[0].start : findings[0].end] == matched


# Ordinary texts of the social domain; checked with names configured that occur inside
# their words ("Jan" in januari, "Mo" in Wmo, "Ria" in materiaal).
CLEAN_TEXTS = [
    "De Wmo 2015 en artikel 12 van de Participatiewet",
    "De huurachterstand is € 1.250,00",
    "Er is 1250 euro schuld bij de energieleverancier.",
    "Op 12 maart 2024 was het MDO",
    "Op 12-03-2024 hadden we overleg met de woningcorporatie.",
    "Zaaknummer 2024-0153",
    "Een alleenstaande moeder van 34 met 3 kinderen",
    "Bel het wijkteam via het algemene nummer",
    "De bijstandsnorm is 1.401,42 per maand",
    "Jeugdwet art. 2.3 lid 1",
    "In 2023 waren er 450 meldingen",
    "kamer 4.12 van het stadskantoor",
    "Wet gemeentelijke schuldhulpverlening (Wgs)",
    "Het spreekuur is van 14:00–16:00 in het buurthuis.",
    "Tussen 09.00 en 17.00 uur telefonisch bereikbaar",
    "12,5% van de cliënten heeft een betalingsregeling; 80 procent is tevreden.",
    "Een man van 45 met een licht verstandelijke beperking",
    "Het kind is geboren. Op 12 maart 2024 volgde het eerste huisbezoek.",
    "Dossiernummer 123456789 is gesloten.",
    "We wandelden in het park 2 uur lang en spraken over de schulden.",
    "Vergadering 3 van de stuurgroep is verzet.",
    "Leerpad 2: omgaan met schulden",
    "Arbeidsmarkt 2024: meer vraag naar zorgpersoneel",
    "In januari en februari waren er 12 huisbezoeken.",
    "Het lesmateriaal over de Wmo staat op het intranet.",
    "Bij spoed: 0800-1234 of de Geldfit-lijn 0900-1234.",
    "Het UWV is bereikbaar via 088-1234567.",
    "De jaarlijkse subsidie is 123.456.782,- voor alle wijkteams samen.",
    "De eigen bijdrage is 0,50 per rit en 4,80 per maand.",
    "Tussen 2019-2023 groeide het aantal aanvragen met 15%.",
    "Zorgverzekeringswet art. 2.4 en Besluit zorgverzekering art. 2.1",
    "Het gezin woont sinds 2015 in de wijk; 4 kinderen gaan naar school.",
    "Trainingen op 01-03-2024 10 deelnemers, op 05-04-2024 12 deelnemers.",
    "Versie 2.3.1 van het protocol, pagina 12-14",
    "Het budget is € 111.222.333 voor het hele sociaal domein.",
    "Participatiewet art. 31 lid 2 sub m",
    "De SVB en het UWV zijn op 3 april 2024 geïnformeerd.",
    "Bespreking in week 12, kamer 3.14, om 10:30 uur",
    "Aanmelding via het Sociaal Wijkteam Noord of Stichting MEE.",
    "Ze scoort 3 op de zelfredzaamheidsmatrix en 45 op de schaal.",
    "Het wijkteam zit aan de Kerkstraat, naast de bibliotheek.",
    "Postbus 90155, 5000 LH Tilburg",
    "Ze is geboren in 1985 en woont hier sinds 2010.",
    "Jaarverslag 2023, hoofdstuk 4, paragraaf 4.2",
    "Zij werkt 32 uur per week en verdient € 2.100 bruto.",
    "Voorjaarsnota 2024 – 3 scenario's voor de Jeugdwet",
    "De schuldsanering duurt 18 maanden; daarna volgt nazorg van 6 maanden.",
    "<p>De Wmo 2015</p><p>artikel 12</p><ul><li>3 kinderen</li></ul>",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_clean_texts_have_no_findings(text):
    assert find_personal_data(text, extra_names=["Jan", "Mo", "Ria"]) == []


def test_long_clean_text_has_no_findings():
    text = " ".join(CLEAN_TEXTS[:-1]) * 10
    assert len(text) > 20_000
    assert find_personal_data(text) == []


def test_a_nine_digit_number_failing_the_11_proef_is_not_a_bsn():
    assert found("Kenmerk 123456789") == []
    assert found("Kenmerk 123456782") == [("bsn", "123456782")]


def test_the_digits_of_an_iban_are_reported_once():
    # On their own the last groups look like a landline number ...
    assert found("0417 1643 00") == [("phone", "0417 1643 00")]
    # ... inside an IBAN only the IBAN is reported.
    assert found("IBAN NL91 ABNA 0417 1643 00") == [("iban", "NL91 ABNA 0417 1643 00")]


def test_findings_are_ordered_and_do_not_overlap():
    text = (
        "Mevrouw (bsn 123456782, geboren 12-03-1985) woont Kerkstraat 12, 1234 AB Tilburg, "
        "tel. 06-12345678, mail jan@example.nl, IBAN NL91ABNA0417164300."
    )
    findings = find_personal_data(text, extra_names=["Jan"])
    assert [(f.category, f.text) for f in findings] == [
        ("bsn", "123456782"),
        ("birth_date", "12-03-1985"),
        ("address", "Kerkstraat 12, 1234 AB"),
        ("phone", "06-12345678"),
        ("email", "jan@example.nl"),
        ("iban", "NL91ABNA0417164300"),
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    for before, after in zip(findings, findings[1:], strict=False):
        assert before.end <= after.start


def test_finding_is_a_frozen_dataclass():
    finding = Finding("email", "a@example.nl", 0, 12)
    with pytest.raises(AttributeError):
        finding.text = "b@example.nl"


def test_names_match_whole_words_case_insensitively():
    names = ["Jan", "Jan de Vries", "Özdemir"]
    assert found("Jan belde in januari", extra_names=names) == [("name", "Jan")]
    assert found("JAN en jan", extra_names=names) == [("name", "JAN"), ("name", "jan")]
    assert found("Gesprek met Jan  de Vries", extra_names=names) == [("name", "Jan  de Vries")]
    assert found("Mevrouw özdemir belde", extra_names=names) == [("name", "özdemir")]
    assert found("Janssen en Jansen", extra_names=names) == []
    # A name inside an e-mail address is part of the e-mail finding.
    assert found("jan@example.nl", extra_names=names) == [("email", "jan@example.nl")]


def test_a_single_string_is_one_name():
    # Split into letters, "Fatima" would also flag the words "a" and "i".
    assert found("Zie a en i, zei Fatima", extra_names="Fatima") == [("name", "Fatima")]


def test_names_come_from_the_setting(settings):
    # Names the shipped lexicons don't know, in a place where only a listed name is found.
    text = "Wubbolt kwam met haar vriendin Wobkje."
    assert found(text) == []
    settings.LEERNETWERK_PII_NAMES = ["wubbolt"]
    assert found(text) == [("name", "Wubbolt")]
    assert found(text, extra_names=["Wobkje"]) == [("name", "Wubbolt"), ("name", "Wobkje")]


def test_html_is_checked_as_text():
    text = (
        '<p>Bel <b>06</b>&nbsp;12345678 of mail <a href="mailto:piet@example.nl">hem</a>.</p>'
        "<p>Kerkstraat</p><p>12 kinderen</p><p>jan&#64;example.nl</p>"
    )
    plain = to_plain_text(text)
    findings = find_personal_data(text)
    assert [(f.category, f.text) for f in findings] == [
        ("phone", "06\xa012345678"),
        ("email", "piet@example.nl"),
        ("email", "jan@example.nl"),
    ]
    # Offsets refer to the plain text.
    for finding in findings:
        assert plain[finding.start : finding.end] == finding.text


def test_plain_text_is_returned_unchanged():
    text = "Kerkstraat 12 < 14 en 3 > 2"
    assert to_plain_text("Geen opmaak hier") == "Geen opmaak hier"
    assert found(text) == [("address", "Kerkstraat 12")]


def test_message_names_the_categories_and_quotes_the_texts_in_english():
    findings = find_personal_data("BSN 123456782, mail jan@example.nl")
    with translation.override("en"):
        message = personal_data_message(findings)
    assert message == (
        'This text seems to contain personal data. Remove: BSN "123456782", '
        'e-mail address "jan@example.nl".'
    )


def test_message_in_the_default_language_quotes_the_texts():
    findings = find_personal_data("BSN 123456782, mail jan@example.nl")
    message = personal_data_message(findings)
    assert '"123456782"' in message
    assert '"jan@example.nl"' in message


def test_message_lists_each_item_once_and_counts_the_rest():
    text = (
        "a@example.nl b@example.nl a@example.nl c@example.nl 06-12345678 "
        "d@example.nl e@example.nl f@example.nl"
    )
    findings = find_personal_data(text)
    assert len(findings) == 8
    with translation.override("en"):
        message = personal_data_message(findings)
    assert message.count('"a@example.nl"') == 1
    assert 'phone number "06-12345678"' in message
    assert '"d@example.nl"' in message
    assert '"e@example.nl"' not in message
    assert message.endswith(" and 2 more.")
    with translation.override("en"):
        assert personal_data_message(findings[:7]).endswith(" and 1 more.")


def test_no_findings_no_message():
    assert personal_data_message([]) == ""


def test_validator_rejects_personal_data():
    validator = PersonalDataValidator()
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validator("Mail naar a%b@example.nl voor 100% zekerheid")
    error = caught.value
    assert error.code == "personal_data"
    assert error.messages == [
        'This text seems to contain personal data. Remove: e-mail address "a%b@example.nl".'
    ]
    assert error.params["categories"] == "email"


def test_validator_accepts_clean_text_and_nothing():
    validator = PersonalDataValidator()
    validator("De Wmo 2015 en artikel 12 van de Participatiewet")
    validator("")
    validator(None)


def test_validator_reads_its_names_at_call_time():
    names: list[str] = []
    validator = PersonalDataValidator(extra_names=lambda: names)
    validator("Gesprek met Wubbolt")
    names.append("Wubbolt")
    with pytest.raises(ValidationError) as caught:
        validator("Gesprek met Wubbolt")
    assert caught.value.code == "personal_data"
    assert '"Wubbolt"' in caught.value.messages[0]


def test_validator_is_deconstructible():
    path, args, kwargs = PersonalDataValidator().deconstruct()
    assert path == "leernetwerk.kernel.pii.PersonalDataValidator"
    assert (args, kwargs) == ((), {})
    assert PersonalDataValidator() == PersonalDataValidator()
    assert PersonalDataValidator(extra_names=["Jan"]) != PersonalDataValidator()
