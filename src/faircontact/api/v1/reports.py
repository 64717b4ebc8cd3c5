"""Reports: use of the policy and deadline performance (001 §9.2, 002 "Monitoring use of the policy") and equality
monitoring (001 §7.1), as JSON or, with ``?format=csv``, as a spreadsheet. The same figures as the dashboard."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Query, Router, Schema, Status

from faircontact.core import clock, documents
from faircontact.core.audit import record_event
from faircontact.core.csvfile import csv_response
from faircontact.core.profiles import active_profile
from faircontact.reports import documents as board_documents
from faircontact.reports import exports, selectors

from .base import CSV_ALSO, ERRORS, Day, access, client_source, perm
from .documents import PreparedDocumentOut, document_out

router = Router(tags=["reports"])

Format = Literal["json", "csv"]


class ActivityRow(Schema):
    month: str = Field(description="YYYY-MM")
    cases_opened: int
    discussions: int = Field(description="discussions with the customer about their behaviour")
    warnings: int = Field(description="initial and formal warnings given")
    decisions: int = Field(description="decisions, including immediate action")
    reviews: int
    appeals: int = Field(description="appeals received")
    breaches: int
    removals: int = Field(description="customers taken off the register")


class Activity(Schema):
    labels: dict[str, str]
    rows: list[ActivityRow]
    totals: dict[str, int]


class KindCount(Schema):
    kind: str
    label: str
    customers: int


class MonthEnd(Schema):
    month: str
    on: Day
    customers: int = Field(description="customers under any arrangement at the end of the month")
    by_kind: dict[str, int]


class Arrangements(Schema):
    as_of: Day
    customers: int
    labels: dict[str, str]
    by_kind: list[KindCount]
    over_time: list[MonthEnd]
    started: int = Field(
        description="arrangements that came into force in the period (a decision or immediate action); a protocol "
        "varied on review or appeal is counted in varied, not here"
    )
    varied: int = Field(description="protocols varied on review or appeal in the period")


class Outcomes(Schema):
    decisions: dict[str, int]
    reviews: dict[str, int]
    appeals: dict[str, int] = Field(description="appeal outcomes decided in the period")
    protocols_ended: int
    protocols_ended_early: int = Field(description="ended on appeal, or before the planned end date")
    labels: dict[str, dict[str, str]]


class BreachBand(Schema):
    band: str
    protocols: int


class BreachesPerProtocol(Schema):
    protocols: int = Field(description="protocols in force at some time in the period")
    with_breaches: int
    breaches: int
    mean: float | None
    most: int
    distribution: list[BreachBand]


class DecisionBand(Schema):
    band: str = Field(description="working days from referral to decision")
    decisions: int


class DecisionDeadline(Schema):
    deadline_working_days: int | None
    decisions: int
    on_time: int
    late: int
    median_working_days: float | None
    distribution: list[DecisionBand]
    waiting_at_end: int
    overdue_at_end: int


class ReviewDeadline(Schema):
    done: int
    on_time: int
    late: int


class AppealDeadline(Schema):
    deadline_days: int | None
    decided: int
    on_time: int
    late: int
    waiting_at_end: int
    overdue_at_end: int


class Deadlines(Schema):
    decision: DecisionDeadline
    reviews: ReviewDeadline
    appeals: AppealDeadline


class StaffMinutes(Schema):
    window_days: int
    customers: int
    minutes_before: int
    minutes_after: int
    contacts_before: int
    contacts_after: int
    change_percent: float | None


class SummaryOut(Schema):
    from_: Day = Field(alias="from")
    to: Day
    organisation: str
    months: list[str]
    activity: Activity
    arrangements: Arrangements
    outcomes: Outcomes
    breaches_per_protocol: BreachesPerProtocol
    deadlines: Deadlines
    staff_minutes: StaffMinutes


class Figure(Schema):
    count: int | None = Field(description="null when fewer than 10 (withheld)")
    share: float | None = Field(description="per cent; null when withheld")
    display: str = Field(description='the count, or "fewer than 10"')
    suppressed: bool


class Group(Schema):
    group: str
    under_arrangements: Figure
    all_customers: Figure
    ratio: float | None = Field(description="share under arrangements / share of all customers; null when withheld")


class Dimension(Schema):
    dimension: Literal["ethnicity", "disability", "vulnerable"]
    label: str
    groups: list[Group]


class EqualityOut(Schema):
    as_of: Day
    customers_under_arrangements: int
    all_customers: int
    dimensions: list[Dimension]


class SummaryQuery(Schema):
    start: Day | None = Query(None, alias="from")
    end: Day | None = Query(None, alias="to")
    format: Format = "json"


@router.get(
    "/reports/summary",
    response={200: SummaryOut, **ERRORS},
    by_alias=True,
    auth=perm("reports.view"),
    summary="Use of the policy per month, outcomes and deadline performance (JSON or CSV)",
    openapi_extra=CSV_ALSO,
)
def report_summary(request, query: Query[SummaryQuery]):
    """Counts per month of cases, warnings, decisions, reviews, appeals, breaches and removals; customers under
    each kind of arrangement; outcomes; breaches per protocol; time from referral to decision against the
    profile's working-day deadline; late reviews and appeals; staff minutes before and after an arrangement.
    ``from`` defaults to twelve months before ``to`` (default today)."""
    p = selectors.period(query.start, query.end, today=clock.today())
    s = selectors.summary(p, profile=active_profile())
    if query.format == "csv":
        return csv_response(exports.summary_csv(s), f"summary-{p.start}-to-{p.end}.csv")
    return s


@router.get(
    "/reports/equality",
    response={200: EqualityOut, **ERRORS},
    auth=perm("reports.equality"),
    summary="Equality monitoring: each group's share under arrangements against all customers (JSON or CSV)",
    openapi_extra=CSV_ALSO,
)
def report_equality(request, as_of: Day | None = None, format: Format = "json"):
    """Ethnicity, disability and vulnerability (001 §7.1). Special category data: reporting roles only, and any
    group of fewer than 10 people is ``"fewer than 10"`` with its count, share and ratio withheld."""
    as_of = as_of or clock.today()
    e = selectors.equality(as_of=as_of)
    record_event(
        actor=request.auth,
        action="report",
        object_type="report",
        object_id="equality",
        changes={"as_of": str(as_of), "format": format},
        source=client_source(request),
    )
    if format == "csv":
        return csv_response(exports.equality_csv(e), f"equality-{as_of}.csv")
    return e


class BoardQuery(Schema):
    start: Day | None = Query(None, alias="from")
    end: Day | None = Query(None, alias="to")


@router.post(
    "/reports/board/jobs",
    response={202: PreparedDocumentOut, **ERRORS},
    auth=perm("reports.view"),
    summary="Prepare the board report (PDF) in the background (poll the prepared document, then download it)",
)
def prepare_board_report(request, query: Query[BoardQuery]):
    """The staff site's board report for ``from``–``to`` (default: the twelve months to today; at most the months
    the dashboard allows), equality figures only for a role that may see them. Answers at once with the document,
    ``queued``; the worker's build is audited as the synchronous PDF is (a ``report`` event)."""
    params = board_documents.parameters(query.start, query.end, today=clock.today())
    document = documents.prepare(access(request), board_documents.BOARD_REPORT.name, params)
    return Status(202, document_out(document))
