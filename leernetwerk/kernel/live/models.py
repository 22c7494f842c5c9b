"""The event log behind live updates."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveStream(models.Model):
    """One stream of events (a case's discussion, the board, a session, a user's notifications).

    ``last_id`` hands out the stream's event ids; ``pruned_through`` is the highest id the
    retention command removed, so a client resuming from before it is told to reload.
    """

    key = models.CharField(_("stream key"), max_length=90, unique=True)
    last_id = models.PositiveBigIntegerField(_("last event id"), default=0)
    pruned_through = models.PositiveBigIntegerField(_("pruned through"), default=0)

    class Meta:
        app_label = "leernetwerk_kernel"
        verbose_name = _("live stream")
        verbose_name_plural = _("live streams")

    def __str__(self) -> str:
        return self.key


class LiveEvent(models.Model):
    """One persisted event: written before it is broadcast, replayed to clients that missed it."""

    stream = models.ForeignKey(LiveStream, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField(_("event id in the stream"))
    type = models.CharField(_("type"), max_length=60)
    payload = models.JSONField(_("payload"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    class Meta:
        app_label = "leernetwerk_kernel"
        ordering = ["stream", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="live_event_stream_seq_unique")
        ]
        verbose_name = _("live event")
        verbose_name_plural = _("live events")

    def __str__(self) -> str:
        return f"{self.stream.key}#{self.seq} {self.type}"
