"""GET /api/projects?tag=&limit=&cursor=: published projects, newest first, without their body."""

from portfolio_shared import api_handler, ok
from portfolio_shared.data import ProjectsRepository
from portfolio_shared.pagination import decode_cursor
from portfolio_shared.project_listing import DEFAULT_LIMIT, MAX_LIMIT, list_projects
from portfolio_shared.validation import int_param, query_params, tag_param


@api_handler(method="GET")
def handler(event, context):
    params = query_params(event, allowed=["tag", "limit", "cursor"])
    limit = int_param(params, "limit", default=DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT)
    tag = tag_param(params)
    after = decode_cursor(params["cursor"], tag=tag) if params.get("cursor") else None
    listing = list_projects(ProjectsRepository(), limit=limit, tag=tag, after=after)
    return ok(listing.as_json(), cache_control="public, max-age=60")
