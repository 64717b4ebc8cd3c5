"""Security headers not covered by Django's own middleware, and refusing the NUL character."""

from django.http import JsonResponse

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/v1/docs"):
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.user.is_authenticated if hasattr(request, "user") else False:
            response.setdefault("Cache-Control", "no-store")
        return response


class RejectNulCharacters:
    """Refuse, with 400, a request whose query string or JSON body carries the NUL character.

    No field of the record may hold it, and PostgreSQL cannot store it (SQLite would); refusing it here keeps
    the two databases alike and the answer a clear 400 rather than a database error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        carries_nul = "%00" in query or "\x00" in query
        if not carries_nul and request.content_type == "application/json":
            carries_nul = b"\\u0000" in request.body or b"\x00" in request.body
        if carries_nul:
            return JsonResponse(
                {"error": {"code": "invalid", "message": "Text may not contain the NUL character.", "field": None}},
                status=400,
            )
        return self.get_response(request)
