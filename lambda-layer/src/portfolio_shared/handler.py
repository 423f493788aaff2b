"""`api_handler`: the one place where exceptions become HTTP responses.

- with ``method=``, a request with another method -> 405 with ``allow`` (API Gateway only invokes
  the function for its route's method, but a function can also be invoked directly).
- `ApiError` (incl. validation problems) -> its own 4xx/5xx, message shown to the caller.
- a pydantic `ValidationError` that a handler let escape -> 400 with the same field messages.
- anything else -> 500 with a request id only; the traceback goes to the log, never to the caller.
"""

from __future__ import annotations

import functools
import logging
import sys
import uuid
from typing import Any, Callable

from .errors import ApiError, MethodNotAllowed, ValidationFailed
from .responses import error

logger = logging.getLogger("portfolio_shared")

Handler = Callable[[dict, Any], dict]


def request_id_of(event: dict | None, context: Any) -> str:
    """API Gateway's request id (it is in the access log), else Lambda's, else a fresh one."""
    try:
        rid = (event or {}).get("requestContext", {}).get("requestId")
    except AttributeError:
        rid = None
    return rid or getattr(context, "aws_request_id", None) or str(uuid.uuid4())


def request_method(event: Any) -> str | None:
    try:
        method = event["requestContext"]["http"]["method"]
    except (KeyError, TypeError):
        return None
    return method if isinstance(method, str) else None


def api_handler(fn: Handler | None = None, *, method: str | None = None) -> Any:
    """Wraps a route handler; use as ``@api_handler`` or ``@api_handler(method="GET")``."""
    if fn is None:
        return lambda inner: api_handler(inner, method=method)

    @functools.wraps(fn)
    def wrapper(event: dict, context: Any) -> dict:
        request_id = request_id_of(event if isinstance(event, dict) else None, context)
        try:
            received = request_method(event)
            if method is not None and received is not None and received.upper() != method:
                raise MethodNotAllowed(received, method)
            response = fn(event, context)
        except ApiError as exc:
            logger.info("request %s refused: %s %s: %s", request_id, exc.status, exc.code, exc.message)
            return error(exc.status, exc.code, exc.message, exc.details, request_id=request_id, headers=exc.headers)
        except Exception as exc:
            if _is_pydantic_validation_error(exc):
                from .validation import problems_from_pydantic

                failed = ValidationFailed(problems_from_pydantic(exc))
                logger.info("request %s refused: 400 %s", request_id, failed.message)
                return error(400, failed.code, failed.message, failed.details, request_id=request_id)
            logger.exception("request %s failed in %s", request_id, getattr(fn, "__name__", "handler"))
            return _internal_error(request_id)
        if not isinstance(response, dict) or not isinstance(response.get("statusCode"), int):
            logger.error("request %s: %s returned %r; expected a response dict from ok()/error()",
                         request_id, getattr(fn, "__name__", "handler"), type(response).__name__)
            return _internal_error(request_id)
        return response

    return wrapper


def _is_pydantic_validation_error(exc: Exception) -> bool:
    # pydantic is not imported here: a route that never validates a model (health) then starts
    # without it, and an exception can only come from pydantic once something imported it.
    pydantic_core = sys.modules.get("pydantic_core")
    return pydantic_core is not None and isinstance(exc, pydantic_core.ValidationError)


def _internal_error(request_id: str) -> dict:
    return error(
        500,
        "internal_error",
        "An unexpected error occurred. Quote the request id if you report it.",
        request_id=request_id,
    )
