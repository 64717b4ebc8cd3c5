"""The figures behind every report: how the policy is used, whether deadlines are met, whether it falls fairly.

Organisations monitor the use of the policy and report it to senior management, boards and customer committees
(001 §9.2, 002 "Monitoring use of the policy", 004), and record, analyse and monitor ethnicity, disability and
vulnerability (001 §7.1). The dashboard, the board report, the API and the CSV exports all read these two
selectors, :func:`summary` and :func:`equality`, so they always agree.

Figures come from what was recorded as happening — case actions with their ``on`` dates, protocols with their
start and end dates, breaches — never from a case's state today, so a past period reads the same next year.
A protocol counts as an arrangement from the day it came into force (the customer was told, immediate action,
or a varied protocol) until the day it ended or was replaced; a decided protocol the customer was never told
of never counts. A protocol brought in by a review or an appeal that varies one in force is a variation, not a
new arrangement: "came into force" counts only arrangements that began with a decision or immediate action.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from faircontact.cases.models import Breach, CaseAction, Protocol, ProtocolStatus
from faircontact.cases.protocols import ProtocolSpec
from faircontact.core.deadlines import working_days_between
from faircontact.core.errors import InvalidInput
from faircontact.core.profiles import active_profile
from faircontact.records.models import Contact, Customer
from faircontact.register.models import EndReason, RegisterEntry

from .suppression import ratio, suppress

MAX_MONTHS = 60
#: the window either side of the start of an arrangement for "does the policy work?"
MINUTES_WINDOW_DAYS = 90

ACTIVITY = {
    "cases_opened": "Cases opened",
    "discussions": "Discussions with the customer",
    "warnings": "Warnings given",
    "decisions": "Decisions",
    "reviews": "Reviews",
    "appeals": "Appeals received",
    "breaches": "Breaches recorded",
    "removals": "Removals from the register",
}
#: case actions counted in each activity row
ACTIVITY_ACTIONS = {
    "open": "cases_opened",
    "record_discussion": "discussions",
    "initial_warning": "warnings",
    "formal_warning": "warnings",
    "decide": "decisions",
    "immediate_action": "decisions",
    "review": "reviews",
    "appeal": "appeals",
}

ARRANGEMENT_LABELS = {
    "limited_channels": "Limited ways of contact",
    "scheduled_times": "Set days and times",
    "spoc": "Single point of contact",
    "acknowledge_only": "Acknowledge only (registered complaints)",
    "written_only": "Written contact only",
    "third_party_only": "Through a third party only",
    "appointment_only": "By appointment only",
    "building_ban": "Barred from buildings",
    "issue_limit": "Limit on issues raised",
    "health_and_safety_only": "Health and safety matters only",
    "suspension_pending_legal_advice": "Contact suspended pending legal advice",
    "behaviour_agreement": "Behaviour agreement",
    "call_limits": "Limits on telephone calls",
    "witnessed_meetings": "Meetings with a second officer present",
    "file_without_reply": "Read and placed on file without reply",
}

DECISION_OUTCOMES = {
    "restrict": "Restrict contact",
    "register": "Register",
    "no_action": "No action",
    "immediate_action": "Immediate action (violence or threats)",
}
REVIEW_OUTCOMES = {"continue": "Continued", "vary": "Varied", "end": "Ended"}
APPEAL_OUTCOMES = {"upheld": "Upheld (arrangement ended)", "dismissed": "Dismissed", "varied": "Varied"}
DECISION_BANDS = (
    (0, 5, "0 to 5"),
    (6, 10, "6 to 10"),
    (11, 15, "11 to 15"),
    (16, 20, "16 to 20"),
    (21, None, "21 or more"),
)
BREACH_BANDS = ((0, 0, "None"), (1, 1, "1"), (2, 4, "2 to 4"), (5, 9, "5 to 9"), (10, None, "10 or more"))
DETAIL_ACTIONS = ("refer", "decide", "immediate_action", "notify", "review", "appeal", "decide_appeal", "close")
EQUALITY_DIMENSIONS = {"ethnicity": "Ethnicity", "disability": "Disability", "vulnerable": "Vulnerability"}
NOT_RECORDED = "Not recorded"


# --- periods ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def months(self) -> list[date]:
        """The first day of every calendar month the period touches."""
        months, day = [], self.start.replace(day=1)
        while day <= self.end:
            months.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months

    def month_end(self, month: date) -> date:
        """The last day of ``month`` within the period."""
        return min((month + timedelta(days=32)).replace(day=1) - timedelta(days=1), self.end)


def period(start: date | None, end: date | None, *, today: date) -> Period:
    """The period asked for; by default the twelve months to ``today`` (from the first of the month)."""
    end = end or today
    if start is None:
        month = end.month - 11
        start = date(end.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    if start > end:
        raise InvalidInput("The start of the period must be on or before its end.", field="from")
    result = Period(start, end)
    if len(result.months) > MAX_MONTHS:
        raise InvalidInput(f"A report covers at most {MAX_MONTHS} months.", field="from")
    return result


def month_key(month: date) -> str:
    return f"{month:%Y-%m}"


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _band(value: int, bands) -> str:
    for low, high, label in bands:
        if value >= low and (high is None or value <= high):
            return label
    raise ValueError(value)


def _due(details: dict, key: str) -> date | None:
    value = details.get(key)
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- arrangements -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrangement:
    """One protocol while it was in force: ``ended_on`` is the first day it no longer applied."""

    protocol_id: int
    case_id: int
    customer_id: int
    starts_on: date
    ended_on: date | None
    ends_on: date | None
    ended: bool
    kinds: frozenset[str]
    #: brought in by a review or appeal that varied the protocol in force, not a new arrangement
    varies: bool = False

    def in_force_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ended_on is None or self.ended_on > day)


def arrangements(*, until: date) -> list[Arrangement]:
    """Every protocol brought into force on or before ``until`` (``Protocol.in_force_from``), with its restriction
    types; one that varied a protocol in force (``Protocol.replaces``) is a variation, not a new arrangement."""
    brought_in = Protocol.objects.filter(in_force_from__lte=until, starts_on__lte=until)
    active = set(brought_in.values_list("pk", flat=True))
    acknowledging = set(
        Protocol.acknowledge_only_complaints.through.objects.filter(protocol_id__in=active).values_list(
            "protocol_id", flat=True
        )
    )
    filing = set(
        Protocol.file_without_reply_complaints.through.objects.filter(protocol_id__in=active).values_list(
            "protocol_id", flat=True
        )
    )
    found = []
    for p in brought_in.only(
        "id",
        "replaces_id",
        "case_id",
        "customer_id",
        "starts_on",
        "ended_on",
        "ends_on",
        "status",
        "channels_allowed",
        "times",
        "spoc_id",
        "third_party_only",
        "appointment_only",
        "buildings_banned",
        "issue_limit",
        "health_and_safety_only_until",
        "suspended_until",
        "behaviour_agreement",
        "call_limits",
        "meetings_witnessed",
    ):
        spec = ProtocolSpec(
            channels_allowed=p.channels_allowed,
            times=p.times,
            spoc=p.spoc_id,
            acknowledge_only_complaints=[p.pk] if p.pk in acknowledging else [],
            third_party_only=p.third_party_only,
            appointment_only=p.appointment_only,
            buildings_banned=p.buildings_banned,
            issue_limit=p.issue_limit,
            health_and_safety_only_until=p.health_and_safety_only_until,
            suspended_until=p.suspended_until,
            behaviour_agreement=p.behaviour_agreement,
            call_limits=p.call_limits,
            meetings_witnessed=p.meetings_witnessed,
            file_without_reply_complaints=[p.pk] if p.pk in filing else [],
        )
        found.append(
            Arrangement(
                p.pk,
                p.case_id,
                p.customer_id,
                p.starts_on,
                p.ended_on,
                p.ends_on,
                p.status == ProtocolStatus.ENDED,
                frozenset(spec.restriction_types()),
                p.replaces_id is not None,
            )
        )
    return found


def _under_arrangements(found: list[Arrangement], day: date) -> tuple[set[int], Counter]:
    """Customers under any arrangement on ``day``, and how many customers are under each kind."""
    customers, kinds = set(), defaultdict(set)
    for a in found:
        if a.in_force_on(day):
            customers.add(a.customer_id)
            for kind in a.kinds:
                kinds[kind].add(a.customer_id)
    return customers, Counter({kind: len(ids) for kind, ids in kinds.items()})


# --- the summary --------------------------------------------------------------------------------------------


def summary(p: Period, *, profile) -> dict:
    """Every figure of the summary report for period ``p`` (see the module docstring)."""
    details = list(
        CaseAction.objects.filter(action__in=DETAIL_ACTIONS, on__lte=p.end)
        .order_by("on", "id")
        .values_list("case_id", "action", "on", "details")
    )
    found = arrangements(until=p.end)
    in_period = [(case, action, on, d) for case, action, on, d in details if on >= p.start]
    return {
        "from": p.start,
        "to": p.end,
        "organisation": profile.name,
        "months": [month_key(m) for m in p.months],
        "activity": _activity(p),
        "arrangements": _arrangements_over_time(p, found),
        "outcomes": _outcomes(p, in_period, found),
        "breaches_per_protocol": _breaches_per_protocol(p, found),
        "deadlines": _deadlines(p, details, in_period, profile),
        "staff_minutes": _staff_minutes(p, found),
    }


def _breaches_in(p: Period):
    """Breaches by the day the breaching contact happened (a breach may be recorded later)."""
    return Breach.objects.filter(
        contact__occurred_at__gte=_aware(p.start), contact__occurred_at__lt=_aware(p.end + timedelta(days=1))
    )


def _activity(p: Period) -> dict:
    counts = {m: Counter() for m in p.months}
    actions = (
        CaseAction.objects.filter(on__range=(p.start, p.end), action__in=ACTIVITY_ACTIONS)
        .annotate(month=TruncMonth("on"))
        .values("month", "action")
        .annotate(n=Count("id"))
    )
    for row in actions:
        counts[row["month"]][ACTIVITY_ACTIONS[row["action"]]] += row["n"]
    breaches = (
        _breaches_in(p).annotate(month=TruncMonth("contact__occurred_at")).values("month").annotate(n=Count("id"))
    )
    for row in breaches:
        counts[timezone.localtime(row["month"]).date()]["breaches"] += row["n"]
    removals = (
        RegisterEntry.objects.filter(end_reason=EndReason.REMOVED, ended_on__range=(p.start, p.end))
        .annotate(month=TruncMonth("ended_on"))
        .values("month")
        .annotate(n=Count("id"))
    )
    for row in removals:
        counts[row["month"]]["removals"] += row["n"]
    rows = [{"month": month_key(m), **{k: counts[m][k] for k in ACTIVITY}} for m in p.months]
    return {"labels": ACTIVITY, "rows": rows, "totals": {k: sum(r[k] for r in rows) for k in ACTIVITY}}


def _arrangements_over_time(p: Period, found: list[Arrangement]) -> dict:
    over_time = []
    for m in p.months:
        on = p.month_end(m)
        customers, kinds = _under_arrangements(found, on)
        over_time.append(
            {
                "month": month_key(m),
                "on": on,
                "customers": len(customers),
                "by_kind": {k: kinds[k] for k in ARRANGEMENT_LABELS},
            }
        )
    customers, kinds = _under_arrangements(found, p.end)
    return {
        "as_of": p.end,
        "customers": len(customers),
        "labels": ARRANGEMENT_LABELS,
        "by_kind": [{"kind": k, "label": label, "customers": kinds[k]} for k, label in ARRANGEMENT_LABELS.items()],
        "over_time": over_time,
        "started": sum(1 for a in found if p.start <= a.starts_on <= p.end and not a.varies),
        "varied": sum(1 for a in found if p.start <= a.starts_on <= p.end and a.varies),
    }


def _outcomes(p: Period, in_period: list, found: list[Arrangement]) -> dict:
    decisions, reviews, appeals = Counter(), Counter(), Counter()
    upheld = set()
    for case, action, on, d in in_period:
        if action == "decide":
            decisions[d["outcome"]] += 1
        elif action == "immediate_action":
            decisions["immediate_action"] += 1
        elif action == "review":
            reviews[d["outcome"]] += 1
        elif action == "decide_appeal":
            appeals[d["outcome"]] += 1
            if d["outcome"] == "upheld":
                upheld.add((case, on))
    ended = [a for a in found if a.ended and a.ended_on and p.start <= a.ended_on <= p.end]
    return {
        "decisions": {k: decisions[k] for k in DECISION_OUTCOMES},
        "reviews": {k: reviews[k] for k in REVIEW_OUTCOMES},
        "appeals": {k: appeals[k] for k in APPEAL_OUTCOMES},
        "protocols_ended": len(ended),
        "protocols_ended_early": sum(
            1 for a in ended if (a.case_id, a.ended_on) in upheld or (a.ends_on and a.ended_on < a.ends_on)
        ),
        "labels": {"decisions": DECISION_OUTCOMES, "reviews": REVIEW_OUTCOMES, "appeals": APPEAL_OUTCOMES},
    }


def _breaches_per_protocol(p: Period, found: list[Arrangement]) -> dict:
    """Breaches recorded in the period against each protocol in force at some time in it (000 §8.4, 003 §35)."""
    live = {a.protocol_id for a in found if a.starts_on <= p.end and (a.ended_on is None or a.ended_on > p.start)}
    per = Counter({pk: 0 for pk in live})
    for row in _breaches_in(p).filter(protocol_id__in=live).values("protocol_id").annotate(n=Count("id")):
        per[row["protocol_id"]] = row["n"]
    bands = Counter(_band(n, BREACH_BANDS) for n in per.values())
    return {
        "protocols": len(per),
        "with_breaches": sum(1 for n in per.values() if n),
        "breaches": sum(per.values()),
        "mean": round(sum(per.values()) / len(per), 1) if per else None,
        "most": max(per.values(), default=0),
        "distribution": [{"band": label, "protocols": bands[label]} for _, _, label in BREACH_BANDS],
    }


def _deadlines(p: Period, details: list, in_period: list, profile) -> dict:
    """Time from referral to decision against the profile's working-day deadline (003 §24); reviews and
    appeals done late (000 §8.2, §9.2); decisions and appeals still waiting and overdue at the period's end."""
    referred_on = {}
    finished, appeal_finished = set(), set()
    waiting_appeals = {}
    for case, action, on, d in details:
        if action == "refer":
            referred_on[case] = (on, _due(d, "decision_due_on"))
        elif action in ("decide", "immediate_action", "close"):
            finished.add(case)
        if action == "appeal":
            waiting_appeals[case] = _due(d, "appeal_due_on")
            appeal_finished.discard(case)
        elif action in ("decide_appeal", "close"):
            appeal_finished.add(case)
    taken, decided, reviews, appeals = [], Counter(), Counter(), Counter()
    for case, action, on, d in in_period:
        if action == "decide" and case in referred_on:
            taken.append(working_days_between(referred_on[case][0], on, active_profile().working_calendar))
            decided["on_time" if d.get("on_time", True) else "late"] += 1
        elif action == "review":
            was_due = _due(d, "was_due_on")
            reviews["late" if was_due and on > was_due else "on_time"] += 1
        elif action == "decide_appeal":
            appeals["on_time" if d.get("on_time", True) else "late"] += 1
    waiting = [due for case, (_, due) in referred_on.items() if case not in finished]
    appeals_waiting = [due for case, due in waiting_appeals.items() if case not in appeal_finished]
    bands = Counter(_band(n, DECISION_BANDS) for n in taken)
    return {
        "decision": {
            "deadline_working_days": profile.decision["deadline_working_days"] or None,
            "decisions": len(taken),
            "on_time": decided["on_time"],
            "late": decided["late"],
            "median_working_days": median(taken) if taken else None,
            "distribution": [{"band": label, "decisions": bands[label]} for _, _, label in DECISION_BANDS],
            "waiting_at_end": len(waiting),
            "overdue_at_end": sum(1 for due in waiting if due and due < p.end),
        },
        "reviews": {"done": sum(reviews.values()), "on_time": reviews["on_time"], "late": reviews["late"]},
        "appeals": {
            "deadline_days": profile.appeal.get("deadline_days") or None,
            "decided": sum(appeals.values()),
            "on_time": appeals["on_time"],
            "late": appeals["late"],
            "waiting_at_end": len(appeals_waiting),
            "overdue_at_end": sum(1 for due in appeals_waiting if due and due < p.end),
        },
    }


def _staff_minutes(p: Period, found: list[Arrangement]) -> dict:
    """Staff time on each customer in the 90 days before and after their first arrangement began, for every
    customer whose arrangement began at least 90 days before the end of the period: does the policy work?"""
    window = timedelta(days=MINUTES_WINDOW_DAYS)
    first: dict[int, date] = {}
    for a in found:
        if a.customer_id not in first or a.starts_on < first[a.customer_id]:
            first[a.customer_id] = a.starts_on
    starts = {c: _aware(day) for c, day in first.items() if day + window <= p.end}
    before = after = contacts_before = contacts_after = 0
    if starts:
        rows = Contact.objects.filter(
            customer_id__in=starts,
            occurred_at__gte=min(starts.values()) - window,
            occurred_at__lt=max(starts.values()) + window,
        )
        for customer_id, occurred_at, minutes in rows.values_list("customer_id", "occurred_at", "staff_minutes"):
            start = starts[customer_id]
            if start - window <= occurred_at < start:
                before, contacts_before = before + minutes, contacts_before + 1
            elif start <= occurred_at < start + window:
                after, contacts_after = after + minutes, contacts_after + 1
    customers = len(starts)
    return {
        "window_days": MINUTES_WINDOW_DAYS,
        "customers": customers,
        "minutes_before": before,
        "minutes_after": after,
        "contacts_before": contacts_before,
        "contacts_after": contacts_after,
        "change_percent": round(100 * (after - before) / before, 1) if before else None,
    }


# --- equality monitoring ------------------------------------------------------------------------------------


def _group(dimension: str, value) -> str:
    if dimension == "vulnerable":
        return "Recorded as vulnerable" if value else "Not recorded as vulnerable"
    return str(value).strip() or NOT_RECORDED


def equality(*, as_of: date) -> dict:
    """Each recorded ethnicity, disability and vulnerability group's share of the customers under arrangements on
    ``as_of`` against its share of every customer on record, with a disproportionality ratio (001 §7.1).

    Characteristics are as currently recorded. Every count passes through the small-numbers rule
    (:mod:`faircontact.reports.suppression`) here, so no caller can show a group under 10.
    """
    under, _ = _under_arrangements(arrangements(until=as_of), as_of)
    total_all = Customer.objects.count()
    dimensions = []
    for dimension, label in EQUALITY_DIMENSIONS.items():
        everyone, arranged = Counter(), Counter()
        for row in Customer.objects.values(dimension).annotate(n=Count("id")):
            everyone[_group(dimension, row[dimension])] += row["n"]
        for row in Customer.objects.filter(pk__in=under).values(dimension).annotate(n=Count("id")):
            arranged[_group(dimension, row[dimension])] += row["n"]
        groups = sorted(everyone, key=lambda g: (g == NOT_RECORDED, g.lower()))
        shown_arranged = suppress({g: arranged[g] for g in groups}, len(under))
        shown_all = suppress({g: everyone[g] for g in groups}, total_all)
        dimensions.append(
            {
                "dimension": dimension,
                "label": label,
                "groups": [
                    {
                        "group": g,
                        "under_arrangements": shown_arranged[g].as_dict(),
                        "all_customers": shown_all[g].as_dict(),
                        "ratio": ratio(shown_arranged[g], shown_all[g]),
                    }
                    for g in groups
                ],
            }
        )
    return {
        "as_of": as_of,
        "customers_under_arrangements": len(under),
        "all_customers": total_all,
        "dimensions": dimensions,
    }
