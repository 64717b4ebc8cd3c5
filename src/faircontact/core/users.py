"""Creating staff users and mapping the profile's role names onto the generic roles."""

from __future__ import annotations

from django.db import transaction

from .audit import record_event
from .errors import Conflict, InvalidInput
from .models import BusinessUnit, User
from .profiles import GENERIC_ROLES, active_profile


def staff_with_roles(roles, *, exclude=(), business_unit_id: int | None = None, present_on=None) -> list[User]:
    """Active staff who hold any of the generic ``roles`` (a profile step's ``roles``, or ``profile.generic_role``),
    in the order they were created: the one answer to "who may decide", "who administers the register", ….

    ``exclude``: user ids left out (the referrer, the actor); ``business_unit_id``: only that unit's staff;
    ``present_on``: only those not on recorded leave that day.
    """
    staff = User.objects.filter(is_active=True).exclude(pk__in=[pk for pk in exclude if pk]).order_by("id")
    if business_unit_id is not None:
        staff = staff.filter(business_unit_id=business_unit_id)
    return [u for u in staff if u.has_role(*roles) and not (present_on and u.is_absent_on(present_on))]


def resolve_roles(names: list[str]) -> list[str]:
    """Generic roles for ``names``, which may be generic (``decision_maker``) or the profile's own (``dsm``)."""
    profile = active_profile()
    roles = []
    for name in names:
        generic = profile.generic_role(name)
        if generic is None:
            known = sorted(set(GENERIC_ROLES) | set(profile.roles))
            raise InvalidInput(f"unknown role {name!r}; use one of: {', '.join(known)}", field="role")
        if generic not in roles:
            roles.append(generic)
    return roles


def user_create(
    *,
    actor,
    username: str,
    roles: list[str],
    business_unit: str | None = None,
    full_name: str = "",
    password: str | None = None,
    email: str = "",
) -> User:
    username = (username or "").strip()
    if not username:
        raise InvalidInput("Enter a username.", field="username")
    generic = resolve_roles(roles)
    unit = None
    if business_unit:
        unit = BusinessUnit.objects.filter(name=business_unit).first()
        if unit is None:
            raise InvalidInput(f"there is no business unit {business_unit!r}", field="business_unit")
    if User.objects.filter(username=username).exists():
        raise Conflict(f"a user called {username!r} already exists", field="username")
    first, _, last = full_name.partition(" ")
    with transaction.atomic():
        user = User(username=username, roles=generic, business_unit=unit, first_name=first, last_name=last, email=email)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        record_event(actor=actor, action="create", obj=user, changes={"roles": generic})
    return user
