"""The scheduled sweep: reminders, reviews falling due, overdue deadlines. Idempotent and safe to run concurrently.

Run by cron as ``faircontact sweep [--as-of DATE]`` (see ``docs/deployment.md``). Every notification has a
``dedupe_key`` (unique per user), and every state change re-checks the state under a row lock, so a second run — or
two at once — changes nothing more. The cases' own checks run here; the checks other apps add (``EXTRA_TASKS``:
the register's reviews and removals, retention over every customer, expired sign-in records), which read whole
tables, are queued as tasks (:func:`sweep_part`) for the task workers, each audited on its own.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db import transaction
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from faircontact.core.audit import record_event
from faircontact.core.deadlines import review_reminder_on
from faircontact.core.models import User
from faircontact.core.notifications import notify_once
from faircontact.core.profiles import active_profile
from faircontact.core.users import staff_with_roles
from faircontact.records.models import Marker, MarkerType

from .models import Case, CaseAction, State
from .transitions import SYSTEM_TRANSITIONS

#: Further scheduled checks other apps add (``task(as_of=date) -> Counter``), e.g. register retention.
EXTRA_TASKS: list = []
#: What those checks would remove, for ``faircontact sweep --dry-run`` (``preview(as_of=date) -> list[str]``, one
#: line per record, changing nothing), e.g. the customers retention would anonymise.
PREVIEWS: list = []


def preview(*, as_of: date) -> list[str]:
    """The dry run: what the sweep as of ``as_of`` would anonymise or delete; nothing is changed or audited."""
    return [line for task in PREVIEWS for line in task(as_of=as_of)]


def _deciders(profile, case: Case) -> list[User]:
    if case.decision_maker_id:
        return [case.decision_maker]
    return staff_with_roles(profile.steps["decide"].roles, exclude=[case.referred_by_id])


def sweep(*, as_of: date) -> Counter:
    """Run every scheduled check as of ``as_of``; returns what it did, counted."""
    profile = active_profile()
    done: Counter = Counter()
    live = Case.objects.select_related("owner", "customer", "decision_maker")
    for case in live.filter(state__in=[State.RESTRICTED, State.UNDER_REVIEW], review_due_on__isnull=False):
        due = case.review_due_on
        link = f"/cases/{case.pk}"
        if review_reminder_on(profile, due) <= as_of < due:
            done["review_reminders"] += notify_once(
                case.owner,
                key=f"review-reminder:{case.pk}:{due}",
                kind="review_due",
                link=link,
                text=f"The review of case {case.pk} is due on {due:%-d %B %Y}.",
            )
        if due <= as_of:
            done["reviews_due"] += _mark_review_due(case.pk, as_of)
        if due < as_of:
            done["reviews_overdue"] += notify_once(
                case.owner,
                key=f"review-overdue:{case.pk}:{due}",
                kind="review_overdue",
                link=link,
                text=f"The review of case {case.pk} was due on {due:%-d %B %Y} and is overdue.",
            )
    for case in live.filter(state=State.REFERRED, decision_due_on__lt=as_of):
        for user in _deciders(profile, case):
            done["decisions_overdue"] += notify_once(
                user,
                key=f"decision-overdue:{case.pk}:{case.decision_due_on}",
                kind="decision_overdue",
                link=f"/cases/{case.pk}",
                text=f"The decision on case {case.pk} was due on {case.decision_due_on:%-d %B %Y} "
                f"({profile.working_calendar.name}).",
            )
    for case in live.filter(state=State.UNDER_APPEAL, appeal_due_on__lt=as_of):
        done["appeals_overdue"] += notify_once(
            case.owner,
            key=f"appeal-overdue:{case.pk}:{case.appeal_due_on}",
            kind="appeal_overdue",
            link=f"/cases/{case.pk}",
            text=f"The appeal outcome on case {case.pk} was due on {case.appeal_due_on:%-d %B %Y}"
            + (f" ({profile.working_calendar.name})." if profile.appeal["decide_within_working_days"] else "."),
        )
    markers = Marker.objects.filter(
        type=MarkerType.POTENTIALLY_VIOLENT, ended_on__isnull=True, review_due_on__lte=as_of
    ).select_related("source_case__owner")
    for marker in markers:
        if marker.source_case is not None:
            done["marker_reviews_due"] += notify_once(
                marker.source_case.owner,
                key=f"marker-review:{marker.pk}:{marker.review_due_on}",
                kind="marker_review",
                link=f"/cases/{marker.source_case_id}",
                text=f"The potentially-violent-person marker from case {marker.source_case_id} is due for review.",
            )
    _audit(done, as_of)
    waiting = _waiting_parts()
    for name in _parts():
        if (name, as_of.isoformat()) in waiting:  # queued by an earlier run and not started yet
            done["parts_already_queued"] += 1
            continue
        queued = sweep_part.enqueue(name, as_of.isoformat())
        if queued.status == TaskResultStatus.SUCCESSFUL:  # a backend that runs tasks at once (tests)
            done.update(queued.return_value)
        elif queued.status == TaskResultStatus.FAILED:
            raise RuntimeError(f"the sweep's part {name} failed: {queued.errors[-1].exception_class_path}")
        else:
            done["parts_queued"] += 1
    return done


def _parts() -> dict[str, object]:
    """The checks other apps add, by their import path (what a queued task names)."""
    return {f"{part.__module__}.{part.__qualname__}": part for part in EXTRA_TASKS}


def _waiting_parts() -> set[tuple[str, str]]:
    """``(part, as_of)`` of the sweep parts queued and not started (so that cron every 15 minutes with the workers
    stopped does not pile them up)."""
    waiting = DBTaskResult.objects.filter(task_path=sweep_part.module_path, status=TaskResultStatus.READY)
    return {tuple(args_kwargs["args"]) for args_kwargs in waiting.values_list("args_kwargs", flat=True)}


def _audit(done: Counter, as_of: date) -> None:
    if sum(done.values()):
        record_event(
            actor=None,
            action="sweep",
            object_type="sweep",
            object_id=as_of.isoformat(),
            changes=dict(done),
            source="sweep",
        )


@task()
def sweep_part(name: str, as_of: str) -> dict[str, int]:
    """One of the checks other apps add (``EXTRA_TASKS``, by import path) as of ``as_of``, on a task worker;
    returns what it did, counted, and audits it as a sweep."""
    day = date.fromisoformat(as_of)
    done = Counter(_parts()[name](as_of=day))
    _audit(done, day)
    return dict(done)


def _mark_review_due(case_id: int, as_of: date) -> int:
    """``restricted`` → ``under_review`` once the review date arrives (under a row lock: at most once)."""
    source, target = SYSTEM_TRANSITIONS["review_due"]
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.state != source:
            return 0
        case.state = target
        case.save(update_fields=["state", "updated_at"])
        CaseAction.objects.create(
            case=case,
            action="review_due",
            actor=None,
            on=as_of,
            from_state=source,
            to_state=target,
            details={"review_due_on": case.review_due_on},
        )
    return 1
