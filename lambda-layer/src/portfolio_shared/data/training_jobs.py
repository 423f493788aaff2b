"""The training jobs table (functions/README.md): partition key ``jobId`` (S); TTL ``expiresAt``."""

from __future__ import annotations

from typing import Any, Mapping

from botocore.exceptions import ClientError

from ..config import TRAINING_JOBS_TABLE_ENV, dynamodb_resource, required_env


class TrainingJobsRepository:
    def __init__(self, table: Any = None) -> None:
        self._table = (
            table if table is not None else dynamodb_resource().Table(required_env(TRAINING_JOBS_TABLE_ENV))
        )

    def put_new(self, record: Mapping[str, Any]) -> bool:
        """Store `record` unless a job with its jobId exists. True if stored."""
        try:
            self._table.put_item(Item=dict(record), ConditionExpression="attribute_not_exists(jobId)")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def get(self, job_id: str) -> dict[str, Any] | None:
        # Strongly consistent: a client polls right after starting a job.
        return self._table.get_item(Key={"jobId": job_id}, ConsistentRead=True).get("Item")
