"""The projects listing: newest first, an optional tag, pages of `limit` with a next cursor.

A tag filter reduces what DynamoDB returns per query, so one query may return fewer items than
asked for while more exist further on. The listing keeps querying until it has one item more
than the page holds (proof that a next page exists) or the index ends, so every page is full
except the last, and the last page's ``nextCursor`` is null even when the listing ends exactly
on a page boundary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .data.projects import ProjectPage, position_of, public_view
from .pagination import Position, encode_cursor

DEFAULT_LIMIT = 12
MAX_LIMIT = 50
# Shown in a list; the full text is fetched with the project.
LIST_OMITS = ("body",)


class PublishedProjects(Protocol):
    def query_published(self, *, limit: int, after: Position | None = None,
                        tag: str | None = None) -> ProjectPage: ...


@dataclass(frozen=True)
class Listing:
    items: list[dict[str, Any]]
    next_cursor: str | None

    def as_json(self) -> dict[str, Any]:
        return {"items": self.items, "nextCursor": self.next_cursor}


def list_view(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in public_view(item).items() if k not in LIST_OMITS}


def list_projects(projects: PublishedProjects, *, limit: int, tag: str | None = None,
                  after: Position | None = None) -> Listing:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit is {limit}; expected 1..{MAX_LIMIT}")
    wanted = limit + 1
    found: list[dict[str, Any]] = []
    position = after
    while len(found) < wanted:
        # Ask only for what is still wanted: reads cost capacity, and the next page starts after
        # the last item shown whatever was read beyond it.
        page = projects.query_published(limit=wanted - len(found), after=position, tag=tag)
        found.extend(page.items)
        if page.last_position is None:
            break
        position = page.last_position
    shown = found[:limit]
    next_cursor = encode_cursor(position_of(shown[-1]), tag) if len(found) > limit else None
    return Listing([list_view(item) for item in shown], next_cursor)
