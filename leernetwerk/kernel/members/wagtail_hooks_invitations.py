"""Admin: invitations as a read-only snippet listing with their state.

Wagtail loads only ``<app>/wagtail_hooks.py``; the kernel's imports this module.
Invitations change only through the services (send, send again, withdraw, accept), so nobody,
superusers included, may add, edit or delete them here; managers and session administrators
may look.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from leernetwerk.kernel.members.invitations import may_invite
from leernetwerk.kernel.models import Invitation
from leernetwerk.kernel.roles import ROLE_LOOKUP, Role

READ_ACTIONS = {"view"}


class InvitationPermissionPolicy(ModelPermissionPolicy):
    """Read-only for managers and session administrators (and superusers); no one writes."""

    def user_has_permission(self, user, action):
        return action in READ_ACTIONS and may_invite(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not READ_ACTIONS & set(actions):
            return users.none()
        return users.filter(
            Q(is_superuser=True) | Q(**{f"{ROLE_LOOKUP}__in": [Role.MANAGER, Role.SESSION_ADMIN]})
        ).distinct()


register_permission_policy(Invitation, InvitationPermissionPolicy(Invitation), exact_class=True)


class InvitationSnippetViewSet(SnippetViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    add_to_admin_menu = True
    list_display = ["email", "organisation", "role", "state", "created_at", "expires_at"]
    list_filter = ["role"]
    search_fields = None
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "organisation",
        "role",
        "created_at",
        "expires_at",
        "last_sent_at",
        "send_count",
        "accepted_at",
        "revoked_at",
    ]


register_snippet(InvitationSnippetViewSet)
