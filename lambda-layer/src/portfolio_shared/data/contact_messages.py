"""The contact messages table.

Keys (the infrastructure creates the table with exactly these):
- partition key ``messageId`` (S)
- TTL attribute ``expiresAt`` (number, epoch seconds)
"""

from __future__ import annotations

from typing import Any, Mapping

from botocore.exceptions import ClientError

from ..config import CONTACT_MESSAGES_TABLE_ENV, dynamodb_resource, required_env


class ContactMessagesRepository:
    def __init__(self, table: Any = None) -> None:
        self._table = (
            table if table is not None else dynamodb_resource().Table(required_env(CONTACT_MESSAGES_TABLE_ENV))
        )

    def put_new(self, record: Mapping[str, Any]) -> bool:
        """Store `record` unless an item with its messageId exists. True if stored."""
        try:
            self._table.put_item(Item=dict(record), ConditionExpression="attribute_not_exists(messageId)")
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def get(self, message_id: str) -> dict[str, Any] | None:
        # Strongly consistent: used right after a conditional put lost a race.
        return self._table.get_item(Key={"messageId": message_id}, ConsistentRead=True).get("Item")
