"""``faircontact export subject-access REFERENCE --out FILE.zip [--as USERNAME]``: everything held about a customer."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faircontact.core import clock
from faircontact.core.models import User
from faircontact.core.permissions import allowed
from faircontact.records.models import Customer
from faircontact.register.subject_access import subject_access_zip


class Command(BaseCommand):
    help = "Write the subject access pack (readable PDF, letters as issued, JSON) for the customer with REFERENCE."

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("--out", required=True, help="the zip file to write")
        parser.add_argument(
            "--as",
            dest="username",
            required=True,
            help="the member of staff making the export (recorded in the audit log)",
        )

    def handle(self, *args, reference, out, username, **options):
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None or not allowed(actor.roles, "data.subject_access"):
            raise CommandError(f"{username!r} is not active staff allowed to export subject access data")
        customer = Customer.objects.filter(reference=reference).first()
        if customer is None:
            raise CommandError(f"there is no customer with reference {reference!r}")
        content = subject_access_zip(actor=actor, customer=customer, now=clock.now(), source="cli")
        Path(out).write_bytes(content)
        self.stdout.write(f"Wrote {out} ({len(content)} bytes) for customer {customer.pk}.")
