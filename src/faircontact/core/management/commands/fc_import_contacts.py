"""``faircontact import contacts FILE.csv``: bulk import with a progress bar and a per-row error report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from faircontact.core import clock
from faircontact.core.errors import DomainError
from faircontact.records.importer import import_contacts_csv


class Command(BaseCommand):
    help = "Import contacts from a CSV file (all or nothing; idempotent on external_id)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        with open(file, "rb") as fh, tqdm(unit=" rows", desc="importing", file=self.stderr._out) as bar:
            def progress(done):
                bar.update(done - bar.n)

            try:
                result = import_contacts_csv(fh, actor=None, now=clock.now(), source="command line",
                                             progress=progress)
            except DomainError as exc:
                raise CommandError(exc.message) from None
        if result.errors:
            for err in result.errors[:200]:
                self.stderr.write(f"line {err['line']}: {err['field']}: {err['message']}")
            raise CommandError(f"{len(result.errors)} bad row(s); nothing was imported")
        self.stdout.write(f"Imported {result.created} contact(s); {result.skipped_existing} already present.")
