"""The patterns app (label ``leernetwerk_patterns``): patterns of recurring obstacles, the
learning tables and their escalation ladder, decisions, suggestions and the manager's board.

Its public face — the only modules the app above it (learning) may import, checked by
import-linter in CI (``.importlinter``, contract ``patterns-public``; ADR 0008) — is
``PUBLIC``: ``selectors`` (reads, the figures included), ``services`` (writes) and
``constants`` (choices).
"""

#: The modules other apps may import (a test keeps ``.importlinter`` in step).
PUBLIC = ("constants", "selectors", "services")
