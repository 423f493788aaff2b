import datetime as dt

import pytest

from portfolio_shared.contact import build_record, submit_contact_message
from portfolio_shared.data import ContactMessagesRepository, ProjectsRepository
from portfolio_shared.errors import ConfigurationError, Conflict
from portfolio_shared.models import ContactMessageInput
from portfolio_shared.pagination import Position

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=dt.timezone.utc)
MSG = ContactMessageInput(name="Ada", email="ada@example.com", message="Hello")


def put_project(table, slug, status="published", sort_key=None, **extra):
    table.put_item(Item={"slug": slug, "status": status, "sortKey": sort_key or slug, "title": slug.title(), **extra})


# --- projects ----------------------------------------------------------------------------------

def put_project(table, slug, published_at="2026-01-01", status="published", **extra):
    table.put_item(Item={"slug": slug, "status": status, "sortKey": f"{published_at}#{slug}",
                         "title": slug.title(), "publishedAt": published_at, **extra})


def test_queries_published_projects_newest_first_with_their_index_keys(tables):
    put_project(tables["projects"], "old", "2025-03-01")
    put_project(tables["projects"], "new", "2026-05-01")
    put_project(tables["projects"], "draft", "2027-01-01", status="draft")
    page = ProjectsRepository().query_published(limit=10)
    assert [p["slug"] for p in page.items] == ["new", "old"]
    assert page.items[0]["sortKey"] == "2026-05-01#new"  # the listing builds its cursor from it
    assert page.last_position is None


def test_a_full_query_reports_where_it_stopped_and_continues_after_it(tables):
    for i in range(3):
        put_project(tables["projects"], f"p{i}", f"2026-01-0{i + 1}")
    repo = ProjectsRepository()
    first = repo.query_published(limit=2)
    assert [p["slug"] for p in first.items] == ["p2", "p1"]
    assert first.last_position == Position("p1", "2026-01-02#p1")
    rest = repo.query_published(limit=2, after=first.last_position)
    assert [p["slug"] for p in rest.items] == ["p0"] and rest.last_position is None


def test_tag_filter_keeps_only_projects_with_the_tag(tables):
    put_project(tables["projects"], "a", "2026-01-03", tags=["aws", "ml"])
    put_project(tables["projects"], "b", "2026-01-02", tags=["web"])
    put_project(tables["projects"], "c", "2026-01-01", tags=["aws-lambda"])  # a longer tag is not the tag
    page = ProjectsRepository().query_published(limit=10, tag="aws")
    assert [p["slug"] for p in page.items] == ["a"]


def test_get_published_by_slug_hides_drafts_missing_and_index_keys(tables):
    put_project(tables["projects"], "live", summary="s")
    put_project(tables["projects"], "wip", status="draft")
    repo = ProjectsRepository()
    assert repo.get_published("live") == {"slug": "live", "title": "Live", "summary": "s", "publishedAt": "2026-01-01"}
    assert repo.get_published("wip") is None
    assert repo.get_published("nope") is None


def test_missing_table_environment_variable_is_named(monkeypatch, tables):
    monkeypatch.setenv("PROJECTS_TABLE", " ")
    with pytest.raises(ConfigurationError, match="environment variable PROJECTS_TABLE is not set or empty"):
        ProjectsRepository()
    monkeypatch.delenv("CONTACT_MESSAGES_TABLE")
    with pytest.raises(ConfigurationError, match="environment variable CONTACT_MESSAGES_TABLE is not set"):
        ContactMessagesRepository()


# --- contact messages --------------------------------------------------------------------------

def test_record_has_id_created_at_and_ttl_in_epoch_seconds():
    record = build_record(MSG, now=NOW, retention_days=30)
    assert record["createdAt"] == "2026-01-02T03:04:05.678Z"
    assert record["expiresAt"] == int(NOW.timestamp()) + 30 * 86_400
    assert isinstance(record["expiresAt"], int)
    assert len(record["messageId"]) == 36
    assert {k: record[k] for k in ("name", "email", "message")} == MSG.model_dump(exclude={"website"})
    assert record["kind"] == "message"


def test_naive_time_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        build_record(MSG, now=dt.datetime(2026, 1, 1), retention_days=1)


def test_stores_a_message_round_trip(tables):
    repo = ContactMessagesRepository()
    result = submit_contact_message(repo, MSG, now=NOW, retention_days=7)
    assert result.created
    stored = repo.get(result.message_id)
    assert stored["email"] == "ada@example.com"
    assert stored["createdAt"] == result.created_at
    assert int(stored["expiresAt"]) == int(NOW.timestamp()) + 7 * 86_400


def test_without_a_key_every_submission_is_a_new_message(tables):
    repo = ContactMessagesRepository()
    a = submit_contact_message(repo, MSG, now=NOW, retention_days=7)
    b = submit_contact_message(repo, MSG, now=NOW, retention_days=7)
    assert a.message_id != b.message_id
    assert tables["messages"].scan()["Count"] == 2


def test_retry_with_the_same_key_stores_once_and_returns_the_first(tables):
    repo = ContactMessagesRepository()
    first = submit_contact_message(repo, MSG, now=NOW, retention_days=7, idempotency_key="key-12345678")
    retry = submit_contact_message(repo, MSG, now=NOW + dt.timedelta(seconds=5), retention_days=7,
                                   idempotency_key="key-12345678")
    assert first.created and not retry.created
    assert retry.message_id == first.message_id
    assert retry.created_at == first.created_at
    assert tables["messages"].scan()["Count"] == 1


def test_same_key_with_a_different_message_is_a_409(tables):
    repo = ContactMessagesRepository()
    submit_contact_message(repo, MSG, now=NOW, retention_days=7, idempotency_key="key-12345678")
    other = ContactMessageInput(name="Ada", email="ada@example.com", message="Something else")
    with pytest.raises(Conflict) as info:
        submit_contact_message(repo, other, now=NOW, retention_days=7, idempotency_key="key-12345678")
    assert info.value.status == 409
    assert info.value.code == "idempotency_key_reused"
    assert tables["messages"].scan()["Count"] == 1


def test_conditional_put_does_not_overwrite(tables):
    repo = ContactMessagesRepository()
    assert repo.put_new({"messageId": "m1", "v": 1}) is True
    assert repo.put_new({"messageId": "m1", "v": 2}) is False
    assert repo.get("m1")["v"] == 1


def test_retention_days_from_environment(monkeypatch):
    from portfolio_shared.config import retention_days

    monkeypatch.delenv("CONTACT_MESSAGE_RETENTION_DAYS", raising=False)
    assert retention_days() == 180
    monkeypatch.setenv("CONTACT_MESSAGE_RETENTION_DAYS", "30")
    assert retention_days() == 30
    monkeypatch.setenv("CONTACT_MESSAGE_RETENTION_DAYS", "0")
    with pytest.raises(ConfigurationError, match="is '0'; expected a whole number of days between 1 and 3650"):
        retention_days()
