"""The training-jobs table: who runs a job, and its attempts counted by cause.

`interruptions` and `failures` are separate counts. Each is raised by a conditional write keyed
by what caused it (an EventBridge event id, or a message's receive), kept in `handledEvents`, so a
repeated event or a retried call counts once.

An interruption also opens a requeue (`pendingRequeue` = the event id, `pendingRequeueSince`)
in the same write; it is closed once the job's new message is on the queue. While it is open, a
worker may still run the job's older message (it would otherwise be superseded), so a requeue
that was cut short never loses the job.
"""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass
from typing import Any


from .instances import conditional_update
from .records import (FAILED, INTERRUPTED, QUEUED, RUNNING, SUCCEEDED, JobMessage, checkpoint_path,
                      epoch_seconds, plain, stored, timestamp)


class Counted(enum.Enum):
    COUNTED = "counted"                  # this call counted it
    ALREADY_COUNTED = "already counted"  # the same cause was counted before
    NOT_HELD = "not held"                # the job is not running on that instance (or does not exist)


@dataclass(frozen=True)
class CountResult:
    outcome: Counted
    job: dict | None  # the item after the write (COUNTED) or as it is


class Refusal(enum.Enum):
    FINISHED = "finished"      # the job succeeded or failed: delete the message without running it
    SUPERSEDED = "superseded"  # a newer message of the job exists (requeued after an interruption)
    HELD = "held"              # another instance runs the job (the caller decides whether it is alive)


@dataclass(frozen=True)
class ClaimResult:
    claimed: bool
    reason: str  # why not, when not claimed
    refusal: Refusal | None = None
    job: dict | None = None  # the record as it is, when not claimed


class JobsTable:
    def __init__(self, table: Any) -> None:
        self.table = table

    def get(self, job_id: str) -> dict | None:
        return self.table.get_item(Key={"jobId": job_id}, ConsistentRead=True).get("Item")

    def _update(self, **kwargs: Any) -> dict | None:
        return conditional_update(self.table, **kwargs)

    def _count(self, job_id: str, cause: str, item: dict | None) -> CountResult:
        if item is not None:
            return CountResult(Counted.COUNTED, item)
        current = self.get(job_id)
        if current is not None and cause in current.get("handledEvents", set()):
            return CountResult(Counted.ALREADY_COUNTED, current)
        return CountResult(Counted.NOT_HELD, current)

    def claim(self, message: JobMessage, instance_id: str, now: _dt.datetime, *, attempt: str | None = None,
              replacing: str | None = None) -> ClaimResult:
        """A worker takes the job of a message it received (creating the record if the job came
        straight onto the queue). Refused for a finished job, for a message older than the job's
        latest requeue (its `interruptions` is lower) unless that requeue is still open, and for a
        job running on another instance: SQS delivers a message at least once, and a requeue cut
        short can leave two messages of a job, so a second delivery must not take the job from a
        live worker. `replacing` names the instance the caller found dead (no heartbeat within the
        visibility timeout): the claim then succeeds only if that instance still holds the job.
        `attempt` (``<messageId>#<receiveCount>``) is recorded, so that the holder's message can be
        told apart from a redundant one."""
        holders = "attribute_not_exists(instanceId) OR instanceId = :instance" + (
            " OR instanceId = :replacing" if replacing else "")
        item = self._update(
            Key={"jobId": message.job_id},
            UpdateExpression=(
                "SET #status = :running, instanceId = :instance, updatedAt = :now,"
                " createdAt = if_not_exists(createdAt, :now), #input = if_not_exists(#input, :input),"
                " checkpointPath = if_not_exists(checkpointPath, :path),"
                " interruptions = if_not_exists(interruptions, :interruptions), failures = if_not_exists(failures, :zero)"
                + (", taskToken = :token" if message.task_token else "")
                + (", attempt = :attempt" if attempt else "")
            ),
            ConditionExpression=(
                "attribute_not_exists(jobId) OR (#status IN (:queued, :interrupted, :running)"
                " AND (attribute_not_exists(interruptions) OR interruptions <= :interruptions"
                " OR attribute_exists(pendingRequeue))"
                f" AND (#status <> :running OR {holders}))"
            ),
            ExpressionAttributeNames={"#status": "status", "#input": "input"},
            ExpressionAttributeValues={
                ":running": RUNNING, ":queued": QUEUED, ":interrupted": INTERRUPTED, ":instance": instance_id,
                ":now": timestamp(now), ":input": stored(message.input), ":path": message.checkpoint_path,
                ":interruptions": message.interruptions, ":zero": 0,
                **({":token": message.task_token} if message.task_token else {}),
                **({":attempt": attempt} if attempt else {}),
                **({":replacing": replacing} if replacing else {}),
            },
        )
        if item is not None:
            return ClaimResult(True, "")
        current = self.get(message.job_id) or {}
        status = current.get("status")
        if status in (SUCCEEDED, FAILED):
            return ClaimResult(False, f"job {message.job_id} is already {status}", Refusal.FINISHED, current)
        superseded = (current.get("interruptions", 0) > message.interruptions
                      and "pendingRequeue" not in current)
        if superseded or status not in (QUEUED, INTERRUPTED, RUNNING):
            return ClaimResult(False, f"message of job {message.job_id} was superseded: it carries "
                                      f"interruptions={message.interruptions}, the job has been requeued "
                                      f"{current.get('interruptions')} times", Refusal.SUPERSEDED, current)
        return ClaimResult(False, f"job {message.job_id} is running on {current.get('instanceId')}",
                           Refusal.HELD, current)

    def release(self, job_id: str, instance_id: str, now: _dt.datetime) -> bool:
        """The worker gives back a job it holds but did not finish (its instance is going away and
        no interruption was counted for it): `interrupted`, held by nobody. Its message, made visible
        again by the worker, resumes it elsewhere. Refused once the job is not held by this instance
        any more, e.g. because the spot-interruption handler counted the interruption first: then
        the handler's new message carries the job, and the worker leaves the queue alone."""
        return self._update(
            Key={"jobId": job_id},
            UpdateExpression="SET #status = :interrupted, updatedAt = :now REMOVE instanceId",
            ConditionExpression="instanceId = :instance AND #status = :running",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":interrupted": INTERRUPTED, ":running": RUNNING, ":now": timestamp(now),
                                       ":instance": instance_id},
        ) is not None

    def record_success(self, job_id: str, instance_id: str, result: dict, now: _dt.datetime, *,
                       retention_seconds: int) -> bool:
        """The job's result, written once by the instance that holds the job (the gate before its
        success report: a worker that lost the job meanwhile reports nothing)."""
        return self._finish(job_id, instance_id, SUCCEEDED, "result", result, now, retention_seconds)

    def record_failed(self, job_id: str, instance_id: str, error: dict, now: _dt.datetime, *,
                      retention_seconds: int) -> bool:
        """A permanent failure (bad input, a diverged model): the job is `failed` and not retried."""
        return self._finish(job_id, instance_id, FAILED, "error", error, now, retention_seconds)

    def _finish(self, job_id: str, instance_id: str, status: str, field: str, value: dict, now: _dt.datetime,
                retention_seconds: int) -> bool:
        return self._update(
            Key={"jobId": job_id},
            UpdateExpression="SET #status = :status, #field = :value, updatedAt = :now, expiresAt = :expires"
                             " REMOVE instanceId",
            ConditionExpression="instanceId = :instance AND #status = :running",
            ExpressionAttributeNames={"#status": "status", "#field": field},
            ExpressionAttributeValues={":status": status, ":value": value, ":now": timestamp(now),
                                       ":expires": epoch_seconds(now) + retention_seconds,
                                       ":instance": instance_id, ":running": RUNNING},
        ) is not None

    def record_interruption(self, job_id: str, instance_id: str, event_id: str, now: _dt.datetime) -> CountResult:
        """Counts the interruption of the job running on `instance_id` once per event and opens its requeue."""
        item = self._update(
            Key={"jobId": job_id},
            UpdateExpression=(
                "SET #status = :interrupted, updatedAt = :now, pendingRequeue = :event, pendingRequeueSince = :now,"
                " checkpointPath = if_not_exists(checkpointPath, :path)"
                " ADD interruptions :one, handledEvents :events REMOVE instanceId"
            ),
            ConditionExpression="instanceId = :instance AND #status = :running AND NOT contains(handledEvents, :event)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={
                ":interrupted": INTERRUPTED, ":running": RUNNING, ":now": timestamp(now), ":event": event_id,
                ":events": {event_id}, ":one": 1, ":instance": instance_id, ":path": checkpoint_path(job_id),
            },
        )
        return self._count(job_id, event_id, item)

    def take_over_requeue(self, job_id: str, event_id: str, now: _dt.datetime, *, lease: _dt.timedelta) -> dict | None:
        """The job, if the requeue this event opened is still open after `lease` (its handler
        stopped before sending), now held by the caller; None if it was closed or is still fresh."""
        return self._update(
            Key={"jobId": job_id},
            UpdateExpression="SET pendingRequeueSince = :now",
            ConditionExpression="pendingRequeue = :event AND pendingRequeueSince < :expired",
            ExpressionAttributeValues={":event": event_id, ":now": timestamp(now),
                                       ":expired": timestamp(now - lease)},
        )

    def close_requeue(self, job_id: str, event_id: str) -> bool:
        return self._update(
            Key={"jobId": job_id},
            UpdateExpression="REMOVE pendingRequeue, pendingRequeueSince",
            ConditionExpression="pendingRequeue = :event",
            ExpressionAttributeValues={":event": event_id},
        ) is not None

    def record_failure(self, job_id: str, instance_id: str, attempt_id: str, error: dict,
                       now: _dt.datetime) -> CountResult:
        """Counts a real failure once per attempt (e.g. ``<messageId>#<receiveCount>``); the worker then
        lets the message become visible again, so SQS's receive count moves it towards the DLQ."""
        item = self._update(
            Key={"jobId": job_id},
            UpdateExpression="SET #status = :queued, updatedAt = :now, #error = :error"
                             " ADD failures :one, handledEvents :attempts REMOVE instanceId",
            ConditionExpression="instanceId = :instance AND #status = :running AND NOT contains(handledEvents, :attempt)",
            ExpressionAttributeNames={"#status": "status", "#error": "error"},
            ExpressionAttributeValues={
                ":queued": QUEUED, ":running": RUNNING, ":now": timestamp(now), ":error": error, ":one": 1,
                ":attempts": {attempt_id}, ":attempt": attempt_id, ":instance": instance_id,
            },
        )
        return self._count(job_id, attempt_id, item)


def message_for(job: dict) -> JobMessage:
    """The job's queue message rebuilt from its record, carrying its current interruption count."""
    return JobMessage(
        job_id=job["jobId"],
        task_token=job.get("taskToken"),
        input=plain(job.get("input") or {}),
        checkpoint_path=job.get("checkpointPath") or checkpoint_path(job["jobId"]),
        interruptions=int(job.get("interruptions", 0)),
    )
