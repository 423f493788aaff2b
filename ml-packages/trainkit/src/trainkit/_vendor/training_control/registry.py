"""EC2 state changes and the stale sweep, applied to the instances table.

The sweep runs on a schedule rather than on each state change: an instance whose worker hung
keeps running and sends no state change at all, which is exactly the entry to expire.
"""

from __future__ import annotations

import datetime as _dt
import logging
from typing import Any, Container

from .events import StateChange, Sweep
from .instances import InstanceRegistry

logger = logging.getLogger("training_control")


def handle_registry_event(event: StateChange | Sweep, *, registry: InstanceRegistry, fleet: Container[str],
                          now: _dt.datetime, stale_after: _dt.timedelta, retention_seconds: int) -> dict[str, Any]:
    if isinstance(event, Sweep):
        expired = registry.expire_stale(now, stale_after=stale_after, retention_seconds=retention_seconds)
        if expired:
            logger.info("event %s: expired %d stale instance(s): %s", event.event_id, len(expired), ", ".join(expired))
        return {"action": "swept", "expired": expired}
    if event.registers:
        # Deregistering needs no lookup: an instance outside the fleet is never in the table.
        if event.instance_id not in fleet:
            logger.info("event %s: %s is not a fleet instance; ignored", event.event_id, event.instance_id)
            return {"action": "ignored", "instanceId": event.instance_id}
        changed = registry.register(event.instance_id, event.state, now)
    else:
        changed = registry.deregister(event.instance_id, now, retention_seconds=retention_seconds,
                                      reason=f"ec2 state {event.state}")
    action = ("registered" if event.registers else "deregistered") if changed else "none"
    logger.info("event %s: %s %s -> %s", event.event_id, event.instance_id, event.state, action)
    return {"action": action, "instanceId": event.instance_id, "state": event.state}
