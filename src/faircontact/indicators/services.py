"""Writes: keeping each customer's indicator state current, and dismissing a suggestion.

:func:`contact_logged` updates one customer's state from one new contact without reading their history;
:func:`recompute` rebuilds the state of many (or all) customers in a few set-based queries, for bulk
imports and repairs. Both give what ``calculate.parts_from_rows`` gives from the rows.
"""

from __future__ import annotations

import bisect
import json
from array import array
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
def _stamp(value) -> str:
    """:func:`calculate.stamp` of a time read by raw SQL: SQLite's UTC text is rewritten, not parsed."""
    if isinstance(value, str):
        return f"{value[:10]}T{value[11:19]}{value[19:26] or '.000000'}".ljust(26, "0")
    return calc.stamp(value)


def _moment(value: datetime | str) -> datetime:
    """A time read by raw SQL, made aware: SQLite gives UTC text."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _json(value) -> list:
    return json.loads(value) if isinstance(value, str) else value


def recompute(customer_ids: list[int] | None = None) -> int:
    """Rebuild the state of ``customer_ids`` (every customer when None); returns how many have contacts.

    One sequential pass over the contacts table (no sort, no per-customer index walk), folded in Python:
    totals, abusive contacts, the recipients and, per complaint, the subjects; then each customer's 7-day
    windows from their inbound times (kept as compact integer arrays).
    """
    sqlite = connection.vendor == "sqlite"
    second = "unixepoch(occurred_at)" if sqlite else "floor(extract(epoch from occurred_at))::bigint"
    # times as fixed-width UTC text, compared as text and never parsed row by row; JSON as text
    at = "occurred_at || ''" if sqlite else "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
    as_text = "" if sqlite else "::text"
    where = ""
    with transaction.atomic(), connection.cursor() as cursor:
        if customer_ids is not None:
            cursor.execute("CREATE TEMPORARY TABLE IF NOT EXISTS fc_recompute (id bigint PRIMARY KEY)")
            cursor.execute("DELETE FROM fc_recompute")
            _insert(cursor, "fc_recompute", "id", [(i,) for i in set(customer_ids)])
            where = "WHERE customer_id IN (SELECT id FROM fc_recompute)"
        cursor.execute(
            f"SELECT customer_id, id, {second}, {at}, direction, staff_minutes, complaint_id, "
            f"recipients{as_text}, subject, behaviour{as_text} FROM records_contact "
            f"{'NOT INDEXED' if sqlite else ''} {where}"
        )
        states: dict[int, dict] = {}
        times: dict[int, array] = {}
        subjects: dict[int, list] = {}
        owner: dict[int, int] = {}
        rows = cursor.cursor
        while batch := rows.fetchmany(20000):
            for (
                customer_id,
                contact_id,
                second_,
                at_,
                direction,
                minutes,
                complaint_id,
                recipients,
                subject,
                behaviour,
            ) in batch:
                state = states.get(customer_id)
                if state is None:
                    state = states[customer_id] = {
                        "contacts": 0,
                        "staff_minutes": 0,
                        "last": at_,
                        "abusive": [],
                        "recipients": {},
                    }
                    times[customer_id] = array("q")
                state["contacts"] += 1
                state["staff_minutes"] += minutes
                if at_ > state["last"]:
                    state["last"] = at_
                if direction != "inbound":
                    continue
                times[customer_id].append(second_)
                if behaviour and behaviour != "[]" and calc.is_abusive(_json(behaviour)):
                    state["abusive"].append(contact_id)
                if recipients and recipients != "[]":
                    found, order = state["recipients"], [_stamp(at_), contact_id]
                    for recipient in _json(recipients):
                        key = calc.recipient_key(recipient)
                        if key and (key not in found or order < found[key]):
                            found[key] = order
                if complaint_id is not None and subject:
                    subjects.setdefault(complaint_id, []).append((_stamp(at_), contact_id, subject))
                    owner[complaint_id] = customer_id
        for customer_id, state in states.items():
            state["max_window"], start = calc.best_window(sorted(times.pop(customer_id)))
            state["start"] = datetime.fromtimestamp(start, UTC) if start is not None else None
            state["last"] = _moment(state["last"])
            state["abusive"].sort()
            state["subjects"] = {}
        for complaint_id, items in subjects.items():
            items.sort()
            keys = [calc.subject_key(subject) for _, _, subject in items]
            chosen = [(item, key) for item, key in zip(items, keys, strict=True) if key]
            if not chosen:
                continue
            ids = [b[0][1] for a, b in zip(chosen, chosen[1:], strict=False) if a[1] != b[1]]
            (last_stamp, last_id, _), last_key = chosen[-1]
            states[owner[complaint_id]]["subjects"][str(complaint_id)] = {
                "changes": len(ids),
                "ids": ids,
                "last": [last_stamp, last_id, last_key],
            }
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
        subjects = s["subjects"]
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
    _insert(cursor, table, columns, rows)


def _insert(cursor, table: str, columns: str, rows: list[tuple]) -> None:
    """Many rows at once: ``executemany`` on SQLite, ``COPY`` on PostgreSQL (its executemany is row by row)."""
    if connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(columns.split(",")))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


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
