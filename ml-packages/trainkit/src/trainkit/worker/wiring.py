"""Builds a worker from its settings: the AWS clients and the records it writes through."""

from __future__ import annotations

from typing import Any

from botocore.config import Config

from trainkit._vendor.training_control.instances import InstanceRegistry
from trainkit._vendor.training_control.jobs import JobsTable

from .aws import JobsQueue, ScaleInProtection, TaskReports
from .imds import Imds
from .loop import Worker
from .runner import JobRunner
from .settings import WorkerSettings
from .stopping import Stop

# The receive's long poll must finish within the read timeout.
_CLIENT_CONFIG = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=5, read_timeout=40)


def build_worker(settings: WorkerSettings, instance_id: str, imds: Imds, session: Any, *,
                 sfn: Any = None, **runner_options: Any) -> Worker:
    """`session` is a boto3 Session (one per worker: boto3's default session is not thread-safe).
    `sfn` replaces the Step Functions client (tests)."""

    def client(name: str):
        return session.client(name, region_name=settings.region, config=_CLIENT_CONFIG)

    dynamodb = session.resource("dynamodb", region_name=settings.region, config=_CLIENT_CONFIG)
    registry = InstanceRegistry(dynamodb.Table(settings.instances_table))
    queue = JobsQueue(client("sqs"), settings.jobs_queue_url)
    stop = Stop()
    runner = JobRunner(settings, instance_id, jobs=JobsTable(dynamodb.Table(settings.jobs_table)), registry=registry,
                       queue=queue, reports=TaskReports(sfn or client("stepfunctions")),
                       protection=ScaleInProtection(client("autoscaling"), settings.fleet_group_name, instance_id),
                       worker_stop=stop, **runner_options)
    return Worker(settings, instance_id, registry=registry, queue=queue, runner=runner,
                  spot_notice=imds.spot_action, stop=stop)
