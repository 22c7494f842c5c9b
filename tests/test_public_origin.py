"""Issue #16, finding #16: links that leave the site use the one public origin, never the Wagtail
Site record's ``localhost:80``; calendar UIDs do not depend on the host a request came in on."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import Site

from leernetwerk.kernel.notifications import absolute_url
from leernetwerk.learning.models import LearningSessionPage, LessonPage

pytestmark = pytest.mark.django_db

ATOM = {"a": "http://www.w3.org/2005/Atom"}


@pytest.fixture
def lesson(network):
    page = LessonPage(
        title="Warme overdracht bij achttien jaar",
        slug="warme-overdracht",
        summary="Jeugdhulp en Wmo sluiten aan.",
        what_did_not_fit="De jeugdhulp stopte op de verjaardag.",
        what_changed="Een overdracht drie maanden vooraf.",
        lesson_date=timezone.localdate(),
        live=True,
    )
    network["lessons"].add_child(instance=page)
    page.save_revision().publish(skip_permission_checks=True)
    return LessonPage.objects.get(pk=page.pk)


@pytest.fixture
def session(network):
    starts = timezone.now() + timedelta(days=7)
    page = LearningSessionPage(
        title="Leersessie maart",
        slug="leersessie-maart",
        level="uitvoering",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        live=True,
    )
    network["sessions"].add_child(instance=page)
    page.save_revision().publish(skip_permission_checks=True)
    return LearningSessionPage.objects.get(pk=page.pk)


@pytest.fixture
def public_origin(settings):
    settings.LEERNETWERK_PUBLIC_ORIGIN = "https://leernetwerk.gemeente.nl"


@pytest.fixture
def no_origin_settings(settings):
    settings.LEERNETWERK_PUBLIC_ORIGIN = None
    settings.WAGTAILADMIN_BASE_URL = None


def _links_of_a_lesson(client, network, **headers) -> dict[str, str]:
    """Every absolute address of the lesson that a reader, a feed reader or an API client sees."""
    index = network["lessons"].url
    lesson_page = client.get(LessonPage.objects.get().url, **headers)
    html = lesson_page.content.decode()
    rss = ET.fromstring(client.get(index + "feed/", **headers).content)  # noqa: S314
    atom = ET.fromstring(client.get(index + "feed/atom/", **headers).content)  # noqa: S314
    api = client.get("/api/v2/lessons/", **headers).json()["items"][0]["meta"]
    entry = atom.find("a:entry", ATOM)
    return {
        "canonical": re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1),
        "og:url": re.search(r'<meta property="og:url" content="([^"]+)"', html).group(1),
        "Link header": re.search(r"<([^>]+)>; rel=\"canonical\"", lesson_page["Link"]).group(1),
        "rss channel link": rss.find("channel").findtext("link"),
        "rss item link": rss.find("channel").find("item").findtext("link"),
        "atom id": atom.findtext("a:id", namespaces=ATOM),
        "atom self": atom.find("a:link[@rel='self']", ATOM).get("href"),
        "atom entry id": entry.findtext("a:id", namespaces=ATOM),
        "atom entry link": entry.find("a:link", ATOM).get("href"),
        "api detail_url": api["detail_url"],
        "api html_url": api["html_url"],
    }


def test_feeds_pages_and_the_api_link_to_the_public_origin(client, network, lesson, public_origin):
    links = _links_of_a_lesson(client, network)

    assert links == {
        "canonical": "https://leernetwerk.gemeente.nl/lessen/warme-overdracht/",
        "og:url": "https://leernetwerk.gemeente.nl/lessen/warme-overdracht/",
        "Link header": "https://leernetwerk.gemeente.nl/lessen/warme-overdracht/",
        "rss channel link": "https://leernetwerk.gemeente.nl/lessen/",
        "rss item link": "https://leernetwerk.gemeente.nl/lessen/warme-overdracht/",
        "atom id": "https://leernetwerk.gemeente.nl/lessen/",
        "atom self": "https://leernetwerk.gemeente.nl/lessen/feed/atom/",
        "atom entry id": "https://leernetwerk.gemeente.nl/lessen/warme-overdracht/",
        "atom entry link": "https://leernetwerk.gemeente.nl/lessen/warme-overdracht/",
        "api detail_url": f"https://leernetwerk.gemeente.nl/api/v2/lessons/{lesson.pk}/",
        "api html_url": "https://leernetwerk.gemeente.nl/lessen/warme-overdracht/",
    }


def test_e_mails_link_to_the_public_origin(public_origin):
    assert absolute_url("/netwerk/casussen/12/") == (
        "https://leernetwerk.gemeente.nl/netwerk/casussen/12/"
    )


def test_without_a_setting_the_wagtail_default_site_is_not_used_but_the_request(
    client, network, lesson, no_origin_settings
):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)  # what Wagtail installs

    links = _links_of_a_lesson(client, network, HTTP_HOST="leren.example.nl")

    assert not [name for name, url in links.items() if "localhost" in url]
    assert links["canonical"] == "http://leren.example.nl/lessen/warme-overdracht/"
    assert links["api detail_url"] == f"http://leren.example.nl/api/v2/lessons/{lesson.pk}/"
    assert links["rss item link"] == "http://leren.example.nl/lessen/warme-overdracht/"


def test_without_a_setting_a_configured_site_record_is_the_origin(
    client, network, lesson, no_origin_settings
):
    Site.objects.filter(is_default_site=True).update(hostname="leernetwerk.example.org", port=443)

    links = _links_of_a_lesson(client, network, HTTP_HOST="leernetwerk.example.org")

    assert links["canonical"] == "https://leernetwerk.example.org/lessen/warme-overdracht/"
    assert links["atom entry id"] == "https://leernetwerk.example.org/lessen/warme-overdracht/"
    assert links["api html_url"] == "https://leernetwerk.example.org/lessen/warme-overdracht/"


def _uids(client, url, host) -> list[str]:
    calendar = Calendar.from_ical(client.get(url, HTTP_HOST=host).content)
    return [str(event["uid"]) for event in calendar.walk("VEVENT")]


def test_a_session_has_one_uid_whatever_name_the_site_is_reached_under(
    client, session, no_origin_settings
):
    url = reverse("leernetwerk_learning:session_ics", args=[session.pk])
    everything = reverse("leernetwerk_learning:calendar_all")

    assert _uids(client, url, "leernetwerk.example.nl") == [f"leersessie-{session.pk}@leernetwerk"]
    assert _uids(client, url, "[::1]:8000") == [f"leersessie-{session.pk}@leernetwerk"]
    assert _uids(client, url, "127.0.0.1") == [f"leersessie-{session.pk}@leernetwerk"]
    assert _uids(client, everything, "[::1]") == [f"leersessie-{session.pk}@leernetwerk"]


def test_with_a_public_origin_the_uid_and_link_use_its_domain(client, session, public_origin):
    url = reverse("leernetwerk_learning:session_ics", args=[session.pk])
    calendar = Calendar.from_ical(client.get(url, HTTP_HOST="[::1]").content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["uid"]) == f"leersessie-{session.pk}@leernetwerk.gemeente.nl"
    assert str(event["url"]) == (
        f"https://leernetwerk.gemeente.nl{LearningSessionPage.objects.get().url}"
    )
