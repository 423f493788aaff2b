"""Opaque list cursors for the projects listing.

A cursor names the last project of a page (its slug and sort key) and the tag filter of the
listing it came from, as base64url-encoded JSON. It is client input, so decoding checks all of it
and any mismatch is a 400, never a 5xx:

- the index partition is not in the cursor at all: the listing always reads the published
  partition, so a forged cursor cannot reach drafts;
- the sort key must be the one the program writes for that slug (``<YYYY-MM-DD>#<slug>``);
- the tag must be the request's tag, so a cursor cannot be replayed into another query.

There is no secret to sign with, and none is needed: every decoded cursor is a position in the
published listing that the client could have reached by paging.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any, NamedTuple

from .errors import invalid
from .validation import is_slug, show

CURSOR_VERSION = 1
MAX_CURSOR_CHARS = 512
_SORT_KEY_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NOT_A_CURSOR = ("query parameter 'cursor' is not a cursor returned by this API; expected the "
                 "'nextCursor' of a previous page")


class Position(NamedTuple):
    """Where a page ended: the last project's slug and its ``sortKey`` on the ``byStatus`` index."""

    slug: str
    sort_key: str


def sort_key_for(published_at: str, slug: str) -> str:
    return f"{published_at}#{slug}"


def encode_cursor(position: Position, tag: str | None) -> str:
    raw = json.dumps({"v": CURSOR_VERSION, "s": position.slug, "k": position.sort_key, "t": tag},
                     sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _is_position(slug: Any, sort_key: Any) -> bool:
    if not is_slug(slug) or not isinstance(sort_key, str):
        return False
    date, hash_sign, rest = sort_key.partition("#")
    return hash_sign == "#" and rest == slug and _SORT_KEY_DATE.fullmatch(date) is not None


def decode_cursor(cursor: str, *, tag: str | None) -> Position:
    """The position in `cursor`, which must come from a listing with the same `tag`."""
    if len(cursor) > MAX_CURSOR_CHARS or not cursor.isascii():
        raise invalid("cursor", _NOT_A_CURSOR)
    try:
        data = json.loads(base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        raise invalid("cursor", _NOT_A_CURSOR) from None
    if (
        not isinstance(data, dict)
        or set(data) != {"v", "s", "k", "t"}
        or type(data["v"]) is not int or data["v"] != CURSOR_VERSION
        or not _is_position(data["s"], data["k"])
        or not (data["t"] is None or isinstance(data["t"], str))
    ):
        raise invalid("cursor", _NOT_A_CURSOR)
    if data["t"] != tag:
        cursor_tag = "no tag" if data["t"] is None else f"tag {show(data['t'])}"
        request_tag = "no tag" if tag is None else f"tag {show(tag)}"
        raise invalid(
            "cursor",
            f"query parameter 'cursor' belongs to the listing with {cursor_tag}, but this request has "
            f"{request_tag}; expected the 'nextCursor' of a page of the same listing",
        )
    return Position(data["s"], data["k"])
