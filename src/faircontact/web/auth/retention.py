"""How long the sign-in records of django-axes are kept, applied by ``faircontact sweep``.

axes keeps a row for every sign-in (``AccessLog``: who, from which address, with which browser) and for failed
attempts (``AccessAttempt``, ``AccessFailureLog``). They are security logs about staff — personal data kept only
as long as an investigation of misuse could need them (UK GDPR art. 5(1)(e)): ``FAIRCONTACT_SIGN_IN_LOG_DAYS``,
90 days by default. Deleting what has passed the limit is idempotent, so two sweeps at once are safe.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings


def sign_in_records_expire(*, as_of: date) -> Counter:
    """Delete sign-in records older than the retention period, counted as ``sign_in_records_deleted``."""
    cutoff = datetime.combine(as_of - timedelta(days=settings.FAIRCONTACT_SIGN_IN_LOG_DAYS), time.min, tzinfo=UTC)
    deleted = sum(
        model.objects.filter(attempt_time__lt=cutoff).delete()[0]
        for model in (AccessLog, AccessAttempt, AccessFailureLog)
    )
    return Counter({"sign_in_records_deleted": deleted}) if deleted else Counter()
