"""``faircontact demo [--customers N] [--contacts N] [--seed S]``: load the demo organisation once."""

from django.core.management.base import BaseCommand, CommandError

from faircontact.core import clock
from faircontact.core.errors import DomainError
from faircontact.demo.generator import DEMO_PASSWORD, DEMO_USERNAME, demo_load


class Command(BaseCommand):
    help = "Load a demonstration organisation for the active profile (does nothing if it is already loaded)."

    def add_arguments(self, parser):
        parser.add_argument("--customers", type=int, default=3000)
        parser.add_argument("--contacts", type=int, default=None, help="default: about 13 per customer")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, customers, contacts, seed, **options):
        try:
            result = demo_load(now=clock.now(), customers=customers, contacts=contacts, seed=seed)
        except DomainError as exc:
            raise CommandError(exc.message) from None
        counts = result.counts
        if result.loaded:
            self.stdout.write(
                f"Loaded the {result.profile} demo in {result.seconds:.1f} s: {counts['staff']} staff, "
                f"{counts['customers']:,} customers, {counts['representatives']:,} representatives, "
                f"{counts['complaints']:,} complaints, {counts['contacts']:,} contacts."
            )
        else:
            self.stdout.write(
                f"The {result.profile} demo is already loaded ({counts.get('customers', 0):,} "
                f"customers, {counts.get('contacts', 0):,} contacts); nothing changed."
            )
        by_pattern: dict[str, list[str]] = {}
        for reference, pattern in sorted(result.highlights.items()):
            by_pattern.setdefault(pattern, []).append(reference)
        self.stdout.write("Customers to look at:")
        for pattern, references in by_pattern.items():
            self.stdout.write(f"  {', '.join(references)}: {pattern}")
        by_role: dict[str, list[str]] = {}
        for username, roles in result.staff:
            if username != DEMO_USERNAME:
                by_role.setdefault(roles, []).append(username)
        self.stdout.write(f"Other staff, each with the password {DEMO_PASSWORD}:")
        for roles, usernames in by_role.items():
            self.stdout.write(f"  {roles}: {', '.join(usernames)}")
        demo_roles = next((roles for username, roles in result.staff if username == DEMO_USERNAME), "")
        self.stdout.write(f"Sign in as {DEMO_USERNAME} with the password {DEMO_PASSWORD} ({demo_roles}).")
