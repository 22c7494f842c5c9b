"""``manage.py leernetwerk_uninstall``: remove what the plugin put into the host's own tables,
so that ``migrate <label> zero`` (learning, patterns, casework, kernel: ``UNINSTALL_ORDER``) can
drop ours and nothing of the network is left behind (ADR 0007).

What lives in the host's tables: pages of our types (and anything under them), their revisions,
log entries, workflow states and search index entries; the role groups (with their page
permissions and view restrictions); tags only our items use; and what an app adds itself
through the Wagtail hook ``leernetwerk_uninstall`` (the lessons workflow). App steps run in the
reverse of setup's order, learning first; the kernel's step last. ``UNINSTALL_HOOK`` lives in
the public module ``setup``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from leernetwerk.kernel.setup import UNINSTALL_HOOK, Setup

#: The order of ``migrate <label> zero`` after ``leernetwerk_uninstall`` (the layers, top down).
UNINSTALL_ORDER = (
    "leernetwerk_learning",
    "leernetwerk_patterns",
    "leernetwerk_casework",
    "leernetwerk_kernel",
)


def plugin_labels() -> list[str]:
    """The app labels of the plugin's installed apps."""
    from django.apps import apps

    return [c.label for c in apps.get_app_configs() if c.name.startswith("leernetwerk.")]


def _delete_pages(report: Setup, content_types) -> list[int]:
    """Every page of our types with its subtree; returns the ids of all pages deleted."""
    from wagtail.models import Page

    deleted: list[int] = []
    for page in Page.objects.filter(content_type__in=content_types).order_by("path"):
        subtree = Page.objects.filter(path__startswith=page.path)
        ids = list(subtree.values_list("pk", flat=True))
        if not ids:  # under a page deleted before
            continue
        title, url_path = page.title, page.url_path
        Page.objects.get(pk=page.pk).delete()
        deleted += ids
        under = f" and {len(ids) - 1} pages under it" if len(ids) > 1 else ""
        report.report("deleted", f'page "{title}" ({url_path}){under}')
    return deleted


def _delete_traces(report: Setup, content_types, page_ids: list[int]) -> None:
    """Revisions, log entries, workflow states, references and search entries of our objects
    and the deleted pages (they hold titles and texts: a case title must not outlive it)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Q
    from wagtail.models import (
        ModelLogEntry,
        Page,
        PageLogEntry,
        ReferenceIndex,
        Revision,
        WorkflowState,
    )
    from wagtail.search.models import IndexEntry

    page_type = ContentType.objects.get_for_model(Page)
    page_keys = [str(pk) for pk in page_ids]
    ours_or_pages = Q(base_content_type__in=content_types) | Q(
        base_content_type=page_type, object_id__in=page_keys
    )
    removals = {
        "revisions": Revision.objects.filter(ours_or_pages),
        "workflow states": WorkflowState.objects.filter(ours_or_pages),
        "page log entries": PageLogEntry.objects.filter(
            Q(content_type__in=content_types) | Q(page_id__in=page_ids)
        ),
        "log entries": ModelLogEntry.objects.filter(content_type__in=content_types),
        "references": ReferenceIndex.objects.filter(
            Q(base_content_type__in=content_types)
            | Q(to_content_type__in=content_types)
            | Q(base_content_type=page_type, object_id__in=page_keys)
        ),
        "search index entries": IndexEntry.objects.filter(content_type__in=content_types),
    }
    for what, queryset in removals.items():
        count = queryset.count()
        if count:
            queryset.delete()
            report.report("deleted", f"{count} {what}")


def _delete_our_tags(report: Setup, labels: list[str]) -> None:
    """Tags that only our items (cases, patterns) use."""
    from taggit.models import Tag

    ours: set[int] = set()
    others: set[int] = set()
    for relation in Tag._meta.related_objects:
        through = relation.related_model
        used = set(through._default_manager.values_list(relation.field.attname, flat=True))
        (ours if through._meta.app_label in labels else others).update(used)
    only_ours = Tag.objects.filter(pk__in=ours - others)
    count = only_ours.count()
    if count:
        only_ours.delete()
        report.report("deleted", f"{count} tags only the network used")


def uninstall_kernel(report: Setup) -> None:
    """The kernel's uninstall step (the last): pages, traces, tags and the role groups."""
    from django.contrib.contenttypes.models import ContentType

    from leernetwerk.kernel.models import RoleGroup

    labels = plugin_labels()
    content_types = list(ContentType.objects.filter(app_label__in=labels))
    page_ids = _delete_pages(report, content_types)
    _delete_traces(report, content_types, page_ids)
    _delete_our_tags(report, labels)
    for link in RoleGroup.objects.select_related("group").order_by("role"):
        name, members = link.group.name, link.group.user_set.count()
        link.group.delete()
        report.report("deleted", f'group "{name}" (role {link.role}, {members} members)')


def run_uninstall(*, write: Callable[[str], None] | None = None) -> Setup:
    """Every app's uninstall step (learning first, the kernel last) in one transaction."""
    from wagtail import hooks

    report = Setup(parent=None, write=write)
    with transaction.atomic():
        for step in reversed(hooks.get_hooks(UNINSTALL_HOOK)):
            step(report)
    return report
