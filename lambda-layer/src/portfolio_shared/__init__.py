"""Shared code for the portfolio API's route handlers (one Lambda per route, HTTP API payload 2.0).

A route handler stays thin: parse the event into a model, call logic, call data access::

    from portfolio_shared import api_handler, ok, parse_json_body, validate_model
    from portfolio_shared.models import ContactMessageInput

    @api_handler
    def handler(event, context):
        message = validate_model(ContactMessageInput, parse_json_body(event))
        ...
        return ok({"messageId": ...}, status=201)

Modules: `responses` (ok/error), `handler` (api_handler), `validation` (body, params, models'
error messages), `models`, `contact` and `pagination` (logic), `data` (DynamoDB repositories),
`config` (environment contract). See README.md for the tables' keys.
"""

from .errors import ApiError, ConfigurationError, Conflict, NotFound, ValidationFailed, invalid
from .handler import api_handler
from .responses import error, ok
from .validation import parse_json_body, validate_model

__all__ = [
    "ApiError", "ConfigurationError", "Conflict", "NotFound", "ValidationFailed", "invalid",
    "api_handler", "error", "ok", "parse_json_body", "validate_model",
]
