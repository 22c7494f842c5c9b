"""``manage.py apply_case_retention``: anonymise (or delete) cases past their retention date."""

from django.core.management.base import BaseCommand

from leernetwerk.casework.services import cases_apply_retention


class Command(BaseCommand):
    help = "Anonymise cases whose retention date has passed (AVG). Run it daily from cron."

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="Delete expired cases instead of anonymising."
        )

    def handle(self, *args, **options):
        count = cases_apply_retention(delete=options["delete"])
        verb = "Deleted" if options["delete"] else "Anonymised"
        self.stdout.write(f"{verb} {count} case(s) past their retention date.")
