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
