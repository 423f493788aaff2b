"""The job message and the timestamps every record uses."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from training_control.jobs import message_for
from training_control.records import InvalidRecord, JobMessage, timestamp

GOOD = {"jobId": "job-1", "taskToken": "tok", "input": {"epochs": 3}, "checkpointPath": "/checkpoints/job-1/",
        "interruptions": 2}


def body(**fields):
    return json.dumps({**GOOD, **fields})


def test_a_message_survives_the_round_trip():
    message = JobMessage.from_body(body())
    assert message == JobMessage("job-1", "tok", {"epochs": 3}, "/checkpoints/job-1/", 2)
    assert JobMessage.from_body(message.to_body()) == message


@pytest.mark.parametrize("text,problem", [
    ("{", "job message is not JSON"),
    ("[1]", "job message is [1]; expected a JSON object"),
    (body(extra=1), "job message has unknown fields ['extra']; expected only"),
    (body(jobId="bad id"), "job message field 'jobId' is 'bad id'; expected 1 to 64 letters, digits, '_' or '-'"),
    (body(taskToken=""), "job message field 'taskToken' is ''; expected a task token or null"),
    (body(input="x"), "job message field 'input' is 'x'; expected a JSON object"),
    (body(checkpointPath="/tmp/"), "job message field 'checkpointPath' is '/tmp/'; expected '/checkpoints/job-1/'"),
    (body(interruptions=True), "job message field 'interruptions' is True; expected a whole number >= 0"),
    (body(interruptions=-1), "job message field 'interruptions' is -1; expected a whole number >= 0"),
])
def test_a_wrong_message_is_refused_with_what_was_expected(text, problem):
    with pytest.raises(InvalidRecord) as raised:
        JobMessage.from_body(text)
    assert str(raised.value).startswith(problem)


def test_a_message_rebuilt_from_a_record_carries_json_numbers_not_decimals():
    record = {"jobId": "job-1", "taskToken": "tok", "input": {"epochs": Decimal("3"), "rate": Decimal("0.5"),
                                                              "tags": {"a"}}, "interruptions": Decimal("4")}
    message = message_for(record)
    assert json.loads(message.to_body()) == {"jobId": "job-1", "taskToken": "tok", "checkpointPath": "/checkpoints/job-1/",
                                             "input": {"epochs": 3, "rate": 0.5, "tags": ["a"]}, "interruptions": 4}


def test_timestamps_have_one_form_that_sorts_in_time_order():
    earlier = dt.datetime(2026, 12, 1, 9, 59, 59, 999000, tzinfo=dt.timezone.utc)
    later = dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))  # 10:00 UTC
    assert (timestamp(earlier), timestamp(later)) == ("2026-12-01T09:59:59.999Z", "2026-12-01T10:00:00.000Z")
    assert timestamp(earlier) < timestamp(later)
    with pytest.raises(ValueError):
        timestamp(dt.datetime(2026, 12, 1))
