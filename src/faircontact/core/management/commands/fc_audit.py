"""``faircontact audit verify``: prove the audit trail's hash chain; non-zero exit naming the first bad event."""

from django.core.management.base import BaseCommand, CommandError

from faircontact.core.audit import verify_chain
from faircontact.core.models import AuditEvent


class Command(BaseCommand):
    help = "Check every audit event's hash and its link to the one before."

    def handle(self, *args, **options):
        bad = verify_chain()
        if bad is not None:
            raise CommandError(
                f"audit chain broken at event {bad.pk} (changed, inserted, or the one before it deleted)"
            )
        self.stdout.write(f"Audit chain intact: {AuditEvent.objects.count()} events.")
