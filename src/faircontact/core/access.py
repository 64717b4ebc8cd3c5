"""Accountable access: who may see what, why, and the record of it.

One permission mechanism, in Wagtail's style, built on the matrix (``core.permissions.MATRIX``):

- :func:`user_has_permission` — the matrix (role × permission);
- :func:`instances_user_has_permission_for` — the rows a user may see under a permission (row scope; apps
  register their scope with :func:`register_scope`, e.g. cases by business unit as for the register);
- :func:`user_has_permission_for_instance` — both, for one object;
- :func:`users_with_permission` — the active staff holding a permission (who to notify, who may decide).

A role refusal is always **403** ``role_not_permitted``; an object outside the user's row scope is **404** (its
existence is not revealed). See ``docs/decisions/0008-one-permission-mechanism.md``.

Every read of personal data goes through an :class:`Access` — one per request, made by :func:`access_for` for the
API and the web alike. The read services of each app (``records.reads``, ``cases.reads``, …) call
:meth:`Access.require` and :meth:`Access.shown`; ``shown`` asks for the reason for access where the customer needs
one (:data:`REASON_RULES`, registered by the register app) and remembers the ids returned.
:class:`AccessAuditMiddleware` writes **one** audit event per request naming them, before the response leaves —
so a 500-row list costs one event, and no handler or view writes read events itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .audit import record_event
from .errors import Forbidden, InvalidInput, NotFound
from .ids import object_or_none
from .models import AuditEvent, User
from .notifications import notify_once
from .permissions import MATRIX, allowed

#: permission -> (model, scope(user) -> Q or None for "every row")
ROW_SCOPES: dict[str, tuple[type[Model], Callable]] = {}
#: functions (customer ids) -> the ids among them whose records need a reason for access
REASON_RULES: list[Callable[[set[int]], set[int]]] = []
#: permissions whose refusals are audited too (apps add theirs in ``AppConfig.ready``: the register adds
#: ``register.view``, 002 "Monitoring use of the policy": every access to the list, refused or not, is recorded)
AUDITED_REFUSALS: list[str] = []


def refusal_audited(user, permission: str, *, path: str, source: str) -> None:
    """One ``access_refused`` event for a refused attempt at a permission of :data:`AUDITED_REFUSALS`: who, which
    permission, the address asked for (its path: ids, no personal data) and from where."""
    if permission in AUDITED_REFUSALS:
        record_event(
            actor=user,
            action="access_refused",
            object_type="permission",
            object_id=permission,
            changes={"path": path[:200]},
            source=source,
        )


MAX_PAGE_SIZE = 500
MAX_PAGE = 1_000_000
#: name of the session key holding the web reasons given this sign-in, per customer id
SESSION_REASONS = "web:access_reasons"


def check_page(page: int, page_size: int) -> None:
    """A page number from 1 to :data:`MAX_PAGE` and a size from 1 to :data:`MAX_PAGE_SIZE`, else 422 naming the field.

    The upper bound on ``page`` keeps the offset within what every database accepts (a page of 10**20 is a
    64-bit overflow in SQLite and PostgreSQL, a 500 before this check)."""
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput(f"page must be from 1 to {MAX_PAGE}.", field="page")
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(f"page_size must be from 1 to {MAX_PAGE_SIZE}.", field="page_size")


# --- permissions ------------------------------------------------------------------------------------------
def register_scope(permission: str, model: type[Model], scope: Callable) -> None:
    """Declare the row scope of ``permission`` over ``model`` (called from an app's ``AppConfig.ready``)."""
    if permission not in MATRIX:
        raise KeyError(permission)
    ROW_SCOPES[permission] = (model, scope)


def user_has_permission(user, permission: str) -> bool:
    if permission not in MATRIX:
        raise KeyError(permission)
    return bool(user is not None and getattr(user, "is_active", False) and allowed(user.roles, permission))


def instances_user_has_permission_for(user, permission: str, queryset: QuerySet | None = None) -> QuerySet:
    """The rows of ``queryset`` (default: all of the permission's model) that ``user`` may see."""
    if queryset is None:
        queryset = ROW_SCOPES[permission][0].objects.all()
    if not user_has_permission(user, permission):
        return queryset.none()
    if permission in ROW_SCOPES and queryset.model is ROW_SCOPES[permission][0]:
        condition = ROW_SCOPES[permission][1](user)
        if condition is not None:
            queryset = queryset.filter(condition)
    return queryset


def user_has_permission_for_instance(user, permission: str, instance: Model) -> bool:
    if not user_has_permission(user, permission):
        return False
    scope = ROW_SCOPES.get(permission)
    if scope is None or not isinstance(instance, scope[0]):
        return True
    return instances_user_has_permission_for(user, permission).filter(pk=instance.pk).exists()


def users_with_permission(permission: str) -> QuerySet:
    """Active staff one of whose roles has ``permission`` (staff tables are small: filtered in Python)."""
    roles = MATRIX[permission][0]
    ids = [u.pk for u in User.objects.filter(is_active=True).only("pk", "roles") if set(u.roles) & roles]
    return User.objects.filter(pk__in=ids).order_by("pk")


def require_permission(user, permission: str, instance: Model | None = None) -> None:
    """403 ``role_not_permitted`` without the permission; 404 for an instance outside the user's rows."""
    if not user_has_permission(user, permission):
        raise Forbidden(f"Your role does not allow this: {MATRIX[permission][1]}.", code="role_not_permitted")
    if instance is not None and not user_has_permission_for_instance(user, permission, instance):
        raise NotFound(f"There is no {instance._meta.verbose_name} with id {instance.pk}.", field="id")


# --- reasons for access -----------------------------------------------------------------------------------
class ReasonRequired(InvalidInput):
    """A record that needs a reason for access was asked for without one (422 ``reason_required``)."""

    code = "reason_required"

    def __init__(self, customer_ids: Iterable[int]):
        self.customer_ids = sorted(customer_ids)
        super().__init__(
            "Give a reason for looking at this record (the `reason` query parameter or the X-Access-Reason "
            "header); it is kept in the audit log.",
            field="reason",
        )


def clean_reason(value: str | None) -> str:
    """A reason of three characters or more, spaces folded, at most 500; "" when not given or too short."""
    reason = " ".join((value or "").split())
    return reason[:500] if len(reason) >= 3 else ""


def customers_needing_reason(customer_ids: Iterable[int]) -> set[int]:
    ids = {int(i) for i in customer_ids if i is not None}
    needing: set[int] = set()
    for rule in REASON_RULES:
        if ids - needing:
            needing |= rule(ids - needing)
    return needing


# --- the record of a request's reads ----------------------------------------------------------------------
class Access:
    """The reads of one request (or one command): who, from where, why, and every id shown."""

    def __init__(self, user, *, reason: str = "", source: str = "", path: str = "", session=None):
        self.user = user
        self.reason = clean_reason(reason)
        self.source = source
        self.path = path
        self.session = session  # the web session, holding reasons given earlier in this sign-in
        self.shown_ids: dict[str, list[str]] = {}
        self.customers: list[int] = []
        self._cleared: set[int] = set()
        self._reasons: dict[int, str] = {}

    # permission checks ---------------------------------------------------------------------------------
    def require(self, permission: str, instance: Model | None = None) -> None:
        require_permission(self.user, permission, instance)

    def scoped(self, permission: str, queryset: QuerySet | None = None) -> QuerySet:
        self.require(permission)
        return instances_user_has_permission_for(self.user, permission, queryset)

    def get(self, permission: str, queryset: QuerySet, object_id, *, name: str):
        """One object by id within the user's rows, or 404 naming it."""
        obj = object_or_none(self.scoped(permission, queryset), object_id)
        if obj is None:
            raise NotFound(f"There is no {name} with id {object_id}.", field="id")
        return obj

    # reasons -------------------------------------------------------------------------------------------
    def reason_for(self, customer_id: int) -> str:
        """The reason given for ``customer_id``'s records: the request's, or the one given this sign-in."""
        return self._reason_for(customer_id)

    def _reason_for(self, customer_id: int) -> str:
        if self.reason:
            return self.reason
        if self.session is not None:
            return self.session.get(SESSION_REASONS, {}).get(str(customer_id), "")
        return ""

    def check_reason(self, customer_ids: Iterable[int], *, always: bool = False) -> None:
        """Raise :class:`ReasonRequired` unless a reason was given for every customer here that needs one
        (``always``: every one of them, as for opening a register entry)."""
        ids = {int(i) for i in customer_ids if i is not None} - self._cleared
        if not ids:
            return
        missing = set()
        for customer_id in ids if always else customers_needing_reason(ids):
            reason = self._reason_for(customer_id)
            if reason:
                self._reasons[customer_id] = reason
            else:
                missing.add(customer_id)
        if missing:
            raise ReasonRequired(missing)
        self._cleared |= ids

    # what was shown ------------------------------------------------------------------------------------
    def shown(
        self,
        kind: str,
        ids: Iterable,
        *,
        customers: Iterable[int] = (),
        identify_only: bool = False,
        reason_always: bool = False,
    ) -> None:
        """Note that records of ``kind`` with ``ids``, about ``customers``, are about to be returned.

        ``identify_only``: a search's matches, enough to tell people apart (name, reference, NINO, address) —
        recorded, but no reason asked: the reason is asked when a record is opened."""
        customers = [int(c) for c in customers if c is not None]
        if not identify_only:
            self.check_reason(customers, always=reason_always)
        bucket = self.shown_ids.setdefault(kind, [])
        bucket.extend(str(i) for i in ids if str(i) not in bucket)
        self.customers.extend(c for c in dict.fromkeys(customers) if c not in self.customers)

    def shown_objects(
        self,
        kind: str,
        objects: Iterable[Model],
        *,
        customer_attr: str | None = "customer_id",
        identify_only: bool = False,
    ) -> list:
        objects = list(objects)
        customers = []
        for obj in objects if customer_attr else ():
            value = obj
            for part in customer_attr.split("."):
                value = getattr(value, part)
            customers.append(value)
        self.shown(kind, [o.pk for o in objects], customers=customers, identify_only=identify_only)
        return objects

    def page(
        self,
        kind: str,
        queryset,
        *,
        page: int,
        page_size: int,
        customer_attr: str | None = "customer_id",
        identify_only: bool = False,
    ):
        """One page of a scoped list, noted as shown: ``(items, count)``."""
        check_page(page, page_size)
        count = queryset.count() if hasattr(queryset, "count") and not isinstance(queryset, list) else len(queryset)
        start = (page - 1) * page_size
        chunk = list(queryset[start : start + page_size])
        self.shown_objects(kind, chunk, customer_attr=customer_attr, identify_only=identify_only)
        return chunk, count

    def flush(self):
        """Write the one audit event for everything shown (nothing when nothing was shown)."""
        if not self.shown_ids:
            return None
        kind = next(iter(self.shown_ids))
        ids = self.shown_ids[kind]
        reasons = list(dict.fromkeys(r for r in self._reasons.values() if r)) or ([self.reason] if self.reason else [])
        event = record_event(
            actor=self.user,
            action="view",
            object_type=kind,
            object_id=ids[0] if len(ids) == 1 else "",
            customer_id=self.customers[0] if len(self.customers) == 1 else None,
            changes={"shown": self.shown_ids, "customers": self.customers, "path": self.path[:200]},
            reason="; ".join(reasons),
            source=self.source,
        )
        self.shown_ids, self.customers = {}, []
        if event.customer_id is not None or len(event.changes["customers"]) > 0:
            watch_reading(self.user, now=event.at)
        return event


def client_source(request: HttpRequest) -> str:
    if request.path.startswith("/api/"):
        return "api " + (request.META.get("REMOTE_ADDR") or "")
    return "web"


def access_for(request: HttpRequest) -> Access:
    """The request's :class:`Access` (made once; the signed-in user or the API token's user)."""
    access = getattr(request, "_faircontact_access", None)
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    if access is None:
        reason = request.GET.get("reason") or request.headers.get("X-Access-Reason") or ""
        session = getattr(request, "session", None) if not request.path.startswith("/api/") else None
        access = Access(user, reason=reason, source=client_source(request), path=request.path, session=session)
        request._faircontact_access = access
    access.user = user  # the API authenticates inside the view
    return access


@contextmanager
def reading(user, *, reason: str = "", source: str = ""):
    """An :class:`Access` outside a request (commands, background work): its event is written on leaving."""
    access = Access(user, reason=reason, source=source)
    yield access
    access.flush()


class AccessAuditMiddleware:
    """Writes the request's one read event before the response leaves; a failed write fails the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        access = getattr(request, "_faircontact_access", None)
        if access is not None and access.shown_ids and response.status_code < 400:
            access.flush()
        return response


# --- unusual reading --------------------------------------------------------------------------------------
def watch_reading(user, *, now) -> None:
    """Tell the auditors, once an hour, when one member of staff has read more customers in the last hour than
    ``FAIRCONTACT_READ_ALERT_PER_HOUR`` allows (default 400: twice the demo's busiest officer-hour, 192 customers
    with their searches' matches, ``benchmarks/busy_hour.py``).

    Asked after every read, so it stays cheap for a busy reader (an API client logging thousands of contacts an hour
    with one token): the hour's reads are counted newest first and only until the count passes the limit, and once
    the auditors have been told this hour (remembered in the cache) not counted again. Before, every read decoded
    every read event of the hour: the gate's p50 rose from 10 to 15 ms over 2,000 calls (``docs/performance.md``)."""
    limit = settings.FAIRCONTACT_READ_ALERT_PER_HOUR
    if not limit or not getattr(user, "pk", None):
        return
    hour = timezone.localtime(now).strftime("%Y-%m-%dT%H")
    key = f"unusual-reading:{user.pk}:{hour}"
    if cache.get(key):
        return
    since = now - timedelta(hours=1)
    seen: set[int] = set()
    events = AuditEvent.objects.filter(actor=user, action="view", at__gt=since).order_by("-at")
    for changes in events.values_list("changes", flat=True).iterator(chunk_size=100):
        seen.update((changes or {}).get("customers", []))
        if len(seen) > limit:
            break
    if len(seen) <= limit:
        return
    text = (
        f"{user.display_name} (user {user.pk}) read more than {limit} customers' records in the hour to "
        f"{timezone.localtime(now):%H:%M} on {timezone.localtime(now):%d %B %Y}. Check the audit trail."
    )
    for auditor in users_with_permission("audit.view"):
        notify_once(auditor, key=key, kind="unusual_reading", text=text, link="/audit")
    transaction.on_commit(lambda: cache.set(key, True, timeout=3600))  # not remembered if the notes roll back
