"""Template helpers of the patterns app."""

from django import template

from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.escalation import step_label
from leernetwerk.patterns.services import pattern_actions

register = template.Library()


@register.filter
def ladder_actions(pattern, top_position=None) -> list[tuple[str, str]]:
    """The steps the ladder allows for ``pattern`` now (who may take them is checked on use).
    ``pattern|ladder_actions:top_position`` saves a query per card on the board."""
    top = top_position if isinstance(top_position, int) else None
    return [(action, step_label(action)) for action in pattern_actions(pattern, top_position=top)]


@register.filter
def status_label(value: str) -> str:
    return PatternStatus(value).label if value in PatternStatus.values else ""


@register.filter
def ids(items) -> str:
    """``{{ pattern.laws.all|ids }}`` -> " 1 4 " (for data attributes the board filters on)."""
    return " " + " ".join(str(getattr(item, "pk", item)) for item in items) + " "


@register.filter
def slugs(items) -> str:
    return " " + " ".join(getattr(item, "slug", str(item)) for item in items) + " "


@register.filter
def proeftuin_badge(pattern):
    """(state, text) of the board card's proeftuin badge, or None (``proeftuin.badge``)."""
    from leernetwerk.patterns.proeftuin import badge

    return badge(pattern)
