"""The one place where a malformed event becomes a logged rejection instead of an error.

Lambda retries an asynchronous invocation that raised, and EventBridge retries a failed delivery:
an event that can never be parsed must end normally, with one log line saying what was wrong.
Errors after parsing (AWS throttling, a missing environment variable) are raised, so that the
retry and the on-failure destination do their work.
"""

from __future__ import annotations

import datetime as _dt
import functools
import logging
from typing import Any, Callable

from .events import RejectedEvent, event_id_of

logger = logging.getLogger("training_control")
# Lambda's root logger shows WARNING and above; the handlers' decisions are worth an INFO line.
logger.setLevel(logging.INFO)


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def rejecting_malformed(parse: Callable[[Any], Any]):
    """Wraps ``fn(parsed_event, context)`` into a Lambda handler ``handler(event, context)``."""

    def wrap(fn: Callable[[Any, Any], dict]) -> Callable[[Any, Any], dict]:
        @functools.wraps(fn)
        def handler(event: Any, context: Any) -> dict:
            try:
                parsed = parse(event)
            except RejectedEvent as exc:
                logger.warning("rejected event %s: %s", event_id_of(event), exc)
                return {"action": "rejected", "reason": str(exc)}
            return fn(parsed, context)

        return handler

    return wrap
