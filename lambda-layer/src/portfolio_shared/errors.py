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

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        if not problems:
            raise ValueError("ValidationFailed needs at least one problem")
        shown = "; ".join(p["message"] for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(400, "validation_failed", f"{shown}{more}", details=problems)


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


class ConfigurationError(RuntimeError):
    """The function is deployed wrong (e.g. a missing environment variable).

    Deliberately not an `ApiError`: the caller gets a plain 500, the log gets the message.
    """
