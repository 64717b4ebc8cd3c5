"""``faircontact backup FILE``: a consistent backup of the database (SQLite online backup or pg_dump)."""

import subprocess

from django.core.management.base import BaseCommand, CommandError

from faircontact.core.backup import backup


class Command(BaseCommand):
    help = "Back up the database to FILE."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            backup(path)
        except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
            raise CommandError(f"backup failed: {getattr(exc, 'stderr', b'') or exc}") from None
        self.stdout.write(f"Backed up to {path}")
