"""Settings of the patterns app, with their defaults (override them in the host's settings)."""

from django.conf import settings

DEFAULTS = {
    # A candidate pattern needs this many signals (cases, recognitions, doorbraken)…
    "LEERNETWERK_PATTERN_MIN_SIGNALS": 3,
    # …from at least this many different professionals…
    "LEERNETWERK_PATTERN_MIN_PEOPLE": 2,
    # …within this many months.
    "LEERNETWERK_PATTERN_WINDOW_MONTHS": 12,
    # How similar two knelpunt texts must be (TF-IDF cosine, 0–1) to count as the same knelpunt.
    "LEERNETWERK_SUGGESTION_MIN_SIMILARITY": 0.2,
    # Overdue patterns move up to the next table automatically (notify_overdue_patterns).
    "LEERNETWERK_AUTO_ESCALATE_OVERDUE": False,
    # Cards per column on the board (the most recently changed); "show all" opens one table.
    "LEERNETWERK_BOARD_COLUMN_LIMIT": 40,
}


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
