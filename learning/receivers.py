"""Signal receivers of the learning app: they only hand over to the services."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def on_session_published(sender, instance, revision=None, **kwargs):
    """A session was published (perhaps with more places, or a new one by hand): the waiting
    list moves up, waiting dilemmas of the level below find their place, and registrants hear
    when its time, place or online link changed."""
    from leernetwerk.learning.services import (
        dilemmas_place_waiting,
        promote_waiting,
        session_notify_changes,
    )

    def run():
        try:
            with transaction.atomic():
                promote_waiting(sender.objects.get(pk=instance.pk))
                dilemmas_place_waiting()
        except Exception:
            logger.exception("Follow-up of publishing session %s failed", instance.pk)
        try:
            session_notify_changes(session=instance, revision=revision)
        except Exception:
            logger.exception("Telling registrants of session %s what changed failed", instance.pk)

    transaction.on_commit(run)


def on_lesson_published(sender, instance, **kwargs):
    """A lesson was published: its provenance is taken from the pattern again (after commit,
    so a failure here never undoes the publication; it is logged)."""
    from leernetwerk.learning.services import lesson_refresh_provenance

    def run():
        try:
            lesson_refresh_provenance(lesson=sender.objects.get(pk=instance.pk))
        except Exception:
            logger.exception("Refreshing the provenance of lesson %s failed", instance.pk)

    transaction.on_commit(run)


def on_post_migrate(sender, **kwargs):
    """A lessons index made since the last migration gets the editors' workflow too."""
    from django.apps import apps

    from leernetwerk.learning.seed import ensure_lesson_workflow

    ensure_lesson_workflow(apps)


def on_case_signal(sender, *, case_id: int, kind: str, **kwargs):
    """A case was anonymised: session agendas that named it are rendered again in the live
    log, so no old title is replayed."""
    from leernetwerk.casework.signals import CASE_ANONYMISED

    if kind != CASE_ANONYMISED:
        return
    from leernetwerk.learning.services import rerender_agendas_naming_case

    try:
        rerender_agendas_naming_case(case_id)
    except Exception:
        logger.exception("Scrubbing session agendas of case %s failed", case_id)


def connect() -> None:
    from wagtail.signals import page_published

    from leernetwerk.casework.signals import case_signal
    from leernetwerk.learning.models import LearningSessionPage, LessonPage

    page_published.connect(
        on_session_published,
        sender=LearningSessionPage,
        weak=False,
        dispatch_uid="leernetwerk_session_published",
    )
    page_published.connect(
        on_lesson_published,
        sender=LessonPage,
        weak=False,
        dispatch_uid="leernetwerk_lesson_published",
    )
    from django.apps import apps
    from django.db.models.signals import post_migrate

    post_migrate.connect(
        on_post_migrate,
        sender=apps.get_app_config("leernetwerk_learning"),
        weak=False,
        dispatch_uid="leernetwerk_lesson_workflow",
    )
    case_signal.connect(on_case_signal, weak=False, dispatch_uid="leernetwerk_session_case_signal")
