"""Support of the worker's tests (fixtures are re-exported by conftest.py): one mocked account (moto) with the tables, the jobs queue and its
DLQ, the fleet's Auto Scaling group; a fake IMDSv2 server per instance; a Step Functions stand-in
that, like the service, accepts one report per task token; a trainer whose steps the tests can
see; and workers running in threads."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import secrets
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Mapping

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core.botocore_stubber import BotocoreStubber

from trainkit._vendor.training_control.records import JobMessage, checkpoint_path, stored, timestamp
from trainkit.worker import Trainer, register_trainer
from trainkit.worker.imds import Imds
from trainkit.worker.settings import WorkerSettings
from trainkit.worker.trainers import Diverged, InvalidInput
from trainkit.worker.wiring import build_worker

REGION = "eu-west-1"
STACK = "dev"
FLEET_GROUP = "training-fleet-test"
MAX_RECEIVE_COUNT = 3
REPOSITORY = Path(__file__).resolve().parents[4]
LAYER_SRC = REPOSITORY / "lambda-layer" / "src"
INTERRUPTION_HANDLER = REPOSITORY / "functions" / "spot-interruption" / "handler.py"


def new_instance_id(rng=None) -> str:
    return "i-" + (rng.randbytes(9).hex()[:17] if rng else secrets.token_hex(9)[:17])


# --- IMDSv2 ----------------------------------------------------------------------------------------

class FakeImds(ThreadingHTTPServer):
    """IMDSv2 as an instance sees it: a token from PUT /latest/api/token (TTL header required),
    GETs refused with 401 without a valid token, the instance id, and a spot notice (404 until set)."""

    daemon_threads = True

    def __init__(self, instance_id: str) -> None:
        super().__init__(("127.0.0.1", 0), _ImdsHandler)
        self.instance_id = instance_id
        self.tokens: set[str] = set()
        self.instance_action: dict | None = None
        self.refused = 0
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def interrupt(self, action: str = "terminate") -> None:
        when = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=2)
        self.instance_action = {"action": action, "time": when.strftime("%Y-%m-%dT%H:%M:%SZ")}

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _ImdsHandler(BaseHTTPRequestHandler):
    server: FakeImds

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _reply(self, status: int, body: str = "") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self) -> None:
        ttl = self.headers.get("X-aws-ec2-metadata-token-ttl-seconds", "")
        if self.path != "/latest/api/token" or not ttl.isdigit() or not 1 <= int(ttl) <= 21_600:
            return self._reply(400)
        token = secrets.token_urlsafe(16)
        self.server.tokens.add(token)
        self._reply(200, token)

    def do_GET(self) -> None:
        if self.headers.get("X-aws-ec2-metadata-token") not in self.server.tokens:
            self.server.refused += 1
            return self._reply(401)
        if self.path == "/latest/meta-data/instance-id":
            return self._reply(200, self.server.instance_id)
        if self.path == "/latest/meta-data/spot/instance-action" and self.server.instance_action:
            return self._reply(200, json.dumps(self.server.instance_action))
        self._reply(404)


@pytest.fixture
def fake_imds():
    servers = []

    def start(instance_id: str | None = None) -> FakeImds:
        server = FakeImds(instance_id or new_instance_id())
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


# --- Step Functions --------------------------------------------------------------------------------

class FakeStepFunctions:
    """Task reports as Step Functions takes them: one success or failure per token, then
    TaskTimedOut; heartbeats on a closed token are refused the same way."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.successes: dict[str, list[dict]] = {}
        self.failures: dict[str, list[tuple[str, str]]] = {}
        self.heartbeats: dict[str, int] = {}
        self.closed: set[str] = set()
        self.refused: list[tuple[str, str]] = []

    def _closed(self, token: str, operation: str) -> None:
        if token in self.closed:
            self.refused.append((operation, token))
            raise ClientError({"Error": {"Code": "TaskTimedOut", "Message": "Task Timed Out"}}, operation)

    def send_task_success(self, taskToken: str, output: str) -> dict:
        with self.lock:
            self._closed(taskToken, "SendTaskSuccess")
            self.closed.add(taskToken)
            self.successes.setdefault(taskToken, []).append(json.loads(output))
        return {}

    def send_task_failure(self, taskToken: str, error: str, cause: str) -> dict:
        with self.lock:
            self._closed(taskToken, "SendTaskFailure")
            self.closed.add(taskToken)
            self.failures.setdefault(taskToken, []).append((error, cause))
        return {}

    def send_task_heartbeat(self, taskToken: str) -> dict:
        with self.lock:
            self._closed(taskToken, "SendTaskHeartbeat")
            self.heartbeats[taskToken] = self.heartbeats.get(taskToken, 0) + 1
        return {}


# --- A trainer the tests can watch -----------------------------------------------------------------

class Journal:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.starts: dict[str, list[int]] = {}
        self.completions: dict[str, int] = {}
        self.steps: dict[str, int] = {}

    def reset(self) -> None:
        with self.lock:
            self.starts.clear()
            self.completions.clear()
            self.steps.clear()


JOURNAL = Journal()


class WatchedTrainer(Trainer):
    """`{"trainer": "watched", "tag": <job id>, "steps": N, "stepSeconds": s, "fail": "transient"|"diverged"}`:
    counts steps; state is the running sum of the step numbers, so a resume is checkable."""

    def __init__(self, options: Mapping[str, Any], data_root: Path) -> None:
        unknown = set(options) - {"tag", "steps", "stepSeconds", "fail"}
        if unknown:
            raise InvalidInput(f"input has unknown fields {sorted(unknown)}")
        self.tag = str(options.get("tag"))
        self.total_steps = int(options.get("steps", 10))
        self.step_seconds = float(options.get("stepSeconds", 0.0))
        self.fail = options.get("fail")

    def initial_state(self) -> dict:
        return {"sum": 0}

    def begin(self, start_step: int) -> None:
        with JOURNAL.lock:
            JOURNAL.starts.setdefault(self.tag, []).append(start_step)

    def step(self, state: dict, step: int) -> dict:
        if self.fail == "transient" and step == 1:
            raise RuntimeError("CUDA error: an illegal memory access was encountered")
        if self.fail == "diverged" and step == 1:
            raise Diverged("loss is nan at step 1")
        time.sleep(self.step_seconds)
        with JOURNAL.lock:
            JOURNAL.steps[self.tag] = JOURNAL.steps.get(self.tag, 0) + 1
        return {"sum": state["sum"] + step}

    def result(self, state: dict) -> dict:
        with JOURNAL.lock:
            JOURNAL.completions[self.tag] = JOURNAL.completions.get(self.tag, 0) + 1
        return {"sum": state["sum"], "steps": self.total_steps}


register_trainer("watched", WatchedTrainer)


@pytest.fixture
def journal():
    JOURNAL.reset()
    return JOURNAL


# --- The account -----------------------------------------------------------------------------------

def _table(ddb, name, key, sort):
    ddb.create_table(
        TableName=name, BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"} for a in (key, "status", sort)],
        KeySchema=[{"AttributeName": key, "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[{"IndexName": "byStatus", "Projection": {"ProjectionType": "ALL"},
                                 "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"},
                                               {"AttributeName": sort, "KeyType": "RANGE"}]}])
    return ddb.Table(name)


class Account:
    def __init__(self, *, visibility_seconds: int) -> None:
        self.ddb = boto3.resource("dynamodb", region_name=REGION)
        self.sqs = boto3.client("sqs", region_name=REGION)
        self.instances_table = _table(self.ddb, "instances-test", "instanceId", "updatedAt")
        self.jobs_table = _table(self.ddb, "training-jobs-test", "jobId", "createdAt")
        self.dlq_url = self.sqs.create_queue(QueueName="jobs-dlq-test")["QueueUrl"]
        dlq_arn = self.sqs.get_queue_attributes(QueueUrl=self.dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self.queue_url = self.sqs.create_queue(QueueName="jobs-test", Attributes={
            "VisibilityTimeout": str(visibility_seconds),
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": str(MAX_RECEIVE_COUNT)}),
        })["QueueUrl"]
        self.topic_arn = boto3.client("sns", region_name=REGION).create_topic(Name="ops-test")["TopicArn"]
        ec2 = boto3.client("ec2", region_name=REGION)
        template = ec2.create_launch_template(LaunchTemplateName="fleet-test",
                                              LaunchTemplateData={"ImageId": "ami-12345678", "InstanceType": "g5.xlarge"})
        boto3.client("autoscaling", region_name=REGION).create_auto_scaling_group(
            AutoScalingGroupName=FLEET_GROUP, MinSize=0, MaxSize=10, DesiredCapacity=0,
            AvailabilityZones=[f"{REGION}a"],
            LaunchTemplate={"LaunchTemplateId": template["LaunchTemplate"]["LaunchTemplateId"]})
        self.sfn = FakeStepFunctions()

    def submit(self, job_id: str, payload: dict, *, token: bool = True, record: bool = True) -> str | None:
        """What the API and the workflow do (a queued record, a message with a task token); with
        token=False and record=False, a job sent straight to the queue."""
        now = timestamp(dt.datetime.now(dt.timezone.utc))
        task_token = f"token-{job_id}-{uuid.uuid4().hex}" if token else None
        if record:
            self.jobs_table.put_item(Item={"jobId": job_id, "status": "queued", "createdAt": now, "updatedAt": now,
                                           "input": stored(payload), "checkpointPath": checkpoint_path(job_id),
                                           "interruptions": 0, "failures": 0})
        self.send_body(JobMessage(job_id, task_token, payload, checkpoint_path(job_id), 0).to_body())
        return task_token

    def send_body(self, body: str) -> str:
        return self.sqs.send_message(QueueUrl=self.queue_url, MessageBody=body)["MessageId"]

    def receive(self, queue_url: str | None = None, visibility: int | None = None) -> dict | None:
        extra = {"VisibilityTimeout": visibility} if visibility is not None else {}
        got = self.sqs.receive_message(QueueUrl=queue_url or self.queue_url, MaxNumberOfMessages=1,
                                       MessageSystemAttributeNames=["ApproximateReceiveCount"], **extra)
        messages = got.get("Messages", [])
        return messages[0] if messages else None

    def depth(self, queue_url: str | None = None) -> int:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=queue_url or self.queue_url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])
        return sum(int(v) for v in attributes["Attributes"].values())

    def job(self, job_id: str) -> dict | None:
        return self.jobs_table.get_item(Key={"jobId": job_id}, ConsistentRead=True).get("Item")

    def instance(self, instance_id: str) -> dict | None:
        return self.instances_table.get_item(Key={"instanceId": instance_id}, ConsistentRead=True).get("Item")


@pytest.fixture(autouse=True)
def aws_credentials(monkeypatch):
    # Never reach a real account, whatever the developer's shell has configured.
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)


@pytest.fixture
def serialized_moto(monkeypatch):
    """moto's backends take no locks: two threads' conditional writes could interleave inside one
    request, which DynamoDB never does. Each mocked request runs alone, as one atomic call."""
    lock = threading.Lock()
    original = BotocoreStubber.__call__

    def locked(self, *args, **kwargs):
        with lock:
            return original(self, *args, **kwargs)

    monkeypatch.setattr(BotocoreStubber, "__call__", locked)


@pytest.fixture
def account(serialized_moto):
    with mock_aws():
        yield Account(visibility_seconds=4)


# --- Workers ---------------------------------------------------------------------------------------

def worker_settings(account: Account, root: Path, imds_endpoint: str, **overrides: Any) -> WorkerSettings:
    values = dict(region=REGION, stack_name=STACK, jobs_queue_url=account.queue_url,
                  jobs_table=account.jobs_table.name, instances_table=account.instances_table.name,
                  fleet_group_name=FLEET_GROUP, heartbeat_seconds=1, visibility_timeout_seconds=4,
                  checkpoint_root=root / "checkpoints", training_data_root=root / "training-data",
                  checkpoint_interval_seconds=0.3, imds_endpoint=imds_endpoint, spot_check_seconds=0.1,
                  receive_wait_seconds=0, release_grace_seconds=0.5)
    values.update(overrides)
    return WorkerSettings(**values)


class RunningWorker:
    def __init__(self, worker, imds: FakeImds) -> None:
        self.worker = worker
        self.imds = imds
        self.instance_id = worker.instance_id
        self.exit_code: int | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=f"worker-{self.instance_id}", daemon=True)

    def _run(self) -> None:
        try:
            self.exit_code = self.worker.run()
        except BaseException as exc:  # surfaced by the test
            self.error = exc
            raise

    def start(self) -> "RunningWorker":
        self.thread.start()
        return self

    def stop(self, reason: str = "SIGTERM", timeout: float = 20) -> None:
        self.worker.stop(reason)
        self.thread.join(timeout)
        assert not self.thread.is_alive(), f"worker {self.instance_id} did not stop within {timeout} s"


@pytest.fixture
def workers(account, fake_imds, tmp_path):
    started: list[RunningWorker] = []

    def make(*, start: bool = True, instance_id: str | None = None, **overrides: Any) -> RunningWorker:
        imds = fake_imds(instance_id)
        settings = worker_settings(account, tmp_path, imds.endpoint, **overrides)
        instance = Imds(imds.endpoint).instance_id()
        running = RunningWorker(build_worker(settings, instance, Imds(imds.endpoint), boto3.session.Session(),
                                             sfn=account.sfn), imds)
        started.append(running)
        return running.start() if start else running

    yield make
    for running in started:
        if running.thread.is_alive():
            running.stop()


def wait_for(condition, timeout: float = 15, interval: float = 0.05, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


# --- The real spot-interruption handler ------------------------------------------------------------

def spot_warning(instance_id: str, event_id: str) -> dict:
    """An EventBridge "EC2 Spot Instance Interruption Warning" as AWS sends it."""
    return {"version": "0", "id": event_id, "detail-type": "EC2 Spot Instance Interruption Warning",
            "source": "aws.ec2", "account": "123456789012", "time": "2026-12-01T10:00:00Z", "region": REGION,
            "resources": [f"arn:aws:ec2:{REGION}:123456789012:instance/{instance_id}"],
            "detail": {"instance-id": instance_id, "instance-action": "terminate"}}


@pytest.fixture
def interruption_handler(account, monkeypatch):
    """functions/spot-interruption/handler.py over lambda-layer/src, with the environment the
    program gives it. Only in a checkout of the whole repository (the ML build zips this package alone)."""
    if not INTERRUPTION_HANDLER.is_file() or not LAYER_SRC.is_dir():
        pytest.skip("needs the repository's functions/ and lambda-layer/ (not in the package's own build)")
    if str(LAYER_SRC) not in sys.path:
        monkeypatch.syspath_prepend(str(LAYER_SRC))
    for name, value in {"INSTANCES_TABLE": account.instances_table.name,
                        "TRAINING_JOBS_TABLE": account.jobs_table.name, "JOBS_QUEUE_URL": account.queue_url,
                        "OPS_TOPIC_ARN": account.topic_arn, "STACK_NAME": STACK}.items():
        monkeypatch.setenv(name, value)
    from training_control import config

    config.reset()
    spec = importlib.util.spec_from_file_location("spot_interruption_handler", INTERRUPTION_HANDLER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    yield module.handler
    config.reset()
