"""JSON responses for API Gateway HTTP APIs (Lambda proxy payload format 2.0).

The response shape is the one documented in
https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
(statusCode, headers, body, isBase64Encoded). Returning it explicitly keeps API Gateway from
guessing a content type.
"""

from __future__ import annotations

import datetime as _dt
import json
from decimal import Decimal
from typing import Any, Mapping

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
NO_STORE = "no-store"


def _json_default(value: Any) -> Any:
    # DynamoDB returns every number as Decimal; JSON has only one number type.
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"value of type {type(value).__name__} is not JSON serializable")


def to_json(body: Any) -> str:
    return json.dumps(body, default=_json_default, separators=(",", ":"), ensure_ascii=False)


def _headers(cache_control: str, extra: Mapping[str, str] | None) -> dict[str, str]:
    headers = {
        "content-type": JSON_CONTENT_TYPE,
        "cache-control": cache_control,
        # The body is JSON and must never be sniffed into something a browser would render.
        "x-content-type-options": "nosniff",
    }
    for name, value in (extra or {}).items():
        headers[name.lower()] = value
    return headers


def ok(
    body: Any,
    status: int = 200,
    *,
    cache_control: str = NO_STORE,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A successful JSON response. Cacheable only when the caller says so (`cache_control`)."""
    if not 200 <= status <= 299:
        raise ValueError(f"ok() status is {status}; expected 200..299 (use error() for failures)")
    if status == 204:
        return {"statusCode": 204, "headers": _headers(cache_control, headers), "body": "", "isBase64Encoded": False}
    return {
        "statusCode": status,
        "headers": _headers(cache_control, headers),
        "body": to_json(body),
        "isBase64Encoded": False,
    }


def error(
    status: int,
    code: str,
    message: str,
    details: Any = None,
    *,
    request_id: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """An error response: ``{"error": {"code", "message", "details"?, "requestId"?}}``, never cached."""
    if not 400 <= status <= 599:
        raise ValueError(f"error() status is {status}; expected 400..599")
    payload: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        payload["details"] = details
    if request_id:
        payload["requestId"] = request_id
    return {
        "statusCode": status,
        "headers": _headers(NO_STORE, headers),
        "body": to_json({"error": payload}),
        "isBase64Encoded": False,
    }
