"""Each route's handler against the local stack in moto: success and failure paths, per the contract."""

import base64
import json
import os
import time

import boto3
import pytest

from local_aws import REGION
from local_content import load_projects
from routes_test_support import ROUTES, ROUTES_DIR, call, event_for, post_json, table

CONTENT = load_projects(ROUTES_DIR.parent / "content" / "projects.json")
NEWEST_FIRST = [p["slug"] for p in sorted(CONTENT, key=lambda p: (p["publishedAt"], p["slug"]), reverse=True)]
CONTACT = {"name": "Ada Lovelace", "email": "ada@example.com", "message": "I liked the spot GPU write-up.",
           "website": ""}


def error_of(answer, status, code):
    assert answer.status == status, answer.body
    assert answer.headers["content-type"] == "application/json; charset=utf-8"
    assert answer.body["error"]["code"] == code
    return answer.body["error"]


# --- every route -------------------------------------------------------------------------------

@pytest.mark.parametrize("folder", sorted(ROUTES))
def test_every_route_refuses_other_methods_with_405(stack, folder):
    other = "DELETE" if ROUTES[folder].method != "DELETE" else "GET"
    answer = call(folder, method=other, path_params={"slug": "x", "id": "x"})
    assert error_of(answer, 405, "method_not_allowed")["message"] == (
        f"method {other} is not allowed here; expected {ROUTES[folder].method}")
    assert answer.headers["allow"] == ROUTES[folder].method


# --- GET /api/health ---------------------------------------------------------------------------

def test_health_reports_stack_and_version(stack):
    answer = call("health")
    assert answer.status == 200
    assert answer.body == {"status": "ok", "stack": "local", "version": "0123456789ab"}
    assert answer.headers["cache-control"] == "no-store"


def test_health_without_its_environment_is_a_500_that_says_nothing(stack, monkeypatch):
    monkeypatch.delenv("DEPLOYED_VERSION")
    answer = call("health")
    assert error_of(answer, 500, "internal_error")["message"].startswith("An unexpected error occurred")
    assert "DEPLOYED_VERSION" not in json.dumps(answer.body)


# --- GET /api/projects -------------------------------------------------------------------------

def test_lists_the_content_newest_first_without_body_or_index_keys(stack):
    answer = call("list-projects")
    assert answer.status == 200
    assert [p["slug"] for p in answer.body["items"]] == NEWEST_FIRST
    assert answer.body["nextCursor"] is None
    first = answer.body["items"][0]
    assert set(first) == {"slug", "title", "summary", "tags", "publishedAt", "updatedAt", "links", "image"}
    assert answer.headers["cache-control"] == "public, max-age=60"


def test_pages_with_limit_and_cursor(stack):
    first = call("list-projects", query="limit=4")
    assert [p["slug"] for p in first.body["items"]] == NEWEST_FIRST[:4]
    rest = call("list-projects", query=f"limit=4&cursor={first.body['nextCursor']}")
    assert [p["slug"] for p in rest.body["items"]] == NEWEST_FIRST[4:]
    assert rest.body["nextCursor"] is None


def test_tag_filter(stack):
    answer = call("list-projects", query="tag=machine-learning&limit=2")
    tagged = [p["slug"] for p in sorted(CONTENT, key=lambda p: p["publishedAt"], reverse=True)
              if "machine-learning" in p["tags"]]
    assert [p["slug"] for p in answer.body["items"]] == tagged[:2]
    rest = call("list-projects", query=f"tag=machine-learning&limit=2&cursor={answer.body['nextCursor']}")
    assert [p["slug"] for p in rest.body["items"]] == tagged[2:4]


def test_a_cursor_of_another_tag_is_400(stack):
    cursor = call("list-projects", query="tag=aws&limit=1").body["nextCursor"]
    error = error_of(call("list-projects", query=f"tag=java&cursor={cursor}"), 400, "validation_failed")
    assert error["details"][0]["field"] == "cursor"


@pytest.mark.parametrize("query, field", [
    ("limit=0", "limit"), ("limit=51", "limit"), ("limit=-1", "limit"), ("limit=abc", "limit"),
    ("limit=1e3", "limit"), ("limit=99999999999999999999", "limit"), ("limit=5&limit=6", "limit"),
    ("tag=Machine", "tag"), ("tag=a&tag=b", "tag"), ("cursor=nonsense", "cursor"), ("sort=asc", "sort"),
])
def test_bad_list_queries_are_400_naming_the_parameter(stack, query, field):
    assert error_of(call("list-projects", query=query), 400, "validation_failed")["details"][0]["field"] == field


# --- GET /api/projects/{slug} ------------------------------------------------------------------

def test_gets_one_project_with_its_body(stack):
    answer = call("get-project", path_params={"slug": NEWEST_FIRST[0]})
    assert answer.status == 200
    expected = next(p for p in CONTENT if p["slug"] == NEWEST_FIRST[0])
    assert answer.body == expected


def test_unknown_project_is_404_and_a_bad_slug_400(stack):
    assert error_of(call("get-project", path_params={"slug": "no-such-project"}), 404, "not_found")["message"] == (
        "project 'no-such-project' does not exist")
    error_of(call("get-project", path_params={"slug": "Not_A_Slug"}), 400, "validation_failed")


# --- POST /api/contact -------------------------------------------------------------------------

def stored_messages():
    return [i for i in table("contact-messages").scan()["Items"] if i.get("kind") == "message"]


def test_contact_is_received_and_stored_with_a_ttl(stack):
    answer = post_json("submit-contact", CONTACT)
    assert answer.status == 202 and answer.body == {"status": "received"}
    (item,) = stored_messages()
    assert item["email"] == "ada@example.com" and item["message"] == CONTACT["message"]
    assert "website" not in item
    # The default retention, 180 days, in the table's TTL attribute (epoch seconds).
    assert int(item["expiresAt"]) - 180 * 86_400 == pytest.approx(time.time(), abs=60)


def test_contact_honeypot_answers_202_and_stores_nothing(stack):
    answer = post_json("submit-contact", {**CONTACT, "website": "https://cheap-pills.example"})
    assert answer.status == 202 and answer.body == {"status": "received"}
    assert table("contact-messages").scan()["Items"] == []


def test_contact_field_errors_are_422_with_details(stack):
    answer = post_json("submit-contact", {**CONTACT, "email": "ada@", "message": ""})
    error = error_of(answer, 422, "invalid_fields")
    assert [(d["field"], d["message"]) for d in error["details"]] == [
        ("email", "field 'email' must be an email address like name@example.com, got 'ada@'"),
        ("message", "field 'message' must be at least 1 characters (after trimming spaces), got ''"),
    ]
    assert stored_messages() == []


def test_contact_rate_limit_is_per_source_address(stack):
    for _ in range(5):
        assert post_json("submit-contact", CONTACT, source_ip="203.0.113.1").status == 202
    limited = post_json("submit-contact", CONTACT, source_ip="203.0.113.1")
    error_of(limited, 429, "too_many_requests")
    assert 1 <= int(limited.headers["retry-after"]) <= 3600
    assert post_json("submit-contact", CONTACT, source_ip="203.0.113.2").status == 202
    assert len(stored_messages()) == 6


def test_contact_accepts_a_base64_body(stack):
    event = event_for("submit-contact", body=json.dumps(CONTACT), headers={"content-type": "application/json"})
    event.update(body=base64.b64encode(json.dumps(CONTACT).encode()).decode(), isBase64Encoded=True)
    assert call("submit-contact", event).status == 202


def test_contact_is_json_only_and_at_most_16_kb(stack):
    error_of(call("submit-contact", body="name=a", headers={"content-type": "application/x-www-form-urlencoded"}),
             415, "unsupported_media_type")
    big = {**CONTACT, "message": "x" * (16 * 1024)}
    error_of(post_json("submit-contact", big), 413, "payload_too_large")
    error_of(post_json("submit-contact", "{not json"), 400, "validation_failed")
    error_of(call("submit-contact", headers={"content-type": "application/json"}), 400, "validation_failed")


# --- training jobs (iam) ----------------------------------------------------------------------

def executions():
    sfn = boto3.client("stepfunctions", region_name=REGION)
    return sfn.list_executions(stateMachineArn=os.environ["TRAINING_STATE_MACHINE_ARN"])["executions"]


def test_start_then_read_a_training_job(stack):
    started = post_json("start-training-job", {"jobId": "resnet-1", "input": {"epochs": 2, "lr": 0.01}})
    assert started.status == 202 and started.body == {"jobId": "resnet-1", "status": "queued"}
    assert started.headers["location"] == "/api/training/jobs/resnet-1"
    job = call("get-training-job", path_params={"id": "resnet-1"})
    assert job.status == 200
    assert job.body["status"] == "queued" and job.body["input"] == {"epochs": 2, "lr": 0.01}
    assert job.body["checkpointPath"] == "/checkpoints/resnet-1/"
    assert "inputHash" not in job.body


def test_a_retried_start_is_the_same_job_and_one_execution(stack):
    body = {"jobId": "resnet-1", "input": {"epochs": 2}}
    assert post_json("start-training-job", body).body == post_json("start-training-job", body).body
    assert [e["name"] for e in executions()] == ["resnet-1"]
    error_of(post_json("start-training-job", {**body, "input": {"epochs": 3}}), 409, "job_id_in_use")


def test_start_without_a_workflow_is_503_after_validating(stack_without_workflow):
    error = error_of(post_json("start-training-job", {"jobId": "j", "input": {}}), 503, "training_unavailable")
    assert error["message"] == "training jobs cannot be started: this stack has no training workflow deployed yet"
    assert table("training-jobs").scan()["Items"] == []
    error_of(post_json("start-training-job", {"input": "x"}), 422, "invalid_fields")  # bad input stays a 4xx


def test_unknown_job_is_404_and_a_bad_id_400(stack):
    assert error_of(call("get-training-job", path_params={"id": "nope"}), 404, "not_found")["message"] == (
        "training job 'nope' does not exist")
    error_of(call("get-training-job", path_params={"id": "a.b"}), 400, "validation_failed")
