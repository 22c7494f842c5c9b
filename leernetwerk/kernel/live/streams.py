"""Stream keys and the Channels group names derived from them."""

from __future__ import annotations

import re

STREAM_KEY = re.compile(r"^[A-Za-z0-9._-]{1,90}$")


def stream_key(*parts: object) -> str:
    """``stream_key("casework", "case", 12)`` -> ``"casework.case.12"``."""
    key = ".".join(str(part) for part in parts)
    if not STREAM_KEY.match(key):
        raise ValueError(f"Invalid stream key {key!r}: only [A-Za-z0-9._-], at most 90 characters")
    return key


def group_name(key: str) -> str:
    """The Channels group of a stream (group names allow ``[A-Za-z0-9._-]``, < 100 chars)."""
    if not STREAM_KEY.match(key):
        raise ValueError(f"Invalid stream key {key!r}")
    return f"live.{key}"


def member_group_name(user_id: int) -> str:
    """The Channels group of all sockets one member has open (to close them when they leave)."""
    return f"live.member.{int(user_id)}"


def case_stream(case_id: int) -> str:
    """A case's discussion: comments, edits, removals, recognitions."""
    return stream_key("casework", "case", case_id)


def user_stream(user_id: int) -> str:
    """One user's notifications."""
    return stream_key("casework", "user", user_id)
