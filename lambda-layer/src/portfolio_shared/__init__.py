"""Shared code for the portfolio API's route handlers (one Lambda per route, HTTP API payload 2.0).

A route handler stays thin: parse the event, call the logic here, answer::

    from portfolio_shared import api_handler, ok
    from portfolio_shared.health import health_report

    @api_handler(method="GET")
    def handler(event, context):
        return ok(health_report())

Modules: `responses` (ok/error), `handler` (api_handler), `validation` (body, params, models'
error messages), `models`, logic (`project_listing`, `pagination`, `contact`, `rate_limit`,
`training_jobs`, `health`), `data` (DynamoDB and Step Functions access), `config` (environment
contract). See README.md for the tables' keys.
"""

from .errors import ApiError, ConfigurationError, Conflict, InvalidFields, NotFound, ValidationFailed, invalid
from .handler import api_handler
from .responses import error, ok

__all__ = [
    "ApiError", "ConfigurationError", "Conflict", "InvalidFields", "NotFound", "ValidationFailed", "invalid",
    "api_handler", "error", "ok", "parse_json_body", "validate_model",
]


def __getattr__(name: str):
    # Loaded on first use: they import pydantic, which a route without a body never needs.
    if name in ("parse_json_body", "validate_model"):
        from . import validation

        return getattr(validation, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
