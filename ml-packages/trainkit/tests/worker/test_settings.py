"""The worker's environment: every problem named at once, with the value and what is expected."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from trainkit.worker.settings import SettingsError, from_environment

GOOD = {
    "AWS_REGION": "eu-west-1", "STACK_NAME": "dev",
    "JOBS_QUEUE_URL": "https://sqs.eu-west-1.amazonaws.com/123456789012/portfolio-dev-jobs",
    "TRAINING_JOBS_TABLE": "portfolio-dev-training-jobs", "INSTANCES_TABLE": "portfolio-dev-instances",
    "FLEET_GROUP_NAME": "portfolio-dev-training-fleet", "HEARTBEAT_SECONDS": "300",
    "VISIBILITY_TIMEOUT_SECONDS": "900", "CHECKPOINT_ROOT": "/checkpoints", "TRAINING_DATA_ROOT": "/training-data",
}


def problems(env):
    with pytest.raises(SettingsError) as caught:
        from_environment(env)
    return caught.value.problems


def test_the_contract_environment_gives_the_documented_defaults():
    settings = from_environment(GOOD)
    assert (settings.heartbeat_seconds, settings.visibility_timeout_seconds) == (300, 900)
    assert settings.checkpoint_interval_seconds == 300
    assert settings.imds_endpoint == "http://169.254.169.254"
    assert settings.receive_wait_seconds == 20 and settings.spot_check_seconds == 5
    assert settings.checkpoint_dir("job-1") == Path("/checkpoints/job-1")


def test_every_missing_variable_is_named_at_once():
    found = problems({})
    assert [p.split(" ")[0] for p in found] == [
        "AWS_REGION", "STACK_NAME", "JOBS_QUEUE_URL", "TRAINING_JOBS_TABLE", "INSTANCES_TABLE", "FLEET_GROUP_NAME",
        "HEARTBEAT_SECONDS", "VISIBILITY_TIMEOUT_SECONDS", "CHECKPOINT_ROOT", "TRAINING_DATA_ROOT"]
    assert found[0] == "AWS_REGION is not set; expected the AWS region of the stack, e.g. us-east-1"


def test_wrong_values_are_named_with_the_value_and_what_is_expected():
    found = problems({**GOOD, "HEARTBEAT_SECONDS": "5m", "CHECKPOINT_ROOT": "checkpoints",
                      "JOBS_QUEUE_URL": "portfolio-dev-jobs", "CHECKPOINT_INTERVAL_SECONDS": "0",
                      "IMDS_ENDPOINT": "169.254.169.254", "SPOT_CHECK_SECONDS": "-1", "RECEIVE_WAIT_SECONDS": "30"})
    assert found == [
        "JOBS_QUEUE_URL is 'portfolio-dev-jobs'; expected the jobs queue's URL (an http:// or https:// URL)",
        "HEARTBEAT_SECONDS is '5m'; expected a whole number of seconds (training:heartbeatSeconds) from 1 to 3600",
        "CHECKPOINT_ROOT is 'checkpoints'; expected the checkpoints mount, /checkpoints (an absolute path)",
        "CHECKPOINT_INTERVAL_SECONDS is '0'; expected a whole number of seconds from 1 to 86400",
        "IMDS_ENDPOINT is '169.254.169.254'; expected the instance metadata service (an http:// or https:// URL)",
        "SPOT_CHECK_SECONDS is '-1'; expected a number of seconds above 0, at most 60",
        "RECEIVE_WAIT_SECONDS is '30'; expected a whole number of seconds from 0 to 20",
    ]


def test_the_receive_limit_is_optional_and_checked():
    assert from_environment(GOOD).receive_limit == 0
    assert from_environment({**GOOD, "RECEIVE_LIMIT": "3"}).receive_limit == 3
    assert problems({**GOOD, "RECEIVE_LIMIT": "0"}) == [
        "RECEIVE_LIMIT is '0'; expected a whole number of receives (training:receiveLimit) from 1 to 1000"]


def test_the_visibility_timeout_must_exceed_the_heartbeat():
    assert problems({**GOOD, "HEARTBEAT_SECONDS": "900"}) == [
        "VISIBILITY_TIMEOUT_SECONDS is 900 with HEARTBEAT_SECONDS 900; expected more than the heartbeat, or a "
        "job's message comes back to another worker between two heartbeats"]


def test_the_process_exits_2_naming_every_problem_before_touching_aws():
    src = Path(__file__).resolve().parents[2] / "src"
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join([str(src), *sys.path]),
           **{k: v for k, v in GOOD.items() if k not in ("STACK_NAME", "CHECKPOINT_ROOT")},
           "HEARTBEAT_SECONDS": "0"}
    done = subprocess.run([sys.executable, "-m", "trainkit.worker"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "STACK_NAME is not set" in done.stderr
    assert "CHECKPOINT_ROOT is not set" in done.stderr
    assert "HEARTBEAT_SECONDS is '0'" in done.stderr
