"""Google-shaped API errors raised by the local Sheets/Drive server."""

from __future__ import annotations

from typing import Any

STATUS_NAMES: dict[int, str] = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    409: "ABORTED",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    501: "UNIMPLEMENTED",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}

DEFAULT_MESSAGES: dict[int, str] = {
    401: (
        "Request had invalid authentication credentials. Expected OAuth 2 access token, "
        "login cookie or other valid authentication credential. "
        "See https://developers.google.com/identity/sign-in/web/devconsole-project."
    ),
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: (
        "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per "
        "minute per user' of service 'sheets.googleapis.com' for consumer "
        "'project_number:000000000000'."
    ),
    500: "Internal error encountered.",
    501: "Operation is not implemented, or supported, or enabled.",
    503: "The service is currently unavailable.",
    504: "The request timed out. Please try again.",
}

MISSING_CREDENTIALS = (
    "Request is missing required authentication credential. Expected OAuth 2 access token, "
    "login cookie or other valid authentication credential. "
    "See https://developers.google.com/identity/sign-in/web/devconsole-project."
)

DRIVE_REASONS: dict[int, str] = {
    400: "badRequest",
    401: "authError",
    403: "forbidden",
    404: "notFound",
    429: "rateLimitExceeded",
    500: "backendError",
    501: "notImplemented",
    503: "backendError",
}


class ApiError(Exception):
    """An error answered to the client as a JSON error body."""

    def __init__(
        self,
        code: int,
        message: str | None = None,
        *,
        status: str | None = None,
        details: list[dict[str, Any]] | None = None,
        drive: bool = False,
        location: str | None = None,
    ) -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES.get(code, "Error")
        self.status = status or STATUS_NAMES.get(code, "UNKNOWN")
        self.details = details
        self.drive = drive
        self.location = location
        super().__init__(f"{code} {self.status}: {self.message}")

    def body(self) -> dict[str, Any]:
        """The JSON body Google would answer with."""
        if self.drive:
            err: dict[str, Any] = {"message": self.message, "domain": "global"}
            err["reason"] = DRIVE_REASONS.get(self.code, "error")
            if self.location:
                err["location"] = self.location
                err["locationType"] = "parameter"
            return {"error": {"code": self.code, "message": self.message, "errors": [err]}}
        error: dict[str, Any] = {"code": self.code, "message": self.message, "status": self.status}
        if self.details:
            error["details"] = self.details
        return {"error": error}


def bad_request(message: str) -> ApiError:
    """A plain 400 INVALID_ARGUMENT error."""
    return ApiError(400, message)


def request_error(index: int, kind: str, message: str) -> ApiError:
    """A 400 error for sub-request ``index`` of a spreadsheets.batchUpdate call."""
    return ApiError(400, f"Invalid requests[{index}].{kind}: {message}")


def not_found() -> ApiError:
    """The generic 404 of the Sheets API."""
    return ApiError(404)


def field_violations(message: str, fields: list[tuple[str, str]]) -> ApiError:
    """A 400 error with google.rpc.BadRequest details."""
    details = [
        {
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "fieldViolations": [{"field": f, "description": d} for f, d in fields],
        }
    ]
    return ApiError(400, message, details=details)
