"""Which instances belong to the stack's training fleet.

EC2 state-change events carry no tags, so the rule that sends them cannot tell the fleet's
instances from any other instance in the account. The fleet's instances carry the program's
tags ``stack=<stack>`` and ``component=training-fleet``; an instance seen for the first time is
looked up once with ``ec2:DescribeTags`` and the answer is kept for the life of the execution
environment (an instance's tags do not change while it lives).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

FLEET_COMPONENT = "training-fleet"


class FleetMembership:
    def __init__(self, ec2: Any, stack: str, *, cache_size: int = 2048) -> None:
        self.ec2 = ec2
        self.wanted = {"stack": stack, "component": FLEET_COMPONENT}
        self.cache_size = cache_size
        self._known: OrderedDict[str, bool] = OrderedDict()
        self.lookups = 0

    def __contains__(self, instance_id: str) -> bool:
        if instance_id in self._known:
            self._known.move_to_end(instance_id)
            return self._known[instance_id]
        member = self._lookup(instance_id)
        self._known[instance_id] = member
        if len(self._known) > self.cache_size:
            self._known.popitem(last=False)
        return member

    def _lookup(self, instance_id: str) -> bool:
        self.lookups += 1
        tags = {}
        request = {"Filters": [{"Name": "resource-id", "Values": [instance_id]},
                               {"Name": "key", "Values": sorted(self.wanted)}]}
        while True:
            page = self.ec2.describe_tags(**request)
            tags.update({t["Key"]: t["Value"] for t in page.get("Tags", [])})
            if not page.get("NextToken"):
                break
            request["NextToken"] = page["NextToken"]
        return all(tags.get(key) == value for key, value in self.wanted.items())
