"""Leersessies: the session pages and series, registration, session mode (the live run, minutes,
actions and their six-week check, dilemmas for the level above), calendars and the session
stream."""
