"""Signal receivers of the learning app: they only hand over to the services."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def on_session_published(sender, instance, **kwargs):
    """A session was published (perhaps with more places, or a new one by hand): the waiting
    list moves up and waiting dilemmas of the level below find their place."""
    from .services import dilemmas_place_waiting, promote_waiting

    def run():
        try:
            with transaction.atomic():
                promote_waiting(sender.objects.get(pk=instance.pk))
                dilemmas_place_waiting()
        except Exception:
            logger.exception("Follow-up of publishing session %s failed", instance.pk)

    transaction.on_commit(run)


def on_case_signal(sender, *, case_id: int, kind: str, **kwargs):
    """A case was anonymised: session agendas that named it are rendered again in the live
    log, so no old title is replayed."""
    from casework.signals import CASE_ANONYMISED

    if kind != CASE_ANONYMISED:
        return
    from .services import rerender_agendas_naming_case

    try:
        rerender_agendas_naming_case(case_id)
    except Exception:
        logger.exception("Scrubbing session agendas of case %s failed", case_id)


def connect() -> None:
    from wagtail.signals import page_published

    from casework.signals import case_signal

    from .models import LearningSessionPage

    page_published.connect(
        on_session_published,
        sender=LearningSessionPage,
        weak=False,
        dispatch_uid="leernetwerk_session_published",
    )
    case_signal.connect(on_case_signal, weak=False, dispatch_uid="leernetwerk_session_case_signal")
