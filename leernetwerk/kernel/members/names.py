"""How a member is named anywhere in the product."""

from __future__ import annotations

from django.utils.translation import gettext as _


def member_name(user) -> str:
    """The display name; a pseudonym after erasure; "(oud-lid)" for members who left."""
    if user is None:
        return _("former member")
    profile = getattr(user, "member_profile", None)
    if profile is not None and profile.pseudonym:
        return profile.pseudonym
    name = (
        (profile.display_name if profile is not None else "")
        or user.get_full_name()
        or user.get_username()
    )
    if not user.is_active:
        return _("%(name)s (former member)") % {"name": name}
    return name
