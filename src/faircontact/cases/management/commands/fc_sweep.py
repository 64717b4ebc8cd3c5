"""``faircontact sweep [--as-of YYYY-MM-DD] [--dry-run]``: reminders, reviews due, overdue flags, retention;
idempotent. ``--dry-run`` lists what retention would anonymise or delete and changes nothing."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from faircontact.cases.sweep import preview, sweep
from faircontact.core import clock
from faircontact.core.audit import log_head


class Command(BaseCommand):
    help = "Run the scheduled checks (safe to run every few minutes, and twice at once)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", default=None, help="the date to run as (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list what retention would anonymise or delete; change nothing"
        )

    def handle(self, *args, as_of, dry_run=False, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError:
            raise CommandError(f"--as-of {as_of!r} is not a date in the format YYYY-MM-DD, like 2027-05-11") from None
        if dry_run:
            lines = preview(as_of=day)
            self.stdout.write(f"Dry run as of {day}: {len(lines)} to go; nothing changed.")
            for line in lines:
                self.stdout.write(f"  {line}")
            return
        done = sweep(as_of=day)
        summary = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(done.items()) if v) or "nothing to do"
        self.stdout.write(f"Sweep as of {day}: {summary}.")
        self.stdout.write(log_head())  # copy it out of the database: proves later that nothing was cut from the end
