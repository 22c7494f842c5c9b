"""``manage.py rebuild_suggestion_index``: rebuild the text index behind pattern suggestions
from the live cases and the patterns (after an import, or to refresh the weights: the index is
kept up to date incrementally, but its term weights drift slowly as the network grows)."""

from django.core.management.base import BaseCommand

from leernetwerk.patterns.suggestions import rebuild_index


class Command(BaseCommand):
    help = "Rebuild the suggestion index from all live cases and patterns."

    def handle(self, *args, **options):
        total = rebuild_index()
        self.stdout.write(f"{total} text(s) indexed.")
