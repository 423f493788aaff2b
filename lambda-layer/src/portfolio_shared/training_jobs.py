"""Training jobs through the API: read a job, start one (idempotently).

Starting: the job record is written first (status ``queued``, only if no job has that id), then
the workflow's execution named after the job id is started. A retry with the same id and input
finds the record and starts the same execution again, which Step Functions treats as the same
execution, so a client may retry after any failure and never gets a second run. The same id with
another input is a 409.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any, Mapping, Protocol

from .errors import Conflict, NotFound, ServiceUnavailable
from .models import TrainingJobRequest

QUEUED = "queued"
# Bookkeeping of the handlers and the workflow, not part of what the API shows.
INTERNAL_ATTRIBUTES = ("handledEvents", "inputHash", "expiresAt", "instanceId")


class Jobs(Protocol):
    def put_new(self, record: Mapping[str, Any]) -> bool: ...
    def get(self, job_id: str) -> dict[str, Any] | None: ...


class Workflow(Protocol):
    def start(self, name: str, execution_input: str) -> bool: ...


def checkpoint_path(job_id: str) -> str:
    return f"/checkpoints/{job_id}/"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def to_dynamodb(value: Any) -> Any:
    """JSON values as boto3 stores them: floats become Decimals (boto3 refuses floats)."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, list):
        return [to_dynamodb(v) for v in value]
    if isinstance(value, dict):
        return {k: to_dynamodb(v) for k, v in value.items()}
    raise TypeError(f"value of type {type(value).__name__} is not a JSON value")


def iso_utc(now: _dt.datetime) -> str:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware (UTC)")
    return now.astimezone(_dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_job_record(job_id: str, job_input: dict[str, Any], *, now: _dt.datetime) -> dict[str, Any]:
    created = iso_utc(now)
    return {
        "jobId": job_id,
        "status": QUEUED,
        "createdAt": created,
        "updatedAt": created,
        "input": to_dynamodb(job_input),
        "inputHash": hashlib.sha256(canonical_json(job_input).encode("utf-8")).hexdigest(),
        "checkpointPath": checkpoint_path(job_id),
        "interruptions": 0,
        "failures": 0,
    }


def execution_input(job_id: str, job_input: dict[str, Any]) -> str:
    """The workflow's input: byte for byte the same on a retry, as Step Functions' idempotency needs."""
    return canonical_json({"jobId": job_id, "input": job_input, "checkpointPath": checkpoint_path(job_id)})


def public_job(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in INTERNAL_ATTRIBUTES}


def get_job(jobs: Jobs, job_id: str) -> dict[str, Any]:
    item = jobs.get(job_id)
    if item is None:
        raise NotFound(f"training job {job_id!r} does not exist")
    return public_job(item)


def workflow_unavailable() -> ServiceUnavailable:
    return ServiceUnavailable(
        "training_unavailable",
        "training jobs cannot be started: this stack has no training workflow deployed yet",
    )


def start_job(request: TrainingJobRequest, *, jobs: Jobs, workflow: Workflow | None,
              now: _dt.datetime) -> dict[str, Any]:
    """The job's id and status; a new job is ``queued``, a retried one has its current status."""
    if workflow is None:
        raise workflow_unavailable()
    job_id = request.jobId or str(uuid.uuid4())
    record = new_job_record(job_id, request.input, now=now)
    status = QUEUED
    if not jobs.put_new(record):
        existing = jobs.get(job_id)
        if existing is None or existing.get("inputHash") != record["inputHash"]:
            raise Conflict(
                "job_id_in_use",
                f"training job {job_id!r} already exists with another input; expected a new jobId for "
                f"a new job, or the same input to retry this one",
            )
        status = existing.get("status", QUEUED)
    workflow.start(job_id, execution_input(job_id, request.input))
    return {"jobId": job_id, "status": status}
