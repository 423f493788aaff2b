import base64
import json

import pytest
from hypothesis import given, strategies as st

from portfolio_shared.errors import ValidationFailed
from portfolio_shared.pagination import Position, decode_cursor, encode_cursor

HERE = Position("my-project", "2026-05-01#my-project")
NOT_A_CURSOR = ("query parameter 'cursor' is not a cursor returned by this API; expected the 'nextCursor' "
                "of a previous page")


def forge(data) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def refused(cursor, tag=None) -> str:
    with pytest.raises(ValidationFailed) as info:
        decode_cursor(cursor, tag=tag)
    assert info.value.status == 400
    assert info.value.details[0]["field"] == "cursor"
    return info.value.message


@pytest.mark.parametrize("tag", [None, "aws"])
def test_round_trip_is_opaque_url_safe_text(tag):
    cursor = encode_cursor(HERE, tag)
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_cursor(cursor, tag=tag) == HERE


def test_a_cursor_is_bound_to_its_listings_tag():
    assert refused(encode_cursor(HERE, "aws"), tag=None) == (
        "query parameter 'cursor' belongs to the listing with tag 'aws', but this request has no tag; "
        "expected the 'nextCursor' of a page of the same listing")
    assert "this request has tag 'web'" in refused(encode_cursor(HERE, "aws"), tag="web")
    assert "belongs to the listing with no tag" in refused(encode_cursor(HERE, None), tag="aws")


@pytest.mark.parametrize("data", [
    {"v": 1, "s": "x", "k": "2026-01-01#x", "t": None, "status": "draft"},  # another partition
    {"v": 1, "s": "x", "k": "2026-01-01#y", "t": None},  # sort key of another slug
    {"v": 1, "s": "x", "k": "x", "t": None},  # not the program's sort key
    {"v": 1, "s": "x", "k": "9999-99-99x#x", "t": None},
    {"v": 1, "s": "X Y", "k": "2026-01-01#X Y", "t": None},  # not a slug
    {"v": 1, "s": "x", "k": {"S": "2026-01-01#x"}, "t": None},  # a DynamoDB-typed value
    {"v": 2, "s": "x", "k": "2026-01-01#x", "t": None},  # a version we never wrote
    {"v": True, "s": "x", "k": "2026-01-01#x", "t": None},
    {"v": 1, "s": "x", "k": "2026-01-01#x", "t": 5},
    {"v": 1, "s": "x", "k": "2026-01-01#x"},
    [1, 2], "text", None, 7,
])
def test_forged_cursors_are_400(data):
    assert refused(forge(data)) == NOT_A_CURSOR


@pytest.mark.parametrize("cursor", ["%%%", "eyJ9", "a", "é", "=" * 8, "A" * 513, "e30", forge("x" * 300)])
def test_garbled_cursors_are_400(cursor):
    assert refused(cursor) == NOT_A_CURSOR


@given(st.text(max_size=600))
def test_no_text_decodes_to_anything_but_a_400_or_a_position(text):
    try:
        assert isinstance(decode_cursor(text, tag=None), Position)
    except ValidationFailed as exc:
        assert exc.status == 400
