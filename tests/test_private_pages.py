"""Cases are never public: no search (the host's own ``/search/`` as every ``wagtail start`` site
has it), sitemap or page API lists one to a reader who may not read it — also when the second wall
(the view restriction on the cases index) is gone."""

from __future__ import annotations

import pytest
from django.core import checks
from django.test import RequestFactory
from wagtail.models import Page, PageViewRestriction

WORD = "Zonnebloemregeling"


def host_search(query: str) -> list[str]:
    """What the search view of a fresh ``wagtail start`` project lists (its own code)."""
    return [page.title for page in Page.objects.live().search(query)]


@pytest.fixture
def case(make_case):
    return make_case(
        title=f"{WORD}: wachttijd schuldhulp loopt uit",
        situation=f"Een huishouden valt buiten de {WORD} en wacht op de schuldhulp.",
    )


@pytest.fixture
def without_second_wall(network):
    """As if an editor removed the view restriction from the cases index in the admin."""
    PageViewRestriction.objects.filter(page=network["cases"]).delete()


@pytest.mark.django_db
def test_the_hosts_search_finds_no_case(network, case):
    assert host_search("Geleerde lessen") == ["Geleerde lessen"]  # the control
    assert host_search(WORD) == []
    assert host_search("schuldhulp") == []


def test_a_search_backend_that_reads_page_titles_directly_is_refused(settings):
    """The database fallback backend searches ``wagtailcore_page.title`` itself (no index), so
    the host's search would list every case title: the system check says so."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database.fallback"}
    }
    errors = [e for e in checks.run_checks() if e.id == "leernetwerk_casework.E001"]
    assert len(errors) == 1
    assert "case titles" in errors[0].msg


def test_the_indexing_search_backend_passes_the_check(settings):
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    assert not [e for e in checks.run_checks() if e.id == "leernetwerk_casework.E001"]


def sitemap_locations() -> list[str]:
    from django.contrib.sites.requests import RequestSite
    from wagtail.contrib.sitemaps.sitemap_generator import Sitemap

    request = RequestFactory().get("/sitemap.xml")
    sitemap = Sitemap(request)
    return [url["location"] for url in sitemap.get_urls(site=RequestSite(request))]


@pytest.mark.django_db
def test_the_sitemap_lists_no_case_even_without_the_second_wall(network, case, without_second_wall):
    locations = sitemap_locations()
    assert any(location.endswith(network["lessons"].url) for location in locations)  # control
    assert not [location for location in locations if "/casussen/" in location]


@pytest.mark.django_db
def test_the_sitemap_lists_no_pattern_board_even_without_the_second_wall(network):
    PageViewRestriction.objects.filter(page=network["board"]).delete()
    board = network["board"].url
    assert not [location for location in sitemap_locations() if location.endswith(board)]
