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
    # Notifications per page of a member's notification list.
    "LEERNETWERK_NOTIFICATIONS_PER_PAGE": 30,
    # Notifications listed in one daily digest e-mail (the rest: "and N more", with the link).
    "LEERNETWERK_DIGEST_MAX_ITEMS": 50,
    # Seconds a shared cache may keep a public page (lessons) for anonymous readers.
    "LEERNETWERK_PUBLIC_CACHE_SECONDS": 300,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
