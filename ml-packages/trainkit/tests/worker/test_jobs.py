"""A worker and its jobs: registration, claim, success reported once, failures permanent or
counted, malformed and poison messages on their way to the DLQ, scale-in protection."""

import json

import pytest

from worker_support import FLEET_GROUP, MAX_RECEIVE_COUNT, wait_for
from trainkit.worker.aws import ScaleInProtection


def finished(account, job_id):
    return lambda: (account.job(job_id) or {}).get("status") in ("succeeded", "failed")


@pytest.fixture
def protection_calls(monkeypatch):
    calls = []
    original = ScaleInProtection.set

    def recording(self, protected):
        calls.append((self.instance_id, protected))
        return original(self, protected)

    monkeypatch.setattr(ScaleInProtection, "set", recording)
    return calls


def test_the_worker_registers_its_instance_running_with_a_heartbeat(account, workers):
    worker = workers()
    entry = wait_for(lambda: (account.instance(worker.instance_id) or {}).get("lastHeartbeat") and
                     account.instance(worker.instance_id), what="the registry entry")
    assert entry["status"] == "running"
    assert entry["lastHeartbeat"].endswith("Z")
    first = entry["lastHeartbeat"]
    # Idle, it keeps its entry alive: the stale sweep expires instances without heartbeats.
    wait_for(lambda: account.instance(worker.instance_id)["lastHeartbeat"] > first, what="an idle heartbeat")


def test_registration_never_overwrites_an_interrupting_instance_and_it_takes_no_job(account, workers, journal):
    worker = workers(start=False)
    account.instances_table.put_item(Item={"instanceId": worker.instance_id, "status": "interrupting",
                                           "updatedAt": "2026-12-01T10:00:00.000Z"})
    account.submit("job-1", {"trainer": "watched", "tag": "job-1", "steps": 2})
    worker.start()
    wait_for(lambda: account.instance(worker.instance_id).get("lastHeartbeat"), what="a heartbeat")
    assert account.instance(worker.instance_id)["status"] == "interrupting"
    assert account.job("job-1")["status"] == "queued"
    assert journal.starts == {}


def test_a_job_is_trained_its_result_written_and_reported_once_and_its_message_deleted(
        account, workers, journal, protection_calls):
    token = account.submit("job-1", {"trainer": "watched", "tag": "job-1", "steps": 5})
    worker = workers()
    wait_for(finished(account, "job-1"), what="job-1 to finish")

    job = account.job("job-1")
    assert job["status"] == "succeeded"
    assert json.loads(job["result"]["output"]) == {"sum": 10, "steps": 5}
    assert "instanceId" not in job and job["expiresAt"] > 0
    assert job["taskToken"] == token and job["attempt"].endswith("#1")
    assert account.sfn.successes == {token: [{"sum": 10, "steps": 5}]}
    wait_for(lambda: account.depth() == 0, what="the message to be deleted")
    assert journal.starts == {"job-1": [0]}
    # Protected from scale-in while it trained, unprotected after; the instance holds no job.
    assert protection_calls == [(worker.instance_id, True), (worker.instance_id, False)]
    wait_for(lambda: "jobId" not in account.instance(worker.instance_id), what="the instance to forget the job")


def test_the_default_trainer_runs_when_the_input_names_none(account, workers):
    token = account.submit("job-1", {"steps": 30, "seed": 3})
    workers()
    wait_for(finished(account, "job-1"), what="job-1 to finish")
    [report] = account.sfn.successes[token]
    assert report["trainer"] == "softmax-regression" and report["steps"] == 30 and report["device"] == "cpu"
    assert report["accuracy"] > 0.9


def test_a_message_sent_straight_to_the_queue_is_trained_and_recorded_without_step_functions(account, workers):
    account.submit("direct-1", {"trainer": "watched", "tag": "direct-1", "steps": 3, "stepSeconds": 0.01},
                   token=False, record=False)
    workers()
    wait_for(finished(account, "direct-1"), what="the direct job to finish")
    job = account.job("direct-1")
    assert (job["status"], json.loads(job["result"]["output"])) == ("succeeded", {"sum": 3, "steps": 3})
    assert "taskToken" not in job
    assert account.sfn.successes == {} and account.sfn.failures == {} and account.sfn.heartbeats == {}


def test_invalid_input_fails_the_job_for_good_with_an_error_the_workflow_does_not_retry(account, workers):
    token = account.submit("job-1", {"trainer": "rm -rf /", "steps": 3})
    workers()
    wait_for(finished(account, "job-1"), what="job-1 to fail")
    job = account.job("job-1")
    assert job["status"] == "failed" and job["error"]["Error"] == "Training.InvalidInput"
    [(error, cause)] = account.sfn.failures[token]
    assert error == "Training.InvalidInput"
    assert cause.startswith("input field 'trainer' is 'rm -rf /'; expected one of [")
    wait_for(lambda: account.depth() == 0, what="the message to be deleted")
    assert account.depth(account.dlq_url) == 0


def test_a_diverged_model_fails_the_job_for_good(account, workers):
    token = account.submit("job-1", {"trainer": "watched", "tag": "job-1", "steps": 5, "fail": "diverged"})
    workers()
    wait_for(finished(account, "job-1"), what="job-1 to fail")
    assert account.sfn.failures[token] == [("Training.Diverged", "loss is nan at step 1")]
    assert account.job("job-1")["failures"] == 0  # the workflow's RecordFailure counts it, not a retry


def test_a_poison_job_is_counted_once_per_attempt_and_reaches_the_dlq_after_the_receive_limit(account, workers):
    token = account.submit("job-1", {"trainer": "watched", "tag": "job-1", "steps": 5, "fail": "transient"})
    worker = workers()
    wait_for(lambda: account.depth(account.dlq_url) == 1, timeout=30, what="the poison message in the DLQ")
    job = account.job("job-1")
    assert (job["status"], job["failures"]) == ("queued", MAX_RECEIVE_COUNT)
    assert job["error"] == {"Error": "Training.Error",
                            "Cause": "RuntimeError: CUDA error: an illegal memory access was encountered"}
    assert len(job["handledEvents"]) == MAX_RECEIVE_COUNT
    assert account.sfn.failures == {} and token not in account.sfn.successes
    assert worker.thread.is_alive()


def test_knowing_the_receive_limit_the_last_failure_fails_the_job_and_its_task_before_the_dlq(account, workers):
    token = account.submit("job-1", {"trainer": "watched", "tag": "job-1", "steps": 5, "fail": "transient"})
    worker = workers(receive_limit=MAX_RECEIVE_COUNT)
    wait_for(lambda: account.depth(account.dlq_url) == 1, timeout=30, what="the poison message in the DLQ")
    job = account.job("job-1")
    # The earlier receives count as failures; the last one is the verdict, which the workflow's
    # failure record counts, so the workflow does not wait for the job timeout.
    assert (job["status"], job["failures"]) == ("failed", MAX_RECEIVE_COUNT - 1)
    assert job["error"]["Error"] == "Training.RetriesExhausted"
    assert job["error"]["Cause"].startswith(f"receive {MAX_RECEIVE_COUNT} of {MAX_RECEIVE_COUNT} failed"), job["error"]
    assert [name for name, _ in account.sfn.failures[token]] == ["Training.RetriesExhausted"]
    assert token not in account.sfn.successes
    assert worker.thread.is_alive()


def test_a_malformed_message_is_left_to_the_dlq_and_the_worker_carries_on(account, workers):
    account.sqs.set_queue_attributes(QueueUrl=account.queue_url, Attributes={"VisibilityTimeout": "1"})
    account.send_body('{"jobId": "job-1", "command": "sh -c reboot"}')
    account.send_body("not json at all")
    account.submit("job-2", {"trainer": "watched", "tag": "job-2", "steps": 2})
    worker = workers()
    wait_for(lambda: account.depth(account.dlq_url) == 2, timeout=30, what="both malformed messages in the DLQ")
    wait_for(finished(account, "job-2"), what="the good job to finish")
    assert worker.thread.is_alive() and worker.error is None
    assert account.job("job-1") is None


def test_scale_in_protection_that_fails_is_logged_not_fatal(account, caplog):
    import boto3

    protection = ScaleInProtection(boto3.client("autoscaling", region_name="eu-west-1"), "no-such-group",
                                   "i-0123456789abcdef0")
    assert protection.set(True) is False
    assert "could not set scale-in protection of i-0123456789abcdef0 in no-such-group" in caplog.text
    assert ScaleInProtection(boto3.client("autoscaling", region_name="eu-west-1"), FLEET_GROUP,
                             "i-0123456789abcdef0").set(True)


def test_a_message_of_a_finished_job_is_deleted_without_training_and_its_outcome_reported(account, workers, journal):
    # The worker that finished it stopped between writing the result and reporting it.
    token = account.submit("job-1", {"trainer": "watched", "tag": "job-1", "steps": 3})
    account.jobs_table.update_item(
        Key={"jobId": "job-1"}, UpdateExpression="SET #s = :s, #r = :r, taskToken = :t",
        ExpressionAttributeNames={"#s": "status", "#r": "result"},
        ExpressionAttributeValues={":s": "succeeded", ":r": {"output": '{"sum": 3, "steps": 3}'}, ":t": token})
    worker = workers()
    wait_for(lambda: worker.worker.outcomes, what="the message to be handled")
    assert journal.starts == {}
    assert account.depth() == 0
    assert account.sfn.successes == {token: [{"sum": 3, "steps": 3}]}
