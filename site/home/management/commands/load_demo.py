"""``manage.py load_demo``: fictional demo content for every role (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from home.demo import DEMO_PASSWORD, DEMO_USERS, DemoLoader


class Command(BaseCommand):
    help = "Load fictional demo users, cases, patterns, leersessies and a lesson (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo accounts even with DEBUG off (never on a real network).",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo content has known passwords: refused with DEBUG off "
                "(use --allow-production for a throwaway test site)."
            )
        self.stdout.write("Loading demo content…")
        # The demo's notifications are kept in the network, not e-mailed to made-up addresses.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            DemoLoader(stdout=self.stdout).run()
        logins = ", ".join(name for name, *_rest in DEMO_USERS)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready. Logins: {logins}; password: {DEMO_PASSWORD}")
        )
