"""Privacy rights of members: "Mijn gegevens" (download, ask for erasure) and the administrators'
list of erasure requests to confirm."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.members import privacy
from leernetwerk.kernel.models import ErasureRequest
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.views import member_required

EXPORT_FILENAME = "leernetwerk-mijn-gegevens.json"


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Only the administrators read this; it is removed on erasure."),
    )
    understood = forms.BooleanField(
        label=gettext_lazy(
            "I understand that my account is closed for good and that my contributions stay "
            "under a pseudonym."
        ),
        required=True,
    )


class ErasureConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("Erase this member's personal data (this cannot be undone)"),
        required=True,
    )


def administrator_required(view):
    """Managers and superusers (anonymous: the login page; others: 403)."""

    @member_required
    def wrapped(request, *args, **kwargs):
        if not has_role(request.user, Role.MANAGER):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@member_required
def privacy_page(request: HttpRequest) -> HttpResponse:
    """Mijn gegevens: what the network keeps about me, download it, ask for erasure."""
    return render(
        request,
        "leernetwerk_kernel/members/privacy/privacy.html",
        {
            "form": ErasureRequestForm(),
            "open_request": privacy.open_erasure_request(request.user),
        },
    )


@member_required
def privacy_export(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        privacy.member_export(user=request.user),
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Content-Disposition"] = f'attachment; filename="{EXPORT_FILENAME}"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@member_required
def erasure_request(request: HttpRequest) -> HttpResponse:
    if privacy.open_erasure_request(request.user) is not None:
        messages.info(request, _("You already asked for erasure; an administrator will confirm."))
        return redirect("leernetwerk_members:privacy")
    form = ErasureRequestForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "leernetwerk_kernel/members/privacy/privacy.html",
            {"form": form, "open_request": None},
            status=400,
        )
    privacy.erasure_request_create(user=request.user, reason=form.cleaned_data["reason"])
    messages.success(
        request,
        _("Your request is recorded. An administrator confirms it; until then nothing changes."),
    )
    return redirect("leernetwerk_members:privacy")


@require_POST
@member_required
def erasure_withdraw(request: HttpRequest) -> HttpResponse:
    if privacy.erasure_request_withdraw(user=request.user):
        messages.success(request, _("Your erasure request is withdrawn."))
    return redirect("leernetwerk_members:privacy")


@administrator_required
def erasure_requests(request: HttpRequest) -> HttpResponse:
    """Open erasure requests, oldest first, and the latest confirmed ones (pseudonyms only)."""
    open_requests = list(
        ErasureRequest.objects.filter(confirmed_at__isnull=True)
        .select_related("user__member_profile__organisation")
        .order_by("requested_at", "pk")
    )
    for item in open_requests:
        item.may_confirm = privacy.may_confirm_erasure(request.user, item)
    confirmed = (
        ErasureRequest.objects.filter(confirmed_at__isnull=False)
        .select_related("user__member_profile", "confirmed_by__member_profile")
        .order_by("-confirmed_at", "-pk")[:20]
    )
    return render(
        request,
        "leernetwerk_kernel/members/privacy/erasure_requests.html",
        {"open_requests": open_requests, "confirmed": confirmed, "form": ErasureConfirmForm()},
    )


@require_POST
@administrator_required
def erasure_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ErasureRequest, pk=pk)
    if not privacy.may_confirm_erasure(request.user, item):
        raise PermissionDenied
    form = ErasureConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm the erasure."))
        return redirect("leernetwerk_members:erasure_requests")
    already = item.confirmed_at is not None
    item = privacy.erasure_confirm(request=item, by=request.user)
    if not already:
        messages.success(
            request,
            _("The personal data is erased; the contributions now read “%(pseudonym)s”.")
            % {"pseudonym": item.user.member_profile.pseudonym},
        )
    return redirect("leernetwerk_members:erasure_requests")
