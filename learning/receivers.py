"""Signal receivers of the learning app: they only hand over to the services."""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def on_session_published(sender, instance, revision=None, **kwargs):
    """A session was published (perhaps with more places, or a new one by hand): the waiting
    list moves up, waiting dilemmas of the level below find their place, and registrants hear
    when its time, place or online link changed."""
    from leernetwerk.learning.sessions.services import (
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
    from leernetwerk.learning.lessons.services import lesson_refresh_provenance

    def run():
        try:
            lesson_refresh_provenance(lesson=sender.objects.get(pk=instance.pk))
        except Exception:
            logger.exception("Refreshing the provenance of lesson %s failed", instance.pk)

    transaction.on_commit(run)


def connect() -> None:
    from wagtail.signals import page_published

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
