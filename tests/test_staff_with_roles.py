"""One answer to "which staff hold these roles": ``core.users.staff_with_roles``, used for who decides (cases and
register sweeps, referral notices), register administrators and unit managers."""

from __future__ import annotations

from datetime import date

from faircontact.core.models import BusinessUnit, Organisation
from faircontact.core.users import staff_with_roles
from faircontact.register import sweep as register_sweep


def test_active_holders_of_any_role_in_creation_order_less_the_excluded(make_user, use_profile):
    use_profile("wolverhampton-homes")
    decider = make_user("decision_maker")
    both = make_user("manager", "decision_maker")
    make_user("officer")
    gone = make_user("decision_maker")
    gone.is_active = False
    gone.save()
    assert staff_with_roles(["decision_maker"]) == [decider, both]
    assert staff_with_roles(["decision_maker", "officer"], exclude=[decider.pk])[0] == both
    assert staff_with_roles(["decision_maker"], exclude=[None, both.pk]) == [decider]


def test_unit_and_leave_narrow_the_answer(make_user, use_profile):
    use_profile("wolverhampton-homes")
    north = BusinessUnit.objects.create(organisation=Organisation.objects.get(), name="North")
    here = make_user("manager", business_unit=north)
    make_user("manager")
    away = make_user("manager", business_unit=north)
    away.absent_from, away.absent_until = date(2026, 3, 1), date(2026, 3, 31)
    away.save()
    assert staff_with_roles(["manager"], business_unit_id=north.pk) == [here, away]
    assert staff_with_roles(["manager"], business_unit_id=north.pk, present_on=date(2026, 3, 10)) == [here]


def test_the_register_sweep_asks_the_profile_who_decides_not_a_fixed_role(make_user, use_profile):
    use_profile("southwark")  # the chief executive decides (002 §4)
    chief = make_user("chief_executive")
    make_user("decision_maker")
    assert register_sweep._deciders() == [chief]
    use_profile("dwp")
    assert [u.roles for u in register_sweep._deciders()] == [["decision_maker"]]
