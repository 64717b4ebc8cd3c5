"""REST API v1 (``../shared/docs/api-contract.md``), served at ``/api/v1/`` with its OpenAPI schema."""

from __future__ import annotations

import logging

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from faircontact.core.errors import DomainError

from .base import TokenAuth, TokenRateThrottle, docs_access, error_body, publish_lengths

log = logging.getLogger("faircontact.api")


class FairContactAPI(NinjaAPI):
    """The schema also publishes what the input boundary enforces: every request body's strings' ``maxLength``."""

    def get_openapi_schema(self, **kwargs):
        return publish_lengths(super().get_openapi_schema(**kwargs))


api = FairContactAPI(
    title="Fair Contact API",
    version="1",
    description="Case management for unreasonably persistent and unacceptable customer contact policies. "
    'Errors are `{"error": {"code", "message", "field"}}`; lists are paginated with `page` and `page_size`.',
    auth=TokenAuth(),
    throttle=[TokenRateThrottle()],
    docs_decorator=docs_access,
    urls_namespace="api-v1",
)


def _field(loc) -> str | None:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form", "file")]
    return ".".join(parts) or (str(loc[-1]) if loc else None)  # a missing upload is the field ``file``


_DATE = "a date in the format YYYY-MM-DD, like 2026-03-10"
_DATETIME = (
    "a date and time in the format YYYY-MM-DDTHH:MM:SS, with an offset such as +01:00 or none for UK time, "
    "like 2026-03-10T09:30:00"
)
_DATE_FORMATS = {
    **dict.fromkeys(("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"), _DATE),
    **dict.fromkeys(
        ("datetime_parsing", "datetime_type", "datetime_from_date_parsing", "datetime_object_invalid"), _DATETIME
    ),
}


@api.exception_handler(ValidationError)
def _validation(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    field = _field(first.get("loc", ()))
    message = first.get("msg", "Invalid input.")
    kind = str(first.get("type", ""))
    if kind in _DATE_FORMATS:  # every date error states the format expected, quoting the input when ninja kept it
        given = first.get("input")
        message = f"{'this' if given is None else repr(given)} is not {_DATE_FORMATS[kind]}"
    if kind == "extra_forbidden":
        message = "is not a field of this request; nothing was changed"
    if field:
        message = f"{field}: {message}"
    return api.create_response(request, error_body("invalid", message, field), status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(
        request, error_body("unauthenticated", "Send a valid token: Authorization: Bearer <token>."), status=401
    )


@api.exception_handler(DomainError)
def _domain(request, exc: DomainError):
    return api.create_response(request, error_body(exc.code, exc.message, exc.field), status=exc.status)


@api.exception_handler(DjangoValidationError)
def _model_validation(request, exc: DjangoValidationError):
    """A model's own validation (``full_clean``) that the service did not phrase itself."""
    errors = getattr(exc, "message_dict", None) or {"": exc.messages}
    field, messages = next(iter(errors.items()))
    return api.create_response(
        request, error_body("invalid", f"{field}: {messages[0]}" if field else messages[0], field or None), status=422
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, error_body("not_found", "Not found."), status=404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return api.create_response(request, error_body("error", str(exc)), status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("unexpected error on %s %s", request.method, request.path)
    return api.create_response(
        request, error_body("server_error", "Something went wrong; nothing was changed."), status=500
    )


from . import cases, records  # noqa: E402

api.add_router("/", records.router)
api.add_router("/", cases.router)

from . import indicators  # noqa: E402

api.add_router("/", indicators.router)

from . import register  # noqa: E402

api.add_router("/", register.router)

from . import audit  # noqa: E402

api.add_router("/", audit.router)

from . import reports  # noqa: E402

api.add_router("/", reports.router)

from . import tokens  # noqa: E402

api.add_router("/", tokens.router)

from . import letters  # noqa: E402

api.add_router("/", letters.router)

from . import documents  # noqa: E402

api.add_router("/", documents.router)
