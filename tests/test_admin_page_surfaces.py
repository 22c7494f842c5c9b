"""Red-team sweep of the admin and API page surfaces a role can open by id or by search: the
admin page search, Wagtail's admin API (the explorer menu's data), draft views, histories,
revisions, previews, reports, workflows, the public API and the host's search. Nobody who may
not read a case sees its draft title, an unpublished title edit or its text there, and no
surface answers 500 when poked with another member's page ids."""

from __future__ import annotations

import pytest

from leernetwerk.kernel.roles import Role

DRAFT_TITLE = "Conceptcasus Vlinderstraat wachtlijst"
EDITED_TITLE = "Nieuwe titel Kievitwei nog niet gedeeld"
SECRET_WORDS = ("Zeldzaamsituatie", "Zeldzaamlive")


@pytest.fixture
def cases(make_case, professional):
    draft = make_case(
        owner=professional, live=False, title=DRAFT_TITLE, situation="Zeldzaamsituatie"
    )
    live = make_case(owner=professional, title="Gedeelde casus Merelpad", situation="Zeldzaamlive")
    edit = live.get_latest_revision_as_object()
    edit.title = EDITED_TITLE
    edit.save_revision(user=professional)
    return {"draft": draft, "live": live}


def _surfaces(index, draft, live) -> list[str]:
    d, lv, i = draft.pk, live.pk, index.pk
    return [
        "/admin/pages/search/?q=Vlinderstraat",
        "/admin/pages/search/?q=Kievitwei",
        "/admin/pages/search/?q=Zeldzaamlive",
        f"/admin/api/main/pages/?child_of={i}",
        f"/admin/api/main/pages/{d}/",
        f"/admin/api/main/pages/{lv}/",
        "/admin/api/main/pages/?search=Vlinderstraat",
        f"/admin/pages/{d}/view_draft/",
        f"/admin/pages/{lv}/view_draft/",
        f"/admin/pages/{d}/edit/",
        f"/admin/pages/{d}/history/",
        f"/admin/pages/{lv}/history/",
        f"/admin/pages/{lv}/revisions/compare/earliest...latest/",
        f"/admin/pages/{d}/usage/",
        f"/admin/pages/{d}/move/",
        f"/admin/pages/{d}/copy/",
        f"/admin/pages/{d}/delete/",
        f"/admin/pages/{lv}/workflow_history/",
        f"/admin/pages/{i}/",
        f"/admin/pages/{i}/?ordering=-latest_revision_created_at",
        f"/admin/choose-page/{i}/?page_type=wagtailcore.page",
        "/admin/reports/locked/",
        "/admin/reports/aging-pages/",
        "/admin/reports/site-history/",
        "/admin/reports/site-history/?export=csv",
        "/admin/reports/page-types-usage/",
        "/admin/workflows/tasks/index/",
        "/admin/",
        "/api/v2/pages/?search=Zeldzaamlive",
        f"/api/v2/pages/{lv}/",
        f"/api/v2/pages/{d}/",
        "/api/v2/pages/?type=leernetwerk_casework.CasePage",
        "/search/?query=Zeldzaamlive",
        "/sitemap.xml",
    ]


def _body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode(errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        None,
        Role.PROFESSIONAL,
        Role.EDITOR,
        Role.SESSION_ADMIN,
        Role.STUURGROEP,
        Role.MANDATE_HOLDER,
    ],
)
def test_no_admin_or_api_surface_shows_someone_elses_draft(client, make_user, network, cases, role):
    if role is not None:
        client.force_login(make_user(role))
    found = []
    for url in _surfaces(network["cases"], cases["draft"], cases["live"]):
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200:
            continue
        body = _body(response)
        for secret in (DRAFT_TITLE, EDITED_TITLE, *SECRET_WORDS):
            if secret not in url and secret in body:
                found.append((url, secret))
    assert found == []


@pytest.mark.django_db
def test_a_superuser_sees_the_draft_on_the_same_surfaces(client, admin_user, cases):
    """The sweep above is not empty by accident: the same URLs show the draft to a superuser.
    (Cases are never in a search index, so the admin's page search finds no case for anyone;
    the network's own case search is where members look for them.)"""
    client.force_login(admin_user)
    draft, live = cases["draft"], cases["live"]
    assert DRAFT_TITLE in _body(client.get(f"/admin/api/main/pages/{draft.pk}/"))
    assert DRAFT_TITLE in _body(client.get(f"/admin/pages/{draft.pk}/edit/"))
    assert EDITED_TITLE in _body(client.get(f"/admin/pages/{live.pk}/edit/"))
    assert "Conceptcasus Vlinderstraat" not in _body(
        client.get("/admin/pages/search/?q=Vlinderstraat")
    )
