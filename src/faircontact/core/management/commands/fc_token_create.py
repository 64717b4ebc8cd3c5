"""``faircontact token create USERNAME``: prints a new API token on stdout, nothing else."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from faircontact.core import clock
from faircontact.core.audit import record_event
from faircontact.core.models import ApiToken, User


class Command(BaseCommand):
    help = "Create an API token for a member of staff and print it."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=None, help="days until it expires (FAIRCONTACT_TOKEN_DAYS)")

    def handle(self, *args, username, days, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"there is no active user {username!r}")
        token, key = ApiToken.issue(user, now=clock.now(), days=days or settings.FAIRCONTACT_TOKEN_DAYS)
        record_event(actor=None, action="create", obj=token, changes={"user": user.pk}, source="command line")
        self.stdout.write(key)
