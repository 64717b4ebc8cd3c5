"""The API's shared pieces: token auth, the error format, pagination and id lookups."""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from functools import wraps
from typing import Annotated

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja import Schema
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from faircontact.core.access import access_for, check_page, refusal_audited
from faircontact.core.errors import Forbidden, InvalidInput, NotFound
from faircontact.core.ids import object_or_none
from faircontact.core.limits import field_limit
from faircontact.core.models import ApiToken
from faircontact.core.permissions import MATRIX, require
from faircontact.web.auth.lockout import client_ip

_NUMBER = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*")


def _written(kind: str):
    """A date or time must be written as one: a number (``as_of=0``, ``"on": 1700000000``) is refused as not a date,
    where pydantic would read it as seconds since 1 January 1970. The error's type is pydantic's own, so the message
    is the API's usual one naming the field and the format (``api/v1/__init__.py``)."""

    def check(value):
        if (isinstance(value, int | float) and not isinstance(value, bool)) or (
            isinstance(value, str | bytes) and _NUMBER.fullmatch(value if isinstance(value, str) else value.decode())
        ):
            raise PydanticCustomError(f"{kind}_parsing", f"Input should be a valid {kind}")
        return value

    return BeforeValidator(check)


#: a calendar date in the API (YYYY-MM-DD); a number is a 422 naming the field, not 1 January 1970
Day = Annotated[date, _written("date")]
#: a date and time in the API (ISO 8601); a number is a 422 naming the field, not a time in 1970
Moment = Annotated[datetime, _written("datetime")]


#: string formats that are not free text (a date, an uploaded file): their length is not the field-length rule's
_NOT_TEXT = {"date", "date-time", "binary", "uuid"}


def publish_lengths(schema: dict) -> dict:
    """Every free-text string a request body may hold gets the ``maxLength`` the server enforces
    (``core.limits.field_limit``: the input boundary's 422 for a JSON body or an API form), unless a tighter one is
    declared. Read at the time the schema is built, so it is the deployment's setting; nothing here validates."""
    components = schema.get("components", {}).get("schemas", {})
    seen: set[str] = set()

    def visit(node, name: str) -> None:
        if not isinstance(node, dict):
            return
        ref = node.get("$ref", "")
        if ref.startswith("#/components/schemas/"):
            key = ref.rsplit("/", 1)[-1]
            if key not in seen:
                seen.add(key)
                visit(components.get(key), name)
            return
        if (
            node.get("type") == "string"
            and not ({"enum", "const"} & node.keys())
            and node.get("format") not in _NOT_TEXT
        ):
            node["maxLength"] = min(node.get("maxLength", field_limit(name)), field_limit(name))
        for key, child in (node.get("properties") or {}).items():
            visit(child, key)
        for child in node.get("anyOf", []) + node.get("allOf", []) + node.get("oneOf", []):
            visit(child, name)
        for key in ("items", "additionalProperties"):
            visit(node.get(key), "")  # a list's or a mapping's strings: the path ends in an index or a key

    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for media in ((operation.get("requestBody") or {}).get("content") or {}).values():
                visit(media.get("schema"), "")
    return schema


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the token's SHA-256 is looked up, expired or revoked tokens fail."""

    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, expires_at__gt=timezone.now())
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if ApiToken.privileged(found.user):  # also tokens made before the user's role needed two-factor sign-in
            if found.created_at + timedelta(hours=settings.FAIRCONTACT_PRIVILEGED_TOKEN_HOURS) <= now:
                return None
        if found.last_used_at is None or now - found.last_used_at > timedelta(hours=1):  # one write an hour at most
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token_id = found.pk  # the rate limit's key
        return found.user


class TokenRateThrottle(BaseThrottle):
    """Per-token rate limit (``FAIRCONTACT_API_RATE``, e.g. ``1200/m``), counted in Django's cache.

    Keyed on the token's identity (its row, set by ``TokenAuth``), so spellings of the ``Authorization`` header do
    not each get an allowance; a request without one (the schema, the docs) is keyed on the client's address. The
    count is a fixed window: one atomic ``incr`` per request on a key for the current window, so with the Redis
    cache (``FAIRCONTACT_CACHE_URL``) every worker of every server shares it (docs/deployment.md).
    """

    def __init__(self):  # the rate is read per request, so settings can change it
        self.retry_after: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        number, per = settings.FAIRCONTACT_API_RATE.split("/")
        seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[per[0]]
        token = getattr(request, "api_token_id", None)
        ident = f"token:{token}" if token else f"address:{client_ip(request)}"
        now = time.time()
        window = int(now // seconds)
        key = f"fc:rate:{ident}:{seconds}:{window}"
        cache.add(key, 0, timeout=seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(key, 1, timeout=seconds + 1)
            count = 1
        self.retry_after = (window + 1) * seconds - now
        return count <= int(number)

    def wait(self) -> float | None:
        return self.retry_after


def docs_access(view):
    """The API's schema and docs page: open unless ``FAIRCONTACT_API_DOCS_PUBLIC`` is off (as in production), when
    they need a signed-in staff session or a valid token, like every other API call (issue 14 §10)."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not settings.FAIRCONTACT_API_DOCS_PUBLIC:
            signed_in = request.user.is_authenticated and request.user.is_active
            if not (signed_in or TokenAuth()(request)):
                message = "Sign in, or send a valid token: Authorization: Bearer <token>."
                return JsonResponse(error_body("unauthenticated", message), status=401)
        return view(request, *args, **kwargs)

    return guarded


class Permission(TokenAuth):
    """Token auth plus the permission matrix: a role without ``permission`` gets 403 before any input is read."""

    def __init__(self, permission: str):
        super().__init__()
        self.permission = permission

    def authenticate(self, request: HttpRequest, token: str):
        user = super().authenticate(request, token)
        if user is not None:
            try:
                require(user, self.permission)
            except Forbidden:
                refusal_audited(user, self.permission, path=request.path, source=client_source(request))
                raise
        return user


def perm(permission: str) -> Permission:
    if permission not in MATRIX:
        raise KeyError(permission)
    return Permission(permission)


class ErrorBody(Schema):
    code: str
    message: str
    field: str | None = None


class Error(Schema):
    error: ErrorBody


#: ``openapi_extra`` for operations that also answer ``?format=csv``
CSV_ALSO = {"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}}

#: 413: any request whose body is over the input boundary's size (``core.middleware``), which a body of strings each
#: within its published ``maxLength`` can still be
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error, 413: Error, 422: Error, 429: Error}


def error_body(code: str, message: str, field: str | None = None) -> dict:
    return {"error": {"code": code, "message": message, "field": field}}


def get_or_404(model: type[Model], object_id: str, *, name: str, queryset=None):
    queryset = queryset if queryset is not None else model.objects.all()
    obj = object_or_none(queryset, object_id)
    if obj is None:
        raise NotFound(f"There is no {name} with id {object_id}.", field="id")
    return obj


def resolve(model: type[Model], object_id, *, field: str, name: str):
    """Turn an id given in a payload into an object, or a 422 naming ``field``."""
    if object_id in (None, ""):
        return None
    obj = object_or_none(model, object_id)
    if obj is None:
        raise InvalidInput(f"There is no {name} with id {object_id}.", field=field)
    return obj


def paginate(request: HttpRequest, items, serialise, *, page: int, page_size: int) -> dict:
    """``{"items", "count", "next"}`` for a queryset or list, pages counted from 1."""
    check_page(page, page_size)
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    start = (page - 1) * page_size
    chunk = items[start : start + page_size]
    return {"items": [serialise(i) for i in chunk], "count": count, "next": _next_url(request, page, page_size, count)}


def paged(request: HttpRequest, result: tuple[list, int], serialise, *, page: int, page_size: int) -> dict:
    """``{"items", "count", "next"}`` for a page a read service returned as ``(items, count)``."""
    items, count = result
    return {"items": [serialise(i) for i in items], "count": count, "next": _next_url(request, page, page_size, count)}


def _next_url(request: HttpRequest, page: int, page_size: int, count: int) -> str | None:
    """The address of the page after ``page``, keeping the request's other parameters; ``None`` on the last."""
    if page * page_size >= count:
        return None
    query = request.GET.copy()
    query["page"] = str(page + 1)
    query["page_size"] = str(page_size)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def access(request: HttpRequest):
    """The request's :class:`~faircontact.core.access.Access` (the token's user, reason, source)."""
    return access_for(request)


def client_source(request: HttpRequest) -> str:
    return "api " + (request.META.get("REMOTE_ADDR") or "")
