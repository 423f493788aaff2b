"""What to do with a message whose job could not be claimed (pure: decided from the records).

- The job finished, or a newer message of it exists: delete this one, never train again.
- Another instance holds the job and is alive (its last heartbeat is younger than the visibility
  timeout, and its registry entry says it holds this job): a second delivery. If it is the very
  message the holder received (SQS delivered it twice, or its visibility lapsed under load), hide
  it again, since deleting it could delete the holder's only copy of the job; a different message
  of the same job (a requeue sent twice) is redundant and deleted.
- The holder is not alive (no heartbeat for longer than a message stays hidden: it hung or
  died): take the job over, from its checkpoint.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Mapping

from trainkit._vendor.training_control.jobs import ClaimResult, Refusal
from trainkit._vendor.training_control.records import INTERRUPTING, PENDING, RUNNING, timestamp

LIVE_HOLDER_STATUSES = (PENDING, RUNNING, INTERRUPTING)


class Decision(enum.Enum):
    DELETE = "delete"
    HIDE = "hide"
    TAKE_OVER = "take over"


def holder_alive(holder: Mapping | None, job_id: str, now: _dt.datetime, freshness: _dt.timedelta) -> bool:
    if not holder or holder.get("status") not in LIVE_HOLDER_STATUSES or holder.get("jobId") != job_id:
        return False
    # Timestamps have one sortable form (records.timestamp), so strings compare in time order.
    return str(holder.get("lastHeartbeat", "")) >= timestamp(now - freshness)


def decide(refused: ClaimResult, holder: Mapping | None, message_id: str, now: _dt.datetime,
           freshness: _dt.timedelta) -> Decision:
    if refused.refusal in (Refusal.FINISHED, Refusal.SUPERSEDED):
        return Decision.DELETE
    job = refused.job or {}
    if not holder_alive(holder, str(job.get("jobId")), now, freshness):
        return Decision.TAKE_OVER
    holders_message = str(job.get("attempt", "")).rsplit("#", 1)[0]
    return Decision.HIDE if holders_message == message_id else Decision.DELETE
