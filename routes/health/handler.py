"""GET /api/health: status, stack and deployed version. No table access."""

from portfolio_shared import api_handler, ok
from portfolio_shared.health import health_report


@api_handler(method="GET")
def handler(event, context):
    return ok(health_report())
