"""The instances table: the lifecycle of a fleet instance, one conditional write per transition.

Every transition is a conditional write, so a repeated or late event changes nothing:

    (absent) --pending--> pending --running--> running --warning/rebalance--> interrupting
        any live status --stopping/shutting-down/stopped/terminated or no heartbeat--> stopped (+ TTL)

EventBridge does not promise order: a late ``pending`` never overwrites ``running``, a late
``running`` never revives a ``stopped`` or ``interrupting`` instance.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Iterator

from botocore.exceptions import ClientError

from .records import (INTERRUPTING, LIVE_INSTANCE_STATUSES, PENDING, RUNNING, STOPPED, epoch_seconds,
                      timestamp)

STATUS_INDEX = "byStatus"


def condition_failed(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def conditional_update(table: Any, **kwargs: Any) -> dict | None:
    """The item after the update, or None when the update's condition did not hold."""
    try:
        return table.update_item(ReturnValues="ALL_NEW", **kwargs)["Attributes"]
    except ClientError as exc:
        if condition_failed(exc):
            return None
        raise


@dataclass(frozen=True)
class MarkResult:
    known: bool            # the instance is in the registry (so it is one of the fleet's)
    newly_marked: bool     # this event moved it to `interrupting` (False: duplicate or already stopped)
    status: str | None
    job_id: str | None     # the job it holds, if any
    receipt_handle: str | None


class InstanceRegistry:
    def __init__(self, table: Any) -> None:
        self.table = table

    def get(self, instance_id: str) -> dict | None:
        return self.table.get_item(Key={"instanceId": instance_id}, ConsistentRead=True).get("Item")

    def _update(self, **kwargs: Any) -> dict | None:
        return conditional_update(self.table, **kwargs)

    def register(self, instance_id: str, state: str, now: _dt.datetime) -> bool:
        """`pending` only creates; `running` creates or moves on from `pending`. True if it changed."""
        if state == PENDING:
            condition = "attribute_not_exists(instanceId)"
        elif state == RUNNING:
            condition = "attribute_not_exists(instanceId) OR #status = :pending"
        else:
            raise ValueError(f"state {state!r} does not register an instance; expected pending or running")
        return self._update(
            Key={"instanceId": instance_id},
            UpdateExpression="SET #status = :state, updatedAt = :now",
            ConditionExpression=condition,
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":state": state, ":now": timestamp(now), ":pending": PENDING}
            if state == RUNNING else {":state": state, ":now": timestamp(now)},
        ) is not None

    def deregister(self, instance_id: str, now: _dt.datetime, *, retention_seconds: int, reason: str) -> bool:
        """A live instance becomes `stopped` and expires after the retention. True if it changed."""
        return self._update(
            Key={"instanceId": instance_id},
            UpdateExpression="SET #status = :stopped, updatedAt = :now, expiresAt = :expires, stoppedReason = :reason",
            ConditionExpression="attribute_exists(instanceId) AND #status <> :stopped",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":stopped": STOPPED, ":now": timestamp(now), ":reason": reason,
                                       ":expires": epoch_seconds(now) + retention_seconds},
        ) is not None

    def mark_interrupting(self, instance_id: str, event_id: str, now: _dt.datetime) -> MarkResult:
        """Marks a live instance `interrupting` once per event (the event id is kept in `handledEvents`)."""
        item = self._update(
            Key={"instanceId": instance_id},
            UpdateExpression="SET #status = :interrupting, updatedAt = :now ADD handledEvents :events",
            ConditionExpression="attribute_exists(instanceId) AND #status IN (:pending, :running, :interrupting)"
                                " AND NOT contains(handledEvents, :event)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":interrupting": INTERRUPTING, ":pending": PENDING, ":running": RUNNING,
                                       ":now": timestamp(now), ":events": {event_id}, ":event": event_id},
        )
        newly_marked = item is not None
        if item is None:
            item = self.get(instance_id)
        if item is None:
            return MarkResult(False, False, None, None, None)
        return MarkResult(True, newly_marked, item.get("status"), item.get("jobId"), item.get("receiptHandle"))

    def take_job(self, instance_id: str, job_id: str, receipt_handle: str, now: _dt.datetime) -> bool:
        """The worker records the message it holds; refused once the instance is interrupting or stopped."""
        return self._update(
            Key={"instanceId": instance_id},
            UpdateExpression="SET jobId = :job, receiptHandle = :receipt, updatedAt = :now, lastHeartbeat = :now",
            ConditionExpression="attribute_exists(instanceId) AND #status IN (:pending, :running)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":job": job_id, ":receipt": receipt_handle, ":now": timestamp(now),
                                       ":pending": PENDING, ":running": RUNNING},
        ) is not None

    def release_job(self, instance_id: str, job_id: str) -> bool:
        """Forgets the job the instance held, only if it still holds that one."""
        return self._update(
            Key={"instanceId": instance_id},
            UpdateExpression="REMOVE jobId, receiptHandle",
            ConditionExpression="jobId = :job",
            ExpressionAttributeValues={":job": job_id},
        ) is not None

    def heartbeat(self, instance_id: str, now: _dt.datetime) -> bool:
        """The worker's sign of life; `updatedAt` moves too, so the stale sweep's index query stays small."""
        return self._update(
            Key={"instanceId": instance_id},
            UpdateExpression="SET lastHeartbeat = :now, updatedAt = :now",
            ConditionExpression="attribute_exists(instanceId) AND #status IN (:pending, :running, :interrupting)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":now": timestamp(now), ":pending": PENDING, ":running": RUNNING,
                                       ":interrupting": INTERRUPTING},
        ) is not None

    def _not_updated_since(self, status: str, cutoff: str) -> Iterator[dict]:
        kwargs: dict[str, Any] = {
            "IndexName": STATUS_INDEX,
            "KeyConditionExpression": "#status = :status AND updatedAt < :cutoff",
            "ExpressionAttributeNames": {"#status": "status"},
            "ExpressionAttributeValues": {":status": status, ":cutoff": cutoff},
        }
        while True:
            page = self.table.query(**kwargs)
            yield from page.get("Items", [])
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def expire_stale(self, now: _dt.datetime, *, stale_after: _dt.timedelta, retention_seconds: int) -> list[str]:
        """Stops every live instance with no heartbeat (or, never having sent one, no change) since the cutoff.

        The index is eventually consistent, so the write checks staleness again: a heartbeat that
        arrived after the query keeps the instance alive.
        """
        cutoff = timestamp(now - stale_after)
        expired = []
        for status in LIVE_INSTANCE_STATUSES:
            for item in list(self._not_updated_since(status, cutoff)):
                changed = self._update(
                    Key={"instanceId": item["instanceId"]},
                    UpdateExpression="SET #status = :stopped, updatedAt = :now, expiresAt = :expires,"
                                     " stoppedReason = :reason",
                    ConditionExpression="#status = :status AND updatedAt < :cutoff"
                                        " AND (attribute_not_exists(lastHeartbeat) OR lastHeartbeat < :cutoff)",
                    ExpressionAttributeNames={"#status": "status"},
                    ExpressionAttributeValues={":stopped": STOPPED, ":status": status, ":cutoff": cutoff,
                                               ":now": timestamp(now), ":reason": "stale",
                                               ":expires": epoch_seconds(now) + retention_seconds},
                )
                if changed is not None:
                    expired.append(item["instanceId"])
        return expired
