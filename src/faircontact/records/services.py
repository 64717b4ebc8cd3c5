"""Writes to the record. Each function validates first, then writes in one transaction and audits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.db import IntegrityError, transaction

from faircontact.core import clock, deadlines
from faircontact.core.audit import record_event
from faircontact.core.errors import Conflict, InvalidInput
from faircontact.core.ids import object_or_none
from faircontact.core.models import BusinessUnit, User
from faircontact.core.profiles import active_profile

from . import equality
from .models import (
    Behaviour,
    Channel,
    Complaint,
    Contact,
    Customer,
    Direction,
    Marker,
    MarkerType,
    Relationship,
    Representative,
    Stage,
)
from .names import NINO_RE, normalise_name, normalise_nino

_CHANNELS, _DIRECTIONS, _BEHAVIOURS = (
    frozenset(Channel.values),
    frozenset(Direction.values),
    frozenset(Behaviour.values),
)
#: The longest ``external_id`` a contact may carry (the column's own length).
EXTERNAL_ID_MAX = Contact._meta.get_field("external_id").max_length
#: ``(fields, now) -> Guidance``: the gate's guidance for a contact about to be stored. The gate app sets the one
#: function in its ``AppConfig.ready``: every contact goes through the gate.
CONTACT_GUIDANCE: list[Callable] = []
#: Functions ``(contact, guidance, *, actor, now)`` run in the contact's transaction once it is stored (the gate's
#: breach and reading item, the indicators, the register's last contact); each app adds its own in ``ready``.
CONTACT_LOGGED: list[Callable] = []
#: Functions ``(customer_ids)`` run when a stored contact's scope is classified again (002 §2): what counts it
#: recomputes (the indicators add theirs in ``ready``).
CONTACT_SCOPE_CHANGED: list[Callable] = []


def _business_unit(name: str | None) -> BusinessUnit | None:
    if not name:
        return None
    unit = BusinessUnit.objects.filter(name=name).first()
    if unit is None:
        raise InvalidInput(f"There is no business unit called {name!r}.", field="business_unit")
    return unit


def _clean_identifiers(identifiers: dict) -> tuple[dict, str]:
    identifiers = {str(k): str(v).strip() for k, v in (identifiers or {}).items() if str(v).strip()}
    nino = ""
    if "nino" in identifiers:
        nino = normalise_nino(identifiers["nino"])
        if not NINO_RE.match(nino):
            raise InvalidInput(
                "The National Insurance number is not in the right format, like QQ123456C.", field="identifiers.nino"
            )
        identifiers["nino"] = nino
    return identifiers, nino


def _refuse_duplicate_nino(nino: str, *, besides: int | None = None) -> None:
    """One record per person: a National Insurance number already held, ignoring case and spaces, is the same
    customer (003 §20-21: the administrator establishes whether the customer is already recorded; the clause
    cited is the active profile's ``[citations] one_record_per_nino``). The database's unique ``nino`` keeps the
    rule when two requests check at once; the loser's IntegrityError comes back here for the same 409."""
    if nino and Customer.objects.filter(nino=nino).exclude(pk=besides).exists():
        raise Conflict(
            "A customer with this National Insurance number already exists: use that record, as one person has "
            f"one record{active_profile().cite('one_record_per_nino')}.",
            field="identifiers.nino",
            code="duplicate",
        )


def _clean_representatives(reps: list[dict]) -> list[dict]:
    cleaned = []
    for i, rep in enumerate(reps or []):
        name = (rep.get("name") or "").strip()
        if not name:
            raise InvalidInput("Enter the representative's name.", field=f"representatives[{i}].name")
        if rep.get("relationship") not in Relationship.values:
            raise InvalidInput(
                "Choose how the representative is related to the customer, such as advocate or solicitor "
                f"({', '.join(Relationship.values)}).",
                field=f"representatives[{i}].relationship",
            )
        cleaned.append(
            {
                "name": name,
                "relationship": rep["relationship"],
                "may_act": bool(rep.get("may_act")),
                "address": rep.get("address") or "",
                "email": rep.get("email") or "",
            }
        )
    return cleaned


CUSTOMER_FIELDS = (
    "reference",
    "name",
    "address",
    "email",
    "phone",
    "support_needs",
    "vulnerable",
    "preferred_format",
    "preferred_channel",
    "language",
    "ethnicity",
    "disability",
)


def customer_problems(data: dict) -> list[InvalidInput]:
    """Every problem the checks of :func:`customer_create` find in ``data`` that do not depend on each other, all at
    once, for a form's error summary (GOV.UK: list every error). Writing still refuses at the first."""
    problems = []
    for check in (
        lambda: _clean_identifiers(data.get("identifiers") or {}),
        lambda: equality.check(data),
        lambda: _clean_representatives(data.get("representatives") or []),
    ):
        try:
            check()
        except InvalidInput as problem:
            problems.append(problem)
    return problems


def customer_create(*, actor, data: dict, source: str = "") -> Customer:
    reference = (data.get("reference") or "").strip()
    name = (data.get("name") or "").strip()
    if not reference:
        raise InvalidInput("Enter the customer's reference.", field="reference")
    if not name:
        raise InvalidInput("Enter the customer's name.", field="name")
    identifiers, nino = _clean_identifiers(data.get("identifiers") or {})
    equality.check(data)
    reps = _clean_representatives(data.get("representatives") or [])
    unit = _business_unit(data.get("business_unit"))
    fields = {k: data[k] for k in CUSTOMER_FIELDS if data.get(k) is not None}
    fields.update(reference=reference, name=name)
    fields["support_needs"] = [s.strip() for s in fields.get("support_needs", []) if s and s.strip()]
    if Customer.objects.filter(reference=reference).exists():
        raise Conflict(f"A customer with reference {reference} already exists.", field="reference", code="duplicate")
    _refuse_duplicate_nino(nino)
    try:
        with transaction.atomic():
            customer = Customer(
                **fields, identifiers=identifiers, nino=nino, business_unit=unit, search_name=normalise_name(name)
            )
            customer.full_clean(validate_constraints=False)  # the database keeps one record per NINO
            customer.save()
            for rep in reps:
                Representative.objects.create(customer=customer, **rep)
            record_event(
                actor=actor,
                action="create",
                obj=customer,
                customer_id=customer.pk,
                changes={"fields": sorted(fields) + ["identifiers"] * bool(identifiers)},
                source=source,
            )
    except IntegrityError:  # another create got there first (the database keeps both rules)
        _refuse_duplicate_nino(nino)
        raise Conflict(f"A customer with reference {reference} already exists.", field="reference", code="duplicate")
    return customer


def customer_update(*, actor, customer: Customer, data: dict, source: str = "") -> Customer:
    changed = []
    equality.check(data)
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        for key in CUSTOMER_FIELDS:
            if key in data and data[key] is not None and getattr(customer, key) != data[key]:
                value = data[key]
                if key in ("reference", "name"):
                    value = value.strip()
                    if not value:
                        raise InvalidInput(f"Enter the customer's {key}.", field=key)
                if key == "support_needs":
                    value = [s.strip() for s in value if s and s.strip()]
                setattr(customer, key, value)
                changed.append(key)
        if data.get("identifiers") is not None:
            customer.identifiers, customer.nino = _clean_identifiers(data["identifiers"])
            _refuse_duplicate_nino(customer.nino, besides=customer.pk)
            changed.append("identifiers")
        if "business_unit" in data and data["business_unit"] is not None:
            customer.business_unit = _business_unit(data["business_unit"])
            changed.append("business_unit")
        if (
            "reference" in changed
            and Customer.objects.filter(reference=customer.reference).exclude(pk=customer.pk).exists()
        ):
            raise Conflict(
                f"A customer with reference {customer.reference} already exists.", field="reference", code="duplicate"
            )
        customer.search_name = normalise_name(customer.name)
        customer.full_clean(validate_constraints=False)  # the database keeps one record per NINO
        try:
            with transaction.atomic():
                customer.save()
        except IntegrityError:  # another record took the number or reference meanwhile
            _refuse_duplicate_nino(customer.nino, besides=customer.pk)
            raise Conflict(
                f"A customer with reference {customer.reference} already exists.", field="reference", code="duplicate"
            )
        if data.get("representatives") is not None:
            reps = _clean_representatives(data["representatives"])
            existing = {r.name: r for r in customer.representatives.all()}
            for rep in reps:
                if rep["name"] in existing:
                    Representative.objects.filter(pk=existing[rep["name"]].pk).update(**rep)
                else:
                    Representative.objects.create(customer=customer, **rep)
            changed.append("representatives")
        if changed:
            record_event(
                actor=actor,
                action="update",
                obj=customer,
                customer_id=customer.pk,
                changes={"fields": changed},
                source=source,
            )
    return customer


def marker_record(*, actor, customer: Customer, data: dict, today: date, source: str = "") -> Marker:
    """A potentially violent person marker recorded on its own, not only through immediate action: the incident,
    any police reference and its review date (000 §7.1-7.2, 001 §6.3.1; the profile's ``[violence]``)."""
    profile = active_profile()
    clause = profile.violence["clause"]
    if data.get("type") != MarkerType.POTENTIALLY_VIOLENT:
        raise InvalidInput(
            "Only a potentially violent person marker is recorded on its own; the others follow a case.", field="type"
        )
    incident = str(data.get("incident") or "").strip()
    if not incident:
        raise InvalidInput(
            f"Record the incident the marker is for: what was said and done ({clause}).", field="incident"
        )
    on = data.get("on") or today
    _check_not_future(on, today, "on")
    review_due_on = data.get("review_due_on") or deadlines.marker_review_due_on(profile, on)
    if review_due_on <= on:
        raise InvalidInput("The marker's review date must be after the day it was set.", field="review_due_on")
    police = str(data.get("police_reference") or "").strip()[:60]
    with transaction.atomic():
        Customer.objects.select_for_update().filter(pk=customer.pk).first()
        if customer.markers.filter(type=MarkerType.POTENTIALLY_VIOLENT, ended_on__isnull=True).exists():
            raise Conflict(
                "This customer already has a potentially violent person marker; review it rather than add another "
                f"({clause}).",
                field="type",
                code="duplicate",
            )
        marker = Marker.objects.create(
            customer=customer,
            type=MarkerType.POTENTIALLY_VIOLENT,
            since=on,
            review_due_on=review_due_on,
            set_by=actor,
            incident=incident[:5000],
            police_reference=police,
            note=f"Police reference {police}" if police else "",
        )
        record_event(
            actor=actor,
            action="create",
            obj=marker,
            customer_id=customer.pk,
            changes={"type": marker.type, "review_due_on": str(review_due_on), "police_reference": bool(police)},
            source=source,
        )
    return marker


def representative_add(*, actor, customer: Customer, data: dict, source: str = "") -> Representative:
    (rep,) = _clean_representatives([data])
    with transaction.atomic():
        representative = Representative.objects.create(customer=customer, **rep)
        record_event(
            actor=actor,
            action="create",
            obj=representative,
            customer_id=customer.pk,
            changes={"relationship": rep["relationship"], "may_act": rep["may_act"]},
            source=source,
        )
    return representative


def _final_response_by(value):
    if value in (None, ""):
        return None
    user = object_or_none(User, value)
    user = user or User.objects.filter(username=value).first()
    if user is None:
        raise InvalidInput("There is no member of staff with that id.", field="final_response_by")
    return user


def _check_not_future(value: date | None, today: date, field: str) -> None:
    clock.check_not_before_floor(value, field=field)
    if value and value > today:
        raise InvalidInput("The date cannot be in the future.", field=field)


def _response_sent_on(value: date | None, received_on: date, today: date) -> date | None:
    """The date the response was sent: not in the future and not before the complaint was received."""
    if value is None:
        return None
    _check_not_future(value, today, "response_sent_on")
    if value < received_on:
        raise InvalidInput("The response cannot be sent before the complaint was received.", field="response_sent_on")
    return value


def complaint_create(*, actor, data: dict, today: date, source: str = "") -> Complaint:
    customer = data.get("customer")
    if not isinstance(customer, Customer):
        raise InvalidInput("Choose the customer the complaint is from.", field="customer")
    reference = (data.get("reference") or "").strip()
    if not reference:
        raise InvalidInput("Enter the complaint reference.", field="reference")
    if not (data.get("summary") or "").strip():
        raise InvalidInput("Enter a summary of the complaint.", field="summary")
    stage = data.get("stage") or Stage.STAGE1
    if stage not in Stage.values:
        raise InvalidInput(f"Stage must be one of {', '.join(Stage.values)}.", field="stage")
    _check_not_future(data.get("final_response_on"), today, "final_response_on")
    _check_not_future(data.get("received_on"), today, "received_on")
    received_on = data.get("received_on") or today
    sent_on = _response_sent_on(data.get("response_sent_on"), received_on, today)
    if Complaint.objects.filter(reference=reference).exists():
        raise Conflict(f"A complaint with reference {reference} already exists.", field="reference", code="duplicate")
    with transaction.atomic():
        complaint = Complaint.objects.create(
            customer=customer,
            reference=reference,
            summary=data["summary"].strip(),
            stage=stage,
            business_unit=_business_unit(data.get("business_unit")) or customer.business_unit,
            received_on=received_on,
            response_due_on=deadlines.complaint_response_due_on(active_profile(), received_on, stage),
            response_sent_on=sent_on,
            final_response_on=data.get("final_response_on"),
            final_response_by=_final_response_by(data.get("final_response_by")),
            escalation_route=data.get("escalation_route") or "",
        )
        record_event(
            actor=actor,
            action="create",
            obj=complaint,
            customer_id=customer.pk,
            changes={"stage": stage},
            source=source,
        )
    return complaint


def complaint_update(*, actor, complaint: Complaint, data: dict, today: date, source: str = "") -> Complaint:
    """Change a complaint; recording ``final_response_on`` records the full and final response (003 §17)."""
    changed = {}
    if "stage" in data and data["stage"] is not None and data["stage"] not in Stage.values:
        raise InvalidInput(f"Stage must be one of {', '.join(Stage.values)}.", field="stage")
    _check_not_future(data.get("final_response_on"), today, "final_response_on")
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        for key in ("summary", "stage", "final_response_on", "escalation_route"):
            if data.get(key) is not None and getattr(complaint, key) != data[key]:
                setattr(complaint, key, data[key])
                changed[key] = str(data[key]) if key != "summary" else "changed"
        if "stage" in changed and complaint.stage != Stage.FINAL:
            # an escalation starts the next stage's service standard from the day it was received
            escalated_on = data.get("stage_received_on") or today
            _check_not_future(escalated_on, today, "stage_received_on")
            complaint.response_due_on = deadlines.complaint_response_due_on(
                active_profile(), escalated_on, complaint.stage
            )
            complaint.response_sent_on = None
            changed["response_due_on"] = str(complaint.response_due_on)
        if data.get("response_sent_on") is not None:
            complaint.response_sent_on = _response_sent_on(
                data["response_sent_on"], complaint.received_on or data["response_sent_on"], today
            )
            changed["response_sent_on"] = str(complaint.response_sent_on)
        if data.get("final_response_by") is not None:
            complaint.final_response_by = _final_response_by(data["final_response_by"])
            changed["final_response_by"] = complaint.final_response_by_id
        if complaint.final_response_on and complaint.stage != Stage.FINAL and "stage" not in changed:
            complaint.stage = Stage.FINAL
            changed["stage"] = Stage.FINAL
        complaint.save()
        if changed:
            record_event(
                actor=actor,
                action="update",
                obj=complaint,
                customer_id=complaint.customer_id,
                changes=changed,
                source=source,
            )
    return complaint


#: behaviour that is aggressive or abusive (001 §3.2, §6.3.5), recorded only with a factual account where required
INCIDENT_BEHAVIOUR = frozenset(
    {Behaviour.ABUSIVE, Behaviour.AGGRESSIVE, Behaviour.THREATENING, Behaviour.HARASSMENT, Behaviour.DISCRIMINATORY}
)


def _scope(scope: str) -> str:
    """A scope category of the profile's ``[contact_scope]``, or blank (002 §2); 422 naming ``scope`` otherwise."""
    if scope:
        categories = active_profile().scope_categories()
        if not categories:
            raise InvalidInput("This policy does not classify contacts by scope: leave scope out.", field="scope")
        if scope not in categories:
            raise InvalidInput(f"Scope must be one of {', '.join(categories)}.", field="scope")
    return scope


def contact_classify(*, actor, contact: Contact, scope: str, source: str = "") -> Contact:
    """Classify a stored contact's scope (002 §2), or clear it with blank; what counts contacts is recomputed. A
    contact recorded as a breach stays in scope: the breach stands on its case (409)."""
    profile = active_profile()
    scope = _scope((scope or "").strip())
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if contact.breach and profile.scope_excluded(scope):
            raise Conflict(
                f"Contact {contact.pk} is recorded as a breach of the arrangement: it cannot be classified outside "
                f"the policy afterwards ({profile.contact_scope['clause']}).",
                field="scope",
                code="breach_recorded",
            )
        if scope == contact.scope:
            return contact
        old, contact.scope = contact.scope, scope
        contact.save(update_fields=["scope"])
        record_event(
            actor=actor,
            action="update",
            obj=contact,
            customer_id=contact.customer_id,
            changes={"scope": [old, scope]},
            source=source,
        )
        for changed in CONTACT_SCOPE_CHANGED:
            changed([contact.customer_id])
    return contact


def validate_contact(data: dict, *, now: datetime) -> dict:
    """Check a would-be contact (from the API, a form or an import row) and return clean field values.

    Raises :class:`InvalidInput` naming the first bad field. The one set of contact rules: the API, the web form,
    the gate's dry run and every row of a CSV import (``importer``) go through it.
    """
    customer = data.get("customer")
    if not isinstance(customer, Customer):
        raise InvalidInput("Choose the customer the contact is with.", field="customer")
    occurred_at = data.get("occurred_at") or now
    if not isinstance(occurred_at, datetime):
        raise InvalidInput("Enter the date and time of the contact.", field="occurred_at")
    if occurred_at > now:
        raise InvalidInput("The contact cannot be in the future.", field="occurred_at")
    clock.check_not_before_floor(occurred_at, field="occurred_at")
    channel = data.get("channel")
    if channel not in _CHANNELS:
        raise InvalidInput(f"Channel must be one of {', '.join(Channel.values)}.", field="channel")
    direction = data.get("direction") or Direction.INBOUND
    if direction not in _DIRECTIONS:
        raise InvalidInput(f"Direction must be one of {', '.join(Direction.values)}.", field="direction")
    minutes = data.get("staff_minutes") or 0
    if not isinstance(minutes, int) or minutes < 0 or minutes > 24 * 60:
        raise InvalidInput("Staff minutes must be a whole number from 0 to 1440.", field="staff_minutes")
    complaint = data.get("complaint")
    if complaint is not None and complaint.customer_id != customer.pk:
        raise InvalidInput("That complaint belongs to another customer.", field="complaint")
    rep = data.get("from_representative")
    if rep is not None and rep.customer_id != customer.pk:
        raise InvalidInput("That representative acts for another customer.", field="from_representative")
    behaviour = list(dict.fromkeys(data.get("behaviour") or []))
    for item in behaviour:
        if item not in _BEHAVIOURS:
            raise InvalidInput(f"Behaviour must be from {', '.join(Behaviour.values)}.", field="behaviour")
    if INCIDENT_BEHAVIOUR.intersection(behaviour) and not str(data.get("body") or "").strip():
        profile = active_profile()
        if profile.violence.get("incident_account_required"):
            raise InvalidInput(
                "Record a factual account of the words used and the actions, as far as possible with the outcome, "
                f"in the body: aggressive or abusive contact is saved only with one ({profile.violence['clause']}).",
                field="body",
            )
    scope = _scope(data.get("scope") or "")
    request_type = data.get("request_type") or ""
    if request_type and request_type not in ("foi", "sar"):
        raise InvalidInput("Request type must be foi or sar.", field="request_type")
    recipients = [str(r).strip() for r in (data.get("recipients") or []) if str(r).strip()]
    external_id = (data.get("external_id") or "").strip() or None
    if external_id and len(external_id) > EXTERNAL_ID_MAX:
        raise InvalidInput(f"The external id must be at most {EXTERNAL_ID_MAX} characters.", field="external_id")
    return {
        "customer": customer,
        "occurred_at": occurred_at,
        "channel": channel,
        "direction": direction,
        "staff_minutes": minutes,
        "complaint": complaint,
        "recipients": recipients,
        "subject": (data.get("subject") or "").strip()[:300],
        "body": data.get("body") or "",
        "urgent": bool(data.get("urgent")),
        "health_and_safety": bool(data.get("health_and_safety")),
        "from_representative": rep,
        "request_type": request_type,
        "behaviour": behaviour,
        "scope": scope,
        "external_id": external_id,
        "staff": data.get("staff"),
    }


def contact_record(*, actor, data: dict, now: datetime, source: str = "") -> tuple[Contact, bool]:
    """Record one contact with the gate's guidance; a known ``external_id`` returns the stored one.

    Returns ``(contact, created)``. A breach the guidance finds is recorded on the case (000 §8.4, 003 §35).
    """
    fields = validate_contact(data, now=now)
    if fields["external_id"]:
        existing = Contact.objects.filter(external_id=fields["external_id"]).first()
        if existing is not None:
            return existing, False
    fields["staff"] = fields["staff"] or (actor if getattr(actor, "pk", None) else None)
    try:
        with transaction.atomic():
            # new_issue and appointment are staff's answers to the gate, not stored fields of the contact
            (guide,) = CONTACT_GUIDANCE
            guidance = guide(
                dict(fields, new_issue=bool(data.get("new_issue")), appointment=bool(data.get("appointment"))), now=now
            )
            contact = Contact.objects.create(**fields, guidance=guidance.as_dict(), breach=guidance.breach)
            record_event(
                actor=actor,
                action="create",
                obj=contact,
                customer_id=contact.customer_id,
                changes={"channel": contact.channel, "handling": guidance.handling, "breach": guidance.breach},
                source=source,
            )
            for logged in CONTACT_LOGGED:
                logged(contact, guidance, actor=actor, now=now)
    except IntegrityError:
        # the same external_id logged at the same moment by another request: that one stands
        existing = Contact.objects.filter(external_id=fields["external_id"]).first() if fields["external_id"] else None
        if existing is None:
            raise
        return existing, False
    return contact, True
