"""Build the demonstration organisation of the active profile in one transaction.

:func:`demo_load` makes staff for every role the profile uses (with the organisation's own role names), a
few thousand customers with UK names, addresses, National Insurance numbers, support needs, equality
monitoring answers and representatives, complaints at every stage (some with a full and final response),
and tens of thousands of contacts over the last 18 months. A handful of customers show the patterns the
policies describe: bursts of contact, contact after a full and final response (003 §17), writing to many
people at once and changing the subject (002 §3), and abusive contact (001 §6.3.3).

It is deterministic (a seeded generator and the clock passed in) and loads once: a database that already
holds the demo is left as it is. Rows go in with ``bulk_create``; one audit event records each bulk load.
"""

from __future__ import annotations

import random
import time as timer
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from faircontact.core.audit import record_event
from faircontact.core.errors import Conflict, InvalidInput
from faircontact.core.models import AuditEvent, BusinessUnit, User
from faircontact.core.organisation import ensure_organisation
from faircontact.core.profiles import GENERIC_ROLES, Profile, active_profile
from faircontact.core.users import user_create
from faircontact.gate.rules import CustomerState, WouldBeContact, guidance
from faircontact.indicators.services import recompute
from faircontact.records.models import Complaint, Contact, Customer, Representative, Stage
from faircontact.records.names import normalise_name

from . import data
from .cases import demo_cases

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-password-2026"
DEMO_ROLES = ("officer", "manager")
CONTACTS_PER_CUSTOMER = 40_000 / 3_000
HISTORY_DAYS = 548  # 18 months
MAX_CONTACTS_PER_CUSTOMER = 45
#: Staff per generic role; roles not listed get one member of staff.
STAFF_PER_ROLE = {"officer": 6, "manager": 3, "decision_maker": 2}
CHANNELS = (
    ("phone", 40),
    ("email", 28),
    ("portal", 10),
    ("letter", 9),
    ("visit", 6),
    ("social_media", 4),
    ("other", 3),
)
MINUTES = {
    "phone": (4, 25),
    "email": (5, 20),
    "portal": (3, 15),
    "letter": (15, 45),
    "visit": (10, 40),
    "social_media": (2, 10),
    "other": (5, 15),
}
PATTERNS = {
    "burst": "a burst of contacts in the last week",
    "after_final": "keeps contacting after a full and final response",
    "scattergun": "writes to many different people",
    "abusive": "contacts recorded as abusive",
    "subject_changes": "keeps changing the subject of one complaint",
}
SCATTERGUN_RECIPIENTS = (
    "Chief Executive",
    "Director",
    "Head of Service",
    "Complaints team",
    "Local MP",
    "Ward councillor",
    "Leader of the council",
    "Customer Services",
    "Legal team",
    "Press office",
)


@dataclass
class DemoResult:
    """What :func:`demo_load` did; ``loaded`` is False when the demo was already there."""

    loaded: bool
    profile: str
    counts: dict[str, int] = field(default_factory=dict)
    staff: list[tuple[str, str]] = field(default_factory=list)
    highlights: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def demo_loaded() -> AuditEvent | None:
    """The audit event of an earlier demo load, if there is one."""
    return AuditEvent.objects.filter(action="demo_load", object_type="contact").order_by("id").first()


def demo_load(*, now: datetime, customers: int = 3000, contacts: int | None = None, seed: int = 2026) -> DemoResult:
    """Load the demo for the active profile, or report the one already loaded. ``now`` is the clock's now."""
    started = timer.perf_counter()
    profile = active_profile()
    earlier = demo_loaded()
    if earlier is not None:
        loaded_profile = earlier.changes.get("profile")
        if loaded_profile != profile.slug:
            raise Conflict(
                f"this database holds the demo of profile {loaded_profile!r}; "
                f"use another DATABASE_URL for {profile.slug!r}"
            )
        return DemoResult(
            loaded=False,
            profile=profile.slug,
            counts=earlier.changes.get("counts", {}),
            staff=_staff_list(profile),
            highlights=earlier.changes.get("highlights", {}),
        )
    if customers < 10:
        raise InvalidInput("the demo needs at least 10 customers", field="customers")
    if Customer.objects.exists():
        raise Conflict("the database already holds customers: the demo loads only into an empty database")
    if contacts is None:
        contacts = round(customers * CONTACTS_PER_CUSTOMER)
    with transaction.atomic():
        ensure_organisation()
        builder = _Builder(profile, now, random.Random(seed))
        builder.staff()
        builder.customers(customers)
        builder.complaints()
        builder.contacts(contacts)
        builder.cases()
        builder.save(seed)
    return DemoResult(
        loaded=True,
        profile=profile.slug,
        counts=builder.counts,
        staff=_staff_list(profile),
        highlights=builder.highlights,
        seconds=timer.perf_counter() - started,
    )


def roles_used(profile: Profile) -> list[str]:
    """The generic roles the profile names anywhere, and the auditor and administrator every deployment has,
    in :data:`GENERIC_ROLES` order."""
    used = {"auditor", "admin"} | set(profile.roles.values()) | set(profile.role_labels)
    used |= set(profile.appeal["decided_by"])
    for step in profile.steps.values():
        used.update(step.roles)
    return [r for r in GENERIC_ROLES if r in used]


def own_role_name(profile: Profile, generic: str) -> str:
    """The organisation's own name for a generic role (``dsm`` for ``decision_maker`` at DWP)."""
    return next((own for own, g in profile.roles.items() if g == generic), generic)


def _staff_list(profile: Profile) -> list[tuple[str, str]]:
    users = User.objects.filter(username__in=_usernames(profile)).order_by("id")
    return [(u.username, ", ".join(profile.role_label(r) for r in u.roles)) for u in users]


def _usernames(profile: Profile) -> list[str]:
    names = [DEMO_USERNAME]
    for generic in roles_used(profile):
        own = own_role_name(profile, generic)
        names += [f"{own}{i}" for i in range(1, STAFF_PER_ROLE.get(generic, 1) + 1)]
    return names


def _weighted(pairs) -> tuple[list, list]:
    return [p[0] for p in pairs], [p[1] for p in pairs]


class _Builder:
    """Generates and writes the rows; the random draws happen in a fixed order for a given seed."""

    def __init__(self, profile: Profile, now: datetime, rng: random.Random):
        self.profile, self.now, self.rng = profile, now, rng
        self.ninos_used: set[str] | None = None
        self.today: date = now.date()
        self.tz = now.tzinfo
        self.kind = data.KINDS.get(profile.slug, "council")
        self.topics = data.TOPICS[self.kind]
        self.places = data.PLACES.get(profile.slug, data.NATIONWIDE)
        self.prefix = (
            "".join(w[0] for w in profile.slug.split("-")).upper() if "-" in profile.slug else profile.slug[:3].upper()
        )
        self.units = list(BusinessUnit.objects.order_by("id"))
        self.counts: dict[str, int] = {}
        self.highlights: dict[str, str] = {}
        self.rows: list[Customer] = []
        self.reps: dict[int, list[Representative]] = {}
        self.complaints_of: dict[int, list[Complaint]] = {}
        self.contact_rows: list[Contact] = []
        self.officers: list[User] = []
        self.managers: list[User] = []
        self.deciders: list[User] = []
        self.pattern_of: dict[int, str] = {}
        self.pattern_complaint: dict[int, Complaint] = {}
        self.channels, self.channel_weights = _weighted(CHANNELS)
        self.ethnicities, self.ethnicity_weights = _weighted(data.ETHNICITIES)
        self.disabilities, self.disability_weights = _weighted(data.DISABILITIES)
        # what the gate says to a contact from a customer with no protocol: handle normally
        self.guidance = {
            flagged: guidance(
                WouldBeContact(channel="phone", occurred_at=now, behaviour=("abusive",) if flagged else ()),
                CustomerState(),
                profile,
                now,
            ).as_dict()
            for flagged in (False, True)
        }

    # --- staff ---------------------------------------------------------------------------------------------
    def staff(self) -> None:
        """Staff for every role the profile uses, named with its own role names, and the demo sign-in."""
        rng = self.rng
        created = [
            user_create(
                actor=None,
                username=DEMO_USERNAME,
                roles=list(DEMO_ROLES),
                business_unit=self.units[0].name,
                full_name="Demo User",
            )
        ]
        self.officers.append(created[0])
        self.managers.append(created[0])
        for generic in roles_used(self.profile):
            own = own_role_name(self.profile, generic)
            for i in range(1, STAFF_PER_ROLE.get(generic, 1) + 1):
                user = user_create(
                    actor=None,
                    username=f"{own}{i}",
                    roles=[own],
                    business_unit=self.units[(i - 1) % len(self.units)].name,
                    full_name=f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.SURNAMES)}",
                )
                created.append(user)
                {"officer": self.officers, "manager": self.managers}.get(generic, self.deciders).append(user)
        User.objects.filter(pk__in=[u.pk for u in created]).update(password=make_password(DEMO_PASSWORD))
        self.deciders = self.deciders or self.managers
        self.counts["staff"] = len(created)

    # --- customers -----------------------------------------------------------------------------------------
    def _nino(self) -> str:
        """A National Insurance number no customer has yet: the database holds one record per NINO (003 §20-21)."""
        rng = self.rng
        if self.ninos_used is None:
            self.ninos_used = set(Customer.objects.exclude(nino="").values_list("nino", flat=True))
        while True:
            prefix = rng.choice("ABCEGHJKLMNOPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
            nino = f"{prefix}{rng.randrange(10**6):06d}{rng.choice('ABCD')}"
            if prefix not in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ") and nino not in self.ninos_used:
                self.ninos_used.add(nino)
                return nino

    def _address(self) -> str:
        rng = self.rng
        locality, town, districts = rng.choice(self.places)
        letters = data.POSTCODE_LETTERS
        postcode = f"{rng.choice(districts)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"
        flat = f"Flat {rng.randint(1, 40)}, " if rng.random() < 0.3 else ""
        street = f"{rng.randint(1, 180)} {rng.choice(data.STREETS)} {rng.choice(data.STREET_KINDS)}"
        places = locality if locality == town else f"{locality}\n{town}"  # no "Bilston\nBilston"
        return f"{flat}{street}\n{places}\n{postcode}"

    def _identifiers(self, number: int) -> dict:
        rng = self.rng
        ids = {}
        if self.kind == "benefits" or rng.random() < 0.6:
            ids["nino"] = self._nino()
        if self.kind == "housing":
            ids["tenancy"] = f"T{number:07d}"
        elif self.kind == "council":
            ids["council_tax"] = f"CT{rng.randrange(10**7):07d}"
        return ids

    def customers(self, count: int) -> None:
        rng = self.rng
        for i in range(count):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.SURNAMES)
            name = f"{first} {last}"
            needs = rng.sample(data.SUPPORT_NEEDS, rng.choice((1, 1, 2))) if rng.random() < 0.15 else []
            fmt = "standard"
            if any("large print" in n for n in needs):
                fmt = "large_print"
            elif any("plain text" in n for n in needs) or rng.random() < 0.02:
                fmt = "plain_text"
            identifiers = self._identifiers(i + 1)
            email = ""
            if rng.random() < 0.6:
                local = "".join(c for c in f"{first}.{last}".lower() if c.isalnum() or c == ".")
                email = f"{local}{rng.randint(1, 99)}@example.{rng.choice(('com', 'org', 'net'))}"
            recorded = rng.random() < 0.85
            self.rows.append(
                Customer(
                    reference=f"{self.prefix}{100001 + i}",
                    name=name,
                    search_name=normalise_name(name),
                    address=self._address(),
                    email=email,
                    phone=rng.choice(("07700 900", "01632 960")) + f"{rng.randrange(1000):03d}",
                    identifiers=identifiers,
                    nino=identifiers.get("nino", ""),
                    business_unit=rng.choice(self.units),
                    support_needs=needs,
                    vulnerable=bool(needs) and rng.random() < 0.5 or rng.random() < 0.03,
                    preferred_format=fmt,
                    preferred_channel=rng.choice(("", "", "phone", "email", "letter", "portal")),
                    ethnicity=rng.choices(self.ethnicities, self.ethnicity_weights)[0] if recorded else "",
                    disability=rng.choices(self.disabilities, self.disability_weights)[0] if recorded else "",
                )
            )
        Customer.objects.bulk_create(self.rows, batch_size=1000)
        reps = []
        for customer in self.rows:
            if rng.random() < 0.07:
                relationship, pattern, may_act = rng.choice(data.REPRESENTATIVES)
                rep_name = pattern.format(
                    first=rng.choice(data.FIRST_NAMES),
                    last=rng.choice(data.SURNAMES),
                    surname=customer.name.split()[-1],
                )
                reps.append(
                    Representative(
                        customer=customer,
                        name=rep_name,
                        relationship=relationship,
                        may_act=may_act,
                        address=self._address(),
                    )
                )
        Representative.objects.bulk_create(reps, batch_size=1000)
        for rep in reps:
            self.reps.setdefault(rep.customer_id, []).append(rep)
        self.counts.update(customers=len(self.rows), representatives=len(reps))

    # --- complaints ----------------------------------------------------------------------------------------
    def _complaint(
        self, customer: Customer, number: int, received: date, final_on: date | None = None, stage: str | None = None
    ) -> Complaint:
        rng = self.rng
        subject, summary = rng.choice(self.topics)
        if stage is None:
            age = (self.today - received).days
            if final_on is None and age > 90 and rng.random() < 0.55:
                final_on = min(received + timedelta(days=rng.randint(20, 80)), self.today - timedelta(days=1))
            stage = Stage.FINAL if final_on else (Stage.STAGE2 if age > 40 and rng.random() < 0.35 else Stage.STAGE1)
        complaint = Complaint(
            customer=customer,
            reference=f"CMP-{self.prefix}-{number:06d}",
            summary=summary,
            stage=stage,
            business_unit=customer.business_unit,
            received_on=received,
            final_response_on=final_on,
            final_response_by=rng.choice(self.deciders) if final_on else None,
            escalation_route=self.profile.appeal["external_escalation"] if final_on else "",
        )
        complaint.subject = subject  # not stored: the subject line contacts about it use
        return complaint

    def complaints(self) -> None:
        rng = self.rng
        rows = []
        for customer in self.rows:
            if rng.random() < 0.35:
                for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
                    received = self.today - timedelta(days=rng.randint(10, HISTORY_DAYS - 10))
                    rows.append(self._complaint(customer, len(rows) + 1, received))
        self._patterns(rows)
        Complaint.objects.bulk_create(rows, batch_size=1000)
        for complaint in rows:
            self.complaints_of.setdefault(complaint.customer_id, []).append(complaint)
        self.counts["complaints"] = len(rows)
        self.counts["complaints_with_final_response"] = sum(1 for c in rows if c.final_response_on)

    def _patterns(self, complaints: list[Complaint]) -> None:
        """Pick the customers who show each pattern; give the complaint-based ones their complaint."""
        rng = self.rng
        per_pattern = 1 if len(self.rows) < 1000 else 2
        chosen = rng.sample(self.rows, per_pattern * len(PATTERNS))
        for i, customer in enumerate(chosen):
            pattern = list(PATTERNS)[i // per_pattern]
            self.pattern_of[customer.pk] = pattern
            self.highlights[customer.reference] = PATTERNS[pattern]
            if pattern == "after_final":
                received = self.today - timedelta(days=rng.randint(180, 260))
                complaint = self._complaint(
                    customer,
                    len(complaints) + 1,
                    received,
                    final_on=self.today - timedelta(days=rng.randint(90, 120)),
                    stage=Stage.FINAL,
                )
            elif pattern == "subject_changes":
                complaint = self._complaint(
                    customer, len(complaints) + 1, self.today - timedelta(days=100), stage=Stage.STAGE2
                )
            else:
                continue
            complaints.append(complaint)
            self.pattern_complaint[customer.pk] = complaint

    # --- contacts ------------------------------------------------------------------------------------------
    def _moment(self, day: date, channel: str) -> datetime:
        rng = self.rng
        if channel in ("phone", "visit"):
            if day.weekday() >= 5:
                day -= timedelta(days=day.weekday() - 4)
            moment = time(rng.randint(9, 16), rng.randrange(60), rng.randrange(60))
        else:
            moment = time(rng.randint(7, 22), rng.randrange(60), rng.randrange(60))
        return datetime.combine(day, moment, tzinfo=self.tz)

    def _contact(
        self,
        customer: Customer,
        day: date,
        *,
        inbound: bool = True,
        channel: str | None = None,
        complaint: Complaint | None = None,
        subject: str | None = None,
        body: str | None = None,
        behaviour: list[str] | None = None,
        recipients: list[str] | None = None,
        minutes: int | None = None,
    ) -> None:
        rng = self.rng
        channel = channel or rng.choices(self.channels, self.channel_weights)[0]
        topic = complaint.subject if complaint else rng.choice(data.GENERAL_SUBJECTS)
        if subject is None:
            subject = ("Re: " if complaint and rng.random() < 0.4 else "") + topic
        if body is None:
            if inbound:
                opening = rng.choice(data.INBOUND_OPENINGS).format(topic=topic.lower())
                body = f"{opening} {rng.choice(data.INBOUND_DETAILS)}"
            else:
                body = rng.choice(data.OUTBOUND_TEXTS).format(topic=topic.lower())
        reps = self.reps.get(customer.pk)
        from_rep = rng.choice(reps) if inbound and reps and rng.random() < 0.25 else None
        if recipients is None:
            recipients = []
            if inbound and channel == "email" and customer.business_unit is not None:
                recipients = [f"{customer.business_unit.name} team"]
                if rng.random() < 0.1:
                    recipients.append("Complaints team")
        request_type = ""
        if inbound and channel in ("email", "letter", "portal") and rng.random() < 0.01:
            request_type = rng.choice(("foi", "sar"))
        low, high = MINUTES[channel]
        self.contact_rows.append(
            Contact(
                customer=customer,
                occurred_at=self._moment(day, channel),
                channel=channel,
                direction="inbound" if inbound else "outbound",
                staff=rng.choice(self.officers if rng.random() < 0.8 else self.managers),
                staff_minutes=minutes if minutes is not None else rng.randint(low, high),
                complaint=complaint,
                recipients=recipients,
                subject=subject,
                body=body,
                urgent=inbound and rng.random() < 0.01,
                health_and_safety=inbound and self.kind == "housing" and rng.random() < 0.005,
                from_representative=from_rep,
                request_type=request_type,
                behaviour=behaviour or [],
                guidance=self.guidance[bool(behaviour)],
            )
        )

    def _history(self, customer: Customer, count: int) -> None:
        """Ordinary contact: some about the customer's complaints while they are open, the rest general."""
        rng = self.rng
        special = self.pattern_complaint.get(customer.pk)
        complaints = [c for c in self.complaints_of.get(customer.pk, []) if c is not special]
        for _ in range(count):
            complaint = rng.choice(complaints) if complaints and rng.random() < 0.6 else None
            if complaint is not None:
                end = complaint.final_response_on or self.today - timedelta(days=1)
                span = max((end - complaint.received_on).days, 0)
                day = complaint.received_on + timedelta(days=rng.randint(0, min(span, 70)))
            else:
                day = self.today - timedelta(days=rng.randint(1, HISTORY_DAYS))
            self._contact(customer, day, inbound=rng.random() < 0.7, complaint=complaint)

    def _pattern(self, customer: Customer, pattern: str) -> None:
        rng, today = self.rng, self.today
        complaint = self.pattern_complaint.get(customer.pk)
        if pattern == "burst":
            for _ in range(rng.randint(28, 36)):
                self._contact(
                    customer,
                    today - timedelta(days=rng.randint(1, 6)),
                    channel=rng.choice(("phone", "phone", "email", "portal")),
                    minutes=rng.randint(15, 40),
                )
        elif pattern == "after_final":
            for day in sorted(rng.sample(range(2, (today - complaint.final_response_on).days), 14)):
                self._contact(
                    customer,
                    today - timedelta(days=day),
                    channel=rng.choice(("email", "letter", "phone")),
                    complaint=complaint,
                    subject=f"Re: {complaint.subject}",
                )
        elif pattern == "scattergun":
            for i, day in enumerate(sorted(rng.sample(range(1, 60), 10), reverse=True)):
                self._contact(
                    customer,
                    today - timedelta(days=day),
                    channel="email",
                    recipients=list(SCATTERGUN_RECIPIENTS[: 3 + i % 8]),
                    body="I am copying this to everyone until somebody takes responsibility.",
                )
        elif pattern == "abusive":
            for day, (text, flags) in zip(
                sorted(rng.sample(range(1, 90), 3), reverse=True), rng.sample(data.ABUSIVE, 3), strict=True
            ):
                self._contact(
                    customer,
                    today - timedelta(days=day),
                    channel=rng.choice(("phone", "visit", "email")),
                    body=text,
                    behaviour=list(flags),
                )
        elif pattern == "subject_changes":
            subjects = [s for s, _ in self.topics]
            rng.shuffle(subjects)
            for i, subject in enumerate(subjects[:8]):
                self._contact(
                    customer, today - timedelta(days=95 - i * 10), channel="email", complaint=complaint, subject=subject
                )

    def contacts(self, target: int) -> None:
        rng = self.rng
        weights = [min(rng.paretovariate(2.2), 8.0) for _ in self.rows]
        scale = target / sum(weights)
        for customer, weight in zip(self.rows, weights, strict=True):
            self._history(customer, min(MAX_CONTACTS_PER_CUSTOMER, max(1, round(weight * scale))))
            if customer.pk in self.pattern_of:
                self._pattern(customer, self.pattern_of[customer.pk])
        Contact.objects.bulk_create(self.contact_rows, batch_size=2000)
        self.counts["contacts"] = len(self.contact_rows)

    def cases(self) -> None:
        """A few cases taken through the workflow, so the demo shows banners, the work queue and the gate."""
        first = {}
        for customer in self.rows:
            pattern = self.pattern_of.get(customer.pk)
            if pattern and pattern not in first:
                first[pattern] = customer
        shown = demo_cases(self.profile, today=self.today, customers=first)
        self.highlights.update(shown)
        self.counts["cases"] = len(shown)

    # --- finishing -----------------------------------------------------------------------------------------
    def save(self, seed: int) -> None:
        """Indicators for every customer, then one audit event per bulk load."""
        recompute()
        common = {"profile": self.profile.slug, "seed": seed}
        record_event(
            actor=None,
            action="demo_load",
            object_type="customer",
            source="demo",
            changes={**common, "created": self.counts["customers"], "representatives": self.counts["representatives"]},
        )
        record_event(
            actor=None,
            action="demo_load",
            object_type="complaint",
            source="demo",
            changes={**common, "created": self.counts["complaints"]},
        )
        record_event(
            actor=None,
            action="demo_load",
            object_type="contact",
            source="demo",
            changes={
                **common,
                "created": self.counts["contacts"],
                "counts": self.counts,
                "highlights": self.highlights,
            },
        )
