"""The privacy guard finds dates of birth in the ways Dutch case notes write them (issue #17):
after a birth keyword or one of its abbreviations, before "geboren", after the genealogical
signs ° and *, in brackets after a word for a resident or after a name, between commas after a
name, and in "meneer is van ...". A year alone, a day and month alone and the dates of meetings,
letters and laws are not dates of birth."""

from __future__ import annotations

import datetime

import pytest

from leernetwerk.kernel.pii import find_personal_data


def birth_dates(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text) if f.category == "birth_date"]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        # after a birth keyword, in the same clause
        ("Cliënt is geboren op 3 maart 1968 in Tilburg.", "3 maart 1968"),
        ("Mevrouw, geb. 12-03-1971, woont alleen.", "12-03-1971"),
        ("Geboortedatum: 01/02/1985.", "01/02/1985"),
        ("Man, geb 1-2-85, zoekt werk.", "1-2-85"),
        ("geboortedatum 1985-02-01 staat op het formulier.", "1985-02-01"),
        ("De geboortedatum van de cliënt is 1 februari 1985.", "1 februari 1985"),
        # abbreviations with dots inside the clause
        ("Jongvolwassene geboren d.d. 01-01-2000, geen vaste woonplek.", "01-01-2000"),
        ("Kind, geb.dat.: 17.09.2012, speciaal onderwijs.", "17.09.2012"),
        ("Geb.datum 03-04-1955, weduwe.", "03-04-1955"),
        ("gebdat 23.02.1988 volgens de BRP", "23.02.1988"),
        ("Zoon, geb. dd 3 april 2010, zit in groep 8.", "3 april 2010"),
        # ISO with a slash or a dot, a two-digit year with an apostrophe
        ("Geboortedatum 2004/03/09 volgens de verblijfsvergunning.", "2004/03/09"),
        ("Geboren 2004.03.09 in Eritrea.", "2004.03.09"),
        ("Hij is geboren 7 juni '82 in Marokko.", "7 juni '82"),
        # the keyword after the date
        ("Hij werd op 9 mei 2001 geboren.", "9 mei 2001"),
        # the genealogical signs
        ("Weduwe, ° 3/4/1960, woont in Oss.", "3/4/1960"),
        ("Zelfstandige, °12-08-1968, eenmanszaak sinds 2001.", "12-08-1968"),
        ("Dochter *9-5-2001 woont bij moeder.", "9-5-2001"),
        # in brackets after a word for a resident
        ("De aanvrager (08/11/1993) heeft eerder een schuldregeling gehad.", "08/11/1993"),
        ("Aanvrager (05.11.90) heeft schulden.", "05.11.90"),
        ("Meneer (geb. 19-07-1949) is weduwnaar.", "19-07-1949"),
        ("Moeder (18-02-1986) en dochter wonen bij oma.", "18-02-1986"),
        # after a name: in brackets or between commas
        ("Dhr. Yilmaz (2 januari 1990) belde.", "2 januari 1990"),
        ("Mevrouw Jansen, 14-05-1977, vraagt bijzondere bijstand.", "14-05-1977"),
        ("Gesprek met Fatima (12-03-2019) en haar moeder.", "12-03-2019"),
        # a person "is van" a date
        ("Meneer is van 19 juli 1949.", "19 juli 1949"),
    ],
)
def test_a_date_of_birth_is_found(text, date):
    assert birth_dates(text) == [date]


THIS_YEAR = datetime.date.today().year


@pytest.mark.parametrize(
    "text",
    [
        "Cliënt is geboren in 1968 en woont in Tilburg.",  # a year alone
        "Ze is jarig op 3 maart en viert het niet.",  # a day and month alone
        "De casustafel is op 12 maart 2026 om 14:00.",
        "Brief verstuurd d.d. 01-02-2026, reactie binnen zes weken.",
        "Geboren en getogen in Oss, sinds 01-01-2020 in Tilburg.",  # another clause
        "Geboren in Syrië en sinds 01-01-2016 in Nederland.",  # another statement
        "Geboortedatum onbekend. Afspraak op 12-03-2025.",  # another sentence
        "Het UWV (14-05-2025) stuurde een brief.",  # brackets after an organisation
        f"Gesprek met de cliënt (12-03-{THIS_YEAR}) over de aanvraag.",  # a recent date
        f"* 12-03-{THIS_YEAR - 5} casustafel in Oss",  # a bullet, not a birth sign
        f"Agenda:\n*12-03-{THIS_YEAR - 5} evaluatie jeugdhulp",
        "De Participatiewet (1 januari 2015) verving de WWB.",
        "Wet van 17 juli 2014 houdende regels.",
        "De wet is van 17 juli 2014.",  # "is van" without a person
        "Meldingen: 12-03-2026 (2), 14-03-2026 (5).",
        "Een man van 45 vraagt om hulp.",
    ],
)
def test_other_dates_are_not_dates_of_birth(text):
    assert find_personal_data(text) == []


def test_a_date_after_a_name_that_starts_a_time_span_is_not_a_date_of_birth():
    """ "Mevrouw Jansen, 12-03-2026 om 14:00": an appointment."""
    assert [f.category for f in find_personal_data("Mevrouw Jansen, 12-03-2026 om 14:00.")] == [
        "name"
    ]


def test_the_message_names_the_date_of_birth_to_remove():
    findings = find_personal_data("Weduwe, ° 3/4/1960, woont in Oss.")
    assert [(f.category, f.text, f.start, f.end) for f in findings] == [
        ("birth_date", "3/4/1960", 10, 18)
    ]
