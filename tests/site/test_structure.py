"""The page-tree skeleton, the roles and who may see which index page."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page, Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from home.structure import ensure_demo_site
from leernetwerk.casework.models import CaseIndexPage, CasePage
from leernetwerk.kernel.roles import Role, role_group
from leernetwerk.kernel.setup import run_setup
from leernetwerk.learning.models import (
    LearningSessionPage,
    LessonIndexPage,
    LessonPage,
    SessionIndexPage,
)
from leernetwerk.patterns.models import LearningTable, PatternBoardPage

pytestmark = pytest.mark.django_db


def test_setup_builds_the_page_tree_under_the_default_site():
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    children = {type(page.specific) for page in home.get_children()}
    assert children == {CaseIndexPage, PatternBoardPage, SessionIndexPage, LessonIndexPage}


def test_site_structure_is_idempotent():
    before = Page.objects.count(), GroupPagePermission.objects.count(), Group.objects.count()
    ensure_demo_site()
    assert all(line.startswith("found") for line in run_setup().lines)
    after = Page.objects.count(), GroupPagePermission.objects.count(), Group.objects.count()
    assert before == after


def test_a_flushed_test_database_gets_its_root_collection_back(client):
    """A transactional test flushes what Wagtail's migrations made; the next test on that
    worker must still be able to open the admin's upload pages (CI once saw them answer 500)."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Collection

    Collection.objects.all().delete()
    ensure_demo_site()
    admin = get_user_model().objects.create_superuser("root-beheer", "r@example.test", "pw")
    client.force_login(admin)
    assert client.get("/admin/images/multiple/add/").status_code == 200
    assert client.get("/admin/documents/multiple/add/").status_code == 200


def test_every_role_is_a_group_with_its_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert {
        "Leernetwerk: professionals",
        "Leernetwerk: managers",
        "Leernetwerk: sessiebeheerders",
        "Leernetwerk: stuurgroepleden",
        "Leernetwerk: redacteuren",
        "Leernetwerk: mandaathouders",
    } <= names
    professional = role_group(Role.PROFESSIONAL)
    assert not professional.permissions.filter(codename="access_admin").exists()
    for role in (Role.MANAGER, Role.SESSION_ADMIN, Role.STUURGROEP, Role.EDITOR):
        assert role_group(role).permissions.filter(codename="access_admin").exists()
    cases = CaseIndexPage.objects.get()
    assert GroupPagePermission.objects.filter(
        group=professional, page=cases, permission__codename="add_page"
    ).exists()
    lessons = LessonIndexPage.objects.get()
    assert GroupPagePermission.objects.filter(
        group=role_group(Role.EDITOR), page=lessons, permission__codename="publish_page"
    ).exists()


def test_default_learning_ladder():
    ladder = list(LearningTable.objects.values_list("name", "order"))
    assert ladder == [
        ("Casustafel / team", 1),
        ("Werktafel", 2),
        ("Ambtelijke stuurgroep", 3),
        ("Bestuurlijke stuurgroep", 3),
        ("Landelijk signaal", 4),
    ]
    assert not LearningTable.objects.get(order=4).is_active


@pytest.mark.parametrize(
    ("path", "role", "expected"),
    [
        ("/", None, 200),
        ("/lessen/", None, 200),
        ("/leersessies/", None, 200),
        ("/casussen/", None, 302),
        ("/patronen/", None, 302),
        ("/casussen/", "no-role", 403),
        ("/patronen/", "no-role", 403),
        ("/casussen/", Role.PROFESSIONAL, 200),
        ("/patronen/", Role.PROFESSIONAL, 200),
        ("/casussen/", Role.EDITOR, 200),
        ("/patronen/", Role.STUURGROEP, 200),
    ],
)
def test_who_sees_which_index(client, make_user, path, role, expected):
    if role == "no-role":
        client.force_login(make_user(None))
    elif role is not None:
        client.force_login(make_user(role))
    response = client.get(path)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(f"/accounts/login/?next={path}")


def test_a_deactivated_member_is_not_a_member(client, make_user):
    user = make_user(Role.PROFESSIONAL)
    user.is_active = False
    user.save()
    client.force_login(user)
    assert client.get("/casussen/").status_code in (302, 403)


def test_case_pages_are_private(client, make_user, network):
    case = network["cases"].add_child(
        instance=CasePage(
            title="Casus", slug="casus", situation="s", knelpunt="k", consent_given=True
        )
    )
    response = client.get(case.url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(make_user(Role.PROFESSIONAL))
    assert client.get(case.url).status_code == 200


def test_unknown_page_renders_the_site_404(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


class TestPageTreeRules(WagtailPageTestCase):
    def test_parent_and_child_rules(self):
        self.assertAllowedSubpageTypes(
            HomePage, {CaseIndexPage, PatternBoardPage, SessionIndexPage, LessonIndexPage}
        )
        self.assertAllowedParentPageTypes(CasePage, {CaseIndexPage})
        self.assertAllowedParentPageTypes(LearningSessionPage, {SessionIndexPage})
        self.assertAllowedParentPageTypes(LessonPage, {LessonIndexPage})
        self.assertAllowedSubpageTypes(CasePage, set())
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_public_pages_render(self):
        self.assertPageIsRenderable(HomePage.objects.get())
        self.assertPageIsRenderable(LessonIndexPage.objects.get())
        self.assertPageIsRenderable(SessionIndexPage.objects.get())
