from __future__ import annotations

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
    yield
    config.dynamodb_resource.cache_clear()


@pytest.fixture
def tables(monkeypatch):
    """Both tables, created with exactly the keys the infrastructure uses."""
    with mock_aws():
        ddb = boto3.resource("dynamodb", region_name=REGION)
        projects = ddb.create_table(
            TableName="projects-test",
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "slug", "AttributeType": "S"},
                {"AttributeName": "status", "AttributeType": "S"},
                {"AttributeName": "sortKey", "AttributeType": "S"},
            ],
            KeySchema=[{"AttributeName": "slug", "KeyType": "HASH"}],
            GlobalSecondaryIndexes=[{
                "IndexName": "byStatus",
                "KeySchema": [
                    {"AttributeName": "status", "KeyType": "HASH"},
                    {"AttributeName": "sortKey", "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }],
        )
        messages = ddb.create_table(
            TableName="contact-messages-test",
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "messageId", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "messageId", "KeyType": "HASH"}],
        )
        boto3.client("dynamodb", region_name=REGION).update_time_to_live(
            TableName="contact-messages-test",
            TimeToLiveSpecification={"Enabled": True, "AttributeName": "expiresAt"},
        )
        monkeypatch.setenv("PROJECTS_TABLE", "projects-test")
        monkeypatch.setenv("CONTACT_MESSAGES_TABLE", "contact-messages-test")
        yield {"projects": projects, "messages": messages}
