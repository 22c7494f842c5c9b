"""``manage.py notify_due_actions``: remind each owner of an open leersessie action that it is due
soon — once per action and due date, ``LEERNETWERK_ACTION_REMINDER_DAYS`` (3) days ahead (daily,
from cron; running it again sends nothing twice, a new due date gets its own reminder)."""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext_lazy

from leernetwerk.kernel import conf
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.learning.sessions.selectors import actions_due_soon


class Command(BaseCommand):
    help = "Remind owners of leersessie actions that are due within a few days (once each)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind this many days ahead (default: LEERNETWERK_ACTION_REMINDER_DAYS, 3).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only list; send nothing.")

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = conf.get("LEERNETWERK_ACTION_REMINDER_DAYS")
        url = reverse("leernetwerk_learning:my_actions")
        reminded = 0
        for action in actions_due_soon(days=days):
            self.stdout.write(f"{action.due_date:%Y-%m-%d}  {action.session.title}: {action.text}")
            if options["dry_run"] or action.owner is None:
                continue
            sent = notification_send(
                users=[action.owner],
                kind="session.action_due",
                title=gettext_lazy("Your action is due on %(due)s"),
                body=gettext_lazy("%(text)s (from %(session)s)"),
                params={
                    "due": f"{action.due_date:%d-%m-%Y}",
                    "text": action.text,
                    "session": action.session.title,
                },
                url=url,
                key=f"session.action_due:{action.pk}:{action.due_date:%Y-%m-%d}",
            )
            reminded += len(sent)
        self.stdout.write(f"{reminded} reminder(s) sent.")
