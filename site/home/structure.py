"""The network's page-tree skeleton, its site record and the page permissions of the roles.

Written against an ``apps`` registry so the same idempotent code runs inside a data migration
(historical models) and, after a test database flush, with the real registry.
"""

from __future__ import annotations

import uuid

from django.utils import timezone

from leernetwerk.kernel.roles import Role, ensure_permissions_exist, ensure_role_groups

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

#: (app label, model, slug, title, {role: page permission types})
INDEX_PAGES = [
    (
        "leernetwerk_casework",
        "caseindexpage",
        "casussen",
        "Casussen",
        {Role.PROFESSIONAL: ["add"], Role.MANAGER: ["add", "change", "publish"]},
    ),
    ("leernetwerk_patterns", "patternboardpage", "patronen", "Patronen", {}),
    (
        "leernetwerk_learning",
        "sessionindexpage",
        "leersessies",
        "Leersessies",
        {Role.SESSION_ADMIN: ["add", "change", "publish"]},
    ),
    (
        "leernetwerk_learning",
        "lessonindexpage",
        "lessen",
        "Geleerde lessen",
        {Role.EDITOR: ["add", "change", "publish"], Role.MANAGER: ["add"]},
    ),
]

HOME_INTRO = (
    "<p>In dit lerend netwerk leggen professionals, organisaties en bestuur samen vast waar de "
    "systeemwereld niet past bij de leefwereld van inwoners, en wat er daarna verandert.</p>"
)


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


def _number(step: str) -> int:
    return int(step, len(ALPHABET))


def _add_child(apps, parent, app_label: str, model_name: str, **fields):
    """Create a live child page of ``parent`` (treebeard's materialised path, by hand)."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model(app_label, model_name)
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    next_number = _number(last[-STEPLEN:]) + 1 if last else 1
    now = timezone.now()
    page = model.objects.create(
        path=parent.path + _step(next_number),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{fields['slug']}/",
        content_type=ContentType.objects.get_for_model(model),
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
        draft_title=fields["title"],
        live=True,
        first_published_at=now,
        last_published_at=now,
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(
        numchild=Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
    )
    return page


def ensure_site_structure(apps) -> None:
    """Root, home page, default site, the four index pages and the roles' page permissions."""
    from django.conf import settings

    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    ContentType = apps.get_model("contenttypes", "ContentType")
    HomePage = apps.get_model("home", "HomePage")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Permission = apps.get_model("auth", "Permission")

    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.objects.create(
            title="Root",
            draft_title="Root",
            slug="root",
            content_type=ContentType.objects.get_for_model(Page),
            path=_step(1),
            depth=1,
            numchild=0,
            url_path="/",
            locale=locale,
            translation_key=uuid.uuid4(),
        )
    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        # wagtailcore's own migration makes a plain welcome page; the home page replaces it.
        Page.objects.filter(
            depth=2, slug="home", content_type=ContentType.objects.get_for_model(Page)
        ).delete()
        home = _add_child(
            apps,
            Page.objects.get(pk=root.pk),
            "home",
            "homepage",
            title="Lerend netwerk sociaal domein",
            slug="home",
            intro=HOME_INTRO,
        )
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Leernetwerk",
            root_page_id=home.pk,
            is_default_site=True,
        )

    ensure_permissions_exist(apps, ["wagtailcore", "wagtailadmin"])
    groups = ensure_role_groups(apps)
    page_ct = ContentType.objects.get_for_model(Page)
    for app_label, model_name, slug, title, grants in INDEX_PAGES:
        model = apps.get_model(app_label, model_name)
        page = model.objects.first()
        if page is None:
            page = _add_child(
                apps, Page.objects.get(pk=home.pk), app_label, model_name, title=title, slug=slug
            )
        for role, types in grants.items():
            for permission_type in types:
                permission = Permission.objects.get(
                    content_type=page_ct, codename=f"{permission_type}_page"
                )
                GroupPagePermission.objects.get_or_create(
                    group=groups[role], page_id=page.pk, permission=permission
                )
    from leernetwerk.learning.seed import ensure_lesson_workflow

    ensure_lesson_workflow(apps)
