"""Template helpers of the casework app."""

from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """``{{ badges|lookup:case.pk }}``: an item of a dict, or an empty list."""
    try:
        return mapping.get(key, [])
    except AttributeError:
        return []


@register.filter
def member_name(user):
    """``{{ comment.author|member_name }}``: display name, pseudonym or "(oud-lid)"."""
    from leernetwerk.kernel.members.names import member_name as name

    return name(user)
