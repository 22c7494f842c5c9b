"""The plugin's settings, with their defaults (override them in the host's settings)."""

from django.conf import settings

DEFAULTS = {
    # Days a live event stays in the log; clients offline for longer are told to reload.
    "LEERNETWERK_LIVE_RETENTION_DAYS": 30,
    # Minutes in which the author may still edit a comment.
    "LEERNETWERK_COMMENT_EDIT_MINUTES": 15,
    # Default retention of a case (AVG): two years after it was brought in.
    "LEERNETWERK_CASE_RETENTION_DAYS": 730,
    # Cases per page on the cases index.
    "LEERNETWERK_CASES_PER_PAGE": 20,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
