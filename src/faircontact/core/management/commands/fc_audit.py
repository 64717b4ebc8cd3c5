"""``faircontact audit verify [--expect COUNT:HASH]``: prove the audit trail's keyed chain against its stored head
(and a head logged earlier by the sweep); non-zero exit naming the first bad event or the rows missing."""

from django.core.management.base import BaseCommand, CommandError

from faircontact.core.audit import check_chain


class Command(BaseCommand):
    help = "Check every audit event's keyed hash, its link to the one before, and the chain's end against its head."

    def add_arguments(self, parser):
        parser.add_argument(
            "--expect", default=None, help='COUNT:HASH, a head the sweep logged earlier ("audit head ...")'
        )

    def handle(self, *args, expect=None, **options):
        wanted = None
        if expect:
            count, _, digest = expect.partition(":")
            if not count.isdigit() or len(digest) != 64:
                raise CommandError(f"--expect {expect!r} is not COUNT:HASH as the sweep logs it")
            wanted = (int(count), digest)
        result = check_chain(expect=wanted)
        if not result.intact:
            raise CommandError(f"audit chain broken: {result.problem}")
        self.stdout.write(f"Audit chain intact: {result.events} events, ending at the stored head.")
