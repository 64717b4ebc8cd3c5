"""``fc_two_factor_reset USERNAME``: removes a member of staff's authenticator app (a lost or replaced phone).

They set up a new one at their next sign-in if their role requires it. Any sign-in lock-out for the username
is lifted too.
"""

from axes.utils import reset
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from faircontact.core.audit import record_event
from faircontact.core.models import User
from faircontact.core.words import plural


class Command(BaseCommand):
    help = "Remove a member of staff's authenticator app and lift any sign-in lock-out."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"there is no user {username!r}")
        with transaction.atomic():
            removed, _ = TOTPDevice.objects.filter(user=user).delete()
            record_event(
                actor=None,
                action="two_factor_reset",
                obj=user,
                changes={"devices_removed": removed},
                source="command line",
            )
        reset(username=username)
        self.stdout.write(
            f"Removed {plural(removed, 'authenticator app')} for {username}; they set one up at next sign-in."
        )
