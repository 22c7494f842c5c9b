"""``manage.py notify_overdue_patterns``: tell table chairs which patterns are past their deadline
(cron-friendly, daily); with ``--escalate`` (or LEERNETWERK_AUTO_ESCALATE_OVERDUE) overdue
patterns move up to the next table, recorded in their audit trail like any other escalation."""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.utils import translation

from patterns import services
from patterns.selectors import overdue_patterns


class Command(BaseCommand):
    help = "List patterns past their deadline, e-mail each table's chair, optionally escalate."

    def add_arguments(self, parser):
        parser.add_argument("--escalate", action="store_true", help="Escalate overdue patterns.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list; send and change nothing."
        )

    def handle(self, *args, **options):
        escalate = options["escalate"] or getattr(
            settings, "LEERNETWERK_AUTO_ESCALATE_OVERDUE", False
        )
        overdue = list(overdue_patterns())
        by_chair = defaultdict(list)
        for pattern in overdue:
            self.stdout.write(
                f"{pattern.next_deadline:%Y-%m-%d}  {pattern.table.name}: {pattern.title}"
            )
            if pattern.table.chair and pattern.table.chair.email:
                by_chair[pattern.table.chair].append(pattern)
        if options["dry_run"]:
            self.stdout.write(f"{len(overdue)} overdue pattern(s); dry run, nothing sent.")
            return
        with translation.override(settings.LANGUAGE_CODE):
            for chair, patterns in by_chair.items():
                lines = "\n".join(
                    f"- {p.title} (deadline {p.next_deadline:%d-%m-%Y})" for p in patterns
                )
                send_mail(
                    subject=translation.gettext("Patterns past their deadline at %(table)s")
                    % {"table": patterns[0].table.name},
                    message=translation.gettext(
                        "These patterns at your table are past their deadline:\n\n%(lines)s\n"
                    )
                    % {"lines": lines},
                    from_email=None,
                    recipient_list=[chair.email],
                )
        escalated = 0
        if escalate:
            for pattern in overdue:
                actor = pattern.table.chair or pattern.owner
                if actor is None:
                    continue
                try:
                    services.pattern_transition(
                        pattern=pattern,
                        user=actor,
                        action="escalate",
                        reason=translation.gettext("Deadline passed without a decision."),
                        force=True,
                    )
                except ValidationError:
                    continue  # already at the top of the ladder, or not escalatable
                escalated += 1
        self.stdout.write(
            f"{len(overdue)} overdue pattern(s); {len(by_chair)} chair(s) told; "
            f"{escalated} escalated."
        )
