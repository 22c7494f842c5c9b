"""The demo host's own page tree: its home page and site record. Everything of the network
(groups, index pages, permissions, workflow) comes from ``manage.py leernetwerk_setup``, as in
any other host."""

from __future__ import annotations

HOME_TITLE = "Lerend netwerk sociaal domein"
HOME_TITLE_EN = "Social domain learning network"
HOME_INTRO = (
    "<p>In dit lerend netwerk leggen professionals, organisaties en bestuur samen vast waar de "
    "systeemwereld niet past bij de leefwereld van inwoners, en wat er daarna verandert.</p>"
)


def ensure_demo_site():
    """The home page (in place of Wagtail's welcome page) as the default site's root;
    idempotent. Returns the home page."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page, Site

    from home.models import HomePage

    if Collection.get_first_root_node() is None:  # a flushed test database, as below
        Collection.add_root(name="Root")

    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        if root is None:  # a flushed test database: Wagtail's migrations made one
            Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
            root = Page.add_root(instance=Page(title="Root", slug="root"))
        # Wagtail's own migration makes a plain welcome page; the home page replaces it, and
        # takes over what was put under it (say, by leernetwerk_setup run before the demo).
        welcome = Page.objects.filter(
            depth=2, slug="home", content_type=ContentType.objects.get_for_model(Page)
        ).first()
        slug = "home" if welcome is None else "home-new"
        home = root.add_child(
            instance=HomePage(title=HOME_TITLE, title_en=HOME_TITLE_EN, slug=slug, intro=HOME_INTRO)
        )
        if welcome is not None:
            for child in welcome.get_children():
                child.move(home, pos="last-child")
            welcome.delete()
            home.refresh_from_db()
            home.slug = "home"
            home.save()
    if home.title == HOME_TITLE and not home.title_en:  # made before pages had English titles
        HomePage.objects.filter(pk=home.pk).update(title_en=HOME_TITLE_EN)
        home.title_en = HOME_TITLE_EN
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            site_name="Leernetwerk",
            root_page=home,
            is_default_site=True,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    return home
