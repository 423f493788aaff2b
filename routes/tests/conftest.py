"""Fixtures for the route handlers' tests: the local stack in moto, as routes/local_api.py builds it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROUTES_DIR = Path(__file__).resolve().parents[1]
for path in (ROUTES_DIR.parent / "lambda-layer" / "src", ROUTES_DIR, Path(__file__).resolve().parent):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from local_aws import REGION  # noqa: E402

VERSION = "0123456789ab"


@pytest.fixture(autouse=True)
def aws_env(monkeypatch):
    # Never reach a real account, whatever the developer's shell has configured.
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    from portfolio_shared import config

    config.dynamodb_resource.cache_clear()
    config.stepfunctions_client.cache_clear()
    yield
    config.dynamodb_resource.cache_clear()
    config.stepfunctions_client.cache_clear()


def _stack(monkeypatch, *, with_workflow):
    from moto import mock_aws

    from local_aws import provision

    with mock_aws():
        stack = provision(ROUTES_DIR.parent / "content" / "projects.json", version=VERSION,
                          with_workflow=with_workflow)
        for name in ("PROJECTS_TABLE", "CONTACT_MESSAGES_TABLE", "TRAINING_JOBS_TABLE", "TRAINING_STATE_MACHINE_ARN",
                     "STACK_NAME", "DEPLOYED_VERSION"):
            monkeypatch.delenv(name, raising=False)
        for name, value in stack.environment.items():
            monkeypatch.setenv(name, value)
        yield stack


@pytest.fixture
def stack(monkeypatch):
    """Tables created as the program creates them, the content loaded, a training workflow."""
    yield from _stack(monkeypatch, with_workflow=True)


@pytest.fixture
def stack_without_workflow(monkeypatch):
    yield from _stack(monkeypatch, with_workflow=False)
