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
from .records import (FAILED, INTERRUPTED, QUEUED, RUNNING, SUCCEEDED, JobMessage, checkpoint_path, plain,
                      timestamp)


class Counted(enum.Enum):
    COUNTED = "counted"                  # this call counted it
    ALREADY_COUNTED = "already counted"  # the same cause was counted before
    NOT_HELD = "not held"                # the job is not running on that instance (or does not exist)


@dataclass(frozen=True)
class CountResult:
    outcome: Counted
    job: dict | None  # the item after the write (COUNTED) or as it is


@dataclass(frozen=True)
class ClaimResult:
    claimed: bool
    reason: str  # why not, when not claimed


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

    def claim(self, message: JobMessage, instance_id: str, now: _dt.datetime) -> ClaimResult:
        """A worker takes the job of a message it received (creating the record if the job came
        straight onto the queue). Refused for a finished job, and for a message older than the job's
        latest requeue (its `interruptions` is lower) unless that requeue is still open."""
        item = self._update(
            Key={"jobId": message.job_id},
            UpdateExpression=(
                "SET #status = :running, instanceId = :instance, updatedAt = :now,"
                " createdAt = if_not_exists(createdAt, :now), #input = if_not_exists(#input, :input),"
                " checkpointPath = if_not_exists(checkpointPath, :path),"
                " interruptions = if_not_exists(interruptions, :interruptions), failures = if_not_exists(failures, :zero)"
                + (", taskToken = :token" if message.task_token else "")
            ),
            ConditionExpression=(
                "attribute_not_exists(jobId) OR (#status IN (:queued, :interrupted, :running)"
                " AND (attribute_not_exists(interruptions) OR interruptions <= :interruptions"
                " OR attribute_exists(pendingRequeue)))"
            ),
            ExpressionAttributeNames={"#status": "status", "#input": "input"},
            ExpressionAttributeValues={
                ":running": RUNNING, ":queued": QUEUED, ":interrupted": INTERRUPTED, ":instance": instance_id,
                ":now": timestamp(now), ":input": message.input, ":path": message.checkpoint_path,
                ":interruptions": message.interruptions, ":zero": 0,
                **({":token": message.task_token} if message.task_token else {}),
            },
        )
        if item is not None:
            return ClaimResult(True, "")
        current = self.get(message.job_id) or {}
        status = current.get("status")
        if status in (SUCCEEDED, FAILED):
            return ClaimResult(False, f"job {message.job_id} is already {status}")
        return ClaimResult(False, f"message of job {message.job_id} was superseded: it carries "
                                  f"interruptions={message.interruptions}, the job has been requeued "
                                  f"{current.get('interruptions')} times")

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
