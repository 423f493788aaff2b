"""What to do with a message whose job is not free, decided from the records alone."""

import datetime as dt

from trainkit._vendor.training_control.jobs import ClaimResult, Refusal
from trainkit.worker.claiming import Decision, decide

NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)
FRESH = dt.timedelta(seconds=900)


def held(attempt="m-1#1"):
    return ClaimResult(False, "job job-1 is running on i-0aaaaaaaaaaaaaaaa", Refusal.HELD,
                       {"jobId": "job-1", "status": "running", "instanceId": "i-0aaaaaaaaaaaaaaaa", "attempt": attempt})


def holder(seconds_ago=10, status="running", job_id="job-1"):
    beat = (NOW - dt.timedelta(seconds=seconds_ago)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return {"instanceId": "i-0aaaaaaaaaaaaaaaa", "status": status, "jobId": job_id, "lastHeartbeat": beat}


def test_finished_and_superseded_messages_are_deleted():
    for refusal in (Refusal.FINISHED, Refusal.SUPERSEDED):
        assert decide(ClaimResult(False, "", refusal, {}), None, "m-2", NOW, FRESH) is Decision.DELETE


def test_another_message_of_a_job_a_live_holder_runs_is_deleted():
    assert decide(held(), holder(), "m-2", NOW, FRESH) is Decision.DELETE
    assert decide(held(), holder(status="interrupting"), "m-2", NOW, FRESH) is Decision.DELETE


def test_the_holders_own_message_delivered_again_is_hidden_not_deleted():
    assert decide(held("m-1#1"), holder(), "m-1", NOW, FRESH) is Decision.HIDE


def test_a_silent_stopped_or_elsewhere_busy_holder_is_taken_over():
    assert decide(held(), holder(seconds_ago=901), "m-1", NOW, FRESH) is Decision.TAKE_OVER
    assert decide(held(), holder(status="stopped"), "m-1", NOW, FRESH) is Decision.TAKE_OVER
    assert decide(held(), holder(job_id="job-2"), "m-1", NOW, FRESH) is Decision.TAKE_OVER  # restarted, holds another
    assert decide(held(), None, "m-1", NOW, FRESH) is Decision.TAKE_OVER
