"""Signal receivers of the patterns app: they only hand over to the services."""

from __future__ import annotations

import logging

from leernetwerk.casework.signals import case_signal

logger = logging.getLogger(__name__)


def on_case_signal(sender, *, case_id: int, kind: str, user_id: int | None = None, **kwargs):
    """A case was published, recognised, unpublished or got a doorbraak request (after commit):
    update the suggestion index and the suggestions. A failure here must never undo or fail
    what the member did; the index can be rebuilt with ``manage.py rebuild_suggestion_index``."""
    from leernetwerk.patterns.suggestions import case_signal_received

    try:
        case_signal_received(case_id=case_id, kind=kind)
    except Exception:
        logger.exception("Pattern suggestions for case %s (%s) failed", case_id, kind)


def on_case_signal_trends(sender, *, case_id: int, kind: str, **kwargs):
    """Keep the case's need snapshot for the trends (``manage.py rebuild_need_signals`` rebuilds
    them all if this ever failed)."""
    from leernetwerk.patterns.trends import need_signal_received

    try:
        need_signal_received(case_id=case_id, kind=kind)
    except Exception:
        logger.exception("Need signal for case %s (%s) failed", case_id, kind)


def on_need_category_saved(sender, instance, **kwargs):
    """A category's keywords may have changed (in the admin too): match every case again."""
    from leernetwerk.patterns.trends import classify_category

    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= {"pattern"}:
        return  # only the gap pattern it was turned into
    classify_category(instance)


def on_case_deleted(sender, instance, **kwargs):
    """A deleted case leaves the suggestion index before its rows cascade away, so the word
    counts stay right (the after-commit signal would find nothing left to count)."""
    from leernetwerk.patterns.suggestions import unindex_case

    unindex_case(instance.pk)


def on_pattern_deleted(sender, instance, **kwargs):
    from leernetwerk.patterns.models import SignalDoc
    from leernetwerk.patterns.suggestions import _unindex

    _unindex(SignalDoc.objects.filter(pattern_id=instance.pk).first())


def connect() -> None:
    from django.db.models.signals import post_save, pre_delete

    from leernetwerk.patterns.models import NeedCategory, Pattern

    case_signal.connect(on_case_signal, weak=False, dispatch_uid="leernetwerk_pattern_suggestions")
    case_signal.connect(on_case_signal_trends, weak=False, dispatch_uid="leernetwerk_need_signals")
    post_save.connect(
        on_need_category_saved,
        sender=NeedCategory,
        weak=False,
        dispatch_uid="leernetwerk_classify_need_category",
    )
    pre_delete.connect(
        on_case_deleted,
        sender="leernetwerk_casework.CasePage",
        weak=False,
        dispatch_uid="leernetwerk_unindex_case",
    )
    pre_delete.connect(
        on_pattern_deleted, sender=Pattern, weak=False, dispatch_uid="leernetwerk_unindex_pattern"
    )
