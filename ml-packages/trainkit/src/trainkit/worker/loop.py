"""The worker's life on an instance: register, poll for jobs one at a time, heartbeat while idle,
stop on SIGTERM or a spot notice (after giving back the job it holds)."""

from __future__ import annotations

import datetime as _dt
import logging
import threading
import time
from typing import Callable

from trainkit._vendor.training_control.instances import InstanceRegistry
from trainkit._vendor.training_control.records import PENDING, RUNNING

from .aws import JobsQueue
from .runner import JobRunner, Outcome, utc_now
from .settings import WorkerSettings
from .stopping import SpotWatch, Stop

logger = logging.getLogger(__name__)

TAKES_JOBS = (PENDING, RUNNING)


class Worker:
    def __init__(self, settings: WorkerSettings, instance_id: str, *, registry: InstanceRegistry, queue: JobsQueue,
                 runner: JobRunner, spot_notice: Callable[[], dict | None], stop: Stop,
                 now: Callable[[], _dt.datetime] = utc_now, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.instance_id = instance_id
        self.registry = registry
        self.queue = queue
        self.runner = runner
        self.spot_notice = spot_notice
        self.stop_signal = stop
        self.now = now
        self.monotonic = monotonic
        self.outcomes: list[Outcome] = []
        self._last_beat = -float("inf")

    def stop(self, reason: str) -> None:
        self.stop_signal.request(reason)

    def register(self) -> str | None:
        """Registers the instance as running (never over `interrupting` or `stopped`); its status."""
        now = self.now()
        self.registry.register(self.instance_id, RUNNING, now)
        self.registry.heartbeat(self.instance_id, now)
        self._last_beat = self.monotonic()
        entry = self.registry.get(self.instance_id) or {}
        logger.info("instance %s registered; status %s", self.instance_id, entry.get("status"))
        return entry.get("status")

    def _heartbeat_if_due(self) -> None:
        if self.monotonic() - self._last_beat >= self.settings.heartbeat_seconds:
            self.registry.heartbeat(self.instance_id, self.now())
            self._last_beat = self.monotonic()

    def run(self) -> int:
        status = self.register()
        watch_done = threading.Event()
        watch = SpotWatch(self.spot_notice, self.settings.spot_check_seconds, self.stop_signal, watch_done)
        watch.start()
        refused_status = None
        try:
            while not self.stop_signal.is_set():
                self._heartbeat_if_due()
                status = (self.registry.get(self.instance_id) or {}).get("status")
                if status not in TAKES_JOBS:
                    # `interrupting` (a rebalance recommendation or a warning) or `stopped`: no new job.
                    if status != refused_status:
                        logger.warning("instance %s is %s: taking no new job", self.instance_id, status)
                        refused_status = status
                    self.stop_signal.wait(max(1.0, self.settings.spot_check_seconds))
                    continue
                received = self.queue.receive(self.settings.receive_wait_seconds)
                if received is not None:
                    self.outcomes.append(self.runner.handle(received))
                elif self.settings.receive_wait_seconds == 0:
                    self.stop_signal.wait(0.1)
        finally:
            watch_done.set()
            watch.join()
        logger.info("worker on %s stopped: %s", self.instance_id, self.stop_signal.reason)
        return 0
