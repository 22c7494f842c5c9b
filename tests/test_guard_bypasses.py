"""The privacy guard cannot be talked past by notation: invisible characters, look-alike
spaces, dashes, dots and digits, link targets and titles, tags, and every path into the
models (front-end forms, services and the Wagtail admin)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from leernetwerk.kernel.pii import find_personal_data, privacy_check

ZWSP = "\u200b"  # zero-width space
ZWJ = "\u200d"  # zero-width joiner
SHY = "\u00ad"  # soft hyphen
WJ = "\u2060"  # word joiner
THIN = "\u2009"  # thin space
NARROW = "\u202f"  # narrow no-break space
EN_DASH = "\u2013"


def categories(text: str, **kwargs) -> list[str]:
    return [f.category for f in find_personal_data(text, **kwargs)]


BYPASSES = [
    # BSN 123456782 (passes the 11-proef)
    (f"BSN 1234{ZWSP}56782", "bsn"),
    (f"bsn 12{ZWJ}34{WJ}56{SHY}782", "bsn"),
    (f"bsn 123{THIN}456{THIN}782", "bsn"),
    (f"bsn 123{NARROW}456{NARROW}782", "bsn"),
    (f"bsn 1234{EN_DASH}56{EN_DASH}782", "bsn"),
    ("bsn １２３４５６７８２", "bsn"),  # full-width digits
    ("bsn ١٢٣٤٥٦٧٨٢", "bsn"),  # Arabic-Indic digits
    ("bsn ۱۲۳۴۵۶۷۸۲", "bsn"),  # Persian digits
    ("bsn १२३४५६७८२", "bsn"),  # Devanagari digits
    ("bsn 123\u2024456\u2024782", "bsn"),  # one dot leader
    ("Burgerservicenummer: 1 2 3 4 5 6 7 8 2", "bsn"),
    ("BSN-nummer 12.345.67.82", "bsn"),
    # Dutch phone numbers
    (f"bel 06{ZWSP}12345678", "phone"),
    (f"bel 06{EN_DASH}12345678", "phone"),
    ("bel 06\u201112345678", "phone"),  # non-breaking hyphen
    (f"bel 06{THIN}1234{THIN}5678", "phone"),
    ("bel ０６１２３４５６７８", "phone"),
    ("bel 06-12-34-56-78", "phone"),
    ("bel 06.12.34.56.78", "phone"),
    ("bel 020.123.4567", "phone"),
    ("bel +31\u00a06\u00a012345678", "phone"),
    # IBAN
    (f"IBAN NL91{ZWSP}ABNA{ZWSP}0417{ZWSP}1643{ZWSP}00", "iban"),
    ("IBAN ＮＬ９１ＡＢＮＡ０４１７１６４３００", "iban"),
    ("IBAN NL91.ABNA.0417.1643.00", "iban"),
    ("IBAN NL91-ABNA-0417-1643-00", "iban"),
    (f"IBAN NL91{NARROW}ABNA{NARROW}0417{NARROW}1643{NARROW}00", "iban"),
    # e-mail addresses
    ("mail jan.jansen＠example.nl", "email"),
    ("mail jan.jansen﹫example.nl", "email"),
    (f"mail jan{ZWSP}.jansen@exam{SHY}ple.nl", "email"),
    ("mail jan.jansen@example\u2024nl", "email"),
    ("mail jan.jansen (at) example.nl", "email"),
    ("mail jan.jansen[at]example[dot]nl", "email"),
    ("mail jan.jansen @ example.nl", "email"),
    # dates of birth
    (f"geboren 12{EN_DASH}03{EN_DASH}1985", "birth_date"),
    ("geboren ١٢-٠٣-١٩٨٥", "birth_date"),
    # addresses
    ("Ｋｅｒｋｓｔｒａａｔ １２", "address"),
    (f"Kerkstraat{NARROW}12", "address"),
    (f"1234{THIN}AB{THIN}12", "address"),
]


@pytest.mark.parametrize(("text", "category"), BYPASSES)
def test_notation_does_not_hide_personal_data(text, category):
    assert categories(text) == [category]


def test_the_message_quotes_the_text_as_the_author_wrote_it():
    text = f"Zij heeft bsn 1234{ZWSP}56782 en mail jan＠example.nl."
    findings = find_personal_data(text)
    assert [f.text for f in findings] == [f"1234{ZWSP}56782", "jan＠example.nl"]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_names_are_found_behind_invisible_characters_and_compatibility_forms():
    names = ["Fatima", "Özdemir"]
    assert categories(f"Gesprek met Fat{ZWSP}ima", extra_names=names) == ["name"]
    assert categories(f"Gesprek met Fa{SHY}ti{ZWJ}ma", extra_names=names) == ["name"]
    assert categories("Gesprek met Ｆａｔｉｍａ", extra_names=names) == ["name"]
    assert categories("Gesprek met F\u0430tim\u0430", extra_names=names) == ["name"]  # Cyrillic а
    # "O" followed by a combining diaeresis is the same name as "Ö".
    assert categories("Mevrouw O\u0308zdemir belde", extra_names=names) == ["name"]


def test_link_targets_and_titles_are_checked():
    assert categories('<a href="mailto:jan%40example.nl">mail</a>') == ["email"]
    assert categories('<a href="https://example.nl/?bsn=123456782">dossier</a>') == ["bsn"]
    assert categories(
        '<a href="https://example.nl/zoek?mail=jan.jansen%40example.nl&amp;x=1">zoek</a>'
    ) == ["email"]
    assert categories('<a href="https://example.nl/" title="bel 06-12345678">site</a>') == ["phone"]
    assert categories(
        '<a href="https://example.nl/" title="Fatima">site</a>', extra_names=["Fatima"]
    ) == ["name"]


# Ordinary Dutch prose of the social domain, also in the notations above: nothing to block.
CLEAN = [
    "Op 12–03–2024 was het MDO; 14:00–16:00 in het buurthuis.",
    "Tussen 2019–2023 groeide het aantal aanvragen met 15 %.",
    "De huurachterstand is €\u202f1.250,00 en de eigen bijdrage € 0,50 per rit.",
    "Artikel 2.3 Wmo 2015 en artikel 12 lid 1 Participatiewet",
    "Jeugdwet art. 2.3 lid 1 en Zorgverzekeringswet art. 2.4",
    "In 2023 waren er 450 meldingen; in week 12 nog 37.",
    "Het budget is € 111.222.333 voor het hele sociaal domein.",
    "Versie 2.3.1 van het protocol, pagina 12–14",
    "Tussen 09.00 en 17.00 uur telefonisch bereikbaar, ook 09.00–17.00.",
    "Postbus 90155, 5000 LH Tilburg",
    "De bijstandsnorm is 1.401,42 per maand (peildatum 01.01.2024).",
    "Trainingen op 01.03.2024 10 deelnemers, op 05.04.2024 12 deelnemers.",
    "Zaaknummer 2024–0153, kamer 4.12, 3 kinderen van 4, 7 en 12 jaar.",
    "Bel het wijkteam via 0800\u20111234 of 088\u20111234567.",
    "Voorjaarsnota 2024 — 3 scenario's voor de Jeugdwet",
    "Het gezin woont sinds 2015 in de wijk; de moeder is geboren in 1985.",
    "Mail het wijkteam via het contactformulier op de website.",
    "We spraken af @ het buurthuis om 10.30 uur.",
    "Ｗｍｏ ２０１５ en de Participatiewet",
    "KvK-nummer 12345678 van de stichting",
    "Op 12/03/2024 van 10.30–12.00 uur; op 06.12.2024 10.00 uur; 06‑12‑2024 om 14.00 uur.",
    "art. 7:2 BW en art. 1:1 Awb; € 1.234.567,89 begroot; 0,06–0,12 per kWh",
    "Een gesprek in het Русский язык en in het Ελληνικά.",
    "Aantal per wijk: 1 2 3 4 5 6 7 8 2",
    '<p>Zie <a href="https://wetten.overheid.nl/BWBR0035362/2024-01-01" '
    'title="Wmo 2015, artikel 2.3.5">de Wmo</a>.</p>',
]


@pytest.mark.parametrize("text", CLEAN)
def test_ordinary_text_still_passes(text):
    assert find_personal_data(text, extra_names=["Jan", "Mo", "Ria"]) == []


@pytest.mark.django_db
def test_privacy_check_says_what_to_remove():
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        privacy_check({"text": f"Bel 06{ZWSP}12345678."})
    assert caught.value.message_dict == {
        "text": [
            f'This text seems to contain personal data. Remove: phone number "06{ZWSP}12345678".'
        ]
    }


# --- every path meets the guard --------------------------------------------------------------


@pytest.mark.django_db
def test_a_comment_link_target_with_personal_data_is_refused(client, make_case, professional):
    case = make_case()
    client.force_login(professional)
    url = reverse("leernetwerk_casework:comment_create", args=[case.pk])
    body = '<p>Zie <a href="mailto:jan.jansen@example.nl">haar mail</a>.</p>'
    response = client.post(url, {"body": body}, follow=True)
    assert response.status_code == 200
    assert "jan.jansen@example.nl" in response.content.decode()  # what to remove
    assert case.comments.count() == 0
    body = '<p>Zie <a href="https://example.nl/" title="bsn 123456782">dit</a>.</p>'
    response = client.post(url, {"body": body}, follow=True)
    assert response.status_code == 200
    assert case.comments.count() == 0
    # An ordinary link still goes through.
    body = (
        '<p>Zie <a href="https://wetten.overheid.nl/BWBR0035362" title="Wmo 2015">de wet</a>.</p>'
    )
    client.post(url, {"body": body})
    assert case.comments.count() == 1


@pytest.mark.django_db
def test_a_case_tag_with_personal_data_is_refused_by_the_service(make_case):
    from leernetwerk.casework.services import case_save

    case = make_case()
    with pytest.raises(ValidationError) as caught:
        case_save(user=case.owner, case=case, data={"tags": ["schulden", "06-12345678"]})
    assert "tags" in caught.value.message_dict
    assert "06-12345678" in caught.value.message_dict["tags"][0]


@pytest.mark.django_db
def test_a_case_tag_with_a_blocked_name_is_refused_by_the_service(make_case):
    from leernetwerk.casework.services import case_save
    from leernetwerk.kernel.models.vocabularies import SensitiveName

    SensitiveName.objects.create(name="Fatima")
    case = make_case()
    with pytest.raises(ValidationError) as caught:
        case_save(user=case.owner, case=case, data={"tags": ["fatima"]})
    assert "tags" in caught.value.message_dict


@pytest.mark.django_db
def test_a_pattern_tag_with_personal_data_is_refused(make_user):
    from leernetwerk.kernel.roles import Role
    from leernetwerk.patterns import services
    from leernetwerk.patterns.models import Pattern

    user = make_user(Role.PROFESSIONAL)
    with pytest.raises(ValidationError) as caught:
        services.pattern_create(
            user=user,
            title="Huurtoeslag en kostendelersnorm",
            description="Bij inwoning vervalt de toeslag.",
            tags=["wonen", "jan.jansen@example.nl"],
        )
    assert not Pattern.objects.filter(title="Huurtoeslag en kostendelersnorm").exists()
    assert "tags" in caught.value.message_dict


@pytest.mark.django_db
def test_a_session_cancellation_reason_naming_a_person_is_refused(make_user, network):
    from leernetwerk.kernel.models.vocabularies import SensitiveName
    from leernetwerk.kernel.roles import Role
    from leernetwerk.learning.sessions import services

    SensitiveName.objects.create(name="Piet Jansen")
    session = _make_session(network)
    admin = make_user(Role.SESSION_ADMIN)
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, user=admin, reason=f"Piet{ZWSP} Jansen is ziek")
    with pytest.raises(ValidationError):
        services.session_cancel(session=session, user=admin, reason="Bel 06\u201312345678")
    session.refresh_from_db()
    assert not session.is_cancelled


def _make_session(network):
    from datetime import timedelta

    from django.utils import timezone

    from leernetwerk.learning.models import LearningSessionPage

    index = network.get("sessions")
    starts = timezone.now() + timedelta(days=7)
    page = LearningSessionPage(
        title="Leersessie schulden",
        slug="leersessie-schulden",
        level="uitvoering",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return LearningSessionPage.objects.get(pk=page.pk)


# --- the Wagtail admin ---------------------------------------------------------------------


def _case_admin_form(case, user, **changes):
    from leernetwerk.casework.models import CasePage

    form_class = CasePage.get_edit_handler().get_form_class()
    data = {
        "title": case.title,
        "slug": case.slug,
        "situation": case.situation,
        "knelpunt": case.knelpunt,
        "maatwerk_outcome": case.maatwerk_outcome,
        "status": case.status,
        "retention_date": case.retention_date.isoformat(),
        "consent_given": "on",
        "tags": "",
        **changes,
    }
    return form_class(data, instance=case, parent_page=case.get_parent(), for_user=user)


@pytest.mark.django_db
def test_the_case_admin_form_refuses_personal_data_in_tags_and_texts(make_case, make_user):
    from leernetwerk.kernel.roles import Role

    editor = make_user(Role.MANAGER, is_superuser=True)
    case = make_case()
    form = _case_admin_form(case, editor, tags="schulden")
    assert form.is_valid(), form.errors
    form = _case_admin_form(case, editor, tags=f"schulden, 06{ZWSP}12345678")
    assert not form.is_valid()
    assert "06" in form.errors["tags"][0]
    form = _case_admin_form(case, editor, seo_title="Casus van jan＠example.nl")
    assert not form.is_valid()
    assert "seo_title" in form.errors


@pytest.mark.django_db
def test_the_pattern_admin_refuses_a_tag_with_personal_data(client, manager):
    from leernetwerk.patterns.models import Pattern

    client.force_login(manager)
    response = client.post(
        reverse("wagtailsnippets_leernetwerk_patterns_pattern:add"),
        {"title": "Wachttijd", "description": "Intake te laat", "tags": "wachttijd, 0612345678"},
    )
    assert response.status_code == 200
    assert "0612345678" in response.content.decode()
    assert not Pattern.objects.exists()


@pytest.mark.django_db
def test_a_session_series_with_personal_data_is_refused(network):
    from leernetwerk.learning.models import SessionSeries

    series = SessionSeries(title="Wijktafel", description="Vragen? Bel 06–12345678.")
    with pytest.raises(ValidationError) as caught:
        series.full_clean()
    assert "description" in caught.value.message_dict


@pytest.mark.django_db
def test_an_index_introduction_with_personal_data_is_refused(network):
    index = network["sessions"]
    index.intro = "<p>Aanmelden bij <a href='mailto:piet%40example.nl'>Piet</a></p>"
    with pytest.raises(ValidationError) as caught:
        index.full_clean()
    assert "intro" in caught.value.message_dict


@pytest.mark.django_db
def test_a_session_agenda_link_and_cancellation_are_guarded(network):
    from leernetwerk.kernel.models.vocabularies import SensitiveName

    SensitiveName.objects.create(name="Fatima")
    session = _make_session(network)
    session.location = "Wijkcentrum De Poort, Kerkstraat 12"  # a venue, public on purpose
    session.full_clean()
    session.online_link = "https://meet.example.nl/?email=piet%40example.nl"
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert "online_link" in caught.value.message_dict
    session.online_link = ""
    session.cancel_reason = "Fatima is ziek"
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert "cancel_reason" in caught.value.message_dict
    session.cancel_reason = ""
    session.agenda = [{"type": "theme", "value": {"title": "Schulden", "presenter": "Fa­tima"}}]
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    assert "agenda" in caught.value.message_dict


@pytest.mark.django_db
def test_a_reason_for_hiding_a_comment_is_guarded(make_case, professional, manager):
    from leernetwerk.casework.services import comment_create, comment_hide

    case = make_case()
    comment = comment_create(case=case, author=professional, body="<p>Herkenbaar.</p>")
    with pytest.raises(ValidationError) as caught:
        comment_hide(comment=comment, manager=manager, reason="Noemt bsn 1234\u200b56782")
    assert "reason" in caught.value.message_dict
    comment.refresh_from_db()
    assert comment.hidden_at is None
