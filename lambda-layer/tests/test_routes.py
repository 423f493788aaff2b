"""The layer used the way route handlers use it: real-shaped events, moto tables."""

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from layer_test_support import FakeContext, http_event
from routes_under_test import get_project, list_projects, post_contact

GOOD = {"name": "Ada", "email": "ada@example.com", "message": "Hi"}


def call(handler, event):
    response = handler(event, FakeContext())
    return response["statusCode"], json.loads(response["body"]) if response["body"] else None, response["headers"]


def contact(body, headers=None):
    return http_event("POST", "/contact", body=body if isinstance(body, str) else json.dumps(body),
                      headers={"content-type": "application/json", **(headers or {})})


def test_list_and_page_with_cursor(tables):
    for i in range(3):
        tables["projects"].put_item(Item={"slug": f"p{i}", "status": "published", "sortKey": f"{i}"})
    status, body, headers = call(list_projects, http_event(query={"limit": "2"}))
    assert status == 200 and [p["slug"] for p in body["items"]] == ["p0", "p1"]
    assert headers["cache-control"] == "public, max-age=60"
    status, body, _ = call(list_projects, http_event(query={"limit": "2", "cursor": body["nextCursor"]}))
    assert [p["slug"] for p in body["items"]] == ["p2"] and body["nextCursor"] is None


def test_tampered_cursor_is_400(tables):
    import base64
    forged = base64.urlsafe_b64encode(json.dumps({"slug": "x", "status": "draft", "sortKey": "0"}).encode()).decode()
    for cursor in [forged, "%%%", "eyJ9"]:
        status, body, _ = call(list_projects, http_event(query={"cursor": cursor}))
        assert status == 400
        assert body["error"]["details"][0]["field"] == "cursor"


def test_get_project_404_and_400(tables):
    tables["projects"].put_item(Item={"slug": "live", "status": "published", "sortKey": "1"})
    assert call(get_project, http_event(path_params={"slug": "live"}))[0] == 200
    status, body, _ = call(get_project, http_event(path_params={"slug": "gone"}))
    assert status == 404 and body["error"]["message"] == "project 'gone' does not exist or is not published"
    assert call(get_project, http_event(path_params={"slug": "Bad Slug"}))[0] == 400


def test_post_contact_creates_then_replays(tables):
    status, first, headers = call(post_contact, contact(GOOD, {"idempotency-key": "0123456789"}))
    assert status == 201 and "idempotent-replayed" not in headers
    assert headers["cache-control"] == "no-store"
    status, again, headers = call(post_contact, contact(GOOD, {"idempotency-key": "0123456789"}))
    assert status == 201 and again == first and headers["idempotent-replayed"] == "true"


def test_post_contact_validation_error_names_the_field(tables):
    status, body, _ = call(post_contact, contact({**GOOD, "email": "nope"}))
    assert status == 400
    assert body["error"]["message"] == "field 'email' must be an email address like name@example.com, got 'nope'"
    assert body["error"]["requestId"] == "req-123"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.text(max_size=200),
        json_values.map(json.dumps),
        st.fixed_dictionaries({}, optional={k: json_values for k in ["name", "email", "message", "subject", "x"]}).map(json.dumps),
    ),
    content_type=st.sampled_from(["application/json", "text/plain", "", "application/json; charset=utf-8"]),
    key=st.one_of(st.none(), st.text(max_size=20)),
)
def test_bad_input_never_yields_a_5xx(tables, body, content_type, key):
    headers = {"content-type": content_type}
    if key is not None:
        headers["idempotency-key"] = key
    status, payload, _ = call(post_contact, http_event("POST", "/contact", body=body, headers=headers))
    assert status < 500, payload


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.sampled_from(["limit", "cursor", "other"]), st.text(max_size=40), max_size=3),
       slug=st.text(max_size=30))
def test_bad_list_and_get_input_never_yields_a_5xx(tables, query, slug):
    assert call(list_projects, http_event(query=query))[0] < 500
    assert call(get_project, http_event(path_params={"slug": slug}))[0] < 500
