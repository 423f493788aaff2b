from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from portfolio_shared import config

REGION = "eu-west-1"


@pytest.fixture(autouse=True)
def aws_env(monkeypatch):
    # Never reach a real account, whatever the developer's shell has configured.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    config.dynamodb_resource.cache_clear()
    config.stepfunctions_client.cache_clear()
    yield
    config.dynamodb_resource.cache_clear()
    config.stepfunctions_client.cache_clear()


def _table(ddb, name, key, indexes=(), ttl=None):
    attributes = {key: "S"}
    for _, partition, sort in indexes:
        attributes.update({partition: "S", sort: "S"})
    kwargs = {
        "TableName": name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()],
        "KeySchema": [{"AttributeName": key, "KeyType": "HASH"}],
    }
    if indexes:
        kwargs["GlobalSecondaryIndexes"] = [{
            "IndexName": index,
            "KeySchema": [{"AttributeName": partition, "KeyType": "HASH"},
                          {"AttributeName": sort, "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        } for index, partition, sort in indexes]
    table = ddb.create_table(**kwargs)
    if ttl:
        boto3.client("dynamodb", region_name=REGION).update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": ttl})
    return table


@pytest.fixture
def tables(monkeypatch):
    """The tables with exactly the keys the infrastructure uses (storage/DynamoDb.java TABLES)."""
    with mock_aws():
        ddb = boto3.resource("dynamodb", region_name=REGION)
        made = {
            "projects": _table(ddb, "projects-test", "slug", [("byStatus", "status", "sortKey")]),
            "messages": _table(ddb, "contact-messages-test", "messageId", ttl="expiresAt"),
            "jobs": _table(ddb, "training-jobs-test", "jobId", [("byStatus", "status", "createdAt")], ttl="expiresAt"),
        }
        monkeypatch.setenv("PROJECTS_TABLE", "projects-test")
        monkeypatch.setenv("CONTACT_MESSAGES_TABLE", "contact-messages-test")
        monkeypatch.setenv("TRAINING_JOBS_TABLE", "training-jobs-test")
        yield made


@pytest.fixture
def state_machine(tables):
    """A training workflow in moto (it records executions and runs nothing); yields its ARN."""
    role = boto3.client("iam", region_name=REGION).create_role(
        RoleName="training", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
    machine = boto3.client("stepfunctions", region_name=REGION).create_state_machine(
        name="training", roleArn=role["Role"]["Arn"],
        definition=json.dumps({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}))
    yield machine["stateMachineArn"]
