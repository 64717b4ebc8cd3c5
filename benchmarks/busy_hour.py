"""How many customers a busy officer reads in an hour, from the demo: the basis of the default of
``FAIRCONTACT_READ_ALERT_PER_HOUR`` (issue 19 item 2; ``docs/security.md``).

    .venv/bin/python benchmarks/busy_hour.py

Builds the demo organisation in a throwaway database (SQLite under benchmarks/out/, or the PostgreSQL one in
DATABASE_URL), finds the officer-hour with the most distinct customers among the demo's contacts, and replays it
through the web pages as that officer would work a caller: the home page, a search by the caller's surname, the
customer's page (giving the reason for access where it is asked) and the form to log the contact. It prints the
number of customers the audit trail records as read by that officer, which is what the unusual-reading alert counts
(search matches included: they show names and addresses).
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from scratch import setup_database  # noqa: E402


def main() -> int:
    setup_database("busy_hour")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "faircontact.config.settings.base")
    os.environ["FAIRCONTACT_READ_ALERT_PER_HOUR"] = "0"  # measure the reading, not the alert
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from faircontact.core.models import AuditEvent, User
    from faircontact.records.models import Contact, Customer

    call_command("migrate", verbosity=0)
    call_command("fc_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    hours = defaultdict(list)
    for staff, customer, at in Contact.objects.values_list("staff_id", "customer_id", "occurred_at"):
        hours[(staff, timezone.localtime(at).strftime("%Y-%m-%d %H:00"))].append(customer)
    (staff_id, when), customers = max(hours.items(), key=lambda kv: len(set(kv[1])))
    days = defaultdict(set)
    for (staff, hour), ids in hours.items():
        days[(staff, hour[:10])].update(ids)
    user = User.objects.get(pk=staff_id)
    client = Client()
    client.force_login(user)
    start = AuditEvent.objects.order_by("-id").values_list("pk", flat=True).first() or 0
    for customer_id in customers:
        surname = Customer.objects.get(pk=customer_id).name.split()[-1]
        client.get("/")
        client.get("/", {"q": surname})
        page = client.get(f"/customers/{customer_id}")
        if b"Why do you need to see this record" in page.content:
            client.post("/access-reason", {"customers": customer_id, "reason": "Caller on the phone", "next": "/"})
            client.get(f"/customers/{customer_id}")
        client.get(f"/customers/{customer_id}/contacts/new")
    read = set()
    events = AuditEvent.objects.filter(pk__gt=start, actor=user, action="view")
    for changes in events.values_list("changes", flat=True):
        read.update(changes.get("customers", []))
    print(f"demo: {Customer.objects.count()} customers, {Contact.objects.count()} contacts")
    print(f"busiest officer-hour: {when}, {len(customers)} contacts with {len(set(customers))} customers")
    print(f"busiest officer-day: {max(len(ids) for ids in days.values())} customers contacted")
    print(f"replayed: {events.count()} audited page views, {len(read)} customers recorded as read in the hour")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
