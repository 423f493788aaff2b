"""The worker as systemd runs it: `python -m trainkit.worker`, against moto's server and a fake IMDS;
SIGTERM makes it checkpoint, give the job back and exit 0."""

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest

from trainkit.checkpoint import CheckpointManager
from worker_support import FLEET_GROUP, REGION, wait_for

SRC = Path(__file__).resolve().parents[2] / "src"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def moto_server():
    if importlib.util.find_spec("flask") is None:
        pytest.skip("moto's server needs moto[server] (flask)")
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(port), timeout=20, what="moto_server to listen")
        yield endpoint
    finally:
        server.terminate()
        server.wait(10)


def _answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
        return True
    except OSError:
        return False


def test_sigterm_checkpoints_gives_the_job_back_and_exits_0(moto_server, fake_imds, tmp_path):
    clients = {name: boto3.client(name, region_name=REGION, endpoint_url=moto_server)
               for name in ("dynamodb", "sqs", "ec2", "autoscaling")}
    for table, key in (("instances", "instanceId"), ("jobs", "jobId")):
        clients["dynamodb"].create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                                         AttributeDefinitions=[{"AttributeName": key, "AttributeType": "S"}],
                                         KeySchema=[{"AttributeName": key, "KeyType": "HASH"}])
    queue_url = clients["sqs"].create_queue(QueueName="jobs", Attributes={"VisibilityTimeout": "30"})["QueueUrl"]
    template = clients["ec2"].create_launch_template(LaunchTemplateName="fleet",
                                                     LaunchTemplateData={"ImageId": "ami-12345678"})
    clients["autoscaling"].create_auto_scaling_group(
        AutoScalingGroupName=FLEET_GROUP, MinSize=0, MaxSize=1, DesiredCapacity=0, AvailabilityZones=[f"{REGION}a"],
        LaunchTemplate={"LaunchTemplateId": template["LaunchTemplate"]["LaunchTemplateId"]})
    # A job straight on the queue, long enough to be stopped in the middle.
    clients["sqs"].send_message(QueueUrl=queue_url, MessageBody=json.dumps({
        "jobId": "job-1", "taskToken": None, "checkpointPath": "/checkpoints/job-1/", "interruptions": 0,
        "input": {"steps": 1_000_000, "samples": 2000, "features": 32}}))
    imds = fake_imds()
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path]),
           "AWS_REGION": REGION, "AWS_ENDPOINT_URL": moto_server, "AWS_ACCESS_KEY_ID": "testing",
           "AWS_SECRET_ACCESS_KEY": "testing", "STACK_NAME": "dev", "JOBS_QUEUE_URL": queue_url,
           "TRAINING_JOBS_TABLE": "jobs", "INSTANCES_TABLE": "instances", "FLEET_GROUP_NAME": FLEET_GROUP,
           "HEARTBEAT_SECONDS": "1", "VISIBILITY_TIMEOUT_SECONDS": "30", "CHECKPOINT_ROOT": str(tmp_path / "ckpt"),
           "TRAINING_DATA_ROOT": str(tmp_path / "data"), "CHECKPOINT_INTERVAL_SECONDS": "1",
           "IMDS_ENDPOINT": imds.endpoint, "RECEIVE_WAIT_SECONDS": "1", "SPOT_CHECK_SECONDS": "0.5"}
    worker = subprocess.Popen([sys.executable, "-m", "trainkit.worker"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        checkpoints = CheckpointManager(tmp_path / "ckpt" / "job-1")
        wait_for(lambda: worker.poll() is None and checkpoints.list_checkpoints(), timeout=60,
                 what="the worker's first checkpoint")
        before = checkpoints.list_checkpoints()[-1].step
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "stopping: SIGTERM" in output and "given back (SIGTERM)" in output
    assert checkpoints.list_checkpoints()[-1].step > before
    job = boto3.resource("dynamodb", region_name=REGION, endpoint_url=moto_server).Table("jobs").get_item(
        Key={"jobId": "job-1"})["Item"]
    assert job["status"] == "interrupted" and "instanceId" not in job
    again = clients["sqs"].receive_message(QueueUrl=queue_url, MessageSystemAttributeNames=["ApproximateReceiveCount"])
    assert again["Messages"][0]["Attributes"]["ApproximateReceiveCount"] == "2"
