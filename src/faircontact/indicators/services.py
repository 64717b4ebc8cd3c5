"""Writes: keeping each customer's indicator state current, and dismissing a suggestion.

:func:`contact_logged` updates one customer's state from one new contact without reading their history;
:func:`recompute` rebuilds the state of many (or all) customers in a few set-based queries, for bulk
imports and repairs. Both give what ``calculate.parts_from_rows`` gives from the rows.
"""

from __future__ import annotations

import bisect
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from faircontact.core.audit import record_event
from faircontact.core.errors import InvalidInput
from faircontact.core.permissions import require
from faircontact.records.models import Contact, Customer

from . import bulk
from . import calculate as calc
from .models import Dismissal, IndicatorState
from .selectors import counted_contacts, excluded_scopes, indicators_for


def _rows_for_complaint(complaint_id: int) -> list[tuple]:
    return [
        (i, at, "", "inbound", 0, complaint_id, [], subject, [])
        for i, at, subject in counted_contacts()
        .filter(complaint_id=complaint_id, direction="inbound")
        .exclude(subject="")
        .values_list("id", "occurred_at", "subject")
    ]


def _inbound_seconds(customer_id: int, low: datetime, high: datetime) -> list[int]:
    """:func:`calculate.epoch` of the customer's inbound contacts in ``[low, high)``, in order: one indexed query,
    in SQL because it runs on every contact logged (the ORM's query building cost more than the query)."""
    if connection.vendor == "sqlite":
        epoch = "CAST(strftime('%%s', occurred_at) AS INTEGER)"
    else:
        epoch = "floor(extract(epoch FROM occurred_at))::bigint"
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {epoch} FROM records_contact WHERE customer_id = %s AND direction = 'inbound' "
            f"AND occurred_at >= %s AND occurred_at < %s AND {bulk.counted_sql()}",
            [customer_id, adapt(low), adapt(high)],
        )
        return sorted(second for (second,) in cursor.fetchall())


def _locked_state(customer_id: int) -> IndicatorState:
    """The customer's state, its row locked until the transaction ends (PostgreSQL; SQLite locks the whole
    database for a writer), created when it has none."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    table = IndicatorState._meta.db_table
    for state in IndicatorState.objects.raw(f"SELECT * FROM {table} WHERE customer_id = %s{lock}", [customer_id]):
        return state
    return IndicatorState.objects.select_for_update().get_or_create(customer_id=customer_id)[0]


def _update_window(state: IndicatorState, contact: Contact) -> None:
    """Re-count only the 7-day windows that hold the new contact (those starting in the 7 days before it)."""
    second = calc.epoch(contact.occurred_at)
    seconds = _inbound_seconds(
        contact.customer_id,
        datetime.fromtimestamp(second - calc.WINDOW_SECONDS + 1, UTC),
        datetime.fromtimestamp(second + calc.WINDOW_SECONDS, UTC),
    )
    current = calc.epoch(state.max_window_start) if state.max_window_start else None
    for index, start in enumerate(seconds):
        if start > second:
            break
        count = bisect.bisect_left(seconds, start + calc.WINDOW_SECONDS, lo=index) - index
        if count > state.max_window or (count == state.max_window and (current is None or start < current)):
            state.max_window, current = count, start
    state.max_window_start = datetime.fromtimestamp(current, UTC) if current is not None else None


def contact_logged(contact: Contact) -> None:
    """Fold one newly saved contact into its customer's indicator state (inside the saving transaction); a
    contact classified outside the policy counts for nothing (002 §2)."""
    if contact.scope in excluded_scopes():
        return
    state = _locked_state(contact.customer_id)
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
def recompute(customer_ids: list[int] | None = None) -> int:
    """Rebuild the state of ``customer_ids`` (every customer when None); returns how many have contacts.

    The contacts are read in a few set-based queries and folded with numpy (see :mod:`.bulk`), in one
    transaction.
    """
    return bulk.rebuild(customer_ids)


# --- suggestions ------------------------------------------------------------------------------------------
def suggestion_dismiss(*, actor, customer: Customer, reason: str, today: date, source: str = "") -> Dismissal:
    """Record that a manager saw the suggestion for ``customer`` and decided no case is needed.

    The indicators crossing today and their newest contact are remembered, so the same evidence does not
    suggest the customer again; new contacts that cross a threshold do (004: judged individually).
    """
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


def on_contact_logged(contact: Contact, guidance, *, actor, now) -> None:
    """The ``records.services.CONTACT_LOGGED`` hook: :func:`contact_logged`."""
    contact_logged(contact)


def window_start(as_of: date, tz) -> datetime:
    return calc.day_start(as_of - timedelta(days=max(calc.WINDOWS) - 1), tz)
