"""``manage.py remind_resident_scores``: a year after the resident's mark at the solution, the
case's author is reminded (once) to ask for the one-year mark. Run it daily from cron."""

from django.core.management.base import BaseCommand

from leernetwerk.casework.services import scores_remind


class Command(BaseCommand):
    help = "Remind authors that a resident's one-year mark is due (once per case)."

    def handle(self, *args, **options):
        self.stdout.write(f"{scores_remind()} one-year mark(s) reminded.")
