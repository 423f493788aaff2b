"""Environment contract between the infrastructure and the route Lambdas (routes/README.md).

The infrastructure sets, on each route function, only what the route's definition names:

- ``PROJECTS_TABLE``, ``CONTACT_MESSAGES_TABLE``, ``TRAINING_JOBS_TABLE``: table names
- ``TRAINING_STATE_MACHINE_ARN``: the training workflow; absent while the stack has none
- ``STACK_NAME``: the stack (``dev``, ``prod``)
- ``DEPLOYED_VERSION``: the deployed code's content fingerprint (12 hex digits)
- ``CONTACT_MESSAGE_RETENTION_DAYS`` (optional, default 180): how long a contact message is kept
  before DynamoDB's TTL removes it
"""

from __future__ import annotations

import os
from functools import lru_cache

from .errors import ConfigurationError

PROJECTS_TABLE_ENV = "PROJECTS_TABLE"
CONTACT_MESSAGES_TABLE_ENV = "CONTACT_MESSAGES_TABLE"
TRAINING_JOBS_TABLE_ENV = "TRAINING_JOBS_TABLE"
TRAINING_STATE_MACHINE_ARN_ENV = "TRAINING_STATE_MACHINE_ARN"
STACK_NAME_ENV = "STACK_NAME"
DEPLOYED_VERSION_ENV = "DEPLOYED_VERSION"
RETENTION_DAYS_ENV = "CONTACT_MESSAGE_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 180


def required_env(name: str, what: str = "the name of the DynamoDB table") -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigurationError(
            f"environment variable {name} is not set or empty; expected {what}, set by the "
            f"infrastructure on this function"
        )
    return value


def optional_env(name: str) -> str | None:
    """The variable's value, or None when it is absent or blank."""
    return os.environ.get(name, "").strip() or None


def retention_days() -> int:
    raw = os.environ.get(RETENTION_DAYS_ENV, "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(raw)
    except ValueError:
        days = 0
    if not 1 <= days <= 3650:
        raise ConfigurationError(
            f"environment variable {RETENTION_DAYS_ENV} is {raw!r}; expected a whole number of days "
            f"between 1 and 3650"
        )
    return days


@lru_cache(maxsize=1)
def dynamodb_resource():
    """One boto3 resource per execution environment, reused across invocations (cold start cost)."""
    import boto3  # provided by the Lambda runtime

    return boto3.resource("dynamodb")


@lru_cache(maxsize=1)
def stepfunctions_client():
    import boto3

    return boto3.client("stepfunctions")
