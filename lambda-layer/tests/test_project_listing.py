"""The listing over moto: pages, boundaries, the tag filter across DynamoDB pages, cursors."""

import pytest

from portfolio_shared.data import ProjectsRepository
from portfolio_shared.data.projects import ProjectPage
from portfolio_shared.pagination import decode_cursor
from portfolio_shared.project_listing import list_projects


def add(table, count, *, tag_every=None):
    """`count` projects p000.., published one day apart (p000 oldest); every `tag_every`-th has tag 'rare'."""
    slugs = []
    with table.batch_writer() as batch:
        for i in range(count):
            slug = f"p{i:03d}"
            tags = ["common"] + (["rare"] if tag_every and i % tag_every == 0 else [])
            day = f"2025-{1 + i // 28:02d}-{1 + i % 28:02d}"
            batch.put_item(Item={"slug": slug, "status": "published", "sortKey": f"{day}#{slug}",
                                 "publishedAt": day, "title": slug, "body": "long text", "tags": tags})
            slugs.append(slug)
    return list(reversed(slugs))  # newest first


def pages(limit, tag=None):
    """Every page of the listing, following nextCursor to the end."""
    result, after = [], None
    while True:
        listing = list_projects(ProjectsRepository(), limit=limit, tag=tag, after=after)
        result.append(listing)
        if listing.next_cursor is None:
            return result
        after = decode_cursor(listing.next_cursor, tag=tag)


def slugs_of(listings):
    return [[p["slug"] for p in listing.items] for listing in listings]


@pytest.mark.parametrize("count, limit, sizes", [
    (0, 12, [0]),
    (1, 1, [1]),
    (3, 1, [1, 1, 1]),
    (24, 12, [12, 12]),  # an exact multiple: the last page says there is nothing more
    (25, 12, [12, 12, 1]),
    (50, 50, [50]),
    (51, 50, [50, 1]),
    (100, 50, [50, 50]),
])
def test_pages_are_full_newest_first_and_the_last_has_no_cursor(tables, count, limit, sizes):
    newest_first = add(tables["projects"], count)
    listings = pages(limit)
    assert [len(page) for page in slugs_of(listings)] == sizes
    assert sum(slugs_of(listings), []) == newest_first
    assert all(listing.next_cursor for listing in listings[:-1])
    assert listings[-1].next_cursor is None


def test_tag_filter_fills_pages_across_dynamodb_pages(tables):
    newest_first = add(tables["projects"], 60, tag_every=7)  # 9 of 60 have the tag, spread out
    rare = [s for s in newest_first if int(s[1:]) % 7 == 0]
    listings = pages(4, tag="rare")
    assert slugs_of(listings) == [rare[0:4], rare[4:8], rare[8:9]]
    assert listings[-1].next_cursor is None


def test_tag_filter_on_an_exact_multiple_ends_with_a_null_cursor(tables):
    add(tables["projects"], 30, tag_every=10)  # p000, p010, p020
    listings = pages(3, tag="rare")
    assert slugs_of(listings) == [["p020", "p010", "p000"]]
    assert listings[0].next_cursor is None


def test_unknown_tag_is_an_empty_listing(tables):
    add(tables["projects"], 5)
    assert slugs_of(pages(12, tag="nothing-has-this")) == [[]]


def test_list_items_leave_out_the_body_and_the_index_keys(tables):
    add(tables["projects"], 1)
    (item,) = list_projects(ProjectsRepository(), limit=1).items
    assert item == {"slug": "p000", "title": "p000", "publishedAt": "2025-01-01", "tags": ["common"]}


class CountingProjects:
    """Answers queries from a list, as DynamoDB would with a filter: `limit` read, matching returned."""

    def __init__(self, items):
        self.items = items
        self.asked = []

    def query_published(self, *, limit, after=None, tag=None):
        self.asked.append(limit)
        start = 0 if after is None else [i["slug"] for i in self.items].index(after.slug) + 1
        read = self.items[start:start + limit]
        last = read[-1] if start + limit < len(self.items) and read else None
        from portfolio_shared.data.projects import position_of
        return ProjectPage([i for i in read if tag is None or tag in i["tags"]],
                           position_of(last) if last else None)


def test_never_reads_more_than_one_item_past_the_page():
    items = [{"slug": f"p{i}", "sortKey": f"2026-01-01#p{i}", "tags": ["t"] if i % 2 else []} for i in range(40)]
    projects = CountingProjects(items)
    listing = list_projects(projects, limit=5, tag="t")
    assert [p["slug"] for p in listing.items] == ["p1", "p3", "p5", "p7", "p9"]
    assert projects.asked == [6, 3, 2, 1]  # 6 read -> 3 match, 3 more -> 1, 2 -> 1, 1 -> 1


@pytest.mark.parametrize("limit", [0, 51, -1])
def test_limit_outside_1_to_50_is_a_programming_error(limit):
    with pytest.raises(ValueError, match=f"limit is {limit}; expected 1..50"):
        list_projects(CountingProjects([]), limit=limit)
