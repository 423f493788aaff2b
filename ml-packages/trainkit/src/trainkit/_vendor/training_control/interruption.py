"""Spot interruption warnings and rebalance recommendations: mark the instance, requeue its job.

A warning gives the instance two minutes. Its job is counted as interrupted (once per event),
sent again as a new message with its checkpoint path and the new count, and the message the
instance held is deleted: SQS's receive count of that message would otherwise move a job that
is interrupted a few times into the DLQ although nothing is wrong with it. Only real failures,
where the worker lets its message become visible again, spend the job's receive budget.

A rebalance recommendation only marks the instance (a worker takes no new job on an
`interrupting` instance) and notifies: the instance may keep running for a long time, and
moving the job now would throw away the work since its last checkpoint for nothing.

Order of the steps, so that a handler stopped half-way never loses a job: count (which opens the
requeue), send the new message, delete the old one, close the requeue, release the instance's
pointer. A repeated event finds the count done and stops, unless the requeue it opened is still
open after `REQUEUE_LEASE` (longer than the function's timeout): then the earlier run died before
finishing and this one sends the message. The one case that can send twice, a run that died
between sending and closing, is left to the worker's claim and the task token (a job reports once).
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Any

from .events import Interruption
from .instances import InstanceRegistry
from .jobs import Counted, JobsTable, message_for
from .messaging import JobQueue, OpsTopic

logger = logging.getLogger("training_control")

# Must exceed the spot-interruption function's timeoutSeconds (tests check function.json).
REQUEUE_LEASE = _dt.timedelta(seconds=45)


def requeue_job(*, jobs: JobsTable, queue: JobQueue, registry: InstanceRegistry, instance_id: str, job_id: str,
                receipt_handle: str | None, event_id: str, now: _dt.datetime) -> dict | None:
    """What was requeued, or None when this event has nothing (more) to do for the job."""
    counted = jobs.record_interruption(job_id, instance_id, event_id, now)
    if counted.outcome is Counted.COUNTED:
        job = counted.job
    elif counted.outcome is Counted.ALREADY_COUNTED:
        job = jobs.take_over_requeue(job_id, event_id, now, lease=REQUEUE_LEASE)
        if job is None:
            return None
        logger.warning("event %s: taking over the requeue of job %s that an earlier run left open", event_id, job_id)
    else:
        status = (counted.job or {}).get("status", "missing")
        logger.info("event %s: job %s is not running on %s (status %s); nothing to requeue",
                    event_id, job_id, instance_id, status)
        registry.release_job(instance_id, job_id)
        return None
    message = message_for(job)
    message_id = queue.send(message)
    if receipt_handle:
        queue.delete(receipt_handle)
    jobs.close_requeue(job_id, event_id)
    registry.release_job(instance_id, job_id)
    return {"jobId": job_id, "messageId": message_id, "interruptions": message.interruptions,
            "checkpointPath": message.checkpoint_path}


def handle_interruption(event: Interruption, *, registry: InstanceRegistry, jobs: JobsTable, queue: JobQueue,
                        topic: OpsTopic, now: _dt.datetime) -> dict[str, Any]:
    mark = registry.mark_interrupting(event.instance_id, event.event_id, now)
    if not mark.known:
        logger.info("event %s: %s for %s ignored: not a registered fleet instance",
                    event.event_id, event.kind, event.instance_id)
        return {"action": "ignored", "instanceId": event.instance_id}
    requeued = None
    if event.warning and mark.job_id:
        requeued = requeue_job(jobs=jobs, queue=queue, registry=registry, instance_id=event.instance_id,
                               job_id=mark.job_id, receipt_handle=mark.receipt_handle, event_id=event.event_id,
                               now=now)
    if not mark.newly_marked and requeued is None:
        logger.info("event %s: %s for %s already handled; nothing changed", event.event_id, event.kind,
                    event.instance_id)
        return {"action": "none", "instanceId": event.instance_id}
    details = {"event": event.kind, "eventId": event.event_id, "instanceId": event.instance_id,
               "instanceStatus": "interrupting" if mark.newly_marked else mark.status, "requeued": requeued}
    if requeued:
        subject = f"Spot interruption: job {requeued['jobId']} requeued from {event.instance_id}"
    elif event.warning:
        subject = f"Spot interruption: {event.instance_id} held no job"
    else:
        subject = f"Rebalance recommendation: {event.instance_id} takes no new job"
    try:
        topic.notify(subject, details)
    except Exception:  # the job is safe by now; a lost notification must not make Lambda retry
        logger.exception("event %s: could not notify the ops topic", event.event_id)
    logger.info("event %s: %s", event.event_id, subject)
    return {"action": "requeued" if requeued else "marked", **details}
