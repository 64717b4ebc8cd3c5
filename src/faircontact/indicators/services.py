"""Writes: keeping each customer's indicator state current, and dismissing a suggestion.

:func:`contact_logged` updates one customer's state from one new contact without reading their history;
:func:`recompute` rebuilds the state of many (or all) customers in a few set-based queries, for bulk
imports and repairs. Both give what ``calculate.parts_from_rows`` gives from the rows.
"""

from __future__ import annotations

import bisect
import json
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from faircontact.core.audit import record_event
from faircontact.core.errors import InvalidInput
from faircontact.core.permissions import require
from faircontact.records.models import Contact, Customer

from . import calculate as calc
from .models import Dismissal, IndicatorState


def _rows_for_complaint(complaint_id: int) -> list[tuple]:
    return [
        (i, at, "", "inbound", 0, complaint_id, [], subject, [])
        for i, at, subject in Contact.objects.filter(complaint_id=complaint_id, direction="inbound")
        .exclude(subject="")
        .values_list("id", "occurred_at", "subject")
    ]


def _update_window(state: IndicatorState, contact: Contact) -> None:
    """Re-count only the 7-day windows that hold the new contact (those starting in the 7 days before it)."""
    second = calc.epoch(contact.occurred_at)
    near = sorted(
        (calc.epoch(at), i)
        for i, at in Contact.objects.filter(
            customer_id=contact.customer_id,
            direction="inbound",
            occurred_at__gte=datetime.fromtimestamp(second - calc.WINDOW_SECONDS + 1, UTC),
            occurred_at__lt=datetime.fromtimestamp(second + calc.WINDOW_SECONDS, UTC),
        ).values_list("id", "occurred_at")
    )
    seconds = [s for s, _ in near]
    current = calc.epoch(state.max_window_start) if state.max_window_start else None
    for index, start in enumerate(seconds):
        if start > second:
            break
        count = bisect.bisect_left(seconds, start + calc.WINDOW_SECONDS, lo=index) - index
        if count > state.max_window or (count == state.max_window and (current is None or start < current)):
            state.max_window, current = count, start
    state.max_window_start = datetime.fromtimestamp(current, UTC) if current is not None else None


def contact_logged(contact: Contact) -> None:
    """Fold one newly saved contact into its customer's indicator state (inside the saving transaction)."""
    state, _ = IndicatorState.objects.select_for_update().get_or_create(customer_id=contact.customer_id)
    state.contacts += 1
    state.staff_minutes += contact.staff_minutes
    if state.last_contact_at is None or contact.occurred_at > state.last_contact_at:
        state.last_contact_at = contact.occurred_at
    if contact.direction == "inbound":
        _update_window(state, contact)
        order = [calc.stamp(contact.occurred_at), contact.pk]
        for recipient in contact.recipients or ():
            key = calc.recipient_key(recipient)
            if key and (key not in state.recipients or order < state.recipients[key]):
                state.recipients[key] = order
        state.recipient_count = len(state.recipients)
        if calc.is_abusive(contact.behaviour):
            state.abusive = sorted([*state.abusive, contact.pk])
            state.abusive_count = len(state.abusive)
        key = calc.subject_key(contact.subject)
        if contact.complaint_id and key:
            entry = state.subjects.get(str(contact.complaint_id))
            if entry is None:
                entry = {"changes": 0, "ids": [], "last": [*order, key]}
            elif order > entry["last"][:2]:
                if key != entry["last"][2]:
                    entry["changes"] += 1
                    entry["ids"].append(contact.pk)
                entry["last"] = [*order, key]
            else:  # recorded after the fact, before the latest contact on this complaint: recount it
                entry = calc.subject_changes(_rows_for_complaint(contact.complaint_id))[contact.complaint_id]
            state.subjects[str(contact.complaint_id)] = entry
            state.subject_changes = max((e["changes"] for e in state.subjects.values()), default=0)
    state.save()


# --- bulk recompute -----------------------------------------------------------------------------------------
_ABUSIVE_SQLITE = " OR ".join(f"behaviour LIKE '%\"{b}\"%'" for b in sorted(calc.ABUSIVE_BEHAVIOUR))
_ABUSIVE_PG = "behaviour ?| array[{}]".format(", ".join(f"'{b}'" for b in sorted(calc.ABUSIVE_BEHAVIOUR)))
_SCALE = 1 << 32


def _sql(vendor: str) -> dict[str, str]:
    sqlite = vendor == "sqlite"
    abusive = _ABUSIVE_SQLITE if sqlite else _ABUSIVE_PG
    second = "unixepoch(occurred_at)" if sqlite else "floor(extract(epoch from occurred_at))::bigint"
    ids = "group_concat({})" if sqlite else "string_agg(({})::text, ',')"
    return {
        "totals": f"""SELECT customer_id, COUNT(*), SUM(staff_minutes), MAX(occurred_at),
                      {ids.format(f"CASE WHEN direction = 'inbound' AND ({abusive}) THEN id END")}
                      FROM records_contact {{where}} GROUP BY customer_id""",
        # the fullest window per customer, packed as count * 2^32 - start so that MAX picks the earliest start
        "window": f"""SELECT customer_id, MAX(n * {_SCALE} - s) FROM (
                        SELECT customer_id, s, COUNT(*) OVER (PARTITION BY customer_id ORDER BY s
                            RANGE BETWEEN CURRENT ROW AND {calc.WINDOW_SECONDS - 1} FOLLOWING) AS n
                        FROM (SELECT customer_id, {second} AS s FROM records_contact
                              WHERE direction = 'inbound' {{and_where}}) AS t) AS w
                      GROUP BY customer_id""",
        "recipients": f"""SELECT customer_id, id, occurred_at, recipients FROM records_contact
                          WHERE direction = 'inbound'
                          AND recipients {"!= '[]'" if sqlite else "!= '[]'::jsonb"}
                          {{and_where}}""",
        # rows whose raw subject differs from the previous one on the complaint, plus each first and last
        "subjects": """SELECT customer_id, complaint_id, id, occurred_at, subject, prev, nxt FROM (
                         SELECT customer_id, complaint_id, id, occurred_at, subject,
                           LAG(subject) OVER (PARTITION BY complaint_id ORDER BY occurred_at, id) AS prev,
                           LEAD(id) OVER (PARTITION BY complaint_id ORDER BY occurred_at, id) AS nxt
                         FROM records_contact
                         WHERE direction = 'inbound' AND complaint_id IS NOT NULL AND subject != ''
                         {and_where}) AS t
                       WHERE prev IS NULL OR prev != subject OR nxt IS NULL
                       ORDER BY complaint_id, occurred_at, id""",
    }


def _moment(value: datetime | str) -> datetime:
    """A time read by raw SQL, made aware: SQLite gives naive UTC, or UTC text for an aggregate."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _stamp(value) -> str:
    """:func:`calculate.stamp` of a time read by raw SQL (naive UTC on SQLite, aware on PostgreSQL)."""
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.isoformat(timespec="microseconds")
    return calc.stamp(_moment(value))


def recompute(customer_ids: list[int] | None = None) -> int:
    """Rebuild the state of ``customer_ids`` (every customer when None); returns how many have contacts.

    Set-based: one pass each for totals and abusive contacts, the sliding window (a window function), the
    recipients and the subject changes, whatever the number of contacts.
    """
    sql = _sql(connection.vendor)
    with transaction.atomic(), connection.cursor() as cursor:
        if customer_ids is None:
            where = and_where = ""
        else:
            cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS fc_recompute (id bigint PRIMARY KEY)")
            cursor.execute("DELETE FROM fc_recompute")
            cursor.executemany("INSERT INTO fc_recompute (id) VALUES (%s)", [(i,) for i in set(customer_ids)])
            where = "WHERE customer_id IN (SELECT id FROM fc_recompute)"
            and_where = "AND " + where[6:]
        states: dict[int, dict] = {}
        cursor.execute(sql["totals"].format(where=where))
        for customer_id, count, minutes, last, abusive in cursor.fetchall():
            flagged = sorted(int(i) for i in abusive.split(",")) if abusive else []
            states[customer_id] = {
                "contacts": count,
                "staff_minutes": minutes or 0,
                "last": _moment(last),
                "abusive": flagged,
                "max_window": 0,
                "start": None,
                "recipients": {},
                "subjects": {},
            }
        cursor.execute(sql["window"].format(and_where=and_where))
        for customer_id, packed in cursor.fetchall():
            count = -(-packed // _SCALE)
            states[customer_id]["max_window"] = count
            states[customer_id]["start"] = datetime.fromtimestamp(count * _SCALE - packed, UTC)
        cursor.execute(sql["recipients"].format(and_where=and_where))
        for customer_id, contact_id, at, recipients in cursor:
            found = states[customer_id]["recipients"]
            order = [_stamp(at), contact_id]
            for recipient in json.loads(recipients) if isinstance(recipients, str) else recipients:
                key = calc.recipient_key(recipient)
                if key and (key not in found or order < found[key]):
                    found[key] = order
        cursor.execute(sql["subjects"].format(and_where=and_where))
        for customer_id, complaint_id, contact_id, at, subject, prev, nxt in cursor:
            subjects = states[customer_id]["subjects"]
            entry = subjects.setdefault(str(complaint_id), {"changes": 0, "ids": [], "last": None})
            key = calc.subject_key(subject)
            if prev is not None and calc.subject_key(prev) != key:
                entry["changes"] += 1
                entry["ids"].append(contact_id)
            if nxt is None:
                entry["last"] = [_stamp(at), contact_id, key]
        _write_states(cursor, states, customer_ids)
    return len(states)


def _write_states(cursor, states: dict[int, dict], customer_ids) -> None:
    table = IndicatorState._meta.db_table
    if customer_ids is None:
        cursor.execute(f"DELETE FROM {table}")
    else:
        cursor.execute(f"DELETE FROM {table} WHERE customer_id IN (SELECT id FROM fc_recompute)")
    now = datetime.now(UTC)
    sqlite = connection.vendor == "sqlite"

    def when(value):
        return value.replace(tzinfo=None).isoformat(" ") if sqlite and value else value

    rows = []
    for customer_id, s in states.items():
        subjects = {k: v for k, v in s["subjects"].items() if v["last"]}
        rows.append(
            (
                customer_id,
                s["contacts"],
                s["staff_minutes"],
                s["max_window"],
                when(s["start"]),
                json.dumps(s["abusive"]),
                len(s["abusive"]),
                json.dumps(s["recipients"]),
                len(s["recipients"]),
                json.dumps(subjects),
                max((v["changes"] for v in subjects.values()), default=0),
                when(s["last"]),
                when(now),
            )
        )
    columns = (
        "customer_id, contacts, staff_minutes, max_window, max_window_start, abusive, abusive_count, "
        "recipients, recipient_count, subjects, subject_changes, last_contact_at, updated_at"
    )
    marks = ", ".join(["%s"] * 13)
    for i in range(0, len(rows), 10000):
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows[i : i + 10000])


# --- suggestions ------------------------------------------------------------------------------------------
def suggestion_dismiss(*, actor, customer: Customer, reason: str, today: date, source: str = "") -> Dismissal:
    """Record that a manager saw the suggestion for ``customer`` and decided no case is needed.

    The indicators crossing today and their newest contact are remembered, so the same evidence does not
    suggest the customer again; new contacts that cross a threshold do (004: judged individually).
    """
    from .selectors import indicators_for

    require(actor, "suggestions.manage")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("Give the reason for dismissing the suggestion.", field="reason")
    crossed = [i for i in indicators_for(customer, as_of=today) if i["crossed"]]
    if not crossed:
        raise InvalidInput(
            "No indicator crosses its threshold for this customer; there is nothing to dismiss.",
            field="customer",
        )
    newest = max((int(c) for i in crossed for c in i["contacts"]), default=0)
    with transaction.atomic():
        dismissal = Dismissal.objects.create(
            customer=customer,
            indicators=sorted(i["name"] for i in crossed),
            last_contact_id=newest,
            reason=reason,
            dismissed_by=actor,
            dismissed_on=today,
        )
        record_event(
            actor=actor,
            action="dismiss_suggestion",
            obj=dismissal,
            customer_id=customer.pk,
            changes={"indicators": dismissal.indicators, "last_contact_id": newest},
            reason=reason[:500],
            source=source,
        )
    return dismissal


def window_start(as_of: date, tz) -> datetime:
    return calc.day_start(as_of - timedelta(days=max(calc.WINDOWS) - 1), tz)
