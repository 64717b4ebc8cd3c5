"""``faircontact token create USERNAME [--days N]``: prints a new API token on stdout, nothing else.

For operators with access to the server (and acceptance tests): it issues a token for any active user. A user
whose role needs two-factor sign-in gets at most ``FAIRCONTACT_PRIVILEGED_TOKEN_HOURS``; a longer ``--days`` is cut
to that, with a warning on stderr, never refused. Expiry is on the wall clock, never the test clock."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

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
        if days is not None and days < 1:
            raise CommandError("--days must be 1 or more")
        life, capped = ApiToken.lifetime(user, days)
        if capped:
            self.stderr.write(
                f"warning: {username} needs two-factor sign-in, so the token expires after "
                f"{settings.FAIRCONTACT_PRIVILEGED_TOKEN_HOURS} hours, not {days} days "
                "(FAIRCONTACT_PRIVILEGED_TOKEN_HOURS)"
            )
        token, key = ApiToken.issue(user, days=days)
        record_event(actor=None, action="create", obj=token, changes={"user": user.pk}, source="command line")
        self.stdout.write(key)
