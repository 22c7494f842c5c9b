"""``manage.py leernetwerk_setup``: the role groups, permissions, vocabularies, learning tables,
index pages with their walls and the lessons workflow (idempotent; ADR 0007)."""

from django.core.management.base import BaseCommand, CommandError

from leernetwerk.kernel.setup import SetupError, run_setup


class Command(BaseCommand):
    help = (
        "Set up Leernetwerk after migrate: role groups under names of its own, permissions, "
        "vocabularies, learning tables, the four index pages (cases and board members-only) and "
        "the lessons workflow. Idempotent: prints what it created or found."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--parent",
            type=int,
            metavar="PAGE_ID",
            help="The page new index pages go under (default: the default site's root page).",
        )

    def handle(self, *args, **options):
        write = self.stdout.write if options["verbosity"] > 0 else None
        try:
            setup = run_setup(parent=options["parent"], write=write)
        except SetupError as error:
            raise CommandError(str(error)) from None
        if write is not None:
            made = sum(line.startswith(("created", "changed")) for line in setup.lines)
            write(self.style.SUCCESS(f"Leernetwerk is set up ({made} created or changed)."))
