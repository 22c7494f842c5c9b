"""A member's notifications: the list (grouped per subject), opening one (marks it read),
marking one, a group or all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from leernetwerk.kernel.live.selectors import last_event_id
from leernetwerk.kernel.live.streams import user_stream
from leernetwerk.kernel.models import Notification
from leernetwerk.kernel.notifications import (
    notification_group_page,
    notification_mark_read,
    notifications_mark_all_read,
    notifications_mark_subject_read,
    safe_notification_url,
    unread_count,
)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _own(request: HttpRequest, pk: int) -> Notification:
    notification = get_object_or_404(Notification, pk=pk)
    if notification.user_id != request.user.pk:
        raise PermissionDenied
    return notification


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """One group per subject, the newest first, paginated; ``?ongelezen=1`` shows only the
    unread ones."""
    unread_only = request.GET.get("ongelezen") == "1"
    page, groups = notification_group_page(
        request.user, page=request.GET.get("page"), unread_only=unread_only
    )
    return render(
        request,
        "leernetwerk_kernel/notifications/list.html",
        {
            "page_obj": page,
            "groups": groups,
            "unread_only": unread_only,
            "has_unread": unread_count(request.user) > 0,
            "notifications_live_since": last_event_id(user_stream(request.user.pk)),
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link; opening it marks it read (only this one: the group's
    button reads the others)."""
    notification = _own(request, pk)
    notification_mark_read(notification=notification, user=request.user)
    return redirect(safe_notification_url(notification.url) or "leernetwerk_members:notifications")


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read without following it — with ``group=1``, everything about
    its subject (a form; JSON for the page's script)."""
    notification = _own(request, pk)
    marked = None
    if request.POST.get("group") == "1":
        marked = notifications_mark_subject_read(notification=notification, user=request.user)
    else:
        notification_mark_read(notification=notification, user=request.user)
    if _wants_json(request):
        answer = {"ok": True, "notification": notification.pk, "unread": unread_count(request.user)}
        if marked is not None:
            answer["marked"] = marked
        return JsonResponse(answer)
    next_url = request.POST.get("next", "")
    return redirect(safe_notification_url(next_url) or "leernetwerk_members:notifications")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=request.user)
    if _wants_json(request):
        return JsonResponse({"ok": True, "marked": marked, "unread": 0})
    return redirect("leernetwerk_members:notifications")
