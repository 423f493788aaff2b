"""The records the handlers, the worker and the workflow share (see functions/README.md).

Timestamps are written in exactly one form, ``2026-01-02T03:04:05.678Z``, so that the strings
sort in time order and DynamoDB can compare them in condition and key expressions (the stale
sweep asks for ``updatedAt < cutoff``).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Mapping

# Job statuses (training-jobs table).
QUEUED = "queued"
RUNNING = "running"
INTERRUPTED = "interrupted"
SUCCEEDED = "succeeded"
FAILED = "failed"

# Instance statuses (instances table).
PENDING = "pending"
INTERRUPTING = "interrupting"
STOPPED = "stopped"
LIVE_INSTANCE_STATUSES = (PENDING, RUNNING, INTERRUPTING)

JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
INSTANCE_ID = re.compile(r"^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$")


class InvalidRecord(ValueError):
    """A record or message does not have the shape the contract fixes; the message says how."""


def timestamp(moment: _dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware (UTC)")
    return moment.astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def epoch_seconds(moment: _dt.datetime) -> int:
    return int(moment.timestamp())


def checkpoint_path(job_id: str) -> str:
    return f"/checkpoints/{job_id}/"


def plain(value: Any) -> Any:
    """DynamoDB's Decimals and sets turned back into what JSON can carry."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    return value


def stored(value: Any) -> Any:
    """JSON values as DynamoDB takes them through boto3, which refuses floats: numbers become Decimals."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {k: stored(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [stored(v) for v in value]
    return value


def shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


@dataclass(frozen=True)
class JobMessage:
    """The body of a message on the jobs queue."""

    job_id: str
    task_token: str | None
    input: dict
    checkpoint_path: str
    interruptions: int

    def to_body(self) -> str:
        return json.dumps({
            "jobId": self.job_id,
            "taskToken": self.task_token,
            "input": plain(self.input),
            "checkpointPath": self.checkpoint_path,
            "interruptions": self.interruptions,
        }, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_body(cls, body: str) -> "JobMessage":
        try:
            data = json.loads(body)
        except (TypeError, ValueError) as exc:
            raise InvalidRecord(f"job message is not JSON ({exc}); expected an object with jobId, taskToken, "
                                f"input, checkpointPath, interruptions") from None
        if not isinstance(data, dict):
            raise InvalidRecord(f"job message is {shown(data)}; expected a JSON object")
        expected = {"jobId", "taskToken", "input", "checkpointPath", "interruptions"}
        unknown = sorted(set(data) - expected)
        if unknown:
            raise InvalidRecord(f"job message has unknown fields {unknown}; expected only {sorted(expected)}")
        job_id = data.get("jobId")
        if not isinstance(job_id, str) or not JOB_ID.match(job_id):
            raise InvalidRecord(f"job message field 'jobId' is {shown(job_id)}; expected 1 to 64 letters, "
                                f"digits, '_' or '-'")
        token = data.get("taskToken")
        if token is not None and (not isinstance(token, str) or not token):
            raise InvalidRecord(f"job message field 'taskToken' is {shown(token)}; expected a task token or null")
        payload = data.get("input")
        if not isinstance(payload, dict):
            raise InvalidRecord(f"job message field 'input' is {shown(payload)}; expected a JSON object")
        path = data.get("checkpointPath")
        if path != checkpoint_path(job_id):
            raise InvalidRecord(f"job message field 'checkpointPath' is {shown(path)}; expected "
                                f"{checkpoint_path(job_id)!r}")
        count = data.get("interruptions")
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidRecord(f"job message field 'interruptions' is {shown(count)}; expected a whole "
                                f"number >= 0")
        return cls(job_id, token, payload, path, count)
