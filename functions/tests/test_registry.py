"""The registry handler: EC2 state changes of the fleet's instances and the stale sweep."""

import pytest

from control_plane_support import schedule, state_change
from training_control import config
from training_control.config import ConfigurationError


def test_an_instance_is_registered_pending_then_running_then_deregistered_with_a_ttl(aws, registry_handler, clock):
    instance = aws.launch()
    assert registry_handler(state_change(instance, "pending"), None)["action"] == "registered"
    assert aws.instance(instance)["status"] == "pending"

    clock.advance(seconds=40)
    assert registry_handler(state_change(instance, "running"), None)["action"] == "registered"
    item = aws.instance(instance)
    assert item["status"] == "running"
    assert item["updatedAt"] == "2026-12-01T10:00:40.000Z"
    assert "expiresAt" not in item

    clock.advance(hours=3)
    assert registry_handler(state_change(instance, "terminated"), None)["action"] == "deregistered"
    item = aws.instance(instance)
    assert item["status"] == "stopped"
    assert item["stoppedReason"] == "ec2 state terminated"
    assert item["expiresAt"] == int(clock.now.timestamp()) + 7 * 86_400


@pytest.mark.parametrize("state", ["stopping", "stopped", "shutting-down", "terminated"])
def test_every_leaving_state_deregisters(aws, registry_handler, clock, state):
    instance = aws.launch()
    registry_handler(state_change(instance, "running"), None)
    assert registry_handler(state_change(instance, state), None)["action"] == "deregistered"
    assert aws.instance(instance)["status"] == "stopped"


def test_late_events_never_move_an_instance_back(aws, registry_handler, clock):
    instance = aws.launch()
    registry_handler(state_change(instance, "running"), None)
    assert registry_handler(state_change(instance, "pending"), None)["action"] == "none"
    assert aws.instance(instance)["status"] == "running"

    registry_handler(state_change(instance, "terminated"), None)
    stopped = aws.instance(instance)
    clock.advance(seconds=5)
    assert registry_handler(state_change(instance, "running", event_id="late-running"), None)["action"] == "none"
    assert aws.instance(instance) == stopped


def test_the_same_event_twice_changes_nothing_the_second_time(aws, registry_handler, clock):
    instance = aws.launch()
    for state in ("pending", "running", "terminated"):
        event = state_change(instance, state)
        registry_handler(event, None)
        before = aws.instance(instance)
        clock.advance(seconds=30)
        assert registry_handler(event, None)["action"] == "none"
        assert aws.instance(instance) == before


def test_instances_outside_the_fleet_are_ignored_and_looked_up_once(aws, registry_handler, clock):
    other_stack = aws.launch(stack="prod")
    not_fleet = aws.launch(fleet=False)
    for instance in (other_stack, not_fleet):
        for state in ("pending", "running", "terminated"):
            result = registry_handler(state_change(instance, state), None)
            assert result["action"] in ("ignored", "none")
        assert aws.instance(instance) is None
    # pending and running of each: one DescribeTags per instance, the second answer from the cache.
    assert config.fleet_membership().lookups == 2


def test_a_fleet_instance_is_looked_up_once_per_execution_environment(aws, registry_handler, clock):
    instance = aws.launch()
    registry_handler(state_change(instance, "pending"), None)
    registry_handler(state_change(instance, "running"), None)
    assert config.fleet_membership().lookups == 1
    assert aws.instance(instance)["status"] == "running"


def test_the_sweep_expires_instances_without_a_recent_heartbeat_and_keeps_the_others(aws, registry_handler, clock):
    silent, beating, fresh = aws.launch(), aws.launch(), aws.launch()
    for instance in (silent, beating):
        registry_handler(state_change(instance, "running"), None)
    clock.advance(minutes=10)
    assert aws.registry.heartbeat(beating, clock.now)
    registry_handler(state_change(fresh, "pending"), None)  # no heartbeat yet, but only just registered

    clock.advance(minutes=6)  # 16 minutes since silent registered, 6 since the heartbeat
    result = registry_handler(schedule("tick-1"), None)
    assert result == {"action": "swept", "expired": [silent]}
    item = aws.instance(silent)
    assert (item["status"], item["stoppedReason"]) == ("stopped", "stale")
    assert item["expiresAt"] == int(clock.now.timestamp()) + 7 * 86_400
    assert aws.instance(beating)["status"] == "running"
    assert aws.instance(fresh)["status"] == "pending"

    before = [aws.instance(i) for i in (silent, beating, fresh)]
    assert registry_handler(schedule("tick-1"), None) == {"action": "swept", "expired": []}
    assert [aws.instance(i) for i in (silent, beating, fresh)] == before

    clock.advance(minutes=15)
    assert sorted(registry_handler(schedule("tick-2"), None)["expired"]) == sorted([beating, fresh])


def test_the_sweep_also_expires_interrupting_instances(aws, registry_handler, clock):
    instance = aws.launch()
    registry_handler(state_change(instance, "running"), None)
    aws.registry.mark_interrupting(instance, "warning-1", clock.now)
    clock.advance(minutes=16)
    assert registry_handler(schedule(), None)["expired"] == [instance]


def test_the_stale_limit_comes_from_the_environment(aws, registry_handler, clock, monkeypatch):
    instance = aws.launch()
    registry_handler(state_change(instance, "running"), None)
    monkeypatch.setenv("STALE_AFTER_MINUTES", "30")
    clock.advance(minutes=16)
    assert registry_handler(schedule(), None)["expired"] == []
    clock.advance(minutes=15)
    assert registry_handler(schedule(), None)["expired"] == [instance]


@pytest.mark.parametrize("name,value,message", [
    ("STALE_AFTER_MINUTES", "soon", "environment variable STALE_AFTER_MINUTES is 'soon'; expected a whole number of minutes from 2 to 1440"),
    ("STALE_AFTER_MINUTES", "1", "environment variable STALE_AFTER_MINUTES is '1'; expected a whole number of minutes from 2 to 1440"),
    ("STOPPED_INSTANCE_RETENTION_DAYS", "0", "environment variable STOPPED_INSTANCE_RETENTION_DAYS is '0'; expected a whole number of days from 1 to 365"),
    ("INSTANCES_TABLE", "", "environment variable INSTANCES_TABLE is not set or empty; expected the instances table's name"),
])
def test_a_wrong_environment_is_an_error_that_names_the_variable(aws, registry_handler, monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError) as raised:
        registry_handler(schedule(), None)
    assert str(raised.value).startswith(message)


def test_deregistering_an_unknown_instance_creates_nothing(aws, registry_handler, clock):
    instance = aws.launch(fleet=False)
    assert registry_handler(state_change(instance, "terminated"), None)["action"] == "none"
    assert aws.instance(instance) is None
    assert config.fleet_membership().lookups == 0


def test_a_recent_heartbeat_keeps_an_instance_the_index_still_shows_as_old(aws, registry_handler, clock):
    # The index is eventually consistent: the write itself must look at lastHeartbeat.
    instance = aws.launch()
    registry_handler(state_change(instance, "running"), None)
    clock.advance(minutes=20)
    aws.instances_table.update_item(Key={"instanceId": instance}, UpdateExpression="SET lastHeartbeat = :t",
                                    ExpressionAttributeValues={":t": "2026-12-01T10:19:00.000Z"})
    assert registry_handler(schedule(), None)["expired"] == []
    assert aws.instance(instance)["status"] == "running"


def test_a_heartbeat_moves_updated_at_so_the_sweep_query_skips_live_instances(aws, registry_handler, clock):
    instance = aws.launch()
    registry_handler(state_change(instance, "running"), None)
    clock.advance(minutes=5)
    assert aws.registry.heartbeat(instance, clock.now)
    item = aws.instance(instance)
    assert item["lastHeartbeat"] == item["updatedAt"] == "2026-12-01T10:05:00.000Z"
