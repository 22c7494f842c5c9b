"""Public lessons learned: drafted from a pattern, approved through the editors' workflow,
guarded for personal data, found through filters and search, in feeds and in the API — and never
carrying anything of a case but numbers."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leernetwerk.casework import services as case_services
from leernetwerk.casework.models import Law, LifeDomain
from leernetwerk.kernel.roles import Role, role_group
from leernetwerk.learning.lessons import services
from leernetwerk.learning.models import LessonIndexPage, LessonPage
from leernetwerk.patterns import services as pattern_services
from leernetwerk.patterns.models import Pattern
from tests.toets import TABLE_TOETS

SECRET = "Kwetsbaarhuishoudenzin"  # a word only the cases contain


@pytest.fixture
def decided(make_user, make_case, manager):
    """A pattern of three cases by two professionals (recognised twice), taken up at the
    werktafel, escalated to the ambtelijke stuurgroep and decided there."""
    anna, bram = make_user(), make_user()
    wmo = Law.objects.get(name="Wmo 2015")
    wonen = LifeDomain.objects.get(name="Wonen")
    cases = [
        make_case(owner=owner, knelpunt=f"{SECRET} wacht op een besluit.", laws=[wmo])
        for owner in (anna, anna, bram)
    ]
    for recogniser in (make_user(), make_user()):
        case_services.recognition_add(case=cases[0], user=recogniser, note="")
    pattern = pattern_services.pattern_create(
        user=manager,
        title="Wachten op de Wmo-indicatie",
        description="Woningaanpassingen wachten maanden op een indicatie.",
        cases=cases,
    )
    pattern.life_domains.add(wonen)
    for action, inputs in (
        ("take_up", {}),
        ("escalate", {"reason": "Dit vraagt budget: de werktafel beslist daar niet over."}),
        ("take_up", {}),
        (
            "decide",
            {
                "text": "Een vast budget voor spoedaanpassingen zonder indicatie.",
                "effective_date": date(2026, 6, 1),
                "toets": TABLE_TOETS,
            },
        ),
    ):
        pattern = pattern_services.pattern_transition(
            pattern=pattern, user=manager, action=action, **inputs
        )
    return Pattern.objects.get(pk=pattern.pk)


@pytest.fixture
def editor(make_user):
    return make_user(Role.EDITOR)


def _lesson(network, *, live=True, laws=(), domains=(), **fields):
    values = {
        "title": "Een les",
        "summary": "Wat we leerden.",
        "what_did_not_fit": "Iets paste niet.",
        "what_changed": "Iets veranderde.",
        **fields,
    }
    page = LessonPage(live=live, **values)
    page.laws = list(laws)
    page.life_domains = list(domains)
    network["lessons"].add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish(skip_permission_checks=True)
    return LessonPage.objects.get(pk=page.pk)


# --- provenance ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_provenance_counts_the_pattern_and_names_tables_and_decisions(decided, manager):
    lesson, created = services.lesson_draft_from_pattern(pattern=decided, user=manager)
    assert created
    provenance = lesson.provenance
    assert provenance["cases"] == 3
    assert provenance["professionals"] == 2
    assert provenance["recognitions"] == 2
    assert [table["name"] for table in provenance["tables"]] == [
        "Werktafel",
        "Ambtelijke stuurgroep",
    ]
    assert [(d["table"], d["action"]) for d in provenance["decisions"]] == [
        ("Ambtelijke stuurgroep", "decide")
    ]
    assert provenance["first_signal"] is not None


@pytest.mark.django_db
def test_provenance_counts_the_closed_cases(
    decided, manager, client, django_capture_on_commit_callbacks
):
    """Closing a case with the partners' evaluation (issue #20) feeds the lesson's provenance:
    how many of the cases behind it were brought to an end; never which."""
    from leernetwerk.casework import services as case_services

    first, second, third = [link.case for link in decided.links.select_related("case")]
    case_services.case_close(case=first, user=manager, worked="Korte lijnen met de schuldhulp.")
    lesson, _ = services.lesson_draft_from_pattern(pattern=decided, user=manager)
    assert (lesson.provenance["cases"], lesson.provenance["closed_cases"]) == (3, 1)
    case_services.case_close(case=third, user=manager, worked="Samen aan tafel.")
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish(skip_permission_checks=True)
    lesson.refresh_from_db()
    assert lesson.provenance["closed_cases"] == 2
    page = client.get(lesson.url).content.decode()
    assert "2 van deze casussen zijn afgesloten, met de evaluatie van de partners." in page
    assert "Korte lijnen met de schuldhulp." not in page and first.title not in page


@pytest.mark.django_db
def test_no_case_text_or_person_leaks_into_a_lesson(decided, manager, client):
    lesson, _ = services.lesson_draft_from_pattern(pattern=decided, user=manager)
    lesson.save_revision().publish(skip_permission_checks=True)
    lesson.refresh_from_db()
    index = LessonIndexPage.objects.get()
    outputs = [
        client.get(lesson.url).content.decode(),
        client.get(index.url).content.decode(),
        client.get(index.url + "feed/").content.decode(),
        client.get(index.url + "feed/atom/").content.decode(),
        client.get(f"/api/v2/lessons/{lesson.pk}/").content.decode(),
        client.get("/api/v2/lessons/?fields=*").content.decode(),
        json.dumps(lesson.provenance),
    ]
    owners = {link.case.owner.last_name for link in decided.links.select_related("case__owner")}
    for output in outputs:
        assert SECRET not in output
        assert not any(name in output for name in owners)
        for link in decided.links.select_related("case"):
            assert link.case.title not in output
    assert "Ambtelijke stuurgroep" in outputs[0]  # the tables it passed are shown


@pytest.mark.django_db
def test_publishing_takes_the_provenance_again(
    decided, manager, make_case, django_capture_on_commit_callbacks
):
    lesson, _ = services.lesson_draft_from_pattern(pattern=decided, user=manager)
    pattern_services.pattern_link_case(pattern=decided, case=make_case(), user=manager)
    with django_capture_on_commit_callbacks(execute=True):
        lesson.save_revision().publish(skip_permission_checks=True)
    assert LessonPage.objects.get(pk=lesson.pk).provenance["cases"] == 4


# --- drafting from a pattern ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_manager_drafts_a_prefilled_lesson_from_a_decided_pattern(decided, manager, client):
    client.force_login(manager)
    response = client.post(reverse("leernetwerk_learning:lesson_draft", args=[decided.pk]))
    lesson = LessonPage.objects.get(pattern=decided)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    assert not lesson.live and lesson.owner == manager
    assert lesson.title == decided.title
    assert lesson.what_did_not_fit == decided.description
    assert lesson.what_changed == "Een vast budget voor spoedaanpassingen zonder indicatie."
    assert lesson.order == 3 and lesson.lesson_date == date(2026, 6, 1)
    assert {law.name for law in lesson.laws.all()} == {"Wmo 2015"}
    assert {domain.name for domain in lesson.life_domains.all()} == {"Wonen"}
    # A second click opens the same draft instead of making another.
    client.post(reverse("leernetwerk_learning:lesson_draft", args=[decided.pk]))
    assert LessonPage.objects.filter(pattern=decided).count() == 1
    # The pattern's page now offers to open it.
    page = client.get(reverse("leernetwerk_patterns:detail", args=[decided.pk])).content.decode()
    assert reverse("wagtailadmin_pages:edit", args=[lesson.pk]) in page


@pytest.mark.django_db
def test_only_managers_and_editors_draft_lessons(decided, professional, client):
    client.force_login(professional)
    page = client.get(reverse("leernetwerk_patterns:detail", args=[decided.pk])).content.decode()
    assert reverse("leernetwerk_learning:lesson_draft", args=[decided.pk]) not in page
    response = client.post(reverse("leernetwerk_learning:lesson_draft", args=[decided.pk]))
    assert response.status_code == 403
    assert not LessonPage.objects.filter(pattern=decided).exists()


@pytest.mark.django_db
def test_a_pattern_without_a_decision_gets_no_lesson(manager, make_case, client):
    pattern = pattern_services.pattern_create(
        user=manager, title="Nog open", description="Nog niet opgelost.", cases=[make_case()]
    )
    client.force_login(manager)
    page = client.get(reverse("leernetwerk_patterns:detail", args=[pattern.pk])).content.decode()
    assert reverse("leernetwerk_learning:lesson_draft", args=[pattern.pk]) not in page
    response = client.post(
        reverse("leernetwerk_learning:lesson_draft", args=[pattern.pk]), follow=True
    )
    assert response.status_code == 200
    assert "geen oplossing of besluit" in response.content.decode()
    assert not LessonPage.objects.exists()


# --- the moderation workflow ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_lesson_goes_live_only_after_an_editor_approves_it(decided, manager, editor, client):
    lesson, _ = services.lesson_draft_from_pattern(pattern=decided, user=manager)
    edit_url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    client.force_login(manager)
    form = {
        "title": lesson.title,
        "slug": lesson.slug,
        "summary": "Spoedaanpassingen zonder te wachten op een indicatie.",
        "what_did_not_fit": lesson.what_did_not_fit,
        "what_changed": lesson.what_changed,
        "order": "3",
        "lesson_date": "2026-06-01",
        "laws": [str(law.pk) for law in lesson.laws.all()],
        "pattern": str(decided.pk),
    }
    assert client.get(edit_url).status_code == 200  # the pre-filled draft opens in the admin
    # A manager cannot publish a lesson: "publish" is refused, the page stays a draft.
    client.post(edit_url, {**form, "action-publish": "action-publish"})
    lesson.refresh_from_db()
    assert not lesson.live
    client.post(edit_url, {**form, "action-submit": "action-submit"})
    lesson.refresh_from_db()
    state = lesson.current_workflow_state
    assert state is not None and state.status == "in_progress" and not lesson.live
    assert client.get(lesson.url).status_code == 404  # not public while in review
    # The editor approves the review task: the lesson is live, with the manager's text.
    client.force_login(editor)
    task_state = state.current_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[lesson.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    lesson.refresh_from_db()
    assert lesson.live
    assert lesson.summary == "Spoedaanpassingen zonder te wachten op een indicatie."
    client.logout()
    assert "Spoedaanpassingen" in client.get(lesson.url).content.decode()


@pytest.mark.django_db
def test_the_lessons_index_has_the_editors_workflow(network):
    workflow = network["lessons"].get_workflow()
    assert workflow is not None and workflow.active
    task = workflow.tasks.get().specific
    assert set(task.groups.all()) == {role_group(Role.EDITOR)}


# --- the privacy guard ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "text", "says"),
    [
        ("summary", "Bel 06-12345678 voor meer informatie.", "telefoon"),
        ("what_did_not_fit", "Het ging om BSN 111222333.", "BSN"),
        ("what_changed", "Mail j.jansen@example.nl voor het besluit.", "e-mail"),
        ("title", "Gezin aan de Kerkstraat 12, 5211 AB", "adres"),
    ],
)
def test_personal_data_in_any_text_of_a_lesson_is_blocked(network, field, text, says):
    lesson = LessonPage(
        title="Les",
        summary="Samenvatting.",
        what_did_not_fit="Niet passend.",
        what_changed="Veranderd.",
    )
    setattr(lesson, field, text)
    with pytest.raises(ValidationError) as raised:
        network["lessons"].add_child(instance=lesson)
    assert field in raised.value.error_dict
    assert says.lower() in " ".join(raised.value.error_dict[field][0].messages).lower()
    assert not LessonPage.objects.exists()


@pytest.mark.django_db
def test_the_admin_form_says_what_to_remove_and_keeps_the_text(editor, network, client):
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:add", args=["leernetwerk_learning", "lessonpage", network["lessons"].pk]
    )
    response = client.post(
        url,
        {
            "title": "Les over wachttijd",
            "slug": "les-over-wachttijd",
            "summary": "Neem contact op via 06-12345678.",
            "what_did_not_fit": "Niet passend.",
            "what_changed": "Veranderd.",
            "order": "2",
            "lesson_date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "06-12345678" in content  # what was typed is still in the form
    assert "telefoon" in content.lower()
    assert not LessonPage.objects.exists()


# --- public reading ------------------------------------------------------------------------------


@pytest.fixture
def shelf(network):
    wmo, jw = Law.objects.get(name="Wmo 2015"), Law.objects.get(name="Jeugdwet")
    wonen, geld = LifeDomain.objects.get(name="Wonen"), LifeDomain.objects.get(name="Financiën")
    return {
        "wachttijd": _lesson(
            network,
            title="Wachttijd voor woningaanpassing verdwenen",
            slug="wachttijd",
            summary="Spoedaanpassingen zonder indicatie.",
            order=3,
            lesson_date=date(2026, 5, 1),
            laws=[wmo],
            domains=[wonen],
        ),
        "jeugd": _lesson(
            network,
            title="Warme overdracht bij achttien jaar",
            slug="jeugd",
            summary="Eén gesprek met jeugdhulp en Wmo samen.",
            order=2,
            lesson_date=date(2025, 9, 1),
            laws=[jw, wmo],
            domains=[geld],
        ),
        "concept": _lesson(
            network,
            live=False,
            title="Nog in concept over wachttijd",
            slug="concept",
            laws=[wmo],
        ),
    }


def _titles(response) -> list[str]:
    return [lesson.title for lesson in response.context["lessons"]]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Wachttijd voor woningaanpassing verdwenen", "Warme overdracht bij achttien jaar"]),
        ({"wet": "jeugdwet"}, ["Warme overdracht bij achttien jaar"]),
        ({"leefgebied": "wonen"}, ["Wachttijd voor woningaanpassing verdwenen"]),
        ({"orde": "2"}, ["Warme overdracht bij achttien jaar"]),
        ({"jaar": "2026"}, ["Wachttijd voor woningaanpassing verdwenen"]),
        ({"q": "overdracht"}, ["Warme overdracht bij achttien jaar"]),
        ({"q": "woningaanpas"}, ["Wachttijd voor woningaanpassing verdwenen"]),  # a prefix
        ({"q": "wachttijd", "jaar": "2025"}, []),
        ({"wet": "wmo", "orde": "3"}, ["Wachttijd voor woningaanpassing verdwenen"]),
    ],
)
def test_readers_narrow_the_lessons_down(shelf, client, query, expected):
    ids = {
        "jeugdwet": Law.objects.get(name="Jeugdwet").pk,
        "wmo": Law.objects.get(name="Wmo 2015").pk,
        "wonen": LifeDomain.objects.get(name="Wonen").pk,
    }
    query = {key: str(ids.get(value, value)) for key, value in query.items()}
    response = client.get(LessonIndexPage.objects.get().url, query)
    assert response.status_code == 200
    assert _titles(response) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"wet": "abc"}, {"orde": "99"}, {"jaar": "-1"}, {"pagina": "999"}, {"q": "x" * 5000}],
)
def test_bad_filter_values_are_ignored_not_an_error(shelf, client, query):
    response = client.get(LessonIndexPage.objects.get().url, query)
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_filters_only_offer_what_some_lesson_has(shelf, client):
    form = client.get(LessonIndexPage.objects.get().url).context["form"]
    laws = {label for value, label in form.fields["wet"].choices if value}
    assert laws == {"Wmo 2015", "Jeugdwet"}
    assert [value for value, _ in form.fields["jaar"].choices if value] == [2026, 2025]


@pytest.mark.django_db
def test_the_index_query_count_does_not_grow_with_lessons(
    network, client, django_assert_max_num_queries
):
    wmo = Law.objects.get(name="Wmo 2015")
    url = LessonIndexPage.objects.get().url

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    for n in range(2):
        _lesson(network, title=f"Les {n}", slug=f"les-{n}", laws=[wmo])
    count()  # the first request also looks up the site
    few = count()
    for n in range(2, 12):
        _lesson(network, title=f"Les {n}", slug=f"les-{n}", laws=[wmo])
    assert count() == few


@pytest.mark.django_db
def test_a_lesson_page_has_sharing_metadata(shelf, client):
    lesson = shelf["wachttijd"]
    content = client.get(lesson.url).content.decode()
    assert (
        '<meta property="og:title" content="Wachttijd voor woningaanpassing verdwenen">' in content
    )
    assert (
        '<meta property="og:description" content="Spoedaanpassingen zonder indicatie.">' in content
    )
    assert '<meta property="og:type" content="article">' in content
    # on the public origin (the test settings' WAGTAILADMIN_BASE_URL), not the Site's localhost
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{lesson.url}">' in content


@pytest.mark.django_db
def test_public_pages_are_cacheable_for_anonymous_readers_only(shelf, client, professional):
    index = LessonIndexPage.objects.get()
    for url in (index.url, shelf["wachttijd"].url, index.url + "feed/", "/api/v2/lessons/"):
        response = client.get(url)
        # A shared cache keeps it five minutes; a browser asks again each time, so a lesson
        # published a minute ago shows on the reader's next look.
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "s-maxage=300", "max-age=0", "must-revalidate"} <= directives
        assert response["ETag"]
        assert "Cookie" in response["Vary"]
        assert not response.cookies  # no CSRF or session cookie: nothing of the reader
    client.force_login(professional)
    response = client.get(shelf["wachttijd"].url)
    assert "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_anonymous_readers_get_the_cached_lessons_and_a_new_one_at_once(
    shelf, network, client, real_cache
):
    """Issue #19: the public lessons are served from the server's cache to anonymous readers,
    and a lesson published (or taken offline) is on the very next look, not minutes later."""
    index = LessonIndexPage.objects.get()
    feed = index.url + "feed/"
    for url in (index.url, feed, shelf["wachttijd"].url):
        with CaptureQueriesContext(connection) as built:
            first = client.get(url)
        with CaptureQueriesContext(connection) as cached:
            again = client.get(url)
        assert again.content == first.content and again["ETag"] == first["ETag"]
        # From the cache: only Wagtail's routing to the page is left.
        assert len(cached) < len(built), (url, len(cached), len(built))
    assert "Nieuwe les over schuldhulp" not in client.get(index.url).content.decode()
    new = _lesson(network, title="Nieuwe les over schuldhulp", slug="schuldhulp")
    assert "Nieuwe les over schuldhulp" in client.get(index.url).content.decode()
    assert "Nieuwe les over schuldhulp" in client.get(feed).content.decode()
    new.unpublish()
    assert "Nieuwe les over schuldhulp" not in client.get(index.url).content.decode()
    shelf["wachttijd"].title = "Wachttijd voor woningaanpassing is weg"
    shelf["wachttijd"].save_revision().publish()
    assert "is weg" in client.get(shelf["wachttijd"].url).content.decode()


@pytest.mark.django_db
def test_the_cached_lessons_keep_languages_apart_and_members_out(
    shelf, client, professional, real_cache, settings
):
    index = LessonIndexPage.objects.get()
    dutch = client.get(index.url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(index.url).content.decode()
    assert '<html lang="nl">' in dutch and '<html lang="en">' in english
    client.force_login(professional)
    member = client.get(index.url)
    assert "private" in member["Cache-Control"]
    assert professional.get_full_name() in member.content.decode()  # their own header
    client.logout()
    assert professional.get_full_name() not in client.get(index.url).content.decode()


# --- feeds and the API ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_rss_feed_lists_published_lessons(shelf, client):
    response = client.get(LessonIndexPage.objects.get().url + "feed/")
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [
        "Wachttijd voor woningaanpassing verdwenen",
        "Warme overdracht bij achttien jaar",
    ]
    first = channel.find("item")
    assert first.findtext("link").endswith(shelf["wachttijd"].url)
    assert first.findtext("description") == "Spoedaanpassingen zonder indicatie."
    assert {c.text for c in first.findall("category")} >= {"Wmo 2015", "Wonen"}


@pytest.mark.django_db
def test_the_atom_feed_lists_published_lessons(shelf, client):
    response = client.get(LessonIndexPage.objects.get().url + "feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = feed.findall("a:entry", ns)
    assert [entry.findtext("a:title", namespaces=ns) for entry in entries] == [
        "Wachttijd voor woningaanpassing verdwenen",
        "Warme overdracht bij achttien jaar",
    ]


@pytest.mark.django_db
def test_the_api_lists_published_lessons_with_their_fields(shelf, client):
    response = client.get("/api/v2/lessons/", {"fields": "laws,life_domains,provenance"})
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 2
    first = data["items"][0]
    assert first["title"] == "Wachttijd voor woningaanpassing verdwenen"
    assert first["summary"] == "Spoedaanpassingen zonder indicatie."
    assert first["order_of_learning"] == 3 and first["lesson_date"] == "2026-05-01"
    assert first["laws"] == ["Wmo 2015"] and first["life_domains"] == ["Wonen"]
    detail = client.get(f"/api/v2/lessons/{shelf['wachttijd'].pk}/").json()
    assert detail["what_changed"] == "Iets veranderde."
    assert client.get(f"/api/v2/lessons/{shelf['concept'].pk}/").status_code == 404


@pytest.mark.django_db
def test_the_api_is_read_only_and_shows_nothing_but_lessons(shelf, client, make_case):
    case = make_case(title="Geheime casus")
    assert client.get("/api/v2/pages/").status_code == 404
    assert client.get(f"/api/v2/lessons/{case.pk}/").status_code == 404
    assert (
        "Geheime casus"
        not in client.get("/api/v2/lessons/?type=casework.CasePage").content.decode()
    )
    assert client.post("/api/v2/lessons/", {"title": "x"}).status_code in (403, 405)
    only = client.get("/api/v2/lessons/", {"lesson_date": "2025-09-01"}).json()
    assert [item["title"] for item in only["items"]] == ["Warme overdracht bij achttien jaar"]


# --- review: bad input, names of cases, other managers ----------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("words", ['"', "\x00", "wacht*", "(", "NEAR(", "a:b", "'--"])
def test_search_syntax_in_the_words_is_not_an_error(shelf, client, words):
    response = client.get(LessonIndexPage.objects.get().url, {"q": words})
    assert response.status_code == 200
    response = client.get("/api/v2/lessons/", {"search": words})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {"search": "wacht", "search_operator": "xx"},
        {"laws": "abc"},
        {"life_domains": "x"},
        {"lesson_date": "gisteren"},
        {"lesson_date": "2026-13-01"},
        {"order": "nonsense"},
        {"limit": "-1"},
        {"fields": "secret_field"},
    ],
)
def test_bad_api_parameters_answer_400_with_a_message(shelf, client, query):
    response = client.get("/api/v2/lessons/", query)
    assert response.status_code == 400
    assert response.json()["message"]


@pytest.mark.django_db
def test_a_lesson_may_not_name_a_case_of_its_pattern(decided, manager):
    lesson, _ = services.lesson_draft_from_pattern(pattern=decided, user=manager)
    case_title = decided.links.first().case.title
    lesson.what_did_not_fit = f"Zoals in de casus {case_title.upper()} bleek."
    with pytest.raises(ValidationError) as raised:
        lesson.full_clean()
    assert case_title in " ".join(raised.value.error_dict["what_did_not_fit"][0].messages)


@pytest.mark.django_db
def test_another_manager_is_told_a_lesson_is_being_written(decided, manager, make_user, client):
    services.lesson_draft_from_pattern(pattern=decided, user=manager)
    client.force_login(make_user(Role.MANAGER))
    page = client.get(reverse("leernetwerk_patterns:detail", args=[decided.pk])).content.decode()
    assert "/admin/pages/" not in page
    assert "Er wordt een les over dit patroon geschreven" in page


@pytest.mark.django_db
def test_a_draft_error_names_the_field_once(manager, make_case, client):
    pattern = pattern_services.pattern_create(
        user=manager, title="!!!", description="Zonder besluit.", cases=[make_case()]
    )
    client.force_login(manager)
    response = client.post(
        reverse("leernetwerk_learning:lesson_draft", args=[pattern.pk]), follow=True
    )
    texts = [str(message) for message in response.context["messages"]]
    assert len(texts) == len(set(texts)) == 1
