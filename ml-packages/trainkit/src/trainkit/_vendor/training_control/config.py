"""Environment contract between the infrastructure and the control plane's handlers.

Set by the program for the resources a handler's function.json names (see functions/README.md):
``INSTANCES_TABLE``, ``TRAINING_JOBS_TABLE``, ``JOBS_QUEUE_URL``, ``OPS_TOPIC_ARN``, ``STACK_NAME``.
Optional, with defaults: ``STALE_AFTER_MINUTES`` (15, 2..1440: no heartbeat for this long
expires an instance), ``STOPPED_INSTANCE_RETENTION_DAYS`` (7, 1..365: how long a stopped
instance's entry is kept before DynamoDB's TTL removes it).

Clients are created once per execution environment and reused across invocations.
"""

from __future__ import annotations

import datetime as _dt
import os
from functools import lru_cache

from .fleet import FleetMembership
from .instances import InstanceRegistry
from .jobs import JobsTable
from .messaging import JobQueue, OpsTopic

INSTANCES_TABLE_ENV = "INSTANCES_TABLE"
TRAINING_JOBS_TABLE_ENV = "TRAINING_JOBS_TABLE"
JOBS_QUEUE_URL_ENV = "JOBS_QUEUE_URL"
OPS_TOPIC_ARN_ENV = "OPS_TOPIC_ARN"
STACK_NAME_ENV = "STACK_NAME"
STALE_AFTER_MINUTES_ENV = "STALE_AFTER_MINUTES"
RETENTION_DAYS_ENV = "STOPPED_INSTANCE_RETENTION_DAYS"


class ConfigurationError(RuntimeError):
    """The function is deployed wrong. Raised, not swallowed: the failed invocation lands in the
    function's on-failure destination, where a deployment mistake is seen."""


def required_env(name: str, meaning: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigurationError(f"environment variable {name} is not set or empty; expected {meaning}, set by the "
                                 f"infrastructure for a resource the function's function.json names")
    return value


def _whole_number(name: str, default: int, low: int, high: int, unit: str) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    value = int(raw) if raw.isdigit() else None
    if value is None or not low <= value <= high:
        raise ConfigurationError(f"environment variable {name} is {raw!r}; expected a whole number of {unit} "
                                 f"from {low} to {high}")
    return value


def stale_after() -> _dt.timedelta:
    return _dt.timedelta(minutes=_whole_number(STALE_AFTER_MINUTES_ENV, 15, 2, 1440, "minutes"))


def stopped_retention_seconds() -> int:
    return _whole_number(RETENTION_DAYS_ENV, 7, 1, 365, "days") * 86_400


def stack_name() -> str:
    return required_env(STACK_NAME_ENV, "the stack's name")


@lru_cache(maxsize=None)
def _client(service: str):
    import boto3  # provided by the Lambda runtime

    return boto3.client(service)


@lru_cache(maxsize=1)
def _dynamodb():
    import boto3

    return boto3.resource("dynamodb")


def instance_registry() -> InstanceRegistry:
    return InstanceRegistry(_dynamodb().Table(required_env(INSTANCES_TABLE_ENV, "the instances table's name")))


def jobs_table() -> JobsTable:
    return JobsTable(_dynamodb().Table(required_env(TRAINING_JOBS_TABLE_ENV, "the training-jobs table's name")))


def job_queue() -> JobQueue:
    return JobQueue(_client("sqs"), required_env(JOBS_QUEUE_URL_ENV, "the jobs queue's URL"))


def ops_topic() -> OpsTopic:
    return OpsTopic(_client("sns"), required_env(OPS_TOPIC_ARN_ENV, "the ops topic's ARN"), stack_name())


@lru_cache(maxsize=4)
def _fleet(stack: str) -> FleetMembership:
    return FleetMembership(_client("ec2"), stack)


def fleet_membership() -> FleetMembership:
    """One per execution environment, so its cache of looked-up instances lives across invocations."""
    return _fleet(stack_name())


def reset() -> None:
    """Forgets every client and cached answer (tests switch between mocked accounts)."""
    _client.cache_clear()
    _dynamodb.cache_clear()
    _fleet.cache_clear()
