"""Fixtures of the control plane's handler tests: one mocked account (moto) with the tables, the
jobs queue and its DLQ, the ops topic, and the handlers loaded from their folders."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from control_plane_support import MAX_RECEIVE_COUNT
from training_control import config
from training_control.instances import InstanceRegistry
from training_control.jobs import JobsTable
from training_control.records import JobMessage, checkpoint_path, timestamp

REGION = "eu-west-1"
FUNCTIONS = Path(__file__).resolve().parents[1]
STACK = "dev"


def load_handler(folder: str):
    spec = importlib.util.spec_from_file_location(f"handler_{folder.replace('-', '_')}", FUNCTIONS / folder / "handler.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _table(ddb, name, key, sort):
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in (key, "status", sort)],
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{"IndexName": "byStatus", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                               {"AttributeName": sort, "KeyType": "RANGE"}]}],
    )
    boto3.client("dynamodb", region_name=REGION).update_time_to_live(
        TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"})
    return ddb.Table(name)


class Account:
    """The mocked account, with the moves a worker and an operator make."""

    def __init__(self, monkeypatch):
        self.ddb = boto3.resource("dynamodb", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.sns = boto3.client("sns", region_name=REGION)
        self.ec2 = boto3.client("ec2", region_name=REGION)
        self.instances_table = _table(self.ddb, "instances-test", "instanceId", "updatedAt")
        self.jobs_table = _table(self.ddb, "training-jobs-test", "jobId", "createdAt")
        self.dlq_url = self.sqs.create_queue(QueueName="jobs-dlq-test")["QueueUrl"]
        dlq_arn = self.sqs.get_queue_attributes(QueueUrl=self.dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.queue_url = self.sqs.create_queue(QueueName="jobs-test", Attributes={
            "VisibilityTimeout": "30",
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVE_COUNT)}),
        })["QueueUrl"]
        self.topic_arn = self.sns.create_topic(Name="ops-test")["TopicArn"]
        # What the ops topic sends, read back through a subscribed queue.
        self.inbox_url = self.sqs.create_queue(QueueName="ops-inbox-test")["QueueUrl"]
        inbox_arn = self.sqs.get_queue_attributes(QueueUrl=self.inbox_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.sns.subscribe(TopicArn=self.topic_arn, Protocol="sqs", Endpoint=inbox_arn)
        for name, value in {"INSTANCES_TABLE": "instances-test", "TRAINING_JOBS_TABLE": "training-jobs-test",
                            "JOBS_QUEUE_URL": self.queue_url, "OPS_TOPIC_ARN": self.topic_arn,
                            "STACK_NAME": STACK}.items():
            monkeypatch.setenv(name, value)
        self.registry = InstanceRegistry(self.instances_table)
        self.jobs = JobsTable(self.jobs_table)

    # --- EC2 ------------------------------------------------------------------------------------
    def launch(self, *, fleet=True, stack=STACK) -> str:
        tags = [{"Key": "stack", "Value": stack}, {"Key": "project", "Value": "portfolio"}]
        if fleet:
            tags.append({"Key": "component", "Value": "training-fleet"})
        # moto does not check the image id; listing its images to pick one takes seconds.
        reservation = self.ec2.run_instances(ImageId="ami-12345678", MinCount=1, MaxCount=1,
                                             TagSpecifications=[{"ResourceType": "instance", "Tags": tags}])
        return reservation["Instances"][0]["InstanceId"]

    # --- the queue, as the workflow and the worker use it ------------------------------------------
    def submit(self, job_id: str, *, token="token-" + "x" * 20, payload=None) -> None:
        """What the API route and the workflow do: a queued job record and its message."""
        now = timestamp(dt.datetime.now(dt.timezone.utc))
        payload = payload or {"dataset": "mnist", "epochs": 3, "learningRate": "0.01"}
        self.jobs_table.put_item(Item={"jobId": job_id, "status": "queued", "createdAt": now, "updatedAt": now,
                                       "input": payload, "checkpointPath": checkpoint_path(job_id),
                                       "interruptions": 0, "failures": 0})
        self.sqs.send_message(QueueUrl=self.queue_url, MessageBody=JobMessage(
            job_id, token, payload, checkpoint_path(job_id), 0).to_body())

    def receive(self, queue_url=None) -> dict | None:
        got = self.sqs.receive_message(QueueUrl=queue_url or self.queue_url, MaxNumberOfMessages=1,
                                       AttributeNames=["ApproximateReceiveCount"]).get("Messages", [])
        return got[0] if got else None

    def worker_takes_job(self, instance_id: str) -> dict:
        """A worker on `instance_id` receives a message, claims its job and records what it holds."""
        message = self.receive()
        assert message is not None, "expected a job message on the queue"
        job = JobMessage.from_body(message["Body"])
        now = dt.datetime.now(dt.timezone.utc)
        assert self.jobs.claim(job, instance_id, now).claimed
        assert self.registry.take_job(instance_id, job.job_id, message["ReceiptHandle"], now)
        return message

    def let_visible_again(self, message: dict) -> None:
        """A real failure: the worker gives the message back instead of deleting it."""
        self.sqs.change_message_visibility(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"],
                                           VisibilityTimeout=0)

    def depth(self, queue_url) -> int:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        return sum(int(v) for v in attributes["Attributes"].values())

    def notifications(self) -> list[dict]:
        found = []
        while True:
            got = self.sqs.receive_message(QueueUrl=self.inbox_url, MaxNumberOfMessages=10).get("Messages", [])
            if not got:
                return found
            for m in got:
                envelope = json.loads(m["Body"])
                found.append({"subject": envelope.get("Subject"), "message": json.loads(envelope["Message"])})
                self.sqs.delete_message(QueueUrl=self.inbox_url, ReceiptHandle=m["ReceiptHandle"])

    def instance(self, instance_id) -> dict | None:
        return self.instances_table.get_item(Key={"instanceId": instance_id}).get("Item")

    def job(self, job_id) -> dict | None:
        return self.jobs_table.get_item(Key={"jobId": job_id}).get("Item")


@pytest.fixture(autouse=True)
def aws_env(monkeypatch):
    # Never reach a real account, whatever the developer's shell has configured.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    config.reset()
    yield
    config.reset()


@pytest.fixture
def aws(monkeypatch):
    with mock_aws():
        yield Account(monkeypatch)


@pytest.fixture
def registry_handler():
    return load_handler("registry").handler


@pytest.fixture
def interruption_handler():
    return load_handler("spot-interruption").handler


class Clock:
    """The handlers' notion of now, moved by the tests."""

    def __init__(self, monkeypatch):
        self.now = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.timezone.utc)
        monkeypatch.setattr("training_control.handling.utc_now", lambda: self.now)

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)
