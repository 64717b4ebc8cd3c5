"""The figures an assessment starts from, taken from the contact log (001 §6.5.3, App. 1; 002 §4 chronology).

Number of instances, volume and length of contact by channel over the period, and the language flags —
ignoring history before an earlier case that was closed at least the profile's number of months ago.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from django.db.models import Count, Sum
from django.utils import timezone

from faircontact.core.deadlines import add_months
from faircontact.records.models import Contact

from .models import Case

LOOK_BACK_MONTHS = 12


def assessment_period_start(case: Case, *, profile, on: date) -> tuple[date, list[int]]:
    """Start of the period assessed, and the ids of earlier cases set aside as closed long enough ago."""
    start = add_months(on, -LOOK_BACK_MONTHS)
    ignore_after = profile.retention["ignore_closed_cases_after_months"]
    ignored = []
    if ignore_after:
        cutoff = add_months(on, -ignore_after)
        for earlier in Case.objects.filter(
            customer=case.customer, closed_on__isnull=False, closed_on__lte=cutoff
        ).exclude(pk=case.pk):
            ignored.append(earlier.pk)
            start = max(start, earlier.closed_on)
    return start, ignored


def assessment_for(case: Case, *, profile, on: date) -> dict:
    start, ignored = assessment_period_start(case, profile=profile, on=on)
    tz = timezone.get_current_timezone()
    contacts = Contact.objects.filter(
        customer=case.customer,
        direction="inbound",
        occurred_at__gte=datetime.combine(start, time.min, tzinfo=tz),
        occurred_at__lte=datetime.combine(on, time.max, tzinfo=tz),
    )
    by_channel = {
        row["channel"]: {
            "contacts": row["n"],
            "staff_minutes": row["minutes"] or 0,
            "average_minutes": round((row["minutes"] or 0) / row["n"], 1),
        }
        for row in contacts.values("channel").annotate(n=Count("id"), minutes=Sum("staff_minutes")).order_by("channel")
    }
    flags = Counter()
    instances = 0
    for behaviour in contacts.exclude(behaviour=[]).values_list("behaviour", flat=True):
        if behaviour:
            instances += 1
            flags.update(behaviour)
    after_final = sum(
        1
        for occurred, final in contacts.filter(complaint__final_response_on__isnull=False).values_list(
            "occurred_at", "complaint__final_response_on"
        )
        if timezone.localdate(occurred) > final
    )
    earlier = list(
        Case.objects.filter(customer=case.customer)
        .exclude(pk=case.pk)
        .exclude(pk__in=ignored)
        .values_list("pk", flat=True)
    )
    return {
        "period_from": start.isoformat(),
        "period_to": on.isoformat(),
        "contacts": sum(v["contacts"] for v in by_channel.values()),
        "by_channel": by_channel,
        "instances_of_behaviour": instances,
        "language_flags": dict(sorted(flags.items())),
        "contacts_after_final_response": after_final,
        "earlier_cases_considered": earlier,
        "earlier_cases_ignored": ignored,
    }
