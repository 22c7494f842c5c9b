"""The learning app (label ``leernetwerk_learning``), in three parts: ``sessions``
(leersessies: pages, series, registration, session mode, actions, dilemmas, calendars),
``lessons`` (lessons learned, their feeds and API) and ``dashboard`` (the network's figures
and "my signals"). Its models live in ``models/`` (one app, one label).

No app of ours imports learning (it is the top layer); a host site uses its public face,
``PUBLIC``: ``selectors`` and ``services`` (re-exporting the parts' public functions) and
``constants`` (ADR 0008).
"""

#: The modules a host may rely on.
PUBLIC = ("constants", "selectors", "services")
