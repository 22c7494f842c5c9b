"""Member views: the directory ("wie is wie"), one's own profile, deactivating a member."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leernetwerk.kernel.access import has_role
from leernetwerk.kernel.members import services
from leernetwerk.kernel.members.forms import DirectoryFilterForm, ProfileForm
from leernetwerk.kernel.roles import MEMBER_ROLES, Role, role_members
from leernetwerk.kernel.views import member_required


@member_required
def directory(request):
    """Who is who in the network: active members, filtered by organisation and perspective."""
    form = DirectoryFilterForm(request.GET or None)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    # Network members only: a host's other users (its editors, its own "Managers") are not in it.
    members = (
        role_members(*MEMBER_ROLES)
        .filter(member_profile__erased_at__isnull=True)
        .select_related("member_profile__organisation", "member_profile__perspective")
        .order_by("member_profile__display_name", "last_name", "username")
    )
    if data.get("organisatie"):
        members = members.filter(member_profile__organisation=data["organisatie"])
    if data.get("perspectief"):
        members = members.filter(member_profile__perspective=data["perspectief"])
    if data.get("q"):
        q = data["q"]
        members = members.filter(
            Q(member_profile__display_name__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
        )
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    return render(
        request, "leernetwerk_kernel/members/directory.html", {"form": form, "page_obj": page}
    )


@member_required
def profile_edit(request):
    profile = services.profile_for(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(user=request.user, data=form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            response = redirect("leernetwerk_members:profile")
            response.set_cookie("django_language", form.cleaned_data["preferred_language"])
            return response
    else:
        form = ProfileForm(
            initial={
                "display_name": profile.display_name,
                "organisation": profile.organisation_id,
                "function": profile.function,
                "perspective": profile.perspective_id,
                "preferred_language": profile.preferred_language,
                "notification_delivery": profile.notification_delivery,
                "muted_categories": profile.muted_categories,
            }
        )
    return render(
        request,
        "leernetwerk_kernel/members/profile.html",
        {
            "form": form,
            "profile": profile,
            "can_manage_members": has_role(request.user, Role.MANAGER, Role.SESSION_ADMIN),
            "is_manager": has_role(request.user, Role.MANAGER),
        },
    )


@require_POST
@member_required
def member_deactivate(request, user_id: int):
    """Who may deactivate whom is the service's rule (``services.may_manage_member``, ADR 0012);
    a refusal is a 403."""
    member = get_object_or_404(get_user_model(), pk=user_id)
    services.member_deactivate(member=member, by=request.user)
    messages.success(request, _("The member can no longer log in."))
    return redirect("leernetwerk_members:directory")
