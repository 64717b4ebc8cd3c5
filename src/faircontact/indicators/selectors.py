"""Reads: one customer's indicators, the organisation's median staff time and the suggestions for review."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from faircontact.cases.models import Case, State
from faircontact.cases.transitions import LIVE
from faircontact.core.permissions import allowed
from faircontact.core.profiles import active_profile
from faircontact.records.models import Complaint, Contact, Customer

from . import calculate as calc
from .models import Dismissal, IndicatorState


def excluded_scopes() -> list[str]:
    """The ``[contact_scope]`` categories outside the policy (002 §2): contacts staff classify so count for no
    indicator."""
    return list(active_profile().contact_scope.get("excluded", {}))


def counted_contacts() -> QuerySet[Contact]:
    """The contacts the indicators count: every one but those classified outside the policy (002 §2)."""
    excluded = excluded_scopes()
    return Contact.objects.exclude(scope__in=excluded) if excluded else Contact.objects.all()


ROW_FIELDS = (
    "id",
    "occurred_at",
    "channel",
    "direction",
    "staff_minutes",
    "complaint_id",
    "recipients",
    "subject",
    "behaviour",
)
#: Case states in which a customer is already being dealt with, so not suggested again.
LIVE_CASE_STATES = LIVE - {State.NO_ACTION}


def median_minutes() -> float:
    """The median of total staff minutes per customer, over customers with any contact (those with a state).

    Two index-only queries: the count, then the middle one or two values in ``staff_minutes`` order.
    """
    n = IndicatorState.objects.count()
    if not n:
        return 0
    middle = list(
        IndicatorState.objects.order_by("staff_minutes").values_list("staff_minutes", flat=True)[
            (n - 1) // 2 : n // 2 + 1
        ]
    )
    return (middle[0] + middle[-1]) / 2


def _final_responses(customer_id: int) -> dict[int, date]:
    return dict(
        Complaint.objects.filter(customer_id=customer_id, final_response_on__isnull=False).values_list(
            "id", "final_response_on"
        )
    )


def _from_state(state: IndicatorState, customer_id: int, as_of: date, tz) -> calc.Parts:
    parts = calc.Parts()
    start, end = calc.period(as_of, max(calc.WINDOWS), tz)
    recent = list(
        counted_contacts()
        .filter(customer_id=customer_id, direction="inbound", occurred_at__gte=start, occurred_at__lt=end)
        .values_list(*ROW_FIELDS)
    )
    calc.window_counts(parts, recent, as_of, tz)
    parts.max_window, parts.max_window_start = state.max_window, state.max_window_start
    if state.max_window_start:
        first = calc.epoch(state.max_window_start)
        parts.max_window_ids = sorted(
            counted_contacts()
            .filter(
                customer_id=customer_id,
                direction="inbound",
                occurred_at__gte=datetime.fromtimestamp(first, UTC),
                occurred_at__lt=datetime.fromtimestamp(first + calc.WINDOW_SECONDS, UTC),
            )
            .values_list("id", flat=True)
        )
    parts.staff_minutes = state.staff_minutes
    parts.top_minutes_ids = list(
        counted_contacts()
        .filter(customer_id=customer_id, staff_minutes__gt=0)
        .order_by("-staff_minutes", "id")
        .values_list("id", flat=True)[: calc.TOP_MINUTES]
    )
    finals = _final_responses(customer_id)
    if finals:
        rows = (
            counted_contacts()
            .filter(customer_id=customer_id, direction="inbound", complaint_id__in=finals, occurred_at__lt=end)
            .values_list(*ROW_FIELDS)
        )
        parts.after_final_ids, parts.after_final_complaints = calc.after_final(rows, finals, tz)
    parts.recipients = state.recipients
    calc.pick_subject(parts, state.subjects)
    parts.abusive_ids = list(state.abusive)
    return parts


def indicators_for(customer: Customer | int, *, as_of: date, median: float | None = None) -> list[dict]:
    """The customer's indicators at the end of ``as_of`` under the active profile's thresholds.

    From the stored state when no contact is later than ``as_of`` (the usual case: a fixed number of indexed
    queries); otherwise from the customer's rows up to ``as_of``. Staff time is compared with today's median.
    """
    customer_id = customer if isinstance(customer, int) else customer.pk
    tz = timezone.get_current_timezone()
    _, end = calc.period(as_of, 1, tz)
    state = IndicatorState.objects.filter(customer_id=customer_id).first()
    if state is not None and (state.last_contact_at is None or state.last_contact_at < end):
        parts = _from_state(state, customer_id, as_of, tz)
    else:
        rows = counted_contacts().filter(customer_id=customer_id, occurred_at__lt=end).values_list(*ROW_FIELDS)
        parts = calc.parts_from_rows(list(rows), as_of=as_of, tz=tz, final_responses=_final_responses(customer_id))
    profile = active_profile()
    return calc.build(
        parts,
        as_of=as_of,
        thresholds=profile.indicators,
        median_minutes=median_minutes() if median is None else median,
        tz=tz,
        cite=profile.cite,
    )


def _candidates(as_of: date, thresholds: dict, median: float, tz) -> set[int]:
    """Customers who may cross a threshold: a superset found in a few aggregate queries."""
    start, end = calc.period(as_of, max(calc.WINDOWS), tz)
    counts = {f"c{d}": Count("id", filter=Q(occurred_at__gte=calc.period(as_of, d, tz)[0])) for d in calc.WINDOWS}
    busy = (
        counted_contacts()
        .filter(direction="inbound", occurred_at__gte=start, occurred_at__lt=end)
        .values("customer_id")
        .annotate(**counts)
        .filter(
            Q(c7__gte=thresholds["contacts_7_days"])
            | Q(c30__gte=thresholds["contacts_30_days"])
            | Q(c90__gte=thresholds["contacts_90_days"])
        )
        .values_list("customer_id", flat=True)
    )
    stored = IndicatorState.objects.filter(
        Q(max_window__gte=thresholds["max_contacts_in_7_day_window"])
        | Q(staff_minutes__gte=thresholds["staff_minutes_ratio_to_median"] * max(median, 1))
        | Q(abusive_count__gte=thresholds["abusive_contacts"])
        | Q(recipient_count__gte=thresholds["distinct_recipients"])
        | Q(subject_changes__gte=thresholds["subject_changes_on_one_complaint"])
    ).values_list("customer_id", flat=True)
    after = (
        counted_contacts()
        .filter(
            direction="inbound",
            occurred_at__lt=end,
            complaint__final_response_on__isnull=False,
            occurred_at__date__gt=F("complaint__final_response_on"),
        )
        .values("customer_id")
        .annotate(n=Count("id"))
        .filter(n__gte=thresholds["contacts_after_final_response"])
        .values_list("customer_id", flat=True)
    )
    return set(busy) | set(stored) | set(after)


def _dismissed(dismissal: Dismissal | None, crossed: list[dict]) -> bool:
    if dismissal is None:
        return False
    covered = set(dismissal.indicators)
    return all(
        i["name"] in covered and all(int(c) <= dismissal.last_contact_id for c in i["contacts"]) for i in crossed
    )


def suggestions(as_of: date) -> list[dict]:
    """Customers whose indicators cross the profile's thresholds, with the reasons, as plain dicts.

    Excludes customers with a live case and those a manager dismissed on the same evidence. Nothing is
    decided: each entry is a prompt for a person to look (001 §6.5.3; 004).
    """
    thresholds = active_profile().indicators
    tz = timezone.get_current_timezone()
    median = median_minutes()
    ids = _candidates(as_of, thresholds, median, tz)
    ids -= set(
        Case.objects.filter(customer_id__in=ids, state__in=LIVE_CASE_STATES).values_list("customer_id", flat=True)
    )
    latest: dict[int, Dismissal] = {}
    for dismissal in Dismissal.objects.filter(customer_id__in=ids).order_by("created_at", "id"):
        latest[dismissal.customer_id] = dismissal
    customers = Customer.objects.in_bulk(ids)
    found = []
    for customer_id in sorted(ids):
        crossed = [i for i in indicators_for(customer_id, as_of=as_of, median=median) if i["crossed"]]
        if not crossed or _dismissed(latest.get(customer_id), crossed):
            continue
        customer = customers[customer_id]
        found.append(
            {
                "customer": str(customer_id),
                "reference": customer.reference,
                "name": customer.name,
                "as_of": as_of,
                "reasons": crossed,
                "last_dismissed_on": latest[customer_id].dismissed_on if customer_id in latest else None,
                "chronology": f"/api/v1/customers/{customer_id}/chronology",
                "evidence_pack": f"/api/v1/customers/{customer_id}/evidence-pack.pdf",
            }
        )
    found.sort(key=lambda s: (-len(s["reasons"]), s["reference"]))
    return found


def suggested_work(user, *, as_of: date) -> list[dict]:
    """The ``cases.selectors.WORK_SOURCES`` hook: for those who manage suggestions, each customer suggested for review
    as a work item — evidence for a person to look at, never a verdict (004)."""
    if not allowed(user.roles, "suggestions.manage"):
        return []
    return [
        {
            "kind": "suggested_case",
            "case": None,
            "customer": suggestion["customer"],
            "customer_reference": suggestion["reference"],
            "customer_name": suggestion["name"],
            "due_on": None,
            "working_days_left": None,
            "overdue": False,
            "title": "Suggested for review: " + "; ".join(r["label"].lower() for r in suggestion["reasons"]),
        }
        for suggestion in suggestions(as_of)
    ]
