"""Path converters of the plugin's routes."""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import get_converters

#: The largest id a route accepts: 18 digits always fit a signed 64-bit integer.
MAX_ID_DIGITS = 18


class IdConverter:
    """A database id in the address (``<id:pk>``). Unlike ``<int:…>`` it stops at 18 digits, so a
    longer number is "not found" (404) instead of a number SQLite cannot compare (a 500)."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: object) -> str:
        return str(int(value))


def register_converters() -> None:
    """Make ``<id:…>`` available to the plugin's url modules (once; a host's own "id" wins)."""
    if "id" not in get_converters():
        register_converter(IdConverter, "id")
