"""``manage.py send_notification_digest``: one e-mail per member who chose the daily digest, with
their notifications not mailed yet (daily, from cron; running it twice sends nothing twice)."""

from django.core.management.base import BaseCommand

from leernetwerk.kernel.notifications import notifications_send_digests


class Command(BaseCommand):
    help = "E-mail the daily digest of notifications to the members who chose it."

    def handle(self, *args, **options):
        mails, items = notifications_send_digests()
        self.stdout.write(f"{mails} digest e-mail(s) with {items} notification(s) sent.")
