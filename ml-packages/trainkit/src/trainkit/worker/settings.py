"""The worker's environment (contract: set by the training instances' user data in the systemd
unit), read once at start. Every problem is collected, so one failed start names them all."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 300
DEFAULT_IMDS_ENDPOINT = "http://169.254.169.254"
DEFAULT_SPOT_CHECK_SECONDS = 5.0
# SQS's longest long poll: fewest empty receives for an idle fleet.
DEFAULT_RECEIVE_WAIT_SECONDS = 20
DEFAULT_RELEASE_GRACE_SECONDS = 20.0
DEFAULT_JOB_RETENTION_DAYS = 90
# SQS caps a message's total invisibility at 12 hours.
MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200

_URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")


class SettingsError(ValueError):
    """The environment is wrong; `problems` has one line per variable."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("the worker's environment is not usable:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass(frozen=True)
class WorkerSettings:
    """What the worker needs to run. Durations in seconds.

    spot_check_seconds: how often IMDS is asked for a spot interruption notice.
    receive_wait_seconds: the long poll of each receive (at most 20).
    release_grace_seconds: after a spot notice, how long the worker leaves the requeue to the
        spot-interruption handler before giving the job back itself (see runner.py).
    receive_limit: the queue's maxReceiveCount (training:receiveLimit); a transient failure on the
        last receive it allows fails the job for good (0: not known, every failure is retried).
    """

    region: str
    stack_name: str
    jobs_queue_url: str
    jobs_table: str
    instances_table: str
    fleet_group_name: str
    heartbeat_seconds: int
    visibility_timeout_seconds: int
    checkpoint_root: Path
    training_data_root: Path
    checkpoint_interval_seconds: float = DEFAULT_CHECKPOINT_INTERVAL_SECONDS
    imds_endpoint: str = DEFAULT_IMDS_ENDPOINT
    spot_check_seconds: float = DEFAULT_SPOT_CHECK_SECONDS
    receive_wait_seconds: int = DEFAULT_RECEIVE_WAIT_SECONDS
    release_grace_seconds: float = DEFAULT_RELEASE_GRACE_SECONDS
    job_retention_days: int = DEFAULT_JOB_RETENTION_DAYS
    receive_limit: int = 0

    def checkpoint_dir(self, job_id: str) -> Path:
        """The job's `/checkpoints/<jobId>/` (the message's checkpointPath) under the mount."""
        return self.checkpoint_root / job_id


class _Reader:
    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.problems: list[str] = []

    def _raw(self, name: str) -> str:
        return self.env.get(name, "").strip()

    def text(self, name: str, meaning: str) -> str:
        value = self._raw(name)
        if not value:
            self.problems.append(f"{name} is not set; expected {meaning}")
        return value

    def url(self, name: str, meaning: str, default: str | None = None) -> str:
        value = self._raw(name) or default
        if value is None:
            self.problems.append(f"{name} is not set; expected {meaning}")
            return ""
        if not _URL.match(value):
            self.problems.append(f"{name} is {value!r}; expected {meaning} (an http:// or https:// URL)")
        return value.rstrip("/")

    def path(self, name: str, meaning: str) -> Path:
        value = self._raw(name)
        if not value:
            self.problems.append(f"{name} is not set; expected {meaning}")
        elif not value.startswith("/"):
            self.problems.append(f"{name} is {value!r}; expected {meaning} (an absolute path)")
        return Path(value or "/")

    def whole(self, name: str, low: int, high: int, unit: str, default: int | None = None) -> int:
        raw = self._raw(name)
        if not raw:
            if default is None:
                self.problems.append(f"{name} is not set; expected a whole number of {unit} from {low} to {high}")
                return low
            return default
        if not raw.isdigit() or not low <= int(raw) <= high:
            self.problems.append(f"{name} is {raw!r}; expected a whole number of {unit} from {low} to {high}")
            return default if default is not None else low
        return int(raw)

    def number(self, name: str, high: float, unit: str, default: float, *, zero_allowed: bool) -> float:
        raw = self._raw(name)
        if not raw:
            return default
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not (0 <= value if zero_allowed else 0 < value) or not value <= high:
            lowest = "from 0" if zero_allowed else "above 0"
            self.problems.append(f"{name} is {raw!r}; expected a number of {unit} {lowest}, at most {high:g}")
            return default
        return value


def from_environment(env: Mapping[str, str]) -> WorkerSettings:
    r = _Reader(env)
    settings = dict(
        region=r.text("AWS_REGION", "the AWS region of the stack, e.g. us-east-1"),
        stack_name=r.text("STACK_NAME", "the stack's name, e.g. dev"),
        jobs_queue_url=r.url("JOBS_QUEUE_URL", "the jobs queue's URL"),
        jobs_table=r.text("TRAINING_JOBS_TABLE", "the training-jobs table's name"),
        instances_table=r.text("INSTANCES_TABLE", "the instances table's name"),
        fleet_group_name=r.text("FLEET_GROUP_NAME", "the training fleet's Auto Scaling group name"),
        heartbeat_seconds=r.whole("HEARTBEAT_SECONDS", 1, 3_600, "seconds (training:heartbeatSeconds)"),
        visibility_timeout_seconds=r.whole("VISIBILITY_TIMEOUT_SECONDS", 2, MAX_VISIBILITY_TIMEOUT_SECONDS,
                                           "seconds (training:visibilityTimeoutSeconds)"),
        checkpoint_root=r.path("CHECKPOINT_ROOT", "the checkpoints mount, /checkpoints"),
        training_data_root=r.path("TRAINING_DATA_ROOT", "the training data mount, /training-data"),
        checkpoint_interval_seconds=r.whole("CHECKPOINT_INTERVAL_SECONDS", 1, 86_400, "seconds",
                                            DEFAULT_CHECKPOINT_INTERVAL_SECONDS),
        imds_endpoint=r.url("IMDS_ENDPOINT", "the instance metadata service", DEFAULT_IMDS_ENDPOINT),
        spot_check_seconds=r.number("SPOT_CHECK_SECONDS", 60, "seconds", DEFAULT_SPOT_CHECK_SECONDS,
                                    zero_allowed=False),
        receive_wait_seconds=r.whole("RECEIVE_WAIT_SECONDS", 0, 20, "seconds", DEFAULT_RECEIVE_WAIT_SECONDS),
        release_grace_seconds=r.number("RELEASE_GRACE_SECONDS", 90, "seconds", DEFAULT_RELEASE_GRACE_SECONDS,
                                       zero_allowed=True),
        job_retention_days=r.whole("JOB_RETENTION_DAYS", 1, 3_650, "days", DEFAULT_JOB_RETENTION_DAYS),
        receive_limit=r.whole("RECEIVE_LIMIT", 1, 1_000, "receives (training:receiveLimit)", 0),
    )
    heartbeat, visibility = settings["heartbeat_seconds"], settings["visibility_timeout_seconds"]
    if not any(p.startswith(("HEARTBEAT_SECONDS", "VISIBILITY_TIMEOUT_SECONDS")) for p in r.problems) \
            and heartbeat >= visibility:
        r.problems.append(f"VISIBILITY_TIMEOUT_SECONDS is {visibility} with HEARTBEAT_SECONDS {heartbeat}; expected "
                          f"more than the heartbeat, or a job's message comes back to another worker between "
                          f"two heartbeats")
    if r.problems:
        raise SettingsError(r.problems)
    return WorkerSettings(**settings)
