"""Opaque list cursors: DynamoDB's LastEvaluatedKey, base64url-encoded JSON.

A cursor is client input, so decoding validates its exact shape (400 otherwise): a tampered
cursor must not let a caller page through another index partition (e.g. unpublished projects).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, Mapping

from .errors import invalid


def encode_cursor(last_key: Mapping[str, Any] | None) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(dict(last_key), sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, keys: set[str], fixed: Mapping[str, str]) -> dict[str, str]:
    """The start key in `cursor`; it must have exactly `keys` (strings) and the `fixed` values."""
    problem = "query parameter 'cursor' is not a cursor returned by this API; expected the 'nextCursor' of a previous page"
    if len(cursor) > 1024:
        raise invalid("cursor", problem)
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise invalid("cursor", problem) from None
    if (
        not isinstance(data, dict)
        or set(data) != keys
        or not all(isinstance(v, str) for v in data.values())
        or any(data.get(k) != v for k, v in fixed.items())
    ):
        raise invalid("cursor", problem)
    return data
