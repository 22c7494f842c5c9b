"""The plugin's settings, with their defaults (override them in the host's settings)."""

from django.conf import settings

DEFAULTS = {
    # Days a live event stays in the log; clients offline for longer are told to reload.
    "LEERNETWERK_LIVE_RETENTION_DAYS": 30,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
