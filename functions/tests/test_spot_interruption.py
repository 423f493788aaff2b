"""The spot-interruption handler: mark the instance, requeue its job from its checkpoint, notify."""

import json

import pytest

from control_plane_support import MAX_RECEIVE_COUNT, rebalance, spot_warning, state_change
from training_control.interruption import REQUEUE_LEASE
from training_control.messaging import JobQueue
from training_control.records import JobMessage


@pytest.fixture
def running(aws, registry_handler):
    """A fleet instance, registered running."""

    def start():
        instance = aws.launch()
        registry_handler(state_change(instance, "running"), None)
        return instance

    return start


def test_a_warning_requeues_the_job_with_its_checkpoint_path_and_notifies(aws, running, interruption_handler, clock):
    aws.submit("job-1", payload={"dataset": "mnist", "epochs": 3, "learningRate": "0.01"})
    instance = running()
    held = aws.worker_takes_job(instance)

    result = interruption_handler(spot_warning(instance, "warning-1"), None)

    assert result["action"] == "requeued"
    assert aws.instance(instance)["status"] == "interrupting"
    assert "jobId" not in aws.instance(instance) and "receiptHandle" not in aws.instance(instance)
    job = aws.job("job-1")
    assert (job["status"], job["interruptions"], job["failures"]) == ("interrupted", 1, 0)
    assert job["handledEvents"] == {"warning-1"}
    assert "instanceId" not in job and "pendingRequeue" not in job
    # The held message is gone; the one on the queue is new, received for the first time.
    assert aws.depth(aws.queue_url) == 1
    message = aws.receive()
    assert message["MessageId"] != held["MessageId"]
    assert message["Attributes"]["ApproximateReceiveCount"] == "1"
    assert json.loads(message["Body"]) == {
        "jobId": "job-1", "taskToken": "token-" + "x" * 20, "checkpointPath": "/checkpoints/job-1/",
        "input": {"dataset": "mnist", "epochs": 3, "learningRate": "0.01"}, "interruptions": 1,
    }
    [note] = aws.notifications()
    assert note["subject"] == f"[dev] Spot interruption: job job-1 requeued from {instance}"
    assert note["message"]["requeued"] == {"jobId": "job-1", "messageId": message["MessageId"], "interruptions": 1,
                                           "checkpointPath": "/checkpoints/job-1/"}
    assert (note["message"]["instanceId"], note["message"]["eventId"]) == (instance, "warning-1")


def test_another_instance_resumes_the_requeued_job(aws, running, interruption_handler, clock):
    aws.submit("job-1")
    first = running()
    aws.worker_takes_job(first)
    interruption_handler(spot_warning(first), None)

    second = running()
    aws.worker_takes_job(second)
    job = aws.job("job-1")
    assert (job["status"], job["instanceId"], job["interruptions"]) == ("running", second, 1)
    assert aws.instance(second)["jobId"] == "job-1"


def test_the_same_warning_twice_changes_nothing_the_second_time(aws, running, interruption_handler, clock):
    aws.submit("job-1")
    instance = running()
    aws.worker_takes_job(instance)
    interruption_handler(spot_warning(instance, "warning-1"), None)
    assert len(aws.notifications()) == 1
    before = (aws.instance(instance), aws.job("job-1"), aws.depth(aws.queue_url))

    for later in (1, REQUEUE_LEASE.total_seconds() + 60):
        clock.advance(seconds=later)
        assert interruption_handler(spot_warning(instance, "warning-1"), None)["action"] == "none"
        assert (aws.instance(instance), aws.job("job-1"), aws.depth(aws.queue_url)) == before
        assert aws.notifications() == []


def test_interruptions_never_move_a_job_to_the_dlq_but_real_failures_do(aws, running, interruption_handler, clock):
    aws.submit("job-1")
    for n in range(1, MAX_RECEIVE_COUNT + 3):
        instance = running()
        held = aws.worker_takes_job(instance)
        assert held["Attributes"]["ApproximateReceiveCount"] == "1"
        assert interruption_handler(spot_warning(instance, f"warning-{n}"), None)["action"] == "requeued"
        # Only the new message is left: the held one, were it kept, would come back and count.
        assert aws.depth(aws.queue_url) == 1
        assert aws.depth(aws.dlq_url) == 0
    assert aws.job("job-1")["interruptions"] == MAX_RECEIVE_COUNT + 2

    # Real failures: the worker counts each one and lets the message become visible again.
    for receive in range(1, MAX_RECEIVE_COUNT + 1):
        instance = running()
        held = aws.worker_takes_job(instance)
        assert held["Attributes"]["ApproximateReceiveCount"] == str(receive)
        aws.jobs.record_failure("job-1", instance, f"{held['MessageId']}#{receive}", {"reason": "NaN loss"}, clock.now)
        aws.let_visible_again(held)
    assert aws.receive() is None
    [dead] = [aws.receive(aws.dlq_url)]
    assert JobMessage.from_body(dead["Body"]).job_id == "job-1"
    job = aws.job("job-1")
    assert (job["failures"], job["interruptions"]) == (MAX_RECEIVE_COUNT, MAX_RECEIVE_COUNT + 2)


def test_a_rebalance_recommendation_only_marks_and_notifies(aws, running, interruption_handler, clock):
    aws.submit("job-1")
    instance = running()
    aws.worker_takes_job(instance)

    result = interruption_handler(rebalance(instance, "rebalance-1"), None)

    assert result["action"] == "marked"
    assert aws.instance(instance)["status"] == "interrupting"
    assert aws.instance(instance)["jobId"] == "job-1"
    assert (aws.job("job-1")["status"], aws.job("job-1")["interruptions"]) == ("running", 0)
    assert aws.depth(aws.queue_url) == 1  # still held by the instance
    [note] = aws.notifications()
    assert note["subject"] == f"[dev] Rebalance recommendation: {instance} takes no new job"
    # The instance takes no new job while it is interrupting...
    assert not aws.registry.take_job(instance, "job-2", "receipt", clock.now)
    # ...and the real warning that follows still requeues the job it holds.
    assert interruption_handler(spot_warning(instance, "warning-1"), None)["action"] == "requeued"
    assert aws.job("job-1")["interruptions"] == 1
    assert len(aws.notifications()) == 1


def test_a_warning_for_an_instance_without_a_job_marks_it_and_notifies(aws, running, interruption_handler, clock):
    instance = running()
    assert interruption_handler(spot_warning(instance), None)["action"] == "marked"
    assert aws.instance(instance)["status"] == "interrupting"
    [note] = aws.notifications()
    assert note["subject"] == f"[dev] Spot interruption: {instance} held no job"
    assert note["message"]["requeued"] is None


def test_a_warning_for_an_instance_outside_the_registry_is_ignored(aws, interruption_handler, clock):
    instance = aws.launch(fleet=False)
    assert interruption_handler(spot_warning(instance), None) == {"action": "ignored", "instanceId": instance}
    assert aws.instance(instance) is None
    assert aws.notifications() == []


def test_a_job_that_finished_meanwhile_is_not_requeued(aws, running, interruption_handler, clock):
    aws.submit("job-1")
    instance = running()
    aws.worker_takes_job(instance)
    aws.jobs_table.update_item(Key={"jobId": "job-1"}, UpdateExpression="SET #s = :s REMOVE instanceId",
                               ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "succeeded"})

    assert interruption_handler(spot_warning(instance), None)["action"] == "marked"
    assert aws.job("job-1")["status"] == "succeeded"
    assert "jobId" not in aws.instance(instance)
    assert aws.depth(aws.queue_url) == 1  # only the message the worker held, not a new one


def test_a_requeue_cut_short_is_finished_by_the_retry_after_the_lease(aws, running, interruption_handler, clock,
                                                                      monkeypatch):
    aws.submit("job-1")
    instance = running()
    held = aws.worker_takes_job(instance)
    real_send = JobQueue.send
    monkeypatch.setattr(JobQueue, "send", lambda self, message: (_ for _ in ()).throw(RuntimeError("throttled")))
    with pytest.raises(RuntimeError):
        interruption_handler(spot_warning(instance, "warning-1"), None)
    assert aws.job("job-1")["pendingRequeue"] == "warning-1"
    monkeypatch.setattr(JobQueue, "send", real_send)

    # While the lease runs, a repeat may be the first run still working: it does nothing.
    clock.advance(seconds=10)
    assert interruption_handler(spot_warning(instance, "warning-1"), None)["action"] == "none"
    assert aws.job("job-1")["pendingRequeue"] == "warning-1"

    clock.advance(seconds=REQUEUE_LEASE.total_seconds())
    assert interruption_handler(spot_warning(instance, "warning-1"), None)["action"] == "requeued"
    job = aws.job("job-1")
    assert job["interruptions"] == 1 and "pendingRequeue" not in job
    message = aws.receive()
    assert json.loads(message["Body"])["interruptions"] == 1
    assert aws.receive() is None  # the held message was deleted


def test_an_older_message_is_accepted_while_its_requeue_is_open_and_refused_once_it_closed(aws, running, clock,
                                                                                           monkeypatch,
                                                                                           interruption_handler):
    aws.submit("job-1")
    instance = running()
    held = JobMessage.from_body(aws.worker_takes_job(instance)["Body"])
    monkeypatch.setattr(JobQueue, "send", lambda self, message: (_ for _ in ()).throw(RuntimeError("throttled")))
    with pytest.raises(RuntimeError):
        interruption_handler(spot_warning(instance, "warning-1"), None)
    # No new message was sent: the held one, should it come back, must still run the job.
    other = running()
    assert aws.jobs.claim(held, other, clock.now).claimed

    aws.jobs.close_requeue("job-1", "warning-1")
    refused = aws.jobs.claim(held, running(), clock.now)
    assert not refused.claimed
    assert refused.reason == ("message of job job-1 was superseded: it carries interruptions=0, "
                              "the job has been requeued 1 times")


def test_a_finished_job_is_not_claimed_again(aws, running, clock):
    aws.submit("job-1")
    message = JobMessage.from_body(aws.receive()["Body"])
    aws.jobs_table.update_item(Key={"jobId": "job-1"}, UpdateExpression="SET #s = :s",
                               ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "succeeded"})
    refused = aws.jobs.claim(message, running(), clock.now)
    assert (refused.claimed, refused.reason) == (False, "job job-1 is already succeeded")


def test_a_failure_is_counted_once_per_attempt(aws, running, clock):
    aws.submit("job-1")
    instance = running()
    aws.worker_takes_job(instance)
    first = aws.jobs.record_failure("job-1", instance, "m-1#1", {"reason": "NaN loss"}, clock.now)
    again = aws.jobs.record_failure("job-1", instance, "m-1#1", {"reason": "NaN loss"}, clock.now)
    assert (first.outcome.value, again.outcome.value) == ("counted", "already counted")
    job = aws.job("job-1")
    assert (job["status"], job["failures"], job["interruptions"], job["error"]) == ("queued", 1, 0, {"reason": "NaN loss"})
