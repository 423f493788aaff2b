"""One received message, end to end: validate, claim, train, report, and give the job back when
the instance is going away.

Who releases an interrupted job, when both the worker (IMDS notice, SIGTERM) and the
spot-interruption handler (EventBridge warning) react to the same interruption: the one whose
conditional write on the job record lands first. The handler's write counts the interruption
and removes `instanceId`; the worker's (`JobsTable.release`) removes `instanceId` without
counting. Whichever finds the job no longer held by the instance leaves it to the other:
- handler first: it sends the job's new message and deletes the held one; the worker only
  forgets the job (a ReceiptHandleIsInvalid on its message is expected, and is logged).
- worker first: the handler finds the job not held and sends nothing; the worker makes its
  message visible again, so another instance resumes the job from the checkpoint just written.
After a spot notice the worker waits up to RELEASE_GRACE_SECONDS for the handler before it
releases the job itself: the handler's path sends a new message, which does not spend the
job's receive budget; the worker has no sqs:SendMessage, so a message it makes visible again
counts one more receive towards the DLQ. After SIGTERM without a notice no handler is coming
(a stop, a reboot) and the worker releases at once.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import logging
import threading
import time
from typing import Callable

from trainkit._vendor.training_control.instances import InstanceRegistry
from trainkit._vendor.training_control.jobs import JobsTable
from trainkit._vendor.training_control.records import (FAILED, INTERRUPTED, QUEUED, SUCCEEDED, InvalidRecord,
                                                       JobMessage, plain)
from trainkit.checkpoint import CheckpointManager

from .aws import JobsQueue, Received, ScaleInProtection, TaskReports
from .claiming import Decision, decide
from .heartbeat import Heartbeat, beat
from .settings import WorkerSettings
from .stopping import SPOT_NOTICE, TASK_CLOSED, Stop
from .trainers import PermanentTrainingError, trainer_for
from .training import run_steps

logger = logging.getLogger(__name__)

TRANSIENT_ERROR = "Training.Error"
RETRIES_EXHAUSTED = "Training.RetriesExhausted"


class Outcome(enum.Enum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"          # permanently: reported, message deleted
    RETRY = "retry"            # transient failure: counted, message visible again
    RELEASED = "released"      # given back on an interruption: message visible again
    LEFT = "left"              # the job was taken from this instance; its message is not ours to touch
    SKIPPED = "skipped"        # not run: malformed, finished, superseded or held elsewhere


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


class JobRunner:
    def __init__(self, settings: WorkerSettings, instance_id: str, *, jobs: JobsTable, registry: InstanceRegistry,
                 queue: JobsQueue, reports: TaskReports, protection: ScaleInProtection, worker_stop: Stop,
                 now: Callable[[], _dt.datetime] = utc_now, monotonic: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings
        self.instance_id = instance_id
        self.jobs = jobs
        self.registry = registry
        self.queue = queue
        self.reports = reports
        self.protection = protection
        self.worker_stop = worker_stop
        self.now = now
        self.monotonic = monotonic
        self.sleep = sleep
        self.freshness = _dt.timedelta(seconds=settings.visibility_timeout_seconds)

    # -- taking the message ---------------------------------------------------------------------

    def handle(self, received: Received) -> Outcome:
        try:
            message = JobMessage.from_body(received.body)
        except InvalidRecord as exc:
            # Not deleted: it comes back after its visibility timeout, and after the queue's receive
            # limit it lands in the DLQ, where its alarm shows it.
            logger.error("message %s (receive %d) rejected: %s", received.message_id, received.receive_count, exc)
            return Outcome.SKIPPED
        if self.worker_stop.is_set():
            self.queue.make_visible(received.receipt_handle)
            return Outcome.SKIPPED
        if not self._claim(received, message):
            return Outcome.SKIPPED
        # At once, not at the first heartbeat: the queue's own timeout may be shorter than ours.
        self.queue.hide(received.receipt_handle, self.settings.visibility_timeout_seconds)
        if not self.registry.take_job(self.instance_id, message.job_id, received.receipt_handle, self.now()):
            # The instance turned `interrupting` (or was expired) since the job was claimed.
            logger.warning("instance %s takes no new job; giving job %s back", self.instance_id, message.job_id)
            if self.jobs.release(message.job_id, self.instance_id, self.now()):
                self.queue.make_visible(received.receipt_handle)
            return Outcome.SKIPPED
        logger.info("job %s claimed (message %s, receive %d, interruptions %d)", message.job_id,
                    received.message_id, received.receive_count, message.interruptions)
        self.protection.set(True)
        try:
            return self._run(received, message)
        finally:
            self.protection.set(False)
            self.registry.release_job(self.instance_id, message.job_id)

    def _claim(self, received: Received, message: JobMessage) -> bool:
        claim = self.jobs.claim(message, self.instance_id, self.now(), attempt=received.attempt)
        if claim.claimed:
            return True
        holder_id = (claim.job or {}).get("instanceId")
        holder = self.registry.get(holder_id) if holder_id else None
        decision = decide(claim, holder, received.message_id, self.now(), self.freshness)
        if decision is Decision.TAKE_OVER:
            again = self.jobs.claim(message, self.instance_id, self.now(), attempt=received.attempt,
                                    replacing=holder_id)
            if again.claimed:
                logger.warning("job %s: took it over from %s, which sent no heartbeat for %d s", message.job_id,
                               holder_id, self.settings.visibility_timeout_seconds)
                return True
            claim, decision = again, Decision.HIDE
        logger.info("message %s not run: %s (%s)", received.message_id, claim.reason, decision.value)
        if decision is Decision.DELETE:
            self._report_finished_again(message, claim.job or {})
            self.queue.delete(received.receipt_handle)
        else:
            self.queue.hide(received.receipt_handle, self.settings.visibility_timeout_seconds)
        return False

    def _report_finished_again(self, message: JobMessage, job: dict) -> None:
        """A finished job's message came back: its worker may have stopped between writing the
        outcome and reporting it. Report it (again): a task that has reported already answers
        TaskTimedOut, which is logged, so the workflow hears the outcome once in any case."""
        if not message.task_token or job.get("taskToken") != message.task_token:
            return
        if job.get("status") == SUCCEEDED and isinstance(job.get("result"), dict) and "output" in job["result"]:
            self.reports.success(message.task_token, json.loads(job["result"]["output"]))
        elif job.get("status") == FAILED and isinstance(job.get("error"), dict):
            error = plain(job["error"])
            self.reports.failure(message.task_token, str(error.get("Error", TRANSIENT_ERROR)),
                                 str(error.get("Cause", "")))

    # -- training -------------------------------------------------------------------------------

    def _holder(self, job_id: str) -> tuple[str | None, str | None]:
        job = self.jobs.get(job_id) or {}
        return job.get("instanceId"), job.get("status")

    def _may_checkpoint(self, job_id: str) -> bool:
        # Also right after the handler took the job and before anyone claimed it again: this
        # checkpoint is the newest progress, the one the next instance should resume from.
        holder, status = self._holder(job_id)
        return holder == self.instance_id or (holder is None and status in (INTERRUPTED, QUEUED))

    def _run(self, received: Received, message: JobMessage) -> Outcome:
        job_stop = Stop()
        done = threading.Event()
        token = message.task_token
        heartbeat = Heartbeat(interval=self.settings.heartbeat_seconds, job_stop=job_stop, done=done, beat_once=lambda: beat(
            extend_visibility=lambda: self.queue.hide(received.receipt_handle, self.settings.visibility_timeout_seconds),
            task_heartbeat=(lambda: self.reports.heartbeat(token)) if token else None,
            instance_heartbeat=lambda: self.registry.heartbeat(self.instance_id, self.now()),
            job_holder=lambda: self._holder(message.job_id)[0],
            instance_id=self.instance_id))
        heartbeat.start()
        try:
            trainer = trainer_for(message.input, self.settings.training_data_root)
            run = run_steps(trainer, CheckpointManager(self.settings.checkpoint_dir(message.job_id)),
                            should_stop=lambda: self.worker_stop.is_set() or job_stop.is_set(),
                            may_checkpoint=lambda: self._may_checkpoint(message.job_id),
                            interval_seconds=self.settings.checkpoint_interval_seconds, clock=self.monotonic)
        except PermanentTrainingError as exc:
            return self._fail_permanently(received, message, exc.error_name, str(exc))
        except Exception as exc:
            logger.exception("job %s failed", message.job_id)
            return self._fail_transiently(received, message, exc)
        finally:
            done.set()
            heartbeat.join()
        logger.info("job %s ran steps %d..%d of %d", message.job_id, run.start_step, run.step,
                    trainer.total_steps)
        if run.finished:
            return self._succeed(received, message, run.result or {})
        if job_stop.reason == TASK_CLOSED:
            # The workflow gave up on the job (its timeout) and records it failed.
            return self._fail_permanently(received, message, "Training.TaskClosed",
                                          "the workflow closed the job's task before it finished")
        if job_stop.is_set():
            logger.warning("job %s: %s; leaving its message to the new holder", message.job_id, job_stop.reason)
            return Outcome.LEFT
        return self._give_back(received, message)

    # -- outcomes -------------------------------------------------------------------------------

    def _retention_seconds(self) -> int:
        return self.settings.job_retention_days * 86_400

    def _succeed(self, received: Received, message: JobMessage, result: dict) -> Outcome:
        # The conditional write is the gate: only the instance that still holds the job reports it.
        stored = {"output": json.dumps(result, sort_keys=True)}
        if not self.jobs.record_success(message.job_id, self.instance_id, stored, self.now(),
                                        retention_seconds=self._retention_seconds()):
            logger.warning("job %s finished here but was taken from this instance first; its final checkpoint "
                           "lets the new holder finish at once", message.job_id)
            return Outcome.LEFT
        if message.task_token:
            self.reports.success(message.task_token, result)
        self.queue.delete(received.receipt_handle)
        logger.info("job %s succeeded: %s", message.job_id, result)
        return Outcome.SUCCEEDED

    def _fail_permanently(self, received: Received, message: JobMessage, name: str, cause: str) -> Outcome:
        logger.error("job %s failed for good: %s: %s", message.job_id, name, cause)
        if not self.jobs.record_failed(message.job_id, self.instance_id, {"Error": name, "Cause": cause},
                                       self.now(), retention_seconds=self._retention_seconds()):
            logger.warning("job %s is no longer this instance's; not reporting its failure", message.job_id)
            if name != "Training.TaskClosed":
                return Outcome.LEFT
        elif message.task_token:
            self.reports.failure(message.task_token, name, cause)
        self.queue.delete(received.receipt_handle)
        return Outcome.FAILED

    def _fail_transiently(self, received: Received, message: JobMessage, exc: Exception) -> Outcome:
        limit = self.settings.receive_limit
        if limit and received.receive_count >= limit:
            return self._give_up(received, message, f"{type(exc).__name__}: {exc}", limit)
        error = {"Error": TRANSIENT_ERROR, "Cause": f"{type(exc).__name__}: {exc}"[:1000]}
        counted = self.jobs.record_failure(message.job_id, self.instance_id, received.attempt, error, self.now())
        logger.warning("job %s: failure %s counted (%s); its message becomes visible again", message.job_id,
                       received.attempt, counted.outcome.value)
        self.queue.make_visible(received.receipt_handle)
        return Outcome.RETRY

    def _give_up(self, received: Received, message: JobMessage, cause: str, limit: int) -> Outcome:
        # The last receive the queue allows: SQS moves the message to the dead-letter queue at its
        # next receive, where nobody would report the task. Report it now, or the workflow waits
        # for the job timeout. The workflow's failure record counts this last attempt.
        error = {"Error": RETRIES_EXHAUSTED,
                 "Cause": f"receive {received.receive_count} of {limit} failed, the job goes to the dead-letter "
                          f"queue: {cause}"[:1000]}
        logger.error("job %s failed on its last allowed receive: %s", message.job_id, error["Cause"])
        if self.jobs.record_failed(message.job_id, self.instance_id, error, self.now(),
                                   retention_seconds=self._retention_seconds()):
            if message.task_token:
                self.reports.failure(message.task_token, RETRIES_EXHAUSTED, error["Cause"])
        else:
            logger.warning("job %s is no longer this instance's; not reporting its failure", message.job_id)
        self.queue.make_visible(received.receipt_handle)
        return Outcome.FAILED

    def _give_back(self, received: Received, message: JobMessage) -> Outcome:
        if self.worker_stop.reason == SPOT_NOTICE:
            deadline = self.monotonic() + self.settings.release_grace_seconds
            while self.monotonic() < deadline and self._holder(message.job_id)[0] == self.instance_id:
                self.sleep(min(1.0, max(0.05, self.settings.release_grace_seconds / 20)))
        if self.jobs.release(message.job_id, self.instance_id, self.now()):
            self.queue.make_visible(received.receipt_handle)
            logger.warning("job %s given back (%s): its message is visible again for another instance",
                           message.job_id, self.worker_stop.reason)
            return Outcome.RELEASED
        logger.info("job %s was requeued by the interruption handler; leaving its message to it", message.job_id)
        return Outcome.LEFT
