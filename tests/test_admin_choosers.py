"""Draft case titles (and unpublished title edits) stay with the author and the managers: the
admin's page chooser, its search, the explorer and the bulk-action confirmation pages do not show
them to editors, session administrators or stuurgroep members."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.roles import Role

DRAFT_TITLE = "Conceptcasus Vlinderstraat wachtlijst"
EDITED_TITLE = "Nieuwe titel Kievitwei nog niet gedeeld"

OTHER_ADMIN_ROLES = [Role.EDITOR, Role.SESSION_ADMIN, Role.STUURGROEP]


@pytest.fixture
def cases(make_case, professional):
    draft = make_case(owner=professional, live=False, title=DRAFT_TITLE)
    make_case(owner=professional, title="Gedeelde casus over de wachtlijst")
    live = make_case(owner=professional, title="Gedeelde casus met een conceptwijziging")
    edit = live.get_latest_revision_as_object()
    edit.title = EDITED_TITLE
    edit.save_revision(user=professional)
    return {"draft": draft, "live": live}


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ADMIN_ROLES)
def test_chooser_browse_and_search_hide_draft_titles(client, make_user, network, cases, role):
    client.force_login(make_user(role))
    index = network["cases"]
    browse = client.get(f"/admin/choose-page/{index.pk}/")
    assert browse.status_code == 200
    typed = client.get(f"/admin/choose-page/{index.pk}/?page_type=leernetwerk_casework.casepage")
    search = client.get("/admin/choose-page/search/", {"q": "Vlinderstraat"})
    search_edit = client.get("/admin/choose-page/search/", {"q": "Kievitwei"})
    for response in (browse, typed, search, search_edit):
        text = response.content.decode()
        assert "Vlinderstraat" not in text
        assert "Kievitwei" not in text
    # A published case without pending edits is still there to choose (an agenda links it).
    assert "Gedeelde casus over de wachtlijst" in typed.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ADMIN_ROLES)
@pytest.mark.parametrize("action", ["delete", "move", "publish", "unpublish"])
def test_bulk_confirmation_pages_hide_draft_titles(client, make_user, cases, role, action):
    client.force_login(make_user(role))
    ids = f"id={cases['draft'].pk}&id={cases['live'].pk}"
    response = client.get(f"/admin/bulk/wagtailcore/page/{action}/?{ids}")
    text = response.content.decode()
    assert response.status_code in (200, 302, 403, 404)
    assert "Vlinderstraat" not in text
    assert "Kievitwei" not in text


@pytest.mark.django_db
def test_explorer_of_the_cases_index_hides_draft_titles(client, make_user, network, cases):
    client.force_login(make_user(Role.EDITOR))
    response = client.get(f"/admin/pages/{network['cases'].pk}/")
    text = response.content.decode()
    assert "Vlinderstraat" not in text
    assert "Kievitwei" not in text


@pytest.mark.django_db
def test_managers_and_the_author_still_choose_drafts(client, make_user, network, cases):
    client.force_login(make_user(Role.MANAGER))
    response = client.get(f"/admin/choose-page/{network['cases'].pk}/")
    assert DRAFT_TITLE in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ADMIN_ROLES)
def test_admin_reports_and_page_search_hide_draft_titles(client, make_user, cases, role):
    client.force_login(make_user(role))
    # (url, words of the hidden titles that are not the query the page repeats)
    for url, words in (
        ("/admin/pages/search/?q=Vlinderstraat", ["Conceptcasus"]),
        ("/admin/pages/search/?q=Kievitwei", ["Nieuwe titel"]),
        ("/admin/reports/aging-pages/", ["Vlinderstraat", "Kievitwei"]),
        ("/admin/reports/locked/", ["Vlinderstraat", "Kievitwei"]),
        ("/admin/reports/site-history/", ["Vlinderstraat", "Kievitwei"]),
        ("/admin/", ["Vlinderstraat", "Kievitwei"]),
    ):
        response = client.get(url)
        assert response.status_code in (200, 302, 403), url
        for word in words:
            assert word not in response.content.decode(), url


@pytest.mark.django_db
@pytest.mark.parametrize("role", OTHER_ADMIN_ROLES)
def test_the_page_types_usage_report_hides_draft_titles(client, make_user, cases, role):
    client.force_login(make_user(role))
    response = client.get("/admin/reports/page-types-usage/")
    assert response.status_code in (200, 302, 403)
    text = response.content.decode()
    assert "Kievitwei" not in text
    assert "Vlinderstraat" not in text


@pytest.mark.django_db
def test_the_page_types_usage_report_still_names_them_to_whoever_may_edit_them(
    client, admin_user, cases
):
    client.force_login(admin_user)
    response = client.get("/admin/reports/page-types-usage/")
    assert response.status_code == 200
    assert "Kievitwei" in response.content.decode()
