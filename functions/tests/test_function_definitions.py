"""Each handler folder follows functions/README.md, and its function.json grants what the code calls."""

import ast
import json
from pathlib import Path

import boto3
import pytest

from control_plane_support import spot_warning, state_change, schedule
from training_control import config
from training_control.interruption import REQUEUE_LEASE

FUNCTIONS = Path(__file__).resolve().parents[1]
FOLDERS = sorted(p.parent.name for p in FUNCTIONS.glob("*/function.json"))
FIELDS = {"memoryMb", "timeoutSeconds", "tables", "queues", "topics", "ec2"}
KEYS = {"tables": ("dynamodb:", {"instances", "training-jobs"}), "queues": ("sqs:", {"jobs"}),
        "topics": ("sns:", {"ops"})}


def definition(folder):
    return json.loads((FUNCTIONS / folder / "function.json").read_text())


def test_the_handlers_are_the_ones_the_design_names():
    assert FOLDERS == ["registry", "spot-interruption"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_definition_has_only_known_fields_and_resources(folder):
    spec = definition(folder)
    assert set(spec) <= FIELDS, f"{folder}: unknown fields {set(spec) - FIELDS}"
    assert 128 <= spec["memoryMb"] <= 10240
    assert 1 <= spec["timeoutSeconds"] <= 900
    for field, (prefix, keys) in KEYS.items():
        for key, actions in spec.get(field, {}).items():
            assert key in keys, f"{folder}: {field} key {key!r}; expected one of {sorted(keys)}"
            assert actions and all(a.startswith(prefix) for a in actions), f"{folder}: {field}.{key} = {actions}"
    assert all(a.startswith("ec2:Describe") for a in spec.get("ec2", []))


@pytest.mark.parametrize("folder", FOLDERS)
def test_a_handler_defines_handler_event_context(folder):
    tree = ast.parse((FUNCTIONS / folder / "handler.py").read_text())
    [fn] = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "handler"]
    assert [a.arg for a in fn.args.args] == ["event", "context"]


def test_a_requeue_lease_outlasts_the_interruption_function():
    # A repeated event takes over an open requeue only after the lease: by then the first run has
    # certainly ended (Lambda stops it at its timeout), so the two never send at once.
    assert definition("spot-interruption")["timeoutSeconds"] < REQUEUE_LEASE.total_seconds()


class Calls:
    """The AWS actions the handlers' clients call (clients are created after this hooks in)."""

    def __init__(self):
        self.actions = set()
        boto3.setup_default_session()
        boto3.DEFAULT_SESSION.events.register("before-call", self.record)
        config.reset()

    def record(self, model, **kwargs):
        self.actions.add(f"{model.service_model.signing_name}:{model.name}")


def granted(folder):
    spec = definition(folder)
    actions = set(spec.get("ec2", []))
    for field in KEYS:
        for granted_actions in spec.get(field, {}).values():
            actions |= set(granted_actions)
    return actions


def test_the_registry_calls_only_what_its_definition_grants(aws, registry_handler, clock):
    calls = Calls()
    instance = aws.launch()
    for state in ("pending", "running", "terminated"):
        registry_handler(state_change(instance, state), None)
    registry_handler(state_change(aws.launch(), "running"), None)
    clock.advance(hours=1)
    assert registry_handler(schedule(), None)["expired"]
    assert calls.actions == granted("registry")


def test_the_interruption_handler_calls_only_what_its_definition_grants(aws, registry_handler,
                                                                        interruption_handler, clock):
    aws.submit("job-1")
    instance = aws.launch()
    registry_handler(state_change(instance, "running"), None)
    aws.worker_takes_job(instance)
    calls = Calls()
    interruption_handler(spot_warning(instance, "warning-1"), None)
    interruption_handler(spot_warning(instance, "warning-1"), None)
    assert calls.actions == granted("spot-interruption")
