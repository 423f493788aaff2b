"""The projects table.

Keys (the infrastructure creates the table with exactly these):
- partition key ``slug`` (S)
- global secondary index ``byStatus``: partition key ``status`` (S), sort key ``sortKey`` (S),
  projection ALL. Listing reads the ``published`` partition in ascending ``sortKey`` order, so
  writers choose ``sortKey`` to order the portfolio (e.g. ``"0010#my-project"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from boto3.dynamodb.conditions import Key

from ..config import PROJECTS_TABLE_ENV, dynamodb_resource, required_env

PUBLISHED = "published"
BY_STATUS_INDEX = "byStatus"
# The attributes of a GSI query's LastEvaluatedKey: table key + index keys.
CURSOR_KEYS = {"slug", "status", "sortKey"}
# Index bookkeeping, not part of what the API shows.
_INTERNAL = ("status", "sortKey")


@dataclass(frozen=True)
class ProjectPage:
    items: list[dict[str, Any]]
    last_key: dict[str, Any] | None


def public_view(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in _INTERNAL}


class ProjectsRepository:
    def __init__(self, table: Any = None) -> None:
        self._table = table if table is not None else dynamodb_resource().Table(required_env(PROJECTS_TABLE_ENV))

    def list_published(self, *, limit: int, start_key: Mapping[str, Any] | None = None) -> ProjectPage:
        kwargs: dict[str, Any] = {
            "IndexName": BY_STATUS_INDEX,
            "KeyConditionExpression": Key("status").eq(PUBLISHED),
            "Limit": limit,
            "ScanIndexForward": True,
        }
        if start_key:
            kwargs["ExclusiveStartKey"] = dict(start_key)
        response = self._table.query(**kwargs)
        return ProjectPage(
            items=[public_view(i) for i in response.get("Items", [])],
            last_key=response.get("LastEvaluatedKey"),
        )

    def get_published(self, slug: str) -> dict[str, Any] | None:
        """The project, or None if it does not exist or is not published (drafts stay hidden)."""
        item = self._table.get_item(Key={"slug": slug}).get("Item")
        if item is None or item.get("status") != PUBLISHED:
            return None
        return public_view(item)
