"""Wagtail's page types usage report names only pages the reader may see.

The report (``/admin/reports/page-types-usage/``, open to every admin user who may add, change
or publish any page) shows, per page type, the *last edited page* with its title: for the case
page type that is usually a draft case of someone else. Wagtail offers no hook for it and a
plugin cannot replace its URL (``register_admin_urls`` comes after Wagtail's own), so, as with
the spreadsheet exports (``spreadsheets.py``), the report's view is adjusted once, when the
kernel app is ready (ADR 0012): a last edited page is shown only when the reader may edit it,
or when it is live without unpublished edits and carries no view restriction. The counts per
type stay; they name nobody.
"""

from __future__ import annotations


def readable_in_admin_report(page, user) -> bool:
    """Whether ``user`` may see ``page``'s title in an admin report."""
    if page.permissions_for_user(user).can_edit():
        return True
    # The report shows the draft title: a public page counts only without unpublished edits.
    return (
        page.live and not page.has_unpublished_changes and not page.get_view_restrictions().exists()
    )


def protect_page_types_usage_report() -> None:
    """Hide last edited pages the reader may not see (idempotent)."""
    from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView

    if getattr(PageTypesUsageReportView, "_leernetwerk_hides_unreadable", False):
        return
    decorate = PageTypesUsageReportView.decorate_paginated_queryset

    def decorate_paginated_queryset(self, page_types):
        page_types = decorate(self, page_types)
        user = self.request.user
        for item in page_types:
            page = getattr(item, "last_edited_page", None)
            if page is not None and not readable_in_admin_report(page, user):
                item.last_edited_page = None
        return page_types

    PageTypesUsageReportView.decorate_paginated_queryset = decorate_paginated_queryset
    PageTypesUsageReportView._leernetwerk_hides_unreadable = True
