"""EventBridge events the control plane's handlers accept, parsed into small typed values.

Anything else is a `RejectedEvent` whose message says what was wrong, with the value and what was
expected: the handler logs it on one line and returns normally, because raising would only make
Lambda retry an event that can never succeed.

Event shapes: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instance-state-changes.html,
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html and
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/rebalance-recommendations.html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping

from .records import INSTANCE_ID, shown

STATE_CHANGE = "EC2 Instance State-change Notification"
SPOT_WARNING = "EC2 Spot Instance Interruption Warning"
REBALANCE = "EC2 Instance Rebalance Recommendation"
SCHEDULED = "Scheduled Event"

# EC2 states that bring an instance into the registry, and those that take it out.
REGISTERING_STATES = ("pending", "running")
DEREGISTERING_STATES = ("stopping", "stopped", "shutting-down", "terminated")

_EVENT_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RejectedEvent(ValueError):
    """The event cannot be handled; the message is the one log line that says why."""


@dataclass(frozen=True)
class StateChange:
    event_id: str
    instance_id: str
    state: str

    @property
    def registers(self) -> bool:
        return self.state in REGISTERING_STATES


@dataclass(frozen=True)
class Sweep:
    """The schedule's tick: expire instances that stopped sending heartbeats."""

    event_id: str


@dataclass(frozen=True)
class Interruption:
    event_id: str
    instance_id: str
    warning: bool  # False for a rebalance recommendation

    @property
    def kind(self) -> str:
        return "spot interruption warning" if self.warning else "rebalance recommendation"


def _field(event: Mapping[str, Any], name: str, expected: str) -> Any:
    if name not in event:
        raise RejectedEvent(f"field '{name}' is missing; expected {expected}")
    return event[name]


def _envelope(event: Any, accepted: Mapping[str, str]) -> tuple[str, str]:
    """The event's id and detail-type, checked against the accepted detail-types (-> source)."""
    if not isinstance(event, Mapping):
        raise RejectedEvent(f"event is {type(event).__name__} {shown(event)}; expected an EventBridge event object")
    event_id = _field(event, "id", "the EventBridge event id")
    if not isinstance(event_id, str) or not _EVENT_ID.match(event_id):
        raise RejectedEvent(f"field 'id' is {shown(event_id)}; expected an EventBridge event id (1 to 128 "
                            f"letters, digits, '.', '_', ':' or '-')")
    detail_type = _field(event, "detail-type", f"one of {sorted(accepted)}")
    if detail_type not in accepted:
        raise RejectedEvent(f"field 'detail-type' is {shown(detail_type)}; expected one of {sorted(accepted)}")
    source = event.get("source")
    if source != accepted[detail_type]:
        raise RejectedEvent(f"field 'source' is {shown(source)} for {detail_type!r}; expected "
                            f"{accepted[detail_type]!r}")
    return event_id, detail_type


def _detail(event: Mapping[str, Any]) -> Mapping[str, Any]:
    detail = _field(event, "detail", "an object with 'instance-id'")
    if not isinstance(detail, Mapping):
        raise RejectedEvent(f"field 'detail' is {shown(detail)}; expected an object with 'instance-id'")
    return detail


def _instance_id(detail: Mapping[str, Any]) -> str:
    value = detail.get("instance-id")
    if not isinstance(value, str) or not INSTANCE_ID.match(value):
        raise RejectedEvent(f"field 'detail.instance-id' is {shown(value)}; expected an EC2 instance id "
                            f"like i-0123456789abcdef0")
    return value


def parse_registry_event(event: Any) -> StateChange | Sweep:
    event_id, detail_type = _envelope(event, {STATE_CHANGE: "aws.ec2", SCHEDULED: "aws.events"})
    if detail_type == SCHEDULED:
        return Sweep(event_id)
    detail = _detail(event)
    instance_id = _instance_id(detail)
    state = detail.get("state")
    if state not in REGISTERING_STATES + DEREGISTERING_STATES:
        raise RejectedEvent(f"field 'detail.state' is {shown(state)}; expected one of "
                            f"{', '.join(REGISTERING_STATES + DEREGISTERING_STATES)}")
    return StateChange(event_id, instance_id, state)


def parse_interruption_event(event: Any) -> Interruption:
    event_id, detail_type = _envelope(event, {SPOT_WARNING: "aws.ec2", REBALANCE: "aws.ec2"})
    return Interruption(event_id, _instance_id(_detail(event)), warning=detail_type == SPOT_WARNING)


def event_id_of(event: Any) -> str:
    """For log lines about an event that may be malformed."""
    if isinstance(event, Mapping) and isinstance(event.get("id"), str):
        return shown(event["id"])
    return "(no id)"
