"""Hostile and odd input on every route: always a 4xx JSON error (or a success), never a 5xx."""

import base64
import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from routes_test_support import ROUTES, call, event_for

INJECTIONS = [
    "' OR '1'='1", "\"; DROP TABLE projects; --", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
    "../../etc/passwd", "%00", "\u0000", "{{7*7}}", "attribute_exists(slug)", "#status = :s",
    "\ud800", "😀" * 50, "\u202e", "A" * 5000,
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30) | st.sampled_from(INJECTIONS),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=15,
)
CONTENT_TYPES = st.sampled_from([
    "application/json", "application/json; charset=utf-8", "text/plain", "", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/vnd.api+json", "APPLICATION/JSON", ";", "application/octet-stream",
])
QUERY_TEXT = st.text(max_size=40) | st.sampled_from(INJECTIONS) | st.sampled_from(
    ["0", "-5", "51", "1e2", "12.0", " 12", "0x10", "٣", "9" * 40, "", "null"])
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def assert_client_error_or_success(answer):
    assert answer.status < 500, answer.body
    if answer.status >= 400:
        assert set(answer.body) == {"error"} and {"code", "message"} <= set(answer.body["error"])
        assert "Traceback" not in json.dumps(answer.body)


def bodies(fields):
    return st.one_of(
        st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
        st.text(max_size=200),
        JSON_VALUES.map(json.dumps),
        st.fixed_dictionaries({}, optional={k: JSON_VALUES for k in fields}).map(json.dumps),
    )


@SETTINGS
@given(body=bodies(["name", "email", "message", "website", "subject"]), content_type=CONTENT_TYPES,
       as_base64=st.booleans(), key=st.none() | st.text(max_size=20))
def test_contact(stack, body, content_type, as_base64, key):
    headers = {"content-type": content_type} if content_type else {}
    if key is not None:
        headers["idempotency-key"] = key
    event = event_for("submit-contact", headers=headers, source_ip="192.0.2.1")
    event["body"] = base64.b64encode(body.encode("utf-8", "surrogatepass")).decode() if as_base64 else body
    event["isBase64Encoded"] = as_base64
    assert_client_error_or_success(call("submit-contact", event))


@SETTINGS
@given(body=bodies(["jobId", "input"]), content_type=CONTENT_TYPES)
def test_start_training_job(stack, body, content_type):
    event = event_for("start-training-job", headers={"content-type": content_type})
    event["body"] = body
    assert_client_error_or_success(call("start-training-job", event))


@SETTINGS
@given(job_input=st.dictionaries(st.text(max_size=70), JSON_VALUES, max_size=5),
       job_id=st.none() | st.text(max_size=70))
def test_start_training_job_with_odd_inputs(stack, job_input, job_id):
    body = {"input": job_input} if job_id is None else {"input": job_input, "jobId": job_id}
    event = event_for("start-training-job", headers={"content-type": "application/json"}, body=json.dumps(body))
    assert_client_error_or_success(call("start-training-job", event))


@SETTINGS
@given(params=st.dictionaries(st.sampled_from(["limit", "cursor", "tag", "other", ""]), QUERY_TEXT, max_size=4))
def test_list_projects(stack, params):
    event = event_for("list-projects")
    event["queryStringParameters"] = params
    assert_client_error_or_success(call("list-projects", event))


@SETTINGS
@given(cursor=st.one_of(
    st.text(max_size=300),
    JSON_VALUES.map(lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode().rstrip("=")),
    st.fixed_dictionaries({"v": JSON_VALUES, "s": JSON_VALUES, "k": JSON_VALUES, "t": JSON_VALUES})
    .map(lambda v: base64.urlsafe_b64encode(json.dumps(v).encode()).decode()),
))
def test_forged_cursors(stack, cursor):
    event = event_for("list-projects")
    event["queryStringParameters"] = {"cursor": cursor}
    answer = call("list-projects", event)
    assert_client_error_or_success(answer)


@SETTINGS
@given(value=QUERY_TEXT)
def test_path_parameters(stack, value):
    for folder, name in (("get-project", "slug"), ("get-training-job", "id")):
        event = event_for(folder)
        event["pathParameters"] = {name: value}
        assert_client_error_or_success(call(folder, event))


@pytest.mark.parametrize("folder", sorted(ROUTES))
@pytest.mark.parametrize("mangle", [
    lambda e: e.pop("requestContext"),
    lambda e: e.update(headers=None, queryStringParameters=None, pathParameters=None),
    lambda e: e.update(body=None),
    lambda e: e.update(body="", isBase64Encoded=True),
    lambda e: e.update(body="!!!not base64!!!", isBase64Encoded=True),
    lambda e: e.update(body=json.dumps({"x": "é" * 9000}), headers={"content-type": "application/json"}),
], ids=["no-request-context", "null-maps", "no-body", "empty-base64", "bad-base64", "oversize-unicode"])
def test_malformed_events(stack, folder, mangle):
    event = event_for(folder, path_params={"slug": "x", "id": "x"})
    mangle(event)
    assert_client_error_or_success(call(folder, event))
