"""Rate limit counters, kept in the contact messages table (partition key ``messageId``).

A counter item: ``messageId`` = ``rate-limit#<hash>``, ``hits`` (number), ``expiresAt`` (the
table's TTL attribute, epoch seconds at the end of the window), ``kind = "rate-limit"``.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from ..config import CONTACT_MESSAGES_TABLE_ENV, dynamodb_resource, required_env

COUNTER_KIND = "rate-limit"


class RateCountersRepository:
    def __init__(self, table: Any = None) -> None:
        self._table = (
            table if table is not None else dynamodb_resource().Table(required_env(CONTACT_MESSAGES_TABLE_ENV))
        )

    def increment_below(self, counter: str, *, limit: int, expires_at: int) -> bool:
        try:
            self._table.update_item(
                Key={"messageId": counter},
                # Names through placeholders: DynamoDB reserves many plain words.
                UpdateExpression="ADD #hits :one SET #expires = :expires, #kind = :kind",
                ConditionExpression="attribute_not_exists(messageId) OR #hits < :limit",
                ExpressionAttributeNames={"#hits": "hits", "#expires": "expiresAt", "#kind": "kind"},
                ExpressionAttributeValues={":one": 1, ":limit": limit, ":expires": expires_at,
                                           ":kind": COUNTER_KIND},
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def hits(self, counter: str) -> int:
        item = self._table.get_item(Key={"messageId": counter}, ConsistentRead=True).get("Item")
        return int(item["hits"]) if item else 0
