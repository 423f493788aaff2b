"""Parsing and validating API Gateway HTTP API (payload 2.0) requests.

Every problem is reported as ``{"field", "message", "value"?}`` where the message names the field,
the value received and what was expected, e.g.
``field 'email' must be an email address like name@example.com, got 'bob@'``.
All failures here are 4xx: bad input must never produce a 5xx.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, Callable, Iterable, Mapping, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from .errors import InvalidFields, PayloadTooLarge, UnsupportedMediaType, ValidationFailed, invalid

DEFAULT_MAX_BODY_BYTES = 16 * 1024
_SHOWN_VALUE_CHARS = 40

M = TypeVar("M", bound=BaseModel)


# ---------------------------------------------------------------------------------------------
# Showing values in messages


def show(value: Any) -> str:
    """A short, safe rendering of a received value for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= _SHOWN_VALUE_CHARS else value[:_SHOWN_VALUE_CHARS] + "..."
        return repr(text)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return f"a JSON {json_type(value)}"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _shown_value(value: Any) -> Any:
    """The value echoed in `details`: scalars only, long strings cut."""
    if isinstance(value, str) and len(value) > _SHOWN_VALUE_CHARS:
        return value[:_SHOWN_VALUE_CHARS] + "..."
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return f"<{json_type(value)}>"


# ---------------------------------------------------------------------------------------------
# Body


def _reject_constant(name: str) -> Any:
    # Python's json accepts NaN/Infinity; JSON (RFC 8259) does not.
    raise ValueError(f"{name} is not valid JSON")


def parse_json_body(event: Mapping[str, Any], *, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> dict[str, Any]:
    """The request body as a JSON object, or a 400/413/415 `ApiError`."""
    headers = lower_headers(event)
    content_type = headers.get("content-type")
    # JSON only, and said so: a body without a content type is not read as JSON on a guess.
    if content_type is None:
        raise UnsupportedMediaType("header 'content-type' is missing; expected application/json")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType(f"header 'content-type' is {show(content_type)}; expected application/json")

    body = event.get("body")
    if body is None or body == "":
        raise invalid("body", "request body is missing; expected a JSON object")
    if not isinstance(body, str):
        raise invalid("body", f"request body is {json_type(body)}; expected a JSON object as text")

    if event.get("isBase64Encoded"):
        # Check the encoded size first so an oversized body is never decoded into memory.
        if len(body) > (max_bytes * 4) // 3 + 4:
            raise PayloadTooLarge(f"request body exceeds {max_bytes} bytes; expected at most {max_bytes} bytes")
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise invalid("body", "request body is marked base64-encoded but is not valid base64") from None
    else:
        raw = body.encode("utf-8", errors="surrogatepass")

    if len(raw) > max_bytes:
        raise PayloadTooLarge(f"request body is {len(raw)} bytes; expected at most {max_bytes} bytes")

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid("body", "request body is not valid UTF-8; expected UTF-8 encoded JSON") from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise invalid(
            "body", f"request body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except ValueError as exc:
        raise invalid("body", f"request body is not valid JSON: {exc}") from None
    except RecursionError:
        raise invalid("body", "request body nests too deeply; expected a flat JSON object") from None
    if not isinstance(data, dict):
        raise invalid("body", f"request body is a JSON {json_type(data)}; expected a JSON object")
    try:
        # JSON may escape half of a UTF-16 pair ("\\ud800"): it parses, but no AWS API can store
        # or send the string, so it would fail later as a server error.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise invalid(
            "body", "request body has a string with a lone UTF-16 surrogate escape (such as \\ud800); "
            "expected strings of valid Unicode text"
        ) from None
    return data


# ---------------------------------------------------------------------------------------------
# Models


def validate_model(model: type[M], data: Mapping[str, Any]) -> M:
    """`model` validated from `data`, or `InvalidFields` (422) naming every bad field."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidFields(problems_from_pydantic(exc, allowed=_field_names(model))) from None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "body"


def problems_from_pydantic(exc: ValidationError, allowed: list[str] | None = None) -> list[dict[str, Any]]:
    """pydantic's errors rewritten as our problems (field, value, expected), in input order."""
    problems = []
    for err in exc.errors(include_url=False):
        field = _loc(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        value = err.get("input")
        got = f", got {show(value)}"
        if kind == "missing":
            problems.append({"field": field, "message": f"field '{field}' is required"})
            continue
        if kind == "extra_forbidden":
            expected = f"; expected only: {', '.join(allowed)}" if allowed else ""
            message = f"field '{field}' is not allowed{expected}"
        elif kind == "string_type":
            message = f"field '{field}' must be a string, got {json_type(value)} {show(value)}"
        elif kind == "string_too_short":
            message = (f"field '{field}' must be at least {ctx.get('min_length')} characters "
                       f"(after trimming spaces){got}")
        elif kind == "string_too_long":
            message = f"field '{field}' must be at most {ctx.get('max_length')} characters, got {len(value)} characters"
        elif kind in ("int_type", "int_parsing", "int_from_float"):
            message = f"field '{field}' must be a whole number{got}"
        elif kind == "greater_than_equal":
            message = f"field '{field}' must be at least {ctx.get('ge')}{got}"
        elif kind == "less_than_equal":
            message = f"field '{field}' must be at most {ctx.get('le')}{got}"
        elif kind == "model_type" or kind == "dict_type":
            message = f"field '{field}' must be a JSON object, got {json_type(value)}"
        else:
            # Custom errors (e.g. email) carry a message that already says what was expected.
            message = f"field '{field}' {err['msg']}{got}"
        problems.append({"field": field, "message": message, "value": _shown_value(value)})
    return problems


# ---------------------------------------------------------------------------------------------
# Email

# Deliberately pragmatic (not RFC 5322): one '@', no spaces, a dotted domain with a letter TLD.
_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)


def check_email(value: str) -> str:
    """For `AfterValidator`: the address with a lower-cased domain, or a pydantic custom error."""
    if len(value) > 254 or not _EMAIL.fullmatch(value) or ".." in value or value.startswith("."):
        raise PydanticCustomError("email_format", "must be an email address like name@example.com")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


# ---------------------------------------------------------------------------------------------
# Headers, path and query parameters


def lower_headers(event: Mapping[str, Any]) -> dict[str, str]:
    # HTTP APIs already lower-case header names; tests and other callers may not.
    return {str(k).lower(): v for k, v in (event.get("headers") or {}).items()}


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX_CHARS = 100


def is_slug(value: Any, max_chars: int = SLUG_MAX_CHARS) -> bool:
    return isinstance(value, str) and len(value) <= max_chars and _SLUG.fullmatch(value) is not None


def _path_parameter(event: Mapping[str, Any], name: str, valid: Callable[[Any], bool], missing: str,
                    expected: str) -> str:
    """The path parameter `name`, or a 400 naming it: `missing` when absent, `expected` when not `valid`."""
    value = (event.get("pathParameters") or {}).get(name)
    if not value:
        raise invalid(name, f"path parameter '{name}' is missing; expected {missing}")
    if not valid(value):
        raise invalid(name, f"path parameter '{name}' is {show(value)}; expected {expected}", value=_shown_value(value))
    return value


def path_slug(event: Mapping[str, Any], name: str = "slug") -> str:
    return _path_parameter(event, name, is_slug, "a slug like my-project",
                           "lower-case letters, digits and single hyphens, at most 100 characters (like my-project)")


def query_params(event: Mapping[str, Any], allowed: Iterable[str]) -> dict[str, str]:
    """The query string as a dict, rejecting parameters the route does not know."""
    allowed = list(allowed)
    params = dict(event.get("queryStringParameters") or {})
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValidationFailed([
            {"field": name,
             "message": f"query parameter '{name}' is not allowed; expected only: {', '.join(allowed) or 'none'}"}
            for name in unknown
        ])
    return params


def int_param(params: Mapping[str, str], name: str, *, default: int, minimum: int, maximum: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not minimum <= int(raw) <= maximum:
        raise invalid(
            name,
            f"query parameter '{name}' is {show(raw)}; expected a whole number from {minimum} to {maximum}",
            value=_shown_value(raw),
        )
    return int(raw)


TAG_MAX_CHARS = 50


def tag_param(params: Mapping[str, str], name: str = "tag") -> str | None:
    """An optional tag filter: tags are written like slugs (``machine-learning``)."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    if not is_slug(raw, TAG_MAX_CHARS):
        raise invalid(
            name,
            f"query parameter '{name}' is {show(raw)}; expected one tag of lower-case letters, digits "
            f"and single hyphens, at most {TAG_MAX_CHARS} characters (like machine-learning)",
            value=_shown_value(raw),
        )
    return raw


_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_job_id(value: Any) -> bool:
    return isinstance(value, str) and _JOB_ID.fullmatch(value) is not None


def path_job_id(event: Mapping[str, Any], name: str = "id") -> str:
    return _path_parameter(event, name, is_job_id, "a job id", "a job id of 1 to 64 letters, digits, '_' or '-'")


def source_ip(event: Mapping[str, Any]) -> str | None:
    """The client's address as API Gateway saw it (``requestContext.http.sourceIp``)."""
    try:
        value = event["requestContext"]["http"]["sourceIp"]
    except (KeyError, TypeError):
        return None
    return value if isinstance(value, str) and value else None


_IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


def idempotency_key(event: Mapping[str, Any]) -> str | None:
    """The optional ``idempotency-key`` header (e.g. a UUID the client reuses on retries)."""
    value = lower_headers(event).get("idempotency-key")
    if value is None:
        return None
    if not _IDEMPOTENCY_KEY.fullmatch(value):
        raise invalid(
            "idempotency-key",
            f"header 'idempotency-key' is {show(value)}; expected 8 to 128 characters of letters, "
            f"digits, '.', '_', ':' or '-' (a UUID works)",
            value=_shown_value(value),
        )
    return value
