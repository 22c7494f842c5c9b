"""Signal receivers of the patterns app: they only hand over to the services."""

from __future__ import annotations

import logging

from casework.signals import case_signal

logger = logging.getLogger(__name__)


def on_case_signal(sender, *, case_id: int, kind: str, user_id: int | None = None, **kwargs):
    """A case was published, recognised, unpublished or got a doorbraak request (after commit):
    update the suggestion index and the suggestions. A failure here must never undo or fail
    what the member did; the index can be rebuilt with ``manage.py rebuild_suggestion_index``."""
    from .suggestions import case_signal_received

    try:
        case_signal_received(case_id=case_id, kind=kind)
    except Exception:
        logger.exception("Pattern suggestions for case %s (%s) failed", case_id, kind)


def connect() -> None:
    case_signal.connect(on_case_signal, weak=False, dispatch_uid="leernetwerk_pattern_suggestions")
