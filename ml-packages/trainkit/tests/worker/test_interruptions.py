"""Interruptions and second deliveries: a spot notice or SIGTERM checkpoints and gives the job back
(or leaves it to the interruption handler, whichever acted first), the message stays hidden while
a job trains, a duplicate delivery never trains the job twice, a resumed job starts from its newest
valid checkpoint."""

import datetime as dt
import json
import time

from trainkit._vendor.training_control.jobs import JobsTable
from trainkit.checkpoint import CheckpointManager
from trainkit.worker.runner import Outcome
from worker_support import spot_warning, wait_for


def slow_job(account, job_id, steps=400, step_seconds=0.02, **kw):
    return account.submit(job_id, {"trainer": "watched", "tag": job_id, "steps": steps, "stepSeconds": step_seconds},
                          **kw)


def checkpoints_of(tmp_path, job_id):
    return CheckpointManager(tmp_path / "checkpoints" / job_id).list_checkpoints()


def running_on(account, job_id, instance_id):
    return lambda: (account.job(job_id) or {}).get("instanceId") == instance_id


def test_the_message_stays_hidden_and_everyone_hears_the_heartbeat_while_a_job_trains(account, workers, journal):
    token = slow_job(account, "job-1", steps=300, step_seconds=0.02)  # 6 s, the visibility timeout is 4 s
    worker = workers()
    wait_for(running_on(account, "job-1", worker.instance_id), what="job-1 to run")
    beats = []
    while account.job("job-1")["status"] == "running":
        # Nobody else can receive it meanwhile, however long it trains.
        assert account.receive(visibility=0) is None
        beats.append(account.instance(worker.instance_id)["lastHeartbeat"])
        time.sleep(0.5)
    assert account.job("job-1")["status"] == "succeeded"
    assert len(set(beats)) >= 4, beats  # the instance's lastHeartbeat moved every second
    assert account.sfn.heartbeats[token] >= 4
    assert journal.starts == {"job-1": [0]}


def test_a_spot_notice_checkpoints_and_gives_the_job_back_when_no_handler_took_it(account, workers, journal, tmp_path):
    slow_job(account, "job-1")
    worker = workers()
    wait_for(lambda: checkpoints_of(tmp_path, "job-1"), what="a first checkpoint")
    worker.imds.interrupt()
    worker.thread.join(10)

    assert (worker.exit_code, worker.worker.outcomes) == (0, [Outcome.RELEASED])
    job = account.job("job-1")
    assert (job["status"], "instanceId" in job, job["interruptions"]) == ("interrupted", False, 0)
    assert checkpoints_of(tmp_path, "job-1")[-1].step == journal.steps["job-1"]  # checkpointed where it stopped
    message = account.receive()
    assert message["Attributes"]["ApproximateReceiveCount"] == "2"  # visible again, for another instance
    assert "jobId" not in account.instance(worker.instance_id)


def test_when_the_handler_requeued_first_the_worker_leaves_the_queue_to_it(account, workers, journal, tmp_path,
                                                                            interruption_handler):
    slow_job(account, "job-1")
    worker = workers()
    wait_for(lambda: checkpoints_of(tmp_path, "job-1") and account.instance(worker.instance_id).get("jobId"),
             what="job-1 to run with a checkpoint")
    assert interruption_handler(spot_warning(worker.instance_id, "warning-1"), None)["action"] == "requeued"
    worker.imds.interrupt()
    worker.thread.join(10)

    assert (worker.exit_code, worker.worker.outcomes) == (0, [Outcome.LEFT])
    job = account.job("job-1")
    assert (job["status"], job["interruptions"]) == ("interrupted", 1)
    # Exactly one message: the handler's new one (its receive count starts over); the worker
    # made nothing visible, and its last checkpoint is where it stopped.
    message = account.receive()
    assert json.loads(message["Body"])["interruptions"] == 1
    assert message["Attributes"]["ApproximateReceiveCount"] == "1"
    assert account.receive(visibility=0) is None
    assert checkpoints_of(tmp_path, "job-1")[-1].step == journal.steps["job-1"]


def test_when_the_handler_comes_during_the_grace_the_worker_leaves_the_queue_to_it(account, workers, journal,
                                                                                    tmp_path, interruption_handler):
    slow_job(account, "job-1")
    worker = workers(release_grace_seconds=10)
    wait_for(lambda: checkpoints_of(tmp_path, "job-1") and account.instance(worker.instance_id).get("jobId"),
             what="job-1 to run with a checkpoint")
    worker.imds.interrupt()
    wait_for(worker.worker.stop_signal.is_set, what="the worker to see the notice")
    time.sleep(0.5)  # a step is 0.02 s: it has stopped, checkpointed, and waits for the handler
    stopped_at = journal.steps["job-1"]
    assert checkpoints_of(tmp_path, "job-1")[-1].step == stopped_at
    assert worker.thread.is_alive()
    assert interruption_handler(spot_warning(worker.instance_id, "warning-1"), None)["action"] == "requeued"
    worker.thread.join(10)

    assert (worker.exit_code, worker.worker.outcomes) == (0, [Outcome.LEFT])
    assert account.job("job-1")["interruptions"] == 1
    assert json.loads(account.receive()["Body"])["interruptions"] == 1
    assert account.receive(visibility=0) is None
    assert checkpoints_of(tmp_path, "job-1")[-1].step == stopped_at


def test_while_the_handlers_requeue_is_open_the_worker_leaves_the_message_hidden(account, workers, journal,
                                                                                 tmp_path):
    slow_job(account, "job-1")
    worker = workers()
    wait_for(lambda: checkpoints_of(tmp_path, "job-1") and account.instance(worker.instance_id).get("jobId"),
             what="job-1 to run with a checkpoint")
    # The handler counted the interruption and stopped before sending the new message.
    JobsTable(account.jobs_table).record_interruption("job-1", worker.instance_id, "warning-1",
                                                      dt.datetime.now(dt.timezone.utc))
    worker.imds.interrupt()
    worker.thread.join(10)

    assert worker.worker.outcomes == [Outcome.LEFT]
    # Its message stays hidden (the handler's retry sends the new one and deletes it)...
    assert account.receive(visibility=0) is None
    # ...and if the handler never comes back, it returns after the visibility timeout and is
    # still accepted, because the requeue is open: the job is never lost.
    message = wait_for(lambda: account.receive(), timeout=10, what="the held message to come back")
    assert json.loads(message["Body"])["interruptions"] == 0
    assert account.job("job-1")["pendingRequeue"] == "warning-1"


def test_a_handler_that_comes_after_the_worker_gave_the_job_back_requeues_nothing(account, workers, journal,
                                                                                   tmp_path, interruption_handler):
    slow_job(account, "job-1")
    worker = workers()
    wait_for(lambda: checkpoints_of(tmp_path, "job-1"), what="a first checkpoint")
    worker.imds.interrupt()
    worker.thread.join(10)
    assert account.job("job-1")["status"] == "interrupted"

    assert interruption_handler(spot_warning(worker.instance_id, "warning-1"), None)["action"] == "marked"
    assert account.job("job-1")["interruptions"] == 0
    assert account.depth() == 1  # only the worker's message, visible again


def test_sigterm_checkpoints_gives_the_job_back_and_exits_0(account, workers, journal, tmp_path):
    slow_job(account, "job-1")
    worker = workers(release_grace_seconds=30)  # no grace after SIGTERM: no handler is coming
    wait_for(lambda: checkpoints_of(tmp_path, "job-1"), what="a first checkpoint")
    worker.stop("SIGTERM", timeout=5)

    assert worker.exit_code == 0
    assert account.job("job-1")["status"] == "interrupted"
    assert checkpoints_of(tmp_path, "job-1")[-1].step == journal.steps["job-1"]
    assert account.receive()["Attributes"]["ApproximateReceiveCount"] == "2"


def test_the_next_instance_resumes_from_the_checkpoint(account, workers, journal, tmp_path):
    token = slow_job(account, "job-1", steps=200, step_seconds=0.01)
    first = workers()
    wait_for(lambda: checkpoints_of(tmp_path, "job-1"), what="a first checkpoint")
    first.imds.interrupt()
    first.thread.join(10)
    stopped_at = checkpoints_of(tmp_path, "job-1")[-1].step

    workers()
    wait_for(lambda: account.job("job-1")["status"] == "succeeded", what="job-1 to finish elsewhere")
    assert journal.starts["job-1"] == [0, stopped_at]
    # The state continued: the sum of all step numbers, as if never interrupted.
    assert account.sfn.successes[token] == [{"sum": sum(range(200)), "steps": 200}]


def test_a_resume_skips_a_corrupt_newest_checkpoint(account, workers, journal, tmp_path):
    manager = CheckpointManager(tmp_path / "checkpoints" / "job-1")
    manager.save(20, {"sum": sum(range(20))})
    newest = manager.save(40, {"sum": sum(range(40))})
    newest.payload_path.write_bytes(b"\x00" * newest.size)  # same size, wrong bytes
    token = slow_job(account, "job-1", steps=50, step_seconds=0)

    workers()
    wait_for(lambda: account.job("job-1")["status"] == "succeeded", what="job-1 to finish")
    assert journal.starts["job-1"] == [20]
    assert account.sfn.successes[token] == [{"sum": sum(range(50)), "steps": 50}]


def test_a_duplicate_delivery_of_a_job_a_live_worker_runs_is_not_trained_twice(account, workers, journal):
    # A requeue cut short after sending can leave two messages of one job.
    token = slow_job(account, "job-1", steps=150, step_seconds=0.02)
    first = workers()
    wait_for(running_on(account, "job-1", first.instance_id), what="job-1 to run")
    assert account.receive(visibility=0) is None
    account.send_body(json.dumps({
        "jobId": "job-1", "taskToken": token, "checkpointPath": "/checkpoints/job-1/", "interruptions": 0,
        "input": {"trainer": "watched", "tag": "job-1", "steps": 150, "stepSeconds": 0.02}}))
    second = workers()
    wait_for(lambda: account.job("job-1")["status"] == "succeeded", what="job-1 to finish")

    assert journal.starts == {"job-1": [0]}
    assert journal.completions == {"job-1": 1}
    assert len(account.sfn.successes[token]) == 1
    wait_for(lambda: account.depth() == 0, what="both messages to be deleted")
    assert second.worker.outcomes[0].value == "skipped"


def test_a_job_whose_worker_went_silent_is_taken_over_from_its_checkpoint(account, workers, journal, tmp_path):
    token = slow_job(account, "job-1", steps=100, step_seconds=0)
    # A worker on another instance claimed it, checkpointed step 30, then hung: its heartbeat is old
    # and its message came back.
    dead = "i-0deadbeefdeadbeef"
    old = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=5)).isoformat(timespec="milliseconds")
    account.instances_table.put_item(Item={"instanceId": dead, "status": "running", "jobId": "job-1",
                                           "lastHeartbeat": old.replace("+00:00", "Z"), "updatedAt": old})
    account.jobs_table.update_item(Key={"jobId": "job-1"}, UpdateExpression="SET #s = :r, instanceId = :i",
                                   ExpressionAttributeNames={"#s": "status"},
                                   ExpressionAttributeValues={":r": "running", ":i": dead})
    CheckpointManager(tmp_path / "checkpoints" / "job-1").save(30, {"sum": sum(range(30))})

    workers()
    wait_for(lambda: account.job("job-1")["status"] == "succeeded", what="job-1 to finish")
    assert journal.starts == {"job-1": [30]}
    assert account.sfn.successes[token] == [{"sum": sum(range(100)), "steps": 100}]


def test_a_task_the_workflow_closed_stops_the_job_and_deletes_its_message(account, workers, journal):
    token = slow_job(account, "job-1", steps=500, step_seconds=0.02)
    worker = workers()
    wait_for(running_on(account, "job-1", worker.instance_id), what="job-1 to run")
    account.sfn.closed.add(token)  # the workflow's heartbeat timeout fired
    wait_for(lambda: account.job("job-1")["status"] == "failed", what="job-1 to stop")
    assert account.job("job-1")["error"]["Error"] == "Training.TaskClosed"
    assert journal.steps["job-1"] < 500
    wait_for(lambda: account.depth() == 0, what="the message to be deleted")
