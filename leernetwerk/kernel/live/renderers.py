"""What a live event shows, rendered from the objects it refers to (ADR 0009).

The event log stores references, not rendered text. An op that puts a page fragment somewhere
says which object it shows (``{"op": "replace", "target": "#comment-12",
"ref": ["casework.comment", 12]}``), and the app that owns the kind registers the one function
that renders such objects *as they are now*::

    from leernetwerk.kernel.live import renderers

    @renderers.register("casework.comment")
    def render_comments(keys: list[int]) -> dict[int, str]:
        ...  # one query for all keys; a key left out is an object that is gone

``publish`` renders an event's references once for the broadcast; a replay renders the
references of a whole batch of events once per kind (no query per event). So a removed or
hidden comment replays as its stub, an edited one as it reads now, an erased member under the
pseudonym, an anonymised case without its title — and there is no old text in the log that
would have to be found and redacted.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "Key",
    "Ref",
    "Renderer",
    "check_storable",
    "ref",
    "register",
    "register_derived",
    "resolve",
]

logger = logging.getLogger(__name__)

Key = int | str
Ref = tuple[str, Key]
#: Renders the objects with these keys in their current state; leaves out those that are gone.
Renderer = Callable[[list[Key]], Mapping[Key, str]]

_renderers: dict[str, Renderer] = {}
#: kind -> (the kind it shows in another place, how its fragment differs from that one's)
_derived: dict[str, tuple[str, Callable[[Key, str], str]]] = {}


def register(kind: str, renderer: Renderer | None = None):
    """Register the renderer of ``kind`` (``"<app>.<thing>"``); usable as a decorator. Apps
    register theirs when Django is ready, so a replay in any process finds them."""

    def add(function: Renderer) -> Renderer:
        existing = _renderers.get(kind)
        if existing is not None and existing is not function:
            raise ImproperlyConfigured(f"A live renderer for {kind!r} is registered already.")
        _renderers[kind] = function
        return function

    return add(renderer) if renderer is not None else add


def register_derived(kind: str, base: str, transform: Callable[[Key, str], str]) -> None:
    """Register ``kind`` as the objects of ``base`` shown in another place (a notification in
    the list and in the flash area): its fragment is ``transform(key, base_fragment)``, and an
    event or a replay that shows both renders each object once."""
    if base not in _renderers:
        raise ImproperlyConfigured(f"Register the live renderer for {base!r} before {kind!r}.")

    def render(keys: list[Key]) -> dict[Key, str]:
        return {key: transform(key, html) for key, html in _renderers[base](keys).items()}

    register(kind, render)
    _derived[kind] = (base, transform)


def ref(kind: str, key: Key) -> list[Any]:
    """The reference an op carries (its JSON form): ``ref("casework.comment", 12)``."""
    if kind not in _renderers:
        raise LookupError(f"No live renderer is registered for {kind!r}.")
    return [kind, key]


def _as_ref(value: object) -> Ref | None:
    if not isinstance(value, list | tuple) or len(value) != 2:
        return None
    kind, key = value
    if not isinstance(kind, str) or isinstance(key, bool) or not isinstance(key, int | str):
        return None
    return kind, key


def _ops(payload: Mapping[str, Any]) -> list:
    ops = payload.get("ops")
    return ops if isinstance(ops, list) else []


def check_storable(payload: Mapping[str, Any]) -> None:
    """Refuse a payload that would store rendered text: fragments are references."""
    for op in _ops(payload):
        if not isinstance(op, dict):
            raise ValueError("A live op must be a JSON object.")
        if "html" in op:
            raise ValueError(
                "Live events store references, not rendered HTML: give the op a 'ref' "
                "(see leernetwerk.kernel.live.renderers)."
            )
        if "ref" in op:
            reference = _as_ref(op["ref"])
            if reference is None:
                raise ValueError(f"Invalid live reference {op['ref']!r}: [kind, key] expected.")
            if reference[0] not in _renderers:
                raise LookupError(f"No live renderer is registered for {reference[0]!r}.")


def _render(refs: Iterable[Ref], *, strict: bool) -> tuple[dict[Ref, str], set[str]]:
    """``({ref: html}, kinds that failed)``: one renderer call per kind."""
    by_kind: dict[str, set[Key]] = defaultdict(set)
    derived: dict[str, set[Key]] = defaultdict(set)
    for kind, key in refs:
        if kind in _derived:
            derived[kind].add(key)
            by_kind[_derived[kind][0]].add(key)
        else:
            by_kind[kind].add(key)
    rendered: dict[Ref, str] = {}
    failed: set[str] = set()
    for kind, keys in by_kind.items():
        renderer = _renderers.get(kind)
        try:
            if renderer is None:
                raise LookupError(f"No live renderer is registered for {kind!r}.")
            html = renderer(sorted(keys, key=str))
        except Exception:
            if strict:
                raise
            # A replay must not break the connection: the client keeps what it shows.
            logger.exception("Live renderer %r failed; its ops are left out of the replay", kind)
            failed.add(kind)
            continue
        for key in keys:
            if key in html:
                rendered[(kind, key)] = html[key]
    for kind, keys in derived.items():
        base, transform = _derived[kind]
        if base in failed:
            failed.add(kind)
            continue
        for key in keys:
            if (base, key) in rendered:
                rendered[(kind, key)] = transform(key, rendered[(base, key)])
    return rendered, failed


def _gone(op: dict[str, Any]) -> dict[str, Any] | None:
    """What an op becomes when the object it shows is gone: its element goes too."""
    if op.get("id"):
        return {"op": "remove", "target": f"#{op['id']}"}
    if op.get("op") == "replace" and op.get("target"):
        return {"op": "remove", "target": op["target"]}
    return None


def resolve(payloads: Sequence[Mapping[str, Any]], *, strict: bool = False) -> list[dict]:
    """The payloads as clients receive them: each referencing op gets the ``html`` of its
    object, rendered now. With ``strict`` (publishing) a failing renderer raises."""
    refs = {
        reference
        for payload in payloads
        for op in _ops(payload)
        if isinstance(op, dict) and (reference := _as_ref(op.get("ref"))) is not None
    }
    rendered, failed = _render(refs, strict=strict) if refs else ({}, set())
    resolved = []
    for payload in payloads:
        if "ops" not in payload:
            resolved.append(dict(payload))
            continue
        ops = []
        for op in _ops(payload):
            if not isinstance(op, dict):
                continue
            reference = _as_ref(op.get("ref"))
            # Never pass on text stored before references (the upgrade purged it anyway).
            out = {name: value for name, value in op.items() if name not in ("ref", "html")}
            if reference is None:
                ops.append(out)
            elif reference in rendered:
                ops.append({**out, "html": rendered[reference]})
            elif reference[0] not in failed and (gone := _gone(out)) is not None:
                ops.append(gone)
        resolved.append({**payload, "ops": ops})
    return resolved
