"""The casework app (label ``leernetwerk_casework``): cases as Wagtail pages, their discussion,
recognitions ("herken ik"), doorbraken, access log and retention.

Its public face — the only modules the apps above it (patterns, learning) may import, checked
by import-linter in CI (``.importlinter``, contract ``casework-public``; ADR 0008) — is
``PUBLIC``: ``selectors`` (reads: lists, one case, the vocabularies, the figures), ``services``
(writes), ``constants`` (choices) and ``signals`` (``case_signal``: what happened to a case, for
apps that react). A model is named in another app's relation or signal by its label
(``"leernetwerk_casework.CasePage"``), never imported.
"""

#: The modules other apps may import (a test keeps ``.importlinter`` in step).
PUBLIC = ("constants", "selectors", "services", "signals")
