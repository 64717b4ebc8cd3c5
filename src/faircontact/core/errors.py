"""One family of domain errors; the API maps them to 4xx and the UI to form errors."""


class DomainError(Exception):
    """A request the rules refuse. ``status`` is the HTTP status the API answers with."""

    status = 422
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class InvalidInput(DomainError):
    status = 422
    code = "invalid"


class Conflict(DomainError):
    """Not allowed now (wrong state, duplicate, separation of duties)."""

    status = 409
    code = "conflict"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    status = 404
    code = "not_found"
