"""A per-client limit on contact messages: at most `limit` per fixed window (5 per hour).

The client is the source address API Gateway saw, hashed together with the window so that the
table never holds an address and counters of different hours cannot be linked. Each window has
one counter item; it is incremented with a conditional write (only while below the limit), so
concurrent requests cannot overshoot, and it carries the TTL attribute so DynamoDB removes it
after the window.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from .errors import TooManyRequests

DEFAULT_LIMIT = 5
DEFAULT_WINDOW_SECONDS = 3600
COUNTER_PREFIX = "rate-limit#"
UNKNOWN_CLIENT = "unknown"


@dataclass(frozen=True)
class Window:
    start: int  # epoch seconds
    end: int

    @staticmethod
    def containing(now_epoch: int, seconds: int) -> "Window":
        start = now_epoch - now_epoch % seconds
        return Window(start, start + seconds)


def counter_id(client: str | None, window: Window) -> str:
    digest = hashlib.sha256(f"{window.start}|{client or UNKNOWN_CLIENT}".encode("utf-8")).hexdigest()
    return f"{COUNTER_PREFIX}{digest[:40]}"


class Counters(Protocol):
    def increment_below(self, counter: str, *, limit: int, expires_at: int) -> bool:
        """Add one to `counter` unless it reached `limit`; True if it was added."""


@dataclass(frozen=True)
class RateLimit:
    limit: int = DEFAULT_LIMIT
    window_seconds: int = DEFAULT_WINDOW_SECONDS

    def admit(self, counters: Counters, client: str | None, *, now_epoch: int) -> None:
        """Count one request of `client`, or raise 429 with the seconds until the window ends."""
        window = Window.containing(now_epoch, self.window_seconds)
        if counters.increment_below(counter_id(client, window), limit=self.limit, expires_at=window.end):
            return
        retry_after = max(1, window.end - now_epoch)
        raise TooManyRequests(
            f"too many messages from this client: at most {self.limit} per {self.window_seconds // 60} "
            f"minutes; retry after {retry_after} seconds",
            retry_after,
        )
