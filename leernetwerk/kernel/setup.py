"""``manage.py leernetwerk_setup``: what a network needs besides its tables, made idempotently.

Each app contributes setup steps through the Wagtail hook ``leernetwerk_setup``
(``hooks.register(SETUP_HOOK, step, order=ORDER_…)``; a step is ``step(setup: Setup)``), so the
kernel knows nothing of the apps above it. Steps run in the layers' order, kernel → casework →
patterns → learning, in one transaction, and report every thing they made or found, one line
each. The demo (``load_demo``) and the test fixtures run the same code (``run_setup``). Why a
command and not data migrations: ADR 0007.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django.db import transaction

SETUP_HOOK = "leernetwerk_setup"
#: ``manage.py leernetwerk_uninstall`` runs the steps of this hook in reverse order (learning
#: first); a step removes what its app put into the host's tables (see ``uninstall``).
UNINSTALL_HOOK = "leernetwerk_uninstall"
ORDER_KERNEL, ORDER_CASEWORK, ORDER_PATTERNS, ORDER_LEARNING = 0, 10, 20, 30


class SetupError(Exception):
    """Setup cannot run here (for instance: no site to put the index pages under)."""


class Setup:
    """What a step works with: the parent page of new index pages, the report, and helpers
    for the things several apps make (grants, index pages, their permissions and walls)."""

    def __init__(self, parent, write: Callable[[str], None] | None = None):
        self.parent = parent
        self.lines: list[str] = []
        self._write = write

    # --- the report ---------------------------------------------------------------------------

    def report(self, status: str, thing: str) -> None:
        line = f"{status:<8} {thing}"
        self.lines.append(line)
        if self._write is not None:
            self._write(line)

    def created(self, thing: str) -> None:
        self.report("created", thing)

    def found(self, thing: str) -> None:
        self.report("found", thing)

    def changed(self, thing: str) -> None:
        self.report("changed", thing)

    def counted(self, made: int, total: int, what: str) -> None:
        """One line for a list of things of which ``made`` were created now."""
        if made:
            self.created(f"{made} of {total} {what}")
        else:
            self.found(f"{total} {what}")

    # --- helpers ------------------------------------------------------------------------------

    def vocabulary(self, model, terms: list[tuple[str, str]], what: str) -> None:
        """Terms of ``model`` as (name, name in English), in order (terms editors changed are
        left alone)."""
        made = 0
        for order, (name, name_en) in enumerate(terms, start=1):
            made += self.term(model, name, name_en, {"sort_order": order * 10})
        self.counted(made, len(terms), what)

    def term(self, model, name: str, name_en: str, defaults: dict) -> bool:
        """One term by name; an English name is filled in where a term has none yet (networks
        set up before terms had one). True when the term was made now."""
        term, made = model.objects.get_or_create(
            name=name, defaults={**defaults, "name_en": name_en}
        )
        if not made and name_en and not term.name_en:
            model.objects.filter(pk=term.pk).update(name_en=name_en)
        return made

    def grant(self, app_label: str, grants: Mapping[str, Iterable[str]]) -> None:
        """Model permissions of ``app_label`` for the roles (see ``roles.grant_permissions``)."""
        from leernetwerk.kernel.roles import grant_permissions, role_group

        for role, gained in grant_permissions(app_label, grants).items():
            total = len(list(grants[role]))
            group = role_group(role).name
            what = f'permissions on {app_label} for group "{group}"'
            if gained:
                self.created(f"{gained} of {total} {what}")
            else:
                self.found(f"{total} {what}")

    def index_page(self, model, *, slug: str, title: str, title_en: str = ""):
        """The one page of ``model`` (found anywhere in the tree, or made live under the parent
        with ``slug``, or a free variant of it when a sibling has that slug). ``title_en`` is its
        title in English, filled in on a page that still has the title given here and none in
        English."""
        from django.utils import timezone

        page = model.objects.first()
        if page is not None:
            self.found(f'page "{page.title}" ({model.__name__}, {page.url_path})')
            if title_en and page.title == title and not page.title_en:
                model.objects.filter(pk=page.pk).update(title_en=title_en)
                page.title_en = title_en
            return page
        taken = set(self.parent.get_children().values_list("slug", flat=True))
        free, n = slug, 1
        while free in taken:
            n += 1
            free = f"{slug}-{n}"
        now = timezone.now()
        page = model(
            title=title,
            title_en=title_en,
            slug=free,
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        self.parent.add_child(instance=page)
        self.created(f'page "{title}" ({model.__name__}, {page.url_path})')
        return page

    def page_permissions(self, page, grants: Mapping[str, Iterable[str]]) -> None:
        """Page permissions (``add``, ``change``, ``publish``…) of the roles on ``page``."""
        from django.contrib.auth.models import Permission
        from wagtail.models import GroupPagePermission

        from leernetwerk.kernel.roles import role_group

        for role, types in grants.items():
            group = role_group(role)
            made = 0
            for permission_type in types:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{permission_type}_page"
                )
                made += GroupPagePermission.objects.get_or_create(
                    group=group, page=page, permission=permission
                )[1]
            what = f'page permissions ({", ".join(types)}) on "{page.title}" for "{group.name}"'
            if made:
                self.created(what)
            else:
                self.found(what)

    def members_only(self, page) -> None:
        """The second wall: a Wagtail view restriction to the role groups on ``page`` (and so
        its subtree), which Wagtail itself enforces even without the plugin's code."""
        from wagtail.models import PageViewRestriction

        from leernetwerk.kernel.roles import role_groups

        groups = list(role_groups().values())
        restriction = PageViewRestriction.objects.filter(
            page=page, restriction_type=PageViewRestriction.GROUPS
        ).first()
        what = f'view restriction to the role groups on "{page.title}"'
        if restriction is None:
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.add(*groups)
            self.created(what)
            return
        missing = [g for g in groups if not restriction.groups.filter(pk=g.pk).exists()]
        if missing:
            restriction.groups.add(*missing)
            self.changed(f"{what} (+{len(missing)} groups)")
        else:
            self.found(what)


def default_parent():
    """The root page of the default site: where the index pages go unless told otherwise."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        site = Site.objects.select_related("root_page").order_by("pk").first()
    if site is None:
        raise SetupError(
            "There is no Wagtail site: create one (Wagtail's own migrations make a default "
            "site) or give a parent page with --parent PAGE_ID."
        )
    return site.root_page.specific


def setup_steps() -> list[Callable[[Setup], None]]:
    """The apps' steps, kernel first (sorted by their ``order``)."""
    from wagtail import hooks

    return list(hooks.get_hooks(SETUP_HOOK))


def run_setup(*, parent=None, write: Callable[[str], None] | None = None) -> Setup:
    """Run every app's setup step in one transaction; idempotent."""
    from wagtail.models import Page

    if parent is None:
        parent = default_parent()
    elif not isinstance(parent, Page):
        try:
            parent = Page.objects.get(pk=parent).specific
        except Page.DoesNotExist:
            raise SetupError(f"There is no page with id {parent}.") from None
    setup = Setup(parent, write)
    with transaction.atomic():
        for step in setup_steps():
            step(setup)
    return setup
