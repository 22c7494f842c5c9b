"""``manage.py leernetwerk_uninstall``: delete the network's pages, groups, workflow and their
traces from the host's tables, then say how to drop the plugin's own tables (ADR 0007)."""

from django.core.management.base import BaseCommand, CommandError

from leernetwerk.kernel.uninstall import UNINSTALL_ORDER, run_uninstall


class Command(BaseCommand):
    help = (
        "Remove Leernetwerk's data from the host's tables (its pages with everything under "
        "them, its role groups, the lessons workflow, revisions, log entries and tags), before "
        "'migrate <label> zero' drops its tables. Cannot be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_true",
            dest="yes",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input(
                "This deletes every case, pattern, leersessie and lesson page, the network's "
                "groups and its workflow. It cannot be undone. Type 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was removed.")
        write = self.stdout.write if options["verbosity"] > 0 else None
        report = run_uninstall(write=write)
        if write is None:
            return
        write(self.style.SUCCESS(f"Removed ({len(report.lines)} lines above). Next, in order:"))
        for label in UNINSTALL_ORDER:
            write(f"  python manage.py migrate {label} zero")
        write(
            "then remove Leernetwerk from your settings and URLs, and run "
            "'python manage.py remove_stale_contenttypes --include-stale-apps'."
        )
