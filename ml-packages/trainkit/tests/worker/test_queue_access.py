"""The jobs queue as the worker uses it: one message per long poll, and a message that is gone
(deleted by the interruption handler) is an answer, not an error."""

import boto3
from moto import mock_aws

from trainkit.worker.aws import JobsQueue


class RecordingSqs:
    def __init__(self):
        self.calls = []

    def receive_message(self, **kwargs):
        self.calls.append(kwargs)
        return {}


def test_a_receive_is_a_long_poll_for_one_message_with_its_receive_count():
    sqs = RecordingSqs()
    assert JobsQueue(sqs, "https://queue").receive(20) is None
    assert sqs.calls == [{"QueueUrl": "https://queue", "MaxNumberOfMessages": 1, "WaitTimeSeconds": 20,
                          "MessageSystemAttributeNames": ["ApproximateReceiveCount"]}]


def test_a_deleted_message_answers_false_to_every_call():
    with mock_aws():
        sqs = boto3.client("sqs", region_name="eu-west-1")
        url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="{}")
        queue = JobsQueue(sqs, url)
        received = queue.receive(0)
        assert (received.receive_count, received.attempt) == (1, f"{received.message_id}#1")
        assert queue.hide(received.receipt_handle, 30)
        assert queue.delete(received.receipt_handle)
        assert queue.make_visible(received.receipt_handle) is False
