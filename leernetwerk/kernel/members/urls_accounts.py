"""Account routes, mounted at ``/accounts/`` without a namespace: Django and Wagtail look up
``login`` and ``logout``, Django's auth views ``password_reset_done`` and the like.

Login and logout, password reset by e-mail, password change (Django's auth views and password
validators, the site's templates) and two-factor authentication (``twofactor``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from leernetwerk.kernel.members import twofactor
from leernetwerk.kernel.views import noindex_urls


class LoginView(auth_views.LoginView):
    """Django's login; afterwards the member's preferred language becomes the interface's."""

    template_name = "leernetwerk_kernel/registration/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        language = _preferred_language(form.get_user())
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


def _preferred_language(user) -> str | None:
    from leernetwerk.kernel.models import MemberProfile

    language = (
        MemberProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    )
    supported = {code for code, _name in settings.LANGUAGES}
    return language if language in supported else None


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password through the e-mailed link also lifts a login lockout
    (django-axes) for the username: the lockout page offers this way out."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if getattr(settings, "AXES_ENABLED", True):
            from axes.handlers.proxy import AxesProxyHandler

            AxesProxyHandler.reset_attempts(username=form.user.get_username())
        return response


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Password change (logged in; with two-factor required, a verified session).
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="leernetwerk_kernel/registration/password_change_form.html"
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="leernetwerk_kernel/registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    # Password reset by e-mail (for everyone; the same answer whether or not the address is known).
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="leernetwerk_kernel/registration/password_reset_form.html",
            email_template_name="leernetwerk_kernel/registration/password_reset_email.html",
            subject_template_name="leernetwerk_kernel/registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="leernetwerk_kernel/registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(
            template_name="leernetwerk_kernel/registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="leernetwerk_kernel/registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # Two-factor authentication.
    path("2fa/", twofactor.manage, name="two_factor_manage"),
    path("2fa/setup/", twofactor.enroll, name="two_factor_enroll"),
    path("2fa/verify/", twofactor.verify, name="two_factor_verify"),
    path("2fa/recovery-codes/", twofactor.recovery_codes, name="two_factor_recovery_codes"),
    path("2fa/disable/", twofactor.disable, name="two_factor_disable"),
]
# Account, member and invitation pages are never for search engines.
noindex_urls(urlpatterns)
