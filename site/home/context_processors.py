"""The site navigation: the network's index pages (the private ones only for members), and the
work areas of each role (doorbraken, session administration, invitations, dashboard, admin)."""

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from leernetwerk.casework.models import CaseIndexPage
from leernetwerk.kernel.access import has_role, is_network_member, may_open_admin
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.models import LessonIndexPage, SessionIndexPage
from leernetwerk.patterns.models import PatternBoardPage

#: (model, label, members only, the front-end routes that belong to it), in menu order.
NAVIGATION = [
    (CaseIndexPage, _("Cases"), True, ("/netwerk/casussen/",)),
    (PatternBoardPage, _("Patterns"), True, ("/netwerk/patronen/",)),
    (SessionIndexPage, _("Leersessies"), False, ("/netwerk/leren/sessies/",)),
    (LessonIndexPage, _("Lessons learned"), False, ("/netwerk/leren/lessen/",)),
]


def _role_items(user) -> list[tuple[str, str, tuple[str, ...]]]:
    """``(label, url, routes)`` of the work areas ``user``'s roles open, in menu order."""
    items = [
        (_("Who is who"), reverse("leernetwerk_members:directory"), ()),
        (_("My signals"), reverse("leernetwerk_learning:my_signals"), ()),
        (_("My actions"), reverse("leernetwerk_learning:my_actions"), ()),
        (_("Precedents"), reverse("leernetwerk_casework:precedent_index"), ()),
        (_("What may I decide myself?"), reverse("leernetwerk_casework:mandate_register"), ()),
    ]
    if has_role(user, Role.MANDATE_HOLDER):
        url = reverse("leernetwerk_casework:doorbraak_inbox")
        items.append((_("Doorbraken"), url, (url,)))
    if has_role(user, Role.POLICY_OFFICER, Role.MANAGER, Role.STUURGROEP):
        url = reverse("leernetwerk_patterns:policy_inbox")
        items.append((_("Policy inbox"), url, (url,)))
    if has_role(user, Role.SESSION_ADMIN):
        items.append((_("Session administration"), reverse("leernetwerk_learning:overview"), ()))
    if has_role(user, Role.MANAGER, Role.SESSION_ADMIN):
        url = reverse("leernetwerk_members:invitation_list")
        items.append((_("Invitations"), url, (url,)))
    if has_role(user, Role.MANAGER, Role.STUURGROEP):
        url = reverse("leernetwerk_learning:dashboard")
        items.append((_("Dashboard"), url, (url,)))
    return items


def _score(path: str, url: str, prefixes: tuple[str, ...]) -> int:
    """How well ``path`` belongs to a menu item: its own URL exactly beats everything, else the
    longest of its route prefixes that ``path`` starts with (0: not at all)."""
    if path == url:
        return 10_000
    return max((len(prefix) for prefix in prefixes if path.startswith(prefix)), default=0)


#: The cache key of the menu pages' URLs per site (dropped when a page is published, unpublished,
#: moved or deleted, or a site changes).
NAV_CACHE_KEY = "leernetwerk:host:navigation"


def _page_urls(request) -> dict[str, str]:
    """``{model label: URL}`` of the live menu pages as ``request``'s site links them (no query
    in the steady state: every page needs them)."""
    site = Site.find_for_request(request)
    site_key = site.pk if site is not None else 0
    cached = cache.get(NAV_CACHE_KEY) or {}
    if site_key in cached:
        return cached[site_key]
    urls = {}
    for page in (
        Page.objects.live()
        .type(*(model for model, *_rest in NAVIGATION))
        .select_related("content_type")
    ):
        url = page.get_url(request)
        label = page.content_type.model_class()._meta.label_lower
        if url and label not in urls:
            urls[label] = url
    cache.set(NAV_CACHE_KEY, {**cached, site_key: urls}, 300)
    return urls


def forget_page_urls(**kwargs) -> None:
    """A page or site changed: the menu's URLs are read again."""
    cache.delete(NAV_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(NAV_CACHE_KEY))


def navigation(request):
    """``nav_items`` and ``work_items`` (label, url, current) and ``admin_url`` for the header.
    The current item is
    the one whose page or routes match the longest part of the path, so a pattern's page marks
    "Patterns" and the doorbraken inbox (under the cases' routes) marks "Doorbraken"."""
    user = request.user
    member = is_network_member(user)
    urls = _page_urls(request)
    entries = []
    for model, label, members_only, routes in NAVIGATION:
        url = urls.get(model._meta.label_lower)
        if url and (member or not members_only):
            entries.append((label, url, (url, *routes)))
    shared = len(entries)
    if member:
        entries += _role_items(user)
    scores = [_score(request.path, url, prefixes) for _label, url, prefixes in entries]
    best = max(scores, default=0)
    items = [
        {"label": label, "url": url, "current": best > 0 and score == best}
        for (label, url, _prefixes), score in zip(entries, scores, strict=True)
    ]
    admin_url = reverse("wagtailadmin_home") if may_open_admin(user) else ""
    return {
        "nav_items": items[:shared],  # the network's pages
        "work_items": items[shared:],  # my work: what my roles open
        "is_network_member": member,
        "admin_url": admin_url,
    }
