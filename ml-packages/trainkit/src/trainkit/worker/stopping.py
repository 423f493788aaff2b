"""Why the worker or a job stops, set from other threads (signal handler, spot watch, heartbeat)
and read by the training loop at each step boundary."""

from __future__ import annotations

import logging
import threading
from typing import Callable

logger = logging.getLogger(__name__)

SIGTERM = "SIGTERM"
SPOT_NOTICE = "spot interruption notice"
JOB_LOST = "job taken from this instance"
TASK_CLOSED = "task closed by the workflow"


class Stop:
    """A one-way flag with the first reason given."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._reason: str | None = None
        self._lock = threading.Lock()

    def request(self, reason: str) -> None:
        with self._lock:
            if self._reason is None:
                self._reason = reason
                logger.info("stopping: %s", reason)
        self._event.set()

    @property
    def reason(self) -> str | None:
        return self._reason

    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        return self._event.wait(seconds)


class SpotWatch(threading.Thread):
    """Asks IMDS for a spot interruption notice every `interval` seconds until `done` is set."""

    def __init__(self, ask: Callable[[], dict | None], interval: float, worker_stop: Stop, done: threading.Event) -> None:
        super().__init__(name="spot-watch", daemon=True)
        self.ask = ask
        self.interval = interval
        self.worker_stop = worker_stop
        self.done = done
        self.notice: dict | None = None

    def run(self) -> None:
        failures = 0
        while not self.done.is_set():
            try:
                notice = self.ask()
                failures = 0
            except Exception as exc:  # IMDS hiccups must not end the watch
                failures += 1
                if failures in (1, 10) or failures % 100 == 0:
                    logger.warning("spot notice check failed %d time(s): %s", failures, exc)
                notice = None
            if notice is not None:
                self.notice = notice
                logger.warning("spot interruption notice: %s", notice)
                self.worker_stop.request(SPOT_NOTICE)
                return
            self.done.wait(self.interval)
