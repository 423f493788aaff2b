"""The projects table.

Keys (the infrastructure creates the table with exactly these):
- partition key ``slug`` (S)
- global secondary index ``byStatus``: partition key ``status`` (S), sort key ``sortKey`` (S),
  projection ALL. The program writes every project with ``status = "published"`` and
  ``sortKey = "<publishedAt>#<slug>"``, so reading the index backwards lists newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from boto3.dynamodb.conditions import Attr, Key

from ..config import PROJECTS_TABLE_ENV, dynamodb_resource, required_env
from ..pagination import Position

PUBLISHED = "published"
BY_STATUS_INDEX = "byStatus"
# Index bookkeeping, not part of what the API shows.
INTERNAL_ATTRIBUTES = ("status", "sortKey")


@dataclass(frozen=True)
class ProjectPage:
    """One DynamoDB query's result: raw items (with their index keys) and where it stopped."""

    items: list[dict[str, Any]]
    last_position: Position | None


def position_of(item: Mapping[str, Any]) -> Position:
    return Position(item["slug"], item["sortKey"])


def public_view(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in INTERNAL_ATTRIBUTES}


class ProjectsRepository:
    def __init__(self, table: Any = None) -> None:
        self._table = table if table is not None else dynamodb_resource().Table(required_env(PROJECTS_TABLE_ENV))

    def query_published(self, *, limit: int, after: Position | None = None, tag: str | None = None) -> ProjectPage:
        """Up to `limit` published projects newest first, after `after`, having `tag` if given.

        A tag is a filter: DynamoDB applies it after reading `limit` items, so a page may hold
        fewer items (even none) while more exist; callers loop on `last_position`.
        """
        kwargs: dict[str, Any] = {
            "IndexName": BY_STATUS_INDEX,
            "KeyConditionExpression": Key("status").eq(PUBLISHED),
            "Limit": limit,
            "ScanIndexForward": False,
        }
        if after is not None:
            # A GSI's start key is the table key plus the index key; the partition is always ours.
            kwargs["ExclusiveStartKey"] = {"slug": after.slug, "status": PUBLISHED, "sortKey": after.sort_key}
        if tag is not None:
            kwargs["FilterExpression"] = Attr("tags").contains(tag)
        response = self._table.query(**kwargs)
        last_key = response.get("LastEvaluatedKey")
        return ProjectPage(
            items=list(response.get("Items", [])),
            last_position=position_of(last_key) if last_key else None,
        )

    def get_published(self, slug: str) -> dict[str, Any] | None:
        """The project, or None if it does not exist or is not published (drafts stay hidden)."""
        item = self._table.get_item(Key={"slug": slug}).get("Item")
        if item is None or item.get("status") != PUBLISHED:
            return None
        return public_view(item)
