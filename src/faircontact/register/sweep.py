"""The register's scheduled checks, run by ``faircontact sweep`` (``cases.sweep.EXTRA_TASKS``); each is idempotent.

- removal proposals: no contact about any of the entry's complaints for the profile's months (003 §19, Annex D:
  14) → the decision makers who registered them are asked to confirm removal;
- content-review lists every N months per business unit for its contact points (003 Annex D: quarterly);
- review prompts every N months to each decision maker for their entries (003 Annex D: half-yearly; 002: yearly)
  and, where the profile says so, to each business unit's contact points for the unit's entries (003 Annex D);
- retention: every customer anonymised once the profile's months have passed since their last activity
  (``retention``; ``retention_preview`` is the dry run).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import IntegrityError, transaction

from faircontact.core.audit import record_event
from faircontact.core.models import User
from faircontact.core.notifications import notify_once
from faircontact.core.profiles import active_profile
from faircontact.core.users import staff_with_roles

from .models import RegisterEntry, RegisterReview, ReviewKind
from .retention import anonymise_due, plan, retention_months
from .services import refresh_last_contact


def _deciders() -> list[User]:
    """Who decides under the active profile (its ``[steps.decide]`` roles), as for a case."""
    return staff_with_roles(active_profile().steps["decide"].roles)


def _entry_deciders(entry: RegisterEntry) -> list[User]:
    """The decision makers of the entry's live registrations who are still active (003 Annex D: the referring
    DSM asks for the removal)."""
    ids = entry.registrations.filter(ended_on__isnull=True).values("case__decided_by")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def _admins() -> list[User]:
    return staff_with_roles(["register_admin"])


def removal_proposals(*, as_of: date) -> Counter:
    """Entries whose removal date has come: propose removal to their DSM (or every DSM), once per due date."""
    done: Counter = Counter()
    due = RegisterEntry.objects.filter(ended_on__isnull=True, removal_due_on__lte=as_of)
    for entry in due:
        with transaction.atomic():
            locked = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
            refresh_last_contact(locked)  # contacts bulk-imported since are counted too
            if (
                locked.ended_on
                or locked.removal_proposed_on
                or not locked.removal_due_on
                or locked.removal_due_on > as_of
            ):
                continue
            locked.removal_proposed_on = as_of
            locked.save(update_fields=["removal_proposed_on"])
            record_event(
                actor=None,
                action="register_removal_proposed",
                obj=locked,
                customer_id=locked.customer_id,
                changes={"removal_due_on": locked.removal_due_on, "last_contact_on": locked.last_contact_on},
                source="sweep",
            )
        done["register_removals_proposed"] += 1
        for user in _entry_deciders(locked) or _deciders():
            notify_once(
                user,
                key=f"register-removal:{entry.pk}:{locked.removal_due_on}",
                kind="register_removal",
                link=f"/register/{entry.pk}",
                text=f"Register entry {entry.pk} has had no contact on its complaints since "
                f"{locked.last_contact_on or locked.registered_on:%-d %B %Y}: confirm its removal"
                f"{active_profile().cite('register_removal')}.",
            )
    return done


def _period_start(as_of: date, months: int) -> date:
    """The first day of the ``months``-long period (counted from January) that contains ``as_of``."""
    index = (as_of.month - 1) // months * months
    return date(as_of.year, index + 1, 1)


def _issue(
    kind: str, start: date, entries: list[RegisterEntry], *, unit=None, reviewer=None, recipients: list[User], text: str
) -> int:
    key = f"{kind}:{start}:{unit.pk if unit else '-'}:{reviewer.pk if reviewer else '-'}"
    if RegisterReview.objects.filter(key=key).exists():
        return 0
    try:
        with transaction.atomic():
            review = RegisterReview.objects.create(
                kind=kind, period_start=start, business_unit=unit, reviewer=reviewer, key=key
            )
            review.entries.set(entries)
    except IntegrityError:
        return 0
    for user in recipients:
        notify_once(
            user,
            key=f"register-review:{review.pk}",
            kind="register_review",
            link=f"/register/reviews/{review.pk}",
            text=text,
        )
    return 1


def _contact_points(unit_id: int | None) -> list[User]:
    """A business unit's contact points (003 Annex D: BCPs): its managers."""
    return staff_with_roles(["manager"], business_unit_id=unit_id) if unit_id else []


def review_lists(*, as_of: date) -> Counter:
    """Quarterly content-review lists for each business unit, and half-yearly (or yearly) review prompts to those
    the profile's ``retention.register_review_prompt_to`` names: each decision maker for the entries they decided,
    each business unit's contact points for the unit's entries (003 Annex D)."""
    retention = active_profile().retention
    done: Counter = Counter()
    live = list(
        RegisterEntry.objects.filter(ended_on__isnull=True, registered_on__lte=as_of).select_related(
            "business_unit", "decision_maker"
        )
    )
    if not live:
        return done
    by_unit: dict[int | None, list[RegisterEntry]] = {}
    for entry in live:
        by_unit.setdefault(entry.business_unit_id, []).append(entry)
    months = retention["register_content_review_months"]
    if months:
        start = _period_start(as_of, months)
        for unit_id, mine in by_unit.items():
            unit = mine[0].business_unit
            done["register_content_reviews"] += _issue(
                ReviewKind.CONTENT,
                start,
                mine,
                unit=unit,
                recipients=_admins() + _contact_points(unit_id),
                text=f"Register content review from {start:%-d %B %Y}: {len(mine)} entries for "
                f"{unit.name if unit else 'no business unit'} to confirm as current"
                f"{active_profile().cite('register_removal')}.",
            )
    months = retention["register_review_prompt_months"]
    prompted = retention["register_review_prompt_to"]
    if months and "decision_makers" in prompted:
        start = _period_start(as_of, months)
        by_dsm: dict[int | None, list[RegisterEntry]] = {}
        for entry in live:
            by_dsm.setdefault(entry.decision_maker_id, []).append(entry)
        for mine in by_dsm.values():
            dsm = mine[0].decision_maker
            recipients = [dsm] if dsm and dsm.is_active else _admins()
            done["register_review_prompts"] += _issue(
                ReviewKind.PROMPT,
                start,
                mine,
                reviewer=dsm,
                recipients=recipients,
                text=f"Review the {len(mine)} register entries you decided: still current? (period from "
                f"{start:%-d %B %Y})",
            )
    if months and "contact_points" in prompted:
        start = _period_start(as_of, months)
        for unit_id, mine in by_unit.items():
            contact_points = _contact_points(unit_id)
            if not contact_points:  # no unit, or nobody there: the decision makers' prompts cover the entries
                continue
            unit = mine[0].business_unit
            done["register_review_prompts"] += _issue(
                ReviewKind.PROMPT,
                start,
                mine,
                unit=unit,
                recipients=contact_points,
                text=f"Review the {len(mine)} register entries of {unit.name} with the decision makers: still "
                f"current? (period from {start:%-d %B %Y}; {retention['clause']})",
            )
    return done


def retention(*, as_of: date) -> Counter:
    return Counter({"records_anonymised": anonymise_due(as_of=as_of)})


def retention_preview(*, as_of: date) -> list[str]:
    """One line per customer the sweep would anonymise (ids and dates only: the dry run's output may be mailed)."""
    months = retention_months()
    return [
        f"customer {due.customer_id}: anonymised, last activity {due.last_activity} ({due.activity}), "
        f"{months} months before"
        for due in plan(as_of=as_of)
    ]


TASKS = [removal_proposals, review_lists, retention]
