"""Training jobs: the record, idempotent start (one execution per job id), reads."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from layer_test_support import executions
from portfolio_shared.data import TrainingJobsRepository, TrainingWorkflow
from portfolio_shared.errors import Conflict, InvalidFields, NotFound, ServiceUnavailable
from portfolio_shared.models import TrainingJobRequest
from portfolio_shared.training_jobs import get_job, start_job
from portfolio_shared.validation import validate_model

NOW = dt.datetime(2026, 3, 4, 10, 0, 0, 123000, tzinfo=dt.timezone.utc)


def request(**body):
    return validate_model(TrainingJobRequest, {"input": {"epochs": 3, "lr": 0.001}, **body})


def start(req, arn, now=NOW):
    return start_job(req, jobs=TrainingJobsRepository(), workflow=TrainingWorkflow(arn), now=now)


def test_start_writes_a_queued_record_and_starts_the_execution_named_after_the_job(tables, state_machine):
    assert start(request(jobId="job-1"), state_machine) == {"jobId": "job-1", "status": "queued"}
    item = tables["jobs"].get_item(Key={"jobId": "job-1"})["Item"]
    assert item["status"] == "queued"
    assert item["createdAt"] == item["updatedAt"] == "2026-03-04T10:00:00.123Z"
    assert item["input"] == {"epochs": 3, "lr": Decimal("0.001")}
    assert item["checkpointPath"] == "/checkpoints/job-1/"
    assert item["interruptions"] == 0 and item["failures"] == 0
    assert "expiresAt" not in item  # set only when the job finishes
    (execution,) = executions(state_machine)
    assert execution["name"] == "job-1"
    import boto3
    described = boto3.client("stepfunctions").describe_execution(executionArn=execution["executionArn"])
    assert json.loads(described["input"]) == {"jobId": "job-1", "input": {"epochs": 3, "lr": 0.001},
                                              "checkpointPath": "/checkpoints/job-1/"}


def test_a_retry_with_the_same_job_id_returns_the_same_job_and_starts_nothing_new(tables, state_machine):
    first = start(request(jobId="job-1"), state_machine)
    tables["jobs"].update_item(Key={"jobId": "job-1"}, UpdateExpression="SET #s = :s",
                               ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "running"})
    again = start(request(jobId="job-1"), state_machine, now=NOW + dt.timedelta(minutes=1))
    assert again == {"jobId": first["jobId"], "status": "running"}
    assert len(executions(state_machine)) == 1
    assert tables["jobs"].get_item(Key={"jobId": "job-1"})["Item"]["createdAt"] == "2026-03-04T10:00:00.123Z"


def test_a_retry_after_the_execution_ended_starts_nothing_new(tables, state_machine):
    import boto3
    start(request(jobId="job-1"), state_machine)
    sfn = boto3.client("stepfunctions")
    sfn.stop_execution(executionArn=executions(state_machine)[0]["executionArn"])
    assert start(request(jobId="job-1"), state_machine)["jobId"] == "job-1"
    assert len(executions(state_machine)) == 1


def test_a_retry_after_a_failed_start_starts_the_execution(tables, state_machine):
    class Broken:
        def start(self, name, execution_input):
            raise RuntimeError("throttled")

    with pytest.raises(RuntimeError):
        start_job(request(jobId="job-1"), jobs=TrainingJobsRepository(), workflow=Broken(), now=NOW)
    assert executions(state_machine) == []
    assert start(request(jobId="job-1"), state_machine) == {"jobId": "job-1", "status": "queued"}
    assert [e["name"] for e in executions(state_machine)] == ["job-1"]


def test_the_same_job_id_with_another_input_is_a_409(tables, state_machine):
    start(request(jobId="job-1"), state_machine)
    with pytest.raises(Conflict) as info:
        start(validate_model(TrainingJobRequest, {"jobId": "job-1", "input": {"epochs": 4}}), state_machine)
    assert info.value.status == 409 and info.value.code == "job_id_in_use"
    assert len(executions(state_machine)) == 1


def test_without_a_job_id_each_start_is_a_new_job(tables, state_machine):
    a, b = start(request(), state_machine), start(request(), state_machine)
    assert a["jobId"] != b["jobId"]
    assert len(executions(state_machine)) == 2


def test_no_workflow_is_a_503_that_writes_nothing(tables):
    with pytest.raises(ServiceUnavailable) as info:
        start_job(request(jobId="job-1"), jobs=TrainingJobsRepository(), workflow=None, now=NOW)
    assert info.value.status == 503
    assert info.value.message == "training jobs cannot be started: this stack has no training workflow deployed yet"
    assert tables["jobs"].scan()["Items"] == []


def test_get_job_shows_the_record_without_bookkeeping(tables):
    tables["jobs"].put_item(Item={"jobId": "j", "status": "running", "inputHash": "h", "handledEvents": {"e1"},
                                  "instanceId": "i-1", "interruptions": 1})
    assert get_job(TrainingJobsRepository(), "j") == {"jobId": "j", "status": "running", "interruptions": 1}
    with pytest.raises(NotFound, match="training job 'other' does not exist"):
        get_job(TrainingJobsRepository(), "other")


@pytest.mark.parametrize("body, message", [
    ({}, "field 'input' is required"),
    ({"input": []}, "field 'input' must be a JSON object, got array"),
    ({"input": {}, "jobId": "a b"}, "field 'jobId' must be 1 to 64 letters, digits, '_' or '-', got 'a b'"),
    ({"input": {}, "jobId": "x" * 65}, "field 'jobId' must be 1 to 64 letters"),
    ({"input": {}, "jobId": 7}, "field 'jobId' must be a string"),
    ({"input": {"": 1}}, "field 'input' has a key at 'input' that is empty or longer than 64 characters"),
    ({"input": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": 1}}}}}}}}}, "field 'input' nests deeper than 8 levels"),
    ({"input": {"n": 1e300}}, "field 'input' has a number at 'input.n' outside what is stored"),
    ({"input": {"n": [1e-200]}}, "field 'input' has a number at 'input.n[0]' outside what is stored"),
    ({"input": {}, "priority": 1}, "field 'priority' is not allowed; expected only: jobId, input"),
])
def test_bad_job_requests_are_422_naming_the_field(body, message):
    with pytest.raises(InvalidFields) as info:
        validate_model(TrainingJobRequest, body)
    assert info.value.status == 422
    assert info.value.message.startswith(message)
