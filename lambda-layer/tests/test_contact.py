"""Contact messages: honeypot, field errors, the rate limit (counter item, TTL), storing."""

import datetime as dt

import pytest

from portfolio_shared.contact import build_record, honeypot_filled, receive_contact_message
from portfolio_shared.data import ContactMessagesRepository, RateCountersRepository
from portfolio_shared.errors import InvalidFields, TooManyRequests
from portfolio_shared.models import ContactMessageInput
from portfolio_shared.rate_limit import RateLimit, Window, counter_id

NOW = dt.datetime(2026, 3, 4, 10, 15, 0, tzinfo=dt.timezone.utc)  # 15 minutes into an hour
GOOD = {"name": "Ada", "email": "ada@example.com", "message": "Hello", "website": ""}


def receive(body, *, client="203.0.113.9", now=NOW, rate_limit=RateLimit()):
    return receive_contact_message(body, client=client, messages=ContactMessagesRepository(),
                                   counters=RateCountersRepository(), now=now, retention_days=30,
                                   rate_limit=rate_limit)


def stored_messages(tables):
    return [i for i in tables["messages"].scan()["Items"] if i.get("kind") == "message"]


@pytest.mark.parametrize("value, filled", [
    (None, False), ("", False), ("   ", False), ("https://spam.example", True), (0, True), (False, True),
    ([], True), ({}, True),
])
def test_honeypot(value, filled):
    assert honeypot_filled({"website": value}) is filled
    assert honeypot_filled({}) is False


def test_a_filled_honeypot_stores_and_counts_nothing_even_with_bad_fields(tables):
    assert receive({"website": "https://spam.example", "email": "not-an-email"}) is None
    assert tables["messages"].scan()["Items"] == []


def test_a_message_is_stored_with_a_ttl_and_without_the_honeypot(tables):
    result = receive(GOOD)
    (item,) = stored_messages(tables)
    assert item["messageId"] == result.message_id
    assert int(item["expiresAt"]) == int(NOW.timestamp()) + 30 * 86_400
    assert "website" not in item


def test_field_errors_are_422_and_count_nothing(tables):
    with pytest.raises(InvalidFields) as info:
        receive({**GOOD, "email": "nope", "name": ""})
    assert info.value.status == 422
    assert [p["field"] for p in info.value.details] == ["name", "email"]
    assert tables["messages"].scan()["Items"] == []


def test_the_sixth_message_in_an_hour_is_429_with_retry_after_until_the_window_ends(tables):
    for _ in range(5):
        receive(GOOD)
    with pytest.raises(TooManyRequests) as info:
        receive(GOOD)
    assert info.value.status == 429
    assert info.value.headers == {"retry-after": "2700"}  # 45 minutes left in the hour
    assert info.value.message == ("too many messages from this client: at most 5 per 60 minutes; "
                                  "retry after 2700 seconds")
    assert len(stored_messages(tables)) == 5


def test_the_limit_is_per_client_and_per_window(tables):
    for _ in range(5):
        receive(GOOD, client="203.0.113.9")
    receive(GOOD, client="203.0.113.10")  # another client
    receive(GOOD, now=NOW + dt.timedelta(hours=1))  # the next hour
    assert len(stored_messages(tables)) == 7


def test_counter_item_holds_a_hash_not_the_address_and_expires_with_its_window(tables):
    receive(GOOD, client="203.0.113.9")
    (counter,) = [i for i in tables["messages"].scan()["Items"] if i.get("kind") == "rate-limit"]
    window = Window.containing(int(NOW.timestamp()), 3600)
    assert counter["messageId"] == counter_id("203.0.113.9", window)
    assert "203.0.113.9" not in str(counter)
    assert counter["hits"] == 1
    assert counter["expiresAt"] == window.end == int(NOW.timestamp()) + 45 * 60  # the table's TTL attribute


def test_counter_increments_conditionally_and_never_past_the_limit(tables):
    counters = RateCountersRepository()
    results = [counters.increment_below("rate-limit#x", limit=3, expires_at=1) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert counters.hits("rate-limit#x") == 3


def test_retry_after_is_at_least_one_second():
    class Full:
        def increment_below(self, counter, *, limit, expires_at):
            return False

    with pytest.raises(TooManyRequests) as info:
        RateLimit(limit=1, window_seconds=60).admit(Full(), "c", now_epoch=119)  # last second of a window
    assert info.value.retry_after_seconds == 1


def test_a_missing_source_address_shares_one_counter():
    window = Window(0, 3600)
    assert counter_id(None, window) == counter_id(None, window) != counter_id("203.0.113.9", window)


def test_record_does_not_keep_the_honeypot():
    record = build_record(ContactMessageInput(**GOOD), now=NOW, retention_days=1)
    assert "website" not in record and record["name"] == "Ada"
