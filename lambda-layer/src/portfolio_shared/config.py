"""Environment contract between the infrastructure and the route Lambdas.

The infrastructure sets these on every route function that needs the table:

- ``PROJECTS_TABLE``: name of the projects table
- ``CONTACT_MESSAGES_TABLE``: name of the contact messages table
- ``CONTACT_MESSAGE_RETENTION_DAYS`` (optional, default 180): how long a contact message is kept
  before DynamoDB's TTL removes it
"""

from __future__ import annotations

import os
from functools import lru_cache

from .errors import ConfigurationError

PROJECTS_TABLE_ENV = "PROJECTS_TABLE"
CONTACT_MESSAGES_TABLE_ENV = "CONTACT_MESSAGES_TABLE"
RETENTION_DAYS_ENV = "CONTACT_MESSAGE_RETENTION_DAYS"
DEFAULT_RETENTION_DAYS = 180


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ConfigurationError(
            f"environment variable {name} is not set or empty; expected the name of the "
            f"DynamoDB table, set by the infrastructure on this function"
        )
    return value


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
