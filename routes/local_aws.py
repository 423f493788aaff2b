"""The AWS side of the local API, in moto: the stack's tables, the content, a training workflow.

TABLES mirrors com.portfolio.infra.storage.DynamoDb.TABLES (a test compares the two), so the
handlers meet the same keys, indexes and TTL attributes locally as deployed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local_content import load_projects, table_item

REGION = "eu-west-1"
STACK = "local"
NAME_PREFIX = f"portfolio-{STACK}"


@dataclass(frozen=True)
class TableSpec:
    key: str
    partition_key: str
    ttl_attribute: str | None
    indexes: tuple[tuple[str, str, str], ...]  # (name, partition key, sort key)

    @property
    def env_name(self) -> str:
        return self.key.upper().replace("-", "_") + "_TABLE"

    @property
    def table_name(self) -> str:
        return f"{NAME_PREFIX}-{self.key}"


TABLES = (
    TableSpec("projects", "slug", None, (("byStatus", "status", "sortKey"),)),
    TableSpec("contact-messages", "messageId", "expiresAt", ()),
    TableSpec("training-jobs", "jobId", "expiresAt", (("byStatus", "status", "createdAt"),)),
)

# The workflow only has to exist locally: moto records executions but runs no definition.
TRAINING_DEFINITION = {"Comment": "local stand-in for the training workflow",
                       "StartAt": "Queued", "States": {"Queued": {"Type": "Pass", "End": True}}}


def create_table(dynamodb: Any, spec: TableSpec) -> None:
    """Created as the program creates it: on-demand, string keys, indexes projecting everything, TTL."""
    attributes = {spec.partition_key: "S"}
    for _, partition, sort in spec.indexes:
        attributes.setdefault(partition, "S")
        attributes.setdefault(sort, "S")
    kwargs: dict[str, Any] = {
        "TableName": spec.table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [{"AttributeName": n, "AttributeType": t} for n, t in attributes.items()],
        "KeySchema": [{"AttributeName": spec.partition_key, "KeyType": "HASH"}],
    }
    if spec.indexes:
        kwargs["GlobalSecondaryIndexes"] = [{
            "IndexName": name,
            "KeySchema": [{"AttributeName": partition, "KeyType": "HASH"},
                          {"AttributeName": sort, "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        } for name, partition, sort in spec.indexes]
    dynamodb.create_table(**kwargs)
    if spec.ttl_attribute:
        dynamodb.update_time_to_live(TableName=spec.table_name, TimeToLiveSpecification={
            "Enabled": True, "AttributeName": spec.ttl_attribute})


def deployed_version(routes_dir: Path, layer_src: Path) -> str:
    """12 hex digits over the routes' and the layer's files, like the program's DEPLOYED_VERSION."""
    digest = hashlib.sha256()
    for root in (routes_dir, layer_src):
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                           and p.suffix != ".pyc"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class LocalStack:
    environment: dict[str, str]
    project_count: int


def provision(content_file: Path, *, version: str, with_workflow: bool = True) -> LocalStack:
    """Inside an active `mock_aws`: tables, the content's items, the workflow; the routes' environment."""
    import boto3

    projects = load_projects(content_file)  # first: a broken file stops before anything is created
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    for spec in TABLES:
        create_table(dynamodb, spec)
    table = boto3.resource("dynamodb", region_name=REGION).Table(TABLES[0].table_name)
    with table.batch_writer() as batch:
        for project in projects:
            batch.put_item(Item=table_item(project))
    environment = {spec.env_name: spec.table_name for spec in TABLES}
    environment.update({"STACK_NAME": STACK, "DEPLOYED_VERSION": version})
    if with_workflow:
        iam = boto3.client("iam", region_name=REGION)
        role = iam.create_role(RoleName=f"{NAME_PREFIX}-training", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                    "Principal": {"Service": "states.amazonaws.com"}}]}))
        machine = boto3.client("stepfunctions", region_name=REGION).create_state_machine(
            name=f"{NAME_PREFIX}-training", definition=json.dumps(TRAINING_DEFINITION),
            roleArn=role["Role"]["Arn"])
        environment["TRAINING_STATE_MACHINE_ARN"] = machine["stateMachineArn"]
    return LocalStack(environment, len(projects))
