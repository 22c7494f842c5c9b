"""``manage.py notify_overdue_actions``: tell each owner which of their actions are past their
due date, and the session administrators how many there are in all (daily, from cron)."""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.translation import gettext_lazy

from leernetwerk.kernel.notifications import notification_send
from leernetwerk.kernel.roles import Role, role_members
from leernetwerk.learning.sessions.selectors import overdue_actions


class Command(BaseCommand):
    help = "Notify owners of overdue leersessie actions, and the session administrators."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list; send nothing.")

    def handle(self, *args, **options):
        by_owner = defaultdict(list)
        actions = list(overdue_actions())
        for action in actions:
            self.stdout.write(f"{action.due_date:%Y-%m-%d}  {action.session.title}: {action.text}")
            if action.owner is not None and action.owner.is_active:
                by_owner[action.owner].append(action)
        if options["dry_run"] or not actions:
            self.stdout.write(f"{len(actions)} overdue action(s); nothing sent.")
            return
        url = reverse("leernetwerk_learning:my_actions")
        for owner, items in by_owner.items():
            notification_send(
                users=[owner],
                kind="session.action_overdue",
                title=gettext_lazy("Actions past their due date: %(count)d"),
                body=gettext_lazy("%(lines)s"),
                params={
                    "count": len(items),
                    "lines": "\n".join(f"- {a.text} ({a.due_date:%d-%m-%Y})" for a in items),
                },
                url=url,
            )
        admins = role_members(Role.SESSION_ADMIN)
        notification_send(
            users=admins,
            kind="session.actions_overdue_all",
            title=gettext_lazy("%(count)d leersessie actions are past their due date"),
            url=url,
            params={"count": len(actions)},
        )
        self.stdout.write(f"{len(actions)} overdue action(s); {len(by_owner)} owner(s) told.")
