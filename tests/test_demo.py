"""The demo organisation: loads for every profile, once, deterministically, with consistent rows."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from faircontact.cases.models import Case
from faircontact.cli import main
from faircontact.core import clock
from faircontact.core.errors import Conflict
from faircontact.core.models import AuditEvent, User
from faircontact.demo.generator import DEMO_PASSWORD, demo_load, own_role_name, roles_used
from faircontact.indicators.selectors import suggestions
from faircontact.records.models import Complaint, Contact, Customer, Representative

PROFILES = ["wolverhampton-homes", "housing-solutions", "southwark", "dwp"]


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("fc_demo", "--customers", "60", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "customers": list(Customer.objects.order_by("reference").values_list("reference", "name", "nino", "address")),
        "complaints": list(Complaint.objects.order_by("reference").values_list("reference", "stage", "received_on")),
        "contacts": list(
            Contact.objects.order_by("occurred_at", "customer__reference", "subject").values_list(
                "customer__reference", "occurred_at", "channel", "subject", "staff__username"
            )
        ),
    }


@pytest.mark.parametrize("slug", PROFILES)
def test_demo_loads_for_each_profile(use_profile, slug):
    profile = use_profile(slug)
    output = run_demo()
    assert "Sign in as demo with the password demo-password-2026" in output

    assert Customer.objects.count() == 60
    for generic in roles_used(profile):
        user = User.objects.get(username=f"{own_role_name(profile, generic)}1")
        assert user.roles == [generic]
        assert user.check_password(DEMO_PASSWORD)
    demo = User.objects.get(username="demo")
    assert demo.roles == ["officer", "manager"] and demo.check_password(DEMO_PASSWORD)

    contacts = Contact.objects.all()
    assert contacts.count() > 60 * 10
    assert not contacts.exclude(customer_id__in=Customer.objects.values("id")).exists()
    assert not contacts.filter(guidance__isnull=True).exists()
    assert contacts.filter(guidance__handling="handle_normally").count() == contacts.count()
    assert not Complaint.objects.exclude(customer_id__in=Customer.objects.values("id")).exists()
    assert set(contacts.values_list("channel", flat=True)) >= {"phone", "email", "letter", "visit"}
    assert Complaint.objects.filter(final_response_on__isnull=False).exists()
    assert AuditEvent.objects.filter(action="demo_load").count() == 3
    # every referral waits for someone who can decide it (issue 17: no decision left where no one may open it)
    from faircontact.cases.models import Case
    from faircontact.cases.selectors import work_for
    from faircontact.core import clock

    deciders = [u for u in User.objects.filter(is_active=True) if u.has_role(*profile.steps["decide"].roles)]
    for case in Case.objects.filter(state="referred"):
        assert any(str(case.pk) in {i["case"] for i in work_for(u, as_of=clock.today())} for u in deciders), (
            f"{slug}: case {case.pk} is referred to no one who can decide it"
        )


def test_loading_twice_changes_nothing(use_profile):
    use_profile("dwp")
    run_demo()
    before = snapshot()
    events = AuditEvent.objects.count()
    output = run_demo()
    assert "already loaded" in output and "Sign in as demo" in output
    assert snapshot() == before
    assert AuditEvent.objects.count() == events


def test_same_seed_and_clock_give_the_same_organisation(use_profile, settings):
    use_profile("southwark")
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    with transaction.atomic():
        demo_load(now=clock.now(), customers=40)
        first = snapshot()
        transaction.set_rollback(True)
    assert not Customer.objects.exists()
    demo_load(now=clock.now(), customers=40)
    assert snapshot() == first


def test_contacts_fall_in_the_last_eighteen_months_of_the_clock(use_profile, settings):
    use_profile("wolverhampton-homes")
    settings.FAIRCONTACT_TODAY = "2026-03-10"
    run_demo()
    now = clock.now()
    times = Contact.objects.order_by("occurred_at").values_list("occurred_at", flat=True)
    # 18 months (548 days), and a weekend call moved back to the Friday before
    assert timezone.localdate(times.first()) >= (now - timedelta(days=550)).date()
    assert times.last() <= now


def test_customers_carry_needs_identifiers_equality_data_and_representatives(use_profile):
    use_profile("dwp")
    demo_load(now=clock.now(), customers=400)
    customers = Customer.objects.all()
    assert all(
        len(c.nino) == 9 and c.nino[:2].isalpha() and c.nino[2:8].isdigit() and c.nino[8] in "ABCD" for c in customers
    )
    with_needs = customers.exclude(support_needs=[]).count()
    assert 0.08 * 400 < with_needs < 0.25 * 400
    assert customers.filter(vulnerable=True).exists()
    assert customers.exclude(ethnicity="").exists() and customers.exclude(disability="").exists()
    from faircontact.records.equality import DISABILITIES, ETHNICITIES

    assert set(customers.values_list("ethnicity", flat=True)) <= {"", *ETHNICITIES}  # the report's categories
    assert set(customers.values_list("disability", flat=True)) <= {"", *DISABILITIES}
    for address in customers.values_list("address", flat=True):  # never "Bilston\nBilston"
        lines = address.splitlines()
        assert all(a != b for a, b in zip(lines, lines[1:], strict=False)), address
    assert customers.exclude(preferred_format="standard").exists()
    relationships = set(Representative.objects.values_list("relationship", flat=True))
    assert len(relationships) >= 4
    assert Contact.objects.filter(from_representative__isnull=False).exists()


def test_patterns_show_up_as_suggestions(use_profile):
    use_profile("wolverhampton-homes")
    demo_load(now=clock.now(), customers=200)
    event = AuditEvent.objects.get(action="demo_load", object_type="contact")
    highlighted = set(event.changes["highlights"])
    assert len(highlighted) == 5
    with_cases = set(Case.objects.values_list("customer__reference", flat=True))
    assert len(with_cases) == 3  # the demo's cases: a protocol in force, a referral, one just opened
    suggested = {s["reference"] for s in suggestions(clock.today())}
    assert highlighted - with_cases <= suggested  # a customer who already has a case is not suggested again
    abusive = Contact.objects.exclude(behaviour=[])
    assert abusive.exists() and all(c.guidance["flags"] == ["possible_abuse"] for c in abusive)
    busiest = Contact.objects.values("customer").annotate(n=Count("id")).order_by("-n").first()
    assert busiest["n"] >= 28


def test_demo_refuses_a_database_with_other_customers_or_another_profiles_demo(use_profile, customer):
    use_profile("wolverhampton-homes")
    with pytest.raises(Conflict, match="already holds customers"):
        demo_load(now=clock.now(), customers=60)
    Contact.objects.all().delete()
    Customer.objects.all().delete()
    demo_load(now=clock.now(), customers=20)
    use_profile("dwp")
    with pytest.raises(Conflict, match="holds the demo of profile 'wolverhampton-homes'"):
        demo_load(now=clock.now(), customers=20)


def test_too_small_a_demo_is_refused_with_a_reason(use_profile, capsys):
    use_profile("southwark")
    assert main(["demo", "--customers", "5"]) == 1
    assert capsys.readouterr().err == "faircontact: the demo needs at least 10 customers\n"
    assert not Customer.objects.exists() and not User.objects.filter(username="demo").exists()
