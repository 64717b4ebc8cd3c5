"""Security headers not covered by Django's own middleware, and the input boundary: size, parsing and control
characters."""

import json
import re
from html import escape

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError

from .limits import CONTROL, field_limit, problem_in

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)  # the API docs page too: its scripts are static files
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.setdefault("Cache-Control", "no-store")
        return response


#: a JSON escape that decodes to one of those characters
_JSON_CONTROL = re.compile(rb"\\u(00[01][0-9a-fA-F]|[dD][89a-fA-F][0-9a-fA-F]{2})")
_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def refusal(request, status: int, code: str, message: str, field: str | None = None) -> HttpResponse:
    """The API's error body on ``/api/``; a short plain page elsewhere."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"error": {"code": code, "message": message, "field": field}}, status=status)
    return HttpResponse(escape(message), status=status, content_type="text/plain; charset=utf-8")


class InputBoundaryMiddleware:
    """Hostile input stops here, before any view, form or database sees it (issue 14 §3, §4, §6).

    1. A body larger than ``FAIRCONTACT_MAX_REQUEST_BYTES`` (``FAIRCONTACT_MAX_UPLOAD_BYTES`` on the paths in
       ``FAIRCONTACT_UPLOAD_PATHS``) is refused with 413 from its ``Content-Length``, before a byte is read.
    2. A form or multipart body that cannot be parsed (no boundary, too many fields) is a 400, not a 500.
    3. A control character (``CONTROL``) in the URL path, a query parameter, a header, a form field, an uploaded
       file's name or any string of a JSON body is a 400 naming where it was. CSV rows are checked by the importer.
    4. A field longer than its limit (``core.limits.field_limit``) in a JSON body or an API form is a 422 naming it;
       on the staff pages every form is a ``pages.forms.LimitedForm``, which shows the same limit as an error on the
       field so the person can shorten it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.refused(request) or self.get_response(request)

    def refused(self, request) -> HttpResponse | None:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return refusal(request, 400, "invalid", "The Content-Length header is not a number.")
        upload = request.path_info.startswith(tuple(settings.FAIRCONTACT_UPLOAD_PATHS))
        limit = settings.FAIRCONTACT_MAX_UPLOAD_BYTES if upload else settings.FAIRCONTACT_MAX_REQUEST_BYTES
        if length > limit:
            return refusal(
                request, 413, "too_large", f"The request is larger than the {limit // 1024:,} KB this address accepts."
            )
        if CONTROL.search(request.path_info):
            return self.control(request, "path")
        for name, value in request.META.items():
            if name.startswith("HTTP_") and isinstance(value, str) and CONTROL.search(value):
                return self.control(request, name[5:].replace("_", "-").lower())
        for name, value in request.GET.lists():
            if CONTROL.search(name) or any(CONTROL.search(v) for v in value):
                return self.control(request, name)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        if request.content_type in _FORMS:
            try:
                fields, files = request.POST, request.FILES
            except RequestDataTooBig:
                return refusal(request, 413, "too_large", "The form's fields are larger than this address accepts.")
            except (MultiPartParserError, SuspiciousOperation) as error:
                return refusal(request, 400, "invalid", f"The form data cannot be read: {error}")
            for name, values in fields.lists():
                if CONTROL.search(name) or any(CONTROL.search(v) for v in values):
                    return self.control(request, name)
                if any(len(v) > field_limit(name) for v in values) and request.path_info.startswith("/api/"):
                    return self.too_long(request, name)  # a staff page's form says so on the form (LimitedForm)
            for name, uploads in files.lists():
                if CONTROL.search(name) or any(CONTROL.search(f.name or "") for f in uploads):
                    return self.control(request, name)
        elif request.content_type == "application/json" and (
            len(request.body) > settings.FAIRCONTACT_MAX_FIELD_CHARS or _JSON_CONTROL.search(request.body)
        ):
            try:
                document = json.loads(request.body)
            except ValueError:
                return None  # not JSON: the API says so itself
            found = problem_in(document)
            if found is not None:
                where, problem = found
                return self.control(request, where or None) if problem == "control" else self.too_long(request, where)
        return None

    @staticmethod
    def too_long(request, field: str) -> HttpResponse:
        limit = field_limit(field)
        return refusal(
            request, 422, "too_long", f"{field}: at most {limit:,} characters (this field's limit).", field or None
        )

    @staticmethod
    def control(request, field: str | None) -> HttpResponse:
        return refusal(
            request,
            400,
            "invalid_character",
            f"{field}: text may not contain control characters (such as NUL) other than tab and new line."
            if field
            else "Text may not contain control characters (such as NUL) other than tab and new line.",
            field,
        )
