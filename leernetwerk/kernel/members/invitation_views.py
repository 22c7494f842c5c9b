"""Invitation views: managers and session administrators invite people (one at a time or from a
CSV file), send invitations again and withdraw them; the invitee accepts through a public link."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from leernetwerk.kernel import conf
from leernetwerk.kernel.members import invitations as services
from leernetwerk.kernel.models import Invitation, InvitationState, Organisation, Perspective
from leernetwerk.kernel.roles import Role
from leernetwerk.kernel.views import member_home_url

INVITATIONS_PER_PAGE = 100


class InvitationForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"), choices=Role.choices, initial=Role.PROFESSIONAL
    )

    def __init__(self, *args, inviter=None, **kwargs):
        super().__init__(*args, **kwargs)
        if inviter is not None:
            allowed = set(services.allowed_roles(inviter))
            self.fields["role"].choices = [
                (value, label) for value, label in Role.choices if value in allowed
            ]


class InvitationImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, separated by commas or semicolons, with the columns email, organisation and "
            "role on the first line."
        ),
    )


class AcceptForm(forms.Form):
    display_name = forms.CharField(label=gettext_lazy("Display name"), max_length=120)
    function = forms.CharField(
        label=gettext_lazy("Function or profession"), max_length=120, required=False
    )
    perspective = forms.ModelChoiceField(
        label=gettext_lazy("Perspective"),
        queryset=Perspective.objects.filter(is_active=True),
        required=False,
        help_text=gettext_lazy("The perspective you bring to the table in leersessies."),
    )
    preferred_language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )
    password = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") != data["password"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data


def inviter_required(view):
    """Managers and session administrators only (anonymous: the login page; others: 403)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not services.may_invite(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _state_filter(state: str) -> Q | None:
    now = timezone.now()
    open_ = Q(accepted_at__isnull=True, revoked_at__isnull=True)
    return {
        InvitationState.PENDING: open_ & Q(expires_at__gt=now),
        InvitationState.EXPIRED: open_ & Q(expires_at__lte=now),
        InvitationState.ACCEPTED: Q(revoked_at__isnull=True, accepted_at__isnull=False),
        InvitationState.REVOKED: Q(revoked_at__isnull=False),
    }.get(state)


@inviter_required
def invitation_list(request):
    """Every invitation with its state; open ones can be sent again or withdrawn."""
    invitations = Invitation.objects.select_related("organisation", "invited_by")
    state = request.GET.get("state", "")
    condition = _state_filter(state)
    if condition is not None:
        invitations = invitations.filter(condition)
    page = Paginator(invitations, INVITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "leernetwerk_kernel/members/invitations/list.html",
        {"page_obj": page, "states": InvitationState.choices, "state": state},
    )


def _create_page(request, *, form=None, import_form=None, status=200):
    return render(
        request,
        "leernetwerk_kernel/members/invitations/create.html",
        {
            "form": form or InvitationForm(inviter=request.user),
            "import_form": import_form or InvitationImportForm(),
            "max_rows": conf.get("LEERNETWERK_INVITATION_CSV_MAX_ROWS"),
        },
        status=status,
    )


@inviter_required
def invitation_create(request):
    """Invite one person; the page also offers the CSV upload."""
    if request.method != "POST":
        return _create_page(request)
    form = InvitationForm(request.POST, inviter=request.user)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
                request=request,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": invitation.email}
            )
            return redirect("leernetwerk_members:invitation_list")
    return _create_page(request, form=form)


@inviter_required
def invitation_import(request):
    """Invite everyone in an uploaded CSV file and show what became of each row."""
    if request.method != "POST":
        return redirect("leernetwerk_members:invitation_create")
    import_form = InvitationImportForm(request.POST, request.FILES)
    if not import_form.is_valid():
        return _create_page(request, import_form=import_form)
    try:
        report = services.invitations_import_csv(
            file=import_form.cleaned_data["file"], invited_by=request.user, request=request
        )
    except IntegrityError:
        # Someone invited one of these addresses at the same moment: nothing was saved.
        report = services.ImportReport(
            file_error=_(
                "Some of these addresses were invited by someone else at the same "
                "moment. Nothing was saved: upload the file again."
            ),
            file_error_code="conflict",
        )
    return render(
        request,
        "leernetwerk_kernel/members/invitations/import_result.html",
        {"report": report, "import_form": InvitationImportForm()},
    )


@require_POST
@inviter_required
def invitation_resend(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_resend(invitation=invitation, by=request.user, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Invitation sent to %(email)s again.") % {"email": invitation.email}
        )
    return redirect("leernetwerk_members:invitation_list")


@require_POST
@inviter_required
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitation for %(email)s has been withdrawn.") % {"email": invitation.email},
        )
    return redirect("leernetwerk_members:invitation_list")


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
    else:
        form.add_error(None, error)


def _link_unusable(request, error: services.InvitationLinkError):
    return render(
        request,
        "leernetwerk_kernel/members/invitations/link_unusable.html",
        {"reason": " ".join(error.messages), "code": error.code},
        status=410,
    )


@never_cache
def invitation_accept(request, token: str):
    """Public: the invitee chooses a password and fills in the profile, then lands on the cases."""
    try:
        invitation = services.invitation_for_acceptance(token)
    except services.InvitationLinkError as error:
        return _link_unusable(request, error)
    if request.method == "POST":
        form = AcceptForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.invitation_accept(
                    token=token, password=data["password"], profile_data=data
                )
            except services.InvitationLinkError as error:
                return _link_unusable(request, error)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(request, _("Welcome to the network!"))
                response = redirect(member_home_url())
                response.set_cookie(settings.LANGUAGE_COOKIE_NAME, data["preferred_language"])
                return response
    else:
        form = AcceptForm(initial={"preferred_language": settings.LANGUAGE_CODE})
    return render(
        request,
        "leernetwerk_kernel/members/invitations/accept.html",
        {"form": form, "invitation": invitation},
    )
