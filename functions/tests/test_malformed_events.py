"""Malformed events: one logged line saying what was wrong, a normal return, nothing changed."""

import logging

import pytest

from control_plane_support import spot_warning, state_change

GOOD_ID = "i-0123456789abcdef0"


def without(event, *path):
    event = {**event, "detail": dict(event["detail"])}
    target = event["detail"] if len(path) == 2 else event
    del target[path[-1]]
    return event


def changed(event, **fields):
    return {**event, **fields}


def detail(event, **fields):
    return {**event, "detail": {**event["detail"], **fields}}


REGISTRY_CASES = [
    (None, "event is NoneType None; expected an EventBridge event object"),
    ("pending", "event is str 'pending'; expected an EventBridge event object"),
    (without(state_change(GOOD_ID, "running"), "id"), "field 'id' is missing; expected the EventBridge event id"),
    (changed(state_change(GOOD_ID, "running"), id=""), "field 'id' is ''; expected an EventBridge event id"),
    (changed(state_change(GOOD_ID, "running"), **{"detail-type": "EC2 Instance Launch Successful"}),
     "field 'detail-type' is 'EC2 Instance Launch Successful'; expected one of ['EC2 Instance State-change Notification', 'Scheduled Event']"),
    (changed(state_change(GOOD_ID, "running"), source="custom.app"),
     "field 'source' is 'custom.app' for 'EC2 Instance State-change Notification'; expected 'aws.ec2'"),
    (without(state_change(GOOD_ID, "running"), "detail"), "field 'detail' is missing; expected an object with 'instance-id'"),
    (changed(state_change(GOOD_ID, "running"), detail=[]), "field 'detail' is []; expected an object with 'instance-id'"),
    (without(state_change(GOOD_ID, "running"), "detail", "instance-id"),
     "field 'detail.instance-id' is None; expected an EC2 instance id like i-0123456789abcdef0"),
    (detail(state_change(GOOD_ID, "running"), **{"instance-id": "i-XYZ"}),
     "field 'detail.instance-id' is 'i-XYZ'; expected an EC2 instance id like i-0123456789abcdef0"),
    (detail(state_change(GOOD_ID, "running"), state="hibernating"),
     "field 'detail.state' is 'hibernating'; expected one of pending, running, stopping, stopped, shutting-down, terminated"),
]

INTERRUPTION_CASES = [
    ([], "event is list []; expected an EventBridge event object"),
    (changed(spot_warning(GOOD_ID), **{"detail-type": "EC2 Instance State-change Notification"}),
     "field 'detail-type' is 'EC2 Instance State-change Notification'; expected one of "
     "['EC2 Instance Rebalance Recommendation', 'EC2 Spot Instance Interruption Warning']"),
    (changed(spot_warning(GOOD_ID), source="aws.events"),
     "field 'source' is 'aws.events' for 'EC2 Spot Instance Interruption Warning'; expected 'aws.ec2'"),
    (detail(spot_warning(GOOD_ID), **{"instance-id": 42}),
     "field 'detail.instance-id' is 42; expected an EC2 instance id like i-0123456789abcdef0"),
]


def assert_rejected(handler, event, reason, caplog):
    caplog.set_level(logging.INFO, logger="training_control")
    result = handler(event, None)
    assert result["action"] == "rejected"
    assert result["reason"].startswith(reason)
    lines = [r for r in caplog.records if r.name == "training_control"]
    assert lines and all(r.levelno == logging.WARNING for r in lines)
    assert lines[-1].getMessage().startswith("rejected event ")
    assert reason in lines[-1].getMessage()
    assert "\n" not in lines[-1].getMessage()


@pytest.fixture
def no_resources(monkeypatch):
    """Without the resources' environment, any attempt to touch AWS fails with ConfigurationError:
    a rejected event must not get that far."""
    for name in ("INSTANCES_TABLE", "TRAINING_JOBS_TABLE", "JOBS_QUEUE_URL", "OPS_TOPIC_ARN", "STACK_NAME"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("event,reason", REGISTRY_CASES)
def test_the_registry_rejects_malformed_events(no_resources, registry_handler, caplog, event, reason):
    assert_rejected(registry_handler, event, reason, caplog)


@pytest.mark.parametrize("event,reason", INTERRUPTION_CASES)
def test_the_interruption_handler_rejects_malformed_events(no_resources, interruption_handler, caplog, event, reason):
    assert_rejected(interruption_handler, event, reason, caplog)


def test_a_malformed_event_changes_nothing_in_the_account(aws, registry_handler, interruption_handler):
    registry_handler(detail(state_change(GOOD_ID, "running"), state="hibernating"), None)
    interruption_handler(detail(spot_warning(GOOD_ID), **{"instance-id": "nope"}), None)
    assert aws.instances_table.scan()["Items"] == []
    assert aws.notifications() == []
