"""Errors that route handlers raise; `api_handler` turns them into HTTP responses.

`ApiError` and its subclasses are the client's fault (4xx) or a deliberate refusal: their message
is shown to the caller, so it must never contain internals. Anything else that escapes a handler
is a bug and becomes a 500 that only carries a request id (see `portfolio_shared.handler`).
"""

from __future__ import annotations

from typing import Any, Mapping


class ApiError(Exception):
    """An error whose status, code and message are safe to return to the caller."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not 400 <= status <= 599:
            raise ValueError(f"status {status} is not an error status; expected 400..599")
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = dict(headers or {})


class ValidationFailed(ApiError):
    """400: the request did not match what the route expects. `details` lists each problem."""

    status_code = 400
    error_code = "validation_failed"

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        if not problems:
            raise ValueError(f"{type(self).__name__} needs at least one problem")
        shown = "; ".join(p["message"] for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(self.status_code, self.error_code, f"{shown}{more}", details=problems)


class InvalidFields(ValidationFailed):
    """422: the body is well-formed JSON, but some of its fields are not acceptable."""

    status_code = 422
    error_code = "invalid_fields"


def invalid(field: str, message: str, **extra: Any) -> ValidationFailed:
    """Shorthand for a single-problem `ValidationFailed`."""
    return ValidationFailed([{"field": field, "message": message, **extra}])


class NotFound(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(404, "not_found", message)


class Conflict(ApiError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(409, code, message)


class PayloadTooLarge(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(413, "payload_too_large", message)


class UnsupportedMediaType(ApiError):
    def __init__(self, message: str) -> None:
        super().__init__(415, "unsupported_media_type", message)


class MethodNotAllowed(ApiError):
    """405 with the `allow` header that HTTP requires on this status."""

    def __init__(self, method: str, allowed: str) -> None:
        super().__init__(405, "method_not_allowed", f"method {method} is not allowed here; expected {allowed}",
                         headers={"allow": allowed})


class TooManyRequests(ApiError):
    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(429, "too_many_requests", message, headers={"retry-after": str(retry_after_seconds)})
        self.retry_after_seconds = retry_after_seconds


class ServiceUnavailable(ApiError):
    """503: a deliberate refusal because something the route needs is not deployed (not a bug)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(503, code, message)


class ConfigurationError(RuntimeError):
    """The function is deployed wrong (e.g. a missing environment variable).

    Deliberately not an `ApiError`: the caller gets a plain 500, the log gets the message.
    """
