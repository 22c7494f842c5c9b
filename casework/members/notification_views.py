"""A member's notifications: the list, opening one (marks it read) and marking all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from ..live.selectors import last_event_id
from ..live.streams import user_stream
from ..models import Notification
from ..notifications import (
    notification_list,
    notification_mark_read,
    notifications_mark_all_read,
    safe_notification_url,
)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casework/notifications/list.html",
        {
            "notifications": list(notification_list(request.user)),
            "notifications_live_since": last_event_id(user_stream(request.user.pk)),
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link; opening it marks it read."""
    notification = get_object_or_404(Notification, pk=pk)
    if notification.user_id != request.user.pk:
        raise PermissionDenied
    notification_mark_read(notification=notification, user=request.user)
    return redirect(safe_notification_url(notification.url) or "members:notifications")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    marked = notifications_mark_all_read(user=request.user)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": True, "marked": marked})
    return redirect("members:notifications")
