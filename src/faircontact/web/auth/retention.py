"""How long the sign-in records of django-axes are kept, applied by ``faircontact sweep``.

axes keeps a row for every sign-in (``AccessLog``: who, from which address, with which browser) and for failed
attempts (``AccessAttempt``, ``AccessFailureLog``). They are security logs about staff — personal data kept only
as long as an investigation of misuse could need them (UK GDPR art. 5(1)(e)): ``FAIRCONTACT_SIGN_IN_LOG_DAYS``,
90 days by default. Deleting what has passed the limit is idempotent, so two sweeps at once are safe.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings


def _expired(as_of: date):
    cutoff = datetime.combine(as_of - timedelta(days=settings.FAIRCONTACT_SIGN_IN_LOG_DAYS), time.min, tzinfo=UTC)
    return [model.objects.filter(attempt_time__lt=cutoff) for model in (AccessLog, AccessAttempt, AccessFailureLog)]


def sign_in_records_expire(*, as_of: date) -> Counter:
    """Delete sign-in records older than the retention period, counted as ``sign_in_records_deleted``, and the
    sessions that have expired (a session keeps the reasons for access given in it)."""
    deleted = sum(expired.delete()[0] for expired in _expired(as_of))
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return Counter({"sign_in_records_deleted": deleted}) if deleted else Counter()


def sign_in_records_preview(*, as_of: date) -> list[str]:
    """The dry run: how many sign-in records would be deleted."""
    count = sum(expired.count() for expired in _expired(as_of))
    return (
        [f"{count} sign-in records: deleted, older than {settings.FAIRCONTACT_SIGN_IN_LOG_DAYS} days"] if count else []
    )
