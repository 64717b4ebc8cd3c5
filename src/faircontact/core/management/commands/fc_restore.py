"""``faircontact restore FILE``: replace the database's content with a backup made by ``faircontact backup``."""

import subprocess

from django.core.management.base import BaseCommand, CommandError

from faircontact.core.backup import restore


class Command(BaseCommand):
    help = "Restore the database from FILE (its current content is replaced)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            restore(path)
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except (subprocess.CalledProcessError, RuntimeError, OSError) as exc:
            raise CommandError(f"restore failed: {getattr(exc, 'stderr', b'') or exc}") from None
        self.stdout.write(f"Restored from {path}")
