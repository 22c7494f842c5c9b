"""Who may see what: the one place that answers membership questions for views and consumers."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from leernetwerk.kernel.roles import Role


def user_roles(user: User | AnonymousUser) -> frozenset[str]:
    """The role keys of ``user``, through the groups linked to roles (from the member cache,
    ``kernel.member_cache``: no query in the steady state; kept on the user for the request)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_leernetwerk_roles", None)
    if cached is None:
        from leernetwerk.kernel.member_cache import facts

        cached = frozenset(facts(user)["roles"])
        user._leernetwerk_roles = cached
    return cached


def _roles_from_database(user: User) -> frozenset[str]:
    """What ``user_roles`` caches: one query."""
    from leernetwerk.kernel.models import RoleGroup

    return frozenset(RoleGroup.objects.filter(group__user=user).values_list("role", flat=True))


def is_network_member(user: User | AnonymousUser) -> bool:
    """Members hold a role (or are superusers); only they may see cases and the pattern board."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user_roles(user))


def has_role(user: User | AnonymousUser, *roles: Role | str) -> bool:
    """True when ``user`` holds any of ``roles`` (superusers hold every role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or bool(user_roles(user) & {str(role) for role in roles})


def may_open_admin(user: User | AnonymousUser) -> bool:
    """True when ``user`` may open the Wagtail admin (for the header's link: from the member
    cache, no query in the steady state)."""
    if not user.is_authenticated or not user.is_active:
        return False
    from leernetwerk.kernel.member_cache import facts

    return facts(user)["admin"]


def members_only_response(request):
    """None when ``request``'s user is a network member; else the login page for an anonymous
    visitor, and 403 (``PermissionDenied``) for a user without a role."""
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_network_member(request.user):
        raise PermissionDenied
    return None


class MembersOnlyPageMixin:
    """A Wagtail page that only network members may see.

    Anonymous visitors are sent to the login page; logged-in users without a role get 403.
    Enforced in code (a ``before_serve_page`` hook and ``serve``), and, as a second wall that
    holds without the plugin's code, by the view restriction ``leernetwerk_setup`` puts on the
    cases index and the pattern board (ADR 0007): cases are never public.
    """

    def serve(self, request, *args, **kwargs):
        refused = members_only_response(request)
        if refused is not None:
            return refused
        return super().serve(request, *args, **kwargs)

    def get_sitemap_urls(self, request=None):
        """Never in a sitemap, whatever view restriction the page has or lost."""
        return []

    def serve_preview(self, request, mode_name):
        if not is_network_member(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return super().serve_preview(request, mode_name)
