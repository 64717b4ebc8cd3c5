"""``faircontact user create USERNAME --role ROLE [--role ROLE…] [--business-unit NAME] [--password-stdin]``."""

import sys

from django.core.management.base import BaseCommand, CommandError

from faircontact.core.errors import DomainError
from faircontact.core.users import user_create


class Command(BaseCommand):
    help = "Create a member of staff with one or more roles."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", action="append", required=True, dest="roles")
        parser.add_argument("--business-unit", default=None)
        parser.add_argument("--name", default="")
        parser.add_argument("--password-stdin", action="store_true")

    def handle(self, *args, username, roles, business_unit, name, password_stdin, **options):
        password = sys.stdin.readline().rstrip("\n") if password_stdin else None
        try:
            user = user_create(
                actor=None,
                username=username,
                roles=roles,
                business_unit=business_unit,
                full_name=name,
                password=password,
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Created {user.username} with roles: {', '.join(user.roles)}")
