"""``manage.py notify_overdue_patterns``: tell table chairs which patterns are past their deadline
(cron-friendly, daily); with ``--escalate`` (or LEERNETWERK_AUTO_ESCALATE_OVERDUE) overdue
patterns move up to the next table, recorded in their audit trail like any other escalation.
Items in the policy inbox past their due date remind their owner (or, without one, the policy
officers), once a day each. Proeftuinen whose end comes near remind their owner, and those past
their end date without a decision the owner and the table's chair (``proeftuin``). Once a week
(the first run in an ISO week) the subscribers get the trends in needs (``trends``)."""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext_lazy

from leernetwerk.kernel import conf
from leernetwerk.kernel.notifications import notification_send
from leernetwerk.patterns import policy, proeftuin, services, trends
from leernetwerk.patterns.selectors import overdue_patterns


class Command(BaseCommand):
    help = "List patterns past their deadline, e-mail each table's chair, optionally escalate."

    def add_arguments(self, parser):
        parser.add_argument("--escalate", action="store_true", help="Escalate overdue patterns.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list; send and change nothing."
        )

    def handle(self, *args, **options):
        escalate = options["escalate"] or conf.get("LEERNETWERK_AUTO_ESCALATE_OVERDUE")
        overdue = list(overdue_patterns())
        by_chair = defaultdict(list)
        for pattern in overdue:
            self.stdout.write(
                f"{pattern.next_deadline:%Y-%m-%d}  {pattern.table.name}: {pattern.title}"
            )
            if pattern.table.chair and pattern.table.chair.is_active:
                by_chair[(pattern.table.chair, pattern.table)].append(pattern)
        if options["dry_run"]:
            self.stdout.write(f"{len(overdue)} overdue pattern(s); dry run, nothing sent.")
            return
        for (chair, table), patterns in by_chair.items():
            lines = "\n".join(f"- {p.title} ({p.next_deadline:%d-%m-%Y})" for p in patterns)
            notification_send(
                users=[chair],
                kind="pattern.overdue",
                title=gettext_lazy("Patterns past their deadline at %(table)s"),
                body=gettext_lazy(
                    "These patterns at your table are past their deadline:\n%(lines)s"
                ),
                params={"table": table.name, "lines": lines},
                url=patterns[0].get_absolute_url() if len(patterns) == 1 else "",
            )
        escalated = 0
        if escalate:
            for pattern in overdue:
                try:
                    # Recorded as the system's step (no actor), not as the chair's.
                    services.pattern_transition(
                        pattern=pattern,
                        user=None,
                        action="escalate",
                        reason=translation.gettext("Deadline passed without a decision."),
                        force=True,
                    )
                except ValidationError:
                    continue  # already at the top of the ladder, or not escalatable
                escalated += 1
        chairs = len({chair for chair, _table in by_chair})
        told = policy.remind_overdue_items()
        reminded = proeftuin.remind_proeftuinen()
        digests = trends.send_trend_digests()
        self.stdout.write(
            f"{len(overdue)} overdue pattern(s); {chairs} chair(s) told; {escalated} escalated; "
            f"{told} reminder(s) of overdue items in the policy inbox; "
            f"{reminded} reminder(s) of proeftuinen; {digests} weekly trend digest(s)."
        )
