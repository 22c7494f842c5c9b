"""``manage.py rebuild_need_signals``: take the trend snapshot of every shared case again (after an
import, or if a case's snapshot was missed: it is kept up to date as cases are published)."""

from django.core.management.base import BaseCommand

from leernetwerk.patterns.trends import rebuild_need_signals


class Command(BaseCommand):
    help = "Rebuild the need signals behind the trends from all shared cases."

    def handle(self, *args, **options):
        total = rebuild_need_signals()
        self.stdout.write(f"{total} case(s) with an “ik heb nodig” text counted.")
