"""``manage.py prune_live_events``: remove old live events (cron-friendly)."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from leernetwerk.kernel import conf
from leernetwerk.kernel.live.services import live_events_prune


class Command(BaseCommand):
    help = "Delete live events older than the retention period (LEERNETWERK_LIVE_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Keep events of the last DAYS days (default: LEERNETWERK_LIVE_RETENTION_DAYS).",
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = conf.get("LEERNETWERK_LIVE_RETENTION_DAYS")
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        deleted = live_events_prune(before=timezone.now() - timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} live events older than {days} days.")
