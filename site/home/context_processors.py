"""The site navigation: the network's index pages, the private ones only for members."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from leernetwerk.casework.models import CaseIndexPage
from leernetwerk.kernel.access import has_role, is_network_member
from leernetwerk.kernel.roles import Role
from leernetwerk.learning.models import LessonIndexPage, SessionIndexPage
from leernetwerk.patterns.models import PatternBoardPage

#: (model, label, members only), in menu order.
NAVIGATION = [
    (CaseIndexPage, _("Cases"), True),
    (PatternBoardPage, _("Patterns"), True),
    (SessionIndexPage, _("Leersessies"), False),
    (LessonIndexPage, _("Lessons learned"), False),
]


def navigation(request):
    member = is_network_member(request.user)
    pages = {
        page.content_type.model_class(): page
        for page in Page.objects.live()
        .type(*(model for model, _label, _private in NAVIGATION))
        .select_related("content_type")
    }
    items = []
    for model, label, members_only in NAVIGATION:
        page = pages.get(model)
        if page is None or (members_only and not member):
            continue
        url = page.get_url(request)
        current = request.path.startswith(url) if url else False
        items.append({"label": label, "url": url, "current": current})
    if member:
        url = reverse("leernetwerk_members:directory")
        items.append({"label": _("Who is who"), "url": url, "current": request.path == url})
        url = reverse("leernetwerk_learning:my_signals")
        items.append({"label": _("My signals"), "url": url, "current": request.path == url})
    if has_role(request.user, Role.MANAGER, Role.STUURGROEP):
        url = reverse("leernetwerk_learning:dashboard")
        items.append({"label": _("Dashboard"), "url": url, "current": request.path == url})
    return {"nav_items": items, "is_network_member": member}
