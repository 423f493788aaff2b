"""Spot interruption warnings and rebalance recommendations -> mark the instance, requeue its job, notify."""

from training_control import config, handling
from training_control.events import parse_interruption_event
from training_control.interruption import handle_interruption


@handling.rejecting_malformed(parse_interruption_event)
def handler(event, context):
    return handle_interruption(
        event,
        registry=config.instance_registry(),
        jobs=config.jobs_table(),
        queue=config.job_queue(),
        topic=config.ops_topic(),
        now=handling.utc_now(),
    )
