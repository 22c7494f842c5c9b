"""Template helpers of the patterns app."""

from django import template

from leernetwerk.patterns.constants import PatternStatus
from leernetwerk.patterns.escalation import allowed_actions, step_label

register = template.Library()


@register.filter
def ladder_actions(pattern) -> list[tuple[str, str]]:
    """The steps the ladder allows for ``pattern`` now (who may take them is checked on use)."""
    return [
        (action, step_label(action))
        for action in allowed_actions(
            pattern.status, pattern.table.order, awaiting_info=pattern.awaiting_info
        )
    ]


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
