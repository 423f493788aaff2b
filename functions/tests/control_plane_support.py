"""EventBridge events as AWS sends them, minimal but real-shaped (importable: this folder is on pythonpath)."""

REGION = "eu-west-1"
# The jobs queue's redrive limit in the tests: jobs are interrupted more often than this.
MAX_RECEIVE_COUNT = 3


def ec2_event(detail_type, instance_id, event_id, **detail):
    return {
        "version": "0", "id": event_id, "detail-type": detail_type, "source": "aws.ec2",
        "account": "123456789012", "time": "2026-12-01T10:00:00Z", "region": REGION,
        "resources": [f"arn:aws:ec2:{REGION}:123456789012:instance/{instance_id}"],
        "detail": {"instance-id": instance_id, **detail},
    }


def state_change(instance_id, state, event_id=None):
    return ec2_event("EC2 Instance State-change Notification", instance_id, event_id or f"sc-{instance_id}-{state}",
                     state=state)


def spot_warning(instance_id, event_id="warning-1"):
    return ec2_event("EC2 Spot Instance Interruption Warning", instance_id, event_id, **{"instance-action": "terminate"})


def rebalance(instance_id, event_id="rebalance-1"):
    return ec2_event("EC2 Instance Rebalance Recommendation", instance_id, event_id)


def schedule(event_id="tick-1"):
    return {"version": "0", "id": event_id, "detail-type": "Scheduled Event", "source": "aws.events",
            "account": "123456789012", "time": "2026-12-01T10:00:00Z", "region": REGION,
            "resources": [f"arn:aws:events:{REGION}:123456789012:rule/registry-sweep"], "detail": {}}
