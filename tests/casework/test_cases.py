"""Bringing in cases: drafts, publication, consent, the privacy guard and who may edit."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from leernetwerk.casework import services
from leernetwerk.casework.constants import CaseSort
from leernetwerk.casework.models import (
    CaseAccess,
    CasePage,
    KnelpuntType,
    Law,
    LifeDomain,
    PrivacyOverride,
)
from leernetwerk.casework.selectors import CaseFilters, case_list
from leernetwerk.kernel.roles import Role

pytestmark = pytest.mark.django_db


def case_data(**overrides):
    data = {
        "title": "Wachttijd bij de overgang naar 18+",
        "situation": "Een jongere wordt achttien en de jeugdhulp stopt.",
        "knelpunt": "Jeugdwet en Wmo sluiten niet op elkaar aan.",
        "maatwerk": "De begeleiding is drie maanden doorgezet.",
        "maatwerk_outcome": "worked",
        "status": "open",
        "consent_given": True,
        "retention_date": timezone.localdate() + timedelta(days=365),
        "life_domains": list(LifeDomain.objects.filter(name="Wonen")),
        "laws": list(Law.objects.filter(name__in=["Jeugdwet", "Wmo 2015"])),
        "tags": ["18-/18+"],
    }
    data.update(overrides)
    return data


def test_a_professional_saves_a_draft_then_publishes(network, professional):
    draft = services.case_save(user=professional, data=case_data(), index=network["cases"])
    assert not draft.live
    assert draft.owner == professional
    assert draft.get_parent().specific == network["cases"]
    assert draft.revisions.count() == 1
    assert not case_list(index=network["cases"]).filter(pk=draft.pk).exists()

    published = services.case_save(
        user=professional, data=case_data(status="in_discussion"), case=draft, publish_now=True
    )
    assert published.live
    assert published.status == "in_discussion"
    assert published.revisions.count() == 2
    assert {law.name for law in published.laws.all()} == {"Jeugdwet", "Wmo 2015"}
    assert [tag.name for tag in published.tags.all()] == ["18-/18+"]


def test_publishing_needs_the_residents_consent(network, professional):
    with pytest.raises(ValidationError) as error:
        services.case_save(
            user=professional,
            data=case_data(consent_given=False),
            index=network["cases"],
            publish_now=True,
        )
    assert "consent_given" in error.value.error_dict
    assert not CasePage.objects.exists()


def test_privacy_guard_blocks_and_names_what_to_remove(network, professional):
    with pytest.raises(ValidationError) as error:
        services.case_save(
            user=professional,
            data=case_data(situation="Moeder (BSN 111222333) belt vaak."),
            index=network["cases"],
        )
    message = " ".join(error.value.error_dict["situation"][0].messages)
    assert "111222333" in message
    assert not CasePage.objects.exists()


def test_privacy_guard_checks_the_title_too(network, professional):
    with pytest.raises(ValidationError) as error:
        services.case_save(
            user=professional,
            data=case_data(title="Gezin aan de Kerkstraat 12"),
            index=network["cases"],
        )
    assert "title" in error.value.error_dict


def test_a_professional_cannot_override_the_guard(network, professional):
    with pytest.raises(ValidationError):
        services.case_save(
            user=professional,
            data=case_data(situation="Mail haar op iemand@example.nl"),
            index=network["cases"],
            override_reason="Het is een algemeen adres",
        )
    assert not PrivacyOverride.objects.exists()


def test_a_manager_override_is_recorded_with_the_reason(network, manager):
    case = services.case_save(
        user=manager,
        data=case_data(situation="Contact via coach.wijkteam7@example.nl, het werkadres."),
        index=network["cases"],
        publish_now=True,
        override_reason="Algemeen werkadres van de wijkcoaches, geen persoonsgegeven.",
    )
    assert case.live
    override = PrivacyOverride.objects.get()
    assert override.case_id == case.pk
    assert override.manager == manager
    assert override.categories == ["email"]
    assert "Algemeen werkadres" in override.reason


def test_only_the_author_and_managers_edit(network, make_user, make_case):
    author = make_user()
    case = make_case(owner=author)
    other = make_user(Role.PROFESSIONAL)
    with pytest.raises(PermissionDenied):
        services.case_save(user=other, data={"title": "Overgenomen"}, case=case)
    edited = services.case_save(
        user=make_user(Role.MANAGER), data={"status": "closed"}, case=case, publish_now=True
    )
    assert edited.status == "closed"


def test_case_form_shows_errors_and_keeps_the_input(client, network, professional):
    client.force_login(professional)
    url = reverse("leernetwerk_casework:case_create")
    response = client.post(url, {"title": "", "situation": "Gezin met zorgen", "action": "publish"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Gezin met zorgen" in html  # nothing the user typed is lost
    assert 'role="alert"' in html
    assert not CasePage.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"retention_date": "gisteren"},
        {"retention_date": "2001-01-01"},
        {"life_domains": ["abc"]},
        {"knelpunt_type": "999999"},
        {"status": "weg"},
        {"title": "x" * 300},
    ],
)
def test_bad_form_input_gets_a_clear_error_never_a_500(client, network, professional, bad):
    client.force_login(professional)
    data = {
        "title": "Titel",
        "situation": "Situatie",
        "knelpunt": "Knelpunt",
        "maatwerk_outcome": "unknown",
        "status": "open",
        "retention_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "action": "draft",
        **bad,
    }
    response = client.post(reverse("leernetwerk_casework:case_create"), data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not CasePage.objects.exists()


def test_front_end_form_creates_a_case_end_to_end(client, network, professional):
    client.force_login(professional)
    wonen = LifeDomain.objects.get(name="Wonen")
    response = client.post(
        reverse("leernetwerk_casework:case_create"),
        {
            "title": "Huurachterstand tijdens wachttijd WW",
            "situation": "Een alleenstaande ouder verliest werk.",
            "knelpunt": "Bijzondere bijstand pas na WW-besluit.",
            "knelpunt_type": KnelpuntType.objects.get(name="Wet- en regelgeving").pk,
            "window": "organisation",
            "life_domains": [wonen.pk],
            "maatwerk_outcome": "unknown",
            "status": "open",
            "tags": "wachttijd, huur",
            "consent_given": "on",
            "retention_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "action": "publish",
        },
    )
    case = CasePage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == case.url
    assert case.live and list(case.life_domains.all()) == [wonen]
    assert sorted(t.name for t in case.tags.all()) == ["huur", "wachttijd"]


def test_editing_someone_elses_case_is_forbidden(client, make_case, make_user):
    case = make_case()
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(reverse("leernetwerk_casework:case_edit", args=[case.pk])).status_code == 403


def test_filters_search_and_sorting(network, make_case, make_user):
    wonen = LifeDomain.objects.get(name="Wonen")
    jeugdwet = Law.objects.get(name="Jeugdwet")
    a = make_case(title="Huur en schulden", life_domains=[wonen], window="resident")
    b = make_case(title="Jeugdhulp stopt bij achttien", laws=[jeugdwet], status="closed")
    c = make_case(title="Respijtzorg mantelzorger", tags=["mantelzorg"])
    for user in (make_user(), make_user()):
        services.recognition_add(case=b, user=user)
    services.comment_create(case=c, author=make_user(), body="Herkenbaar")

    def titles(**kwargs):
        sort = kwargs.pop("sort", CaseSort.NEWEST)
        return [p.title for p in case_list(filters=CaseFilters(**kwargs), sort=sort)]

    assert titles(life_domain=wonen.pk) == [a.title]
    assert titles(law=jeugdwet.pk) == [b.title]
    assert titles(status="closed") == [b.title]
    assert titles(window="resident") == [a.title]
    assert titles(tag="mantelzorg") == [c.title]
    assert titles(query="respijtzorg") == [c.title]
    assert titles(sort=CaseSort.RECOGNISED)[0] == b.title
    assert titles(sort=CaseSort.DISCUSSED)[0] == c.title
    assert titles()[0] == c.title  # newest first


def test_index_ignores_nonsense_filters(client, network, make_case, professional):
    make_case(title="Zichtbare casus")
    client.force_login(professional)
    response = client.get("/casussen/?leefgebied=abc&wet=-1&sort=zzz&page=999&venster=<script>")
    assert response.status_code == 200
    assert "Zichtbare casus" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0]


def test_index_paginates(client, network, make_case, professional, settings):
    settings.LEERNETWERK_CASES_PER_PAGE = 2
    for n in range(5):
        make_case(title=f"Casus nummer {n}")
    client.force_login(professional)
    first = client.get("/casussen/").content.decode()
    last = client.get("/casussen/?page=3").content.decode()
    assert first.count('<li class="ln-card">') == 2
    assert last.count('<li class="ln-card">') == 1
    assert 'rel="next"' in first and 'rel="prev"' in last


def test_my_cases_lists_own_drafts(client, network, make_case, professional, make_user):
    make_case(owner=professional, live=False, title="Mijn concept")
    make_case(owner=make_user(), title="Van een ander")
    client.force_login(professional)
    html = client.get(reverse("leernetwerk_casework:my_cases")).content.decode()
    assert "Mijn concept" in html and "Van een ander" not in html


def test_each_view_is_logged_and_managers_see_the_log(client, make_case, professional, manager):
    case = make_case()
    client.force_login(professional)
    client.get(case.url)
    client.get(case.url)
    assert CaseAccess.objects.filter(case=case, user=professional).count() == 2
    assert (
        client.get(reverse("leernetwerk_casework:case_access", args=[case.pk])).status_code == 403
    )
    client.force_login(manager)
    log = client.get(reverse("leernetwerk_casework:case_access", args=[case.pk])).content.decode()
    assert professional.get_full_name() in log


def test_drafts_are_not_served_to_other_members(client, make_case, make_user):
    draft = make_case(live=False)
    client.force_login(make_user())
    assert client.get(f"/casussen/{draft.slug}/").status_code == 404
