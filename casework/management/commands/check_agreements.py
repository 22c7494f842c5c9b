"""``manage.py check_agreements``: the six-week check of agreements made at the MDO. Reminds
the owner and the case's author once before a check comes due, and makes an agreement still
unchecked after its date a case signal (once). Run it daily from cron."""

from django.core.management.base import BaseCommand

from leernetwerk.casework.services import agreements_remind


class Command(BaseCommand):
    help = (
        "Remind of agreement checks that come due; "
        "an unchecked agreement past its date becomes a signal."
    )

    def handle(self, *args, **options):
        reminded, signalled = agreements_remind()
        self.stdout.write(
            f"{reminded} agreement check(s) reminded; {signalled} missed agreement(s) signalled."
        )
