"""What ``GET /api/health`` reports: that the function runs, its stack and the deployed code."""

from __future__ import annotations

from .config import DEPLOYED_VERSION_ENV, STACK_NAME_ENV, required_env


def health_report() -> dict[str, str]:
    return {
        "status": "ok",
        "stack": required_env(STACK_NAME_ENV, "the stack's name"),
        "version": required_env(DEPLOYED_VERSION_ENV, "the deployed code's fingerprint"),
    }
