"""While a job trains: every HEARTBEAT_SECONDS keep its message hidden (visibility back to
VISIBILITY_TIMEOUT_SECONDS), tell the workflow it is alive (task heartbeat), refresh the instance's
`lastHeartbeat`, and check that the job is still this instance's. A job taken away (the
interruption handler requeued it, or another worker took over a message that came back) stops
at the next step boundary and writes no more checkpoints."""

from __future__ import annotations

import logging
import threading
from typing import Callable

from .aws import Report
from .stopping import JOB_LOST, TASK_CLOSED, Stop

logger = logging.getLogger(__name__)


class Heartbeat(threading.Thread):
    def __init__(self, *, interval: float, beat_once: Callable[[], str | None], job_stop: Stop,
                 done: threading.Event) -> None:
        super().__init__(name="heartbeat", daemon=True)
        self.interval = interval
        self.beat_once = beat_once
        self.job_stop = job_stop
        self.done = done
        self.beats = 0

    def run(self) -> None:
        while not self.done.wait(self.interval):
            try:
                stop_reason = self.beat_once()
                self.beats += 1
            except Exception:  # a failed beat is retried at the next one; the job goes on
                logger.exception("heartbeat failed")
                continue
            if stop_reason:
                self.job_stop.request(stop_reason)


def beat(*, extend_visibility: Callable[[], bool], task_heartbeat: Callable[[], Report] | None,
         instance_heartbeat: Callable[[], bool], job_holder: Callable[[], str | None], instance_id: str) -> str | None:
    """One heartbeat; returns why the job must stop, or None."""
    message_kept = extend_visibility()
    if task_heartbeat is not None and task_heartbeat() is Report.CLOSED:
        return TASK_CLOSED
    instance_heartbeat()
    holder = job_holder()
    if holder != instance_id:
        return f"{JOB_LOST} (now held by {holder or 'nobody'})"
    if not message_kept:
        # Still ours in the table, but SQS no longer has our receipt: another delivery will be
        # refused while we heartbeat, and the success gate in the table still decides.
        logger.warning("the job's message could not be kept hidden; the job record still names this instance")
    return None
