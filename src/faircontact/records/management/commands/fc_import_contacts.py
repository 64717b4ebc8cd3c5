"""``faircontact import contacts FILE.csv``: bulk import with a progress bar and a per-row error report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from faircontact.core import clock
from faircontact.core.errors import DomainError
from faircontact.core.words import plural
from faircontact.records.importer import MAX_ERRORS, import_contacts_csv


class Command(BaseCommand):
    help = "Import contacts from a CSV file (all or nothing; idempotent on external_id)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--no-progress", action="store_true", help="do not draw the progress bar")

    def handle(self, *args, path, no_progress=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        with (
            open(file, "rb") as fh,
            tqdm(
                total=file.stat().st_size,
                unit="B",
                unit_scale=True,
                desc="importing",
                file=self.stderr._out,
                disable=no_progress,
            ) as bar,
        ):

            def progress(rows, bytes_read):
                bar.set_postfix(rows=f"{rows:,}", refresh=False)
                bar.update(bytes_read - bar.n)

            try:
                result = import_contacts_csv(fh, actor=None, now=clock.now(), source="command line", progress=progress)
            except DomainError as exc:
                raise CommandError(exc.message) from None
        if result.errors:
            for err in result.errors:
                self.stderr.write(f"line {err['line']}: {err['field']}: {err['message']}")
            count = len(result.errors)
            if count >= MAX_ERRORS:
                raise CommandError(f"at least {count} bad rows (reading stopped there); nothing was imported")
            raise CommandError(f"{plural(count, 'bad row')}; nothing was imported")
        self.stdout.write(f"Imported {plural(result.created, 'contact')}; {result.skipped_existing:,} already present.")
