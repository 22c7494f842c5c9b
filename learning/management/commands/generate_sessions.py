"""``manage.py generate_sessions``: keep every active series planned up to its horizon (daily,
from cron). New sessions are drafts for an administrator to check and publish."""

from django.core.management.base import BaseCommand

from leernetwerk.learning.models import SessionSeries
from leernetwerk.learning.sessions.services import series_generate


class Command(BaseCommand):
    help = "Make the draft sessions of every active series up to its horizon."

    def handle(self, *args, **options):
        total = 0
        for series in SessionSeries.objects.filter(is_active=True):
            made = series_generate(series=series)
            total += len(made)
            for page in made:
                self.stdout.write(f"  {page.title}")
        self.stdout.write(f"{total} draft session(s) made.")
