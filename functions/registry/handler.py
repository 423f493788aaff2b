"""EC2 state changes of the fleet's instances, and the schedule's stale sweep -> the instances table."""

from training_control import config, handling
from training_control.events import parse_registry_event
from training_control.registry import handle_registry_event


@handling.rejecting_malformed(parse_registry_event)
def handler(event, context):
    return handle_registry_event(
        event,
        registry=config.instance_registry(),
        fleet=config.fleet_membership(),
        now=handling.utc_now(),
        stale_after=config.stale_after(),
        retention_seconds=config.stopped_retention_seconds(),
    )
