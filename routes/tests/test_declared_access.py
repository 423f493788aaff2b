"""Each handler calls only the AWS actions its route.json grants: what the deployed role will allow."""

import json
import os

import boto3
import pytest

from routes_test_support import ROUTES, ROUTES_DIR, call, post_json

SIGNED_JOB = {"jobId": "job-1", "input": {"epochs": 1}}
CONTACT = {"name": "Ada", "email": "ada@example.com", "message": "Hello", "website": ""}
# Each route's paths through its logic, including retries and refusals.
SCENARIOS = {
    "health": lambda: [call("health")],
    "list-projects": lambda: [call("list-projects", query="limit=2&tag=aws"), call("list-projects")],
    "get-project": lambda: [call("get-project", path_params={"slug": "policy-as-code-gate"}),
                            call("get-project", path_params={"slug": "missing"})],
    "submit-contact": lambda: [post_json("submit-contact", CONTACT, headers={"idempotency-key": "key-0000001"})
                               for _ in range(7)],
    "start-training-job": lambda: [post_json("start-training-job", SIGNED_JOB) for _ in range(2)]
    + [post_json("start-training-job", {**SIGNED_JOB, "input": {}})],
    "get-training-job": lambda: [call("get-training-job", path_params={"id": "job-1"}),
                                 call("get-training-job", path_params={"id": "missing"})],
}
RESOURCE_ENV = {("dynamodb", "projects"): "PROJECTS_TABLE", ("dynamodb", "contact-messages"): "CONTACT_MESSAGES_TABLE",
                ("dynamodb", "training-jobs"): "TRAINING_JOBS_TABLE",
                ("states", "training"): "TRAINING_STATE_MACHINE_ARN"}


def declared(folder):
    definition = json.loads((ROUTES_DIR / folder / "route.json").read_text())
    allowed = set()
    for kind, service in (("tables", "dynamodb"), ("stateMachines", "states")):
        for key, actions in definition.get(kind, {}).items():
            allowed |= {(action, os.environ[RESOURCE_ENV[(service, key)]]) for action in actions}
    return allowed


@pytest.fixture
def recorded(stack):
    calls = []

    def record(params, model, **kwargs):
        # The signing name is the IAM action prefix: dynamodb, states.
        calls.append((f"{model.service_model.signing_name}:{model.name}",
                      params.get("TableName") or params.get("stateMachineArn")))

    session = boto3._get_default_session()
    session.events.register("provide-client-params.*.*", record)
    yield calls
    session.events.unregister("provide-client-params.*.*", record)


def test_the_scenarios_cover_every_route():
    assert set(SCENARIOS) == set(ROUTES)


@pytest.mark.parametrize("folder", sorted(SCENARIOS))
def test_a_route_uses_only_what_its_definition_grants(recorded, folder):
    if folder == "get-training-job":
        post_json("start-training-job", SIGNED_JOB)
    recorded.clear()
    answers = SCENARIOS[folder]()
    assert all(answer.status < 500 for answer in answers), [a.body for a in answers]
    used = set(recorded)
    assert bool(used) is (folder != "health")  # the recording works; health touches nothing
    assert used <= declared(folder), f"routes/{folder} calls {sorted(used - declared(folder))} beyond route.json"
