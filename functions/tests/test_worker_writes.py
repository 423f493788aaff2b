"""The jobs table's writes that the training worker makes: claims that never take a job from a
live worker, giving a job back, and the result or permanent failure written once."""

from decimal import Decimal

from training_control.jobs import Refusal
from training_control.records import JobMessage

RETENTION = 86_400


def held_message(aws):
    message = aws.receive()
    return message, JobMessage.from_body(message["Body"])


def test_a_second_delivery_does_not_take_the_job_from_the_instance_running_it(aws, clock):
    aws.submit("job-1")
    message, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now, attempt=f"{message['MessageId']}#1").claimed

    refused = aws.jobs.claim(job, "i-0000000000000000b", clock.now, attempt=f"{message['MessageId']}#2")

    assert (refused.claimed, refused.refusal) == (False, Refusal.HELD)
    assert refused.reason == "job job-1 is running on i-0000000000000000a"
    record = aws.job("job-1")
    assert (record["instanceId"], record["attempt"]) == ("i-0000000000000000a", f"{message['MessageId']}#1")
    assert refused.job["instanceId"] == "i-0000000000000000a"


def test_a_claim_replacing_a_dead_holder_succeeds_only_while_that_holder_still_has_the_job(aws, clock):
    aws.submit("job-1")
    _, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now).claimed

    assert aws.jobs.claim(job, "i-0000000000000000b", clock.now, replacing="i-0000000000000000a").claimed
    assert aws.job("job-1")["instanceId"] == "i-0000000000000000b"
    # A third worker that also found `a` dead is too late: `b` holds it now.
    late = aws.jobs.claim(job, "i-0000000000000000c", clock.now, replacing="i-0000000000000000a")
    assert (late.claimed, late.refusal) == (False, Refusal.HELD)


def test_claiming_again_on_the_same_instance_is_idempotent(aws, clock):
    aws.submit("job-1")
    _, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now, attempt="m#1").claimed
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now, attempt="m#1").claimed


def test_refusals_name_their_cause(aws, clock):
    aws.submit("job-1")
    _, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now).claimed
    assert aws.jobs.record_success("job-1", "i-0000000000000000a", {"output": "{}"}, clock.now,
                                   retention_seconds=RETENTION)
    finished = aws.jobs.claim(job, "i-0000000000000000b", clock.now)
    assert (finished.refusal, finished.reason) == (Refusal.FINISHED, "job job-1 is already succeeded")


def test_a_released_job_is_interrupted_held_by_nobody_and_claimed_again_by_its_message(aws, clock):
    aws.submit("job-1")
    _, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now).claimed

    assert not aws.jobs.release("job-1", "i-0000000000000000b", clock.now)  # not its job
    assert aws.jobs.release("job-1", "i-0000000000000000a", clock.now)
    record = aws.job("job-1")
    assert (record["status"], "instanceId" in record, record["interruptions"]) == ("interrupted", False, 0)
    assert not aws.jobs.release("job-1", "i-0000000000000000a", clock.now)  # once
    assert aws.jobs.claim(job, "i-0000000000000000b", clock.now).claimed


def test_a_release_after_the_handler_counted_the_interruption_is_refused(aws, clock):
    aws.submit("job-1")
    _, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now).claimed
    aws.jobs.record_interruption("job-1", "i-0000000000000000a", "warning-1", clock.now)

    assert not aws.jobs.release("job-1", "i-0000000000000000a", clock.now)
    assert aws.job("job-1")["interruptions"] == 1


def test_the_result_is_written_once_by_the_holder_with_its_expiry(aws, clock):
    aws.submit("job-1")
    _, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now).claimed

    assert not aws.jobs.record_success("job-1", "i-0000000000000000b", {"output": "{}"}, clock.now,
                                       retention_seconds=RETENTION)
    assert aws.jobs.record_success("job-1", "i-0000000000000000a", {"output": '{"loss": 0.1}'}, clock.now,
                                   retention_seconds=RETENTION)
    assert not aws.jobs.record_success("job-1", "i-0000000000000000a", {"output": "{}"}, clock.now,
                                       retention_seconds=RETENTION)
    record = aws.job("job-1")
    assert (record["status"], record["result"], "instanceId" in record) == (
        "succeeded", {"output": '{"loss": 0.1}'}, False)
    assert record["expiresAt"] == int(clock.now.timestamp()) + RETENTION


def test_a_permanent_failure_is_written_once_and_not_over_a_result(aws, clock):
    aws.submit("job-1")
    _, job = held_message(aws)
    assert aws.jobs.claim(job, "i-0000000000000000a", clock.now).claimed
    error = {"Error": "Training.InvalidInput", "Cause": "steps is -1"}
    assert aws.jobs.record_failed("job-1", "i-0000000000000000a", error, clock.now, retention_seconds=RETENTION)
    assert not aws.jobs.record_success("job-1", "i-0000000000000000a", {"output": "{}"}, clock.now,
                                       retention_seconds=RETENTION)
    record = aws.job("job-1")
    assert (record["status"], record["error"]) == ("failed", error)


def test_a_job_sent_straight_to_the_queue_with_fractional_numbers_is_claimed(aws, clock):
    # boto3 refuses Python floats for DynamoDB; a message's JSON numbers are stored as Decimals.
    message = JobMessage("job-direct", None, {"learningRate": 0.25, "layers": [0.5, 2]}, "/checkpoints/job-direct/", 0)

    assert aws.jobs.claim(message, "i-0000000000000000a", clock.now).claimed

    record = aws.job("job-direct")
    assert (record["status"], "taskToken" in record) == ("running", False)
    assert record["input"] == {"learningRate": Decimal("0.25"), "layers": [Decimal("0.5"), 2]}
