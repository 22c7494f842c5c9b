"""Lessons learned: drafting a lesson from a pattern, the public index with filters and search,
its RSS/Atom feeds and the read-only API."""
